// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IValidatorElection} from "../../interfaces/IValidatorElection.sol";
import {CodeStorage} from "../../libraries/CodeStorage.sol";
import {ElectionStorage} from "../ElectionStorage.sol";
import {ElectionConstants} from "./ElectionConstants.sol";
import {ElectionLogic} from "./ElectionLogic.sol";

/// @title ElectionSetup
/// @notice The election's initialization and parameter setters: rare actions, kept out of the
/// election's own code. An external library run by DELEGATECALL on the election's storage (as the
/// pool's `ValidatorLogic`); the election checks roles before it calls in.
library ElectionSetup {
    using SafeCast for uint256;

    /// @notice Writes the election's first state: parameters, round 0 from this block, the genesis
    /// set (each signer its own operator) and the first seed.
    function initialize(
        ElectionStorage.ElectionLayout storage $,
        IValidatorElection.ElectionConfig calldata config
    ) external {
        if (config.treasury == address(0)) revert IValidatorElection.ZeroAddress();
        _checkRoundLength(config.roundLengthBlocks);
        _checkMaxCandidates(config.maxCandidates, config.validatorCount);
        _checkValidatorCount(config.validatorCount, config.maxCandidates);
        checkFeeShare(config.feeShareWad);
        _checkJailBlocks(config.nonRevealJailBlocks);

        $.schedule = ElectionStorage.RoundSchedule({
            anchorBlock: block.number.toUint64(),
            anchorRound: 0,
            lengthBlocks: uint32(config.roundLengthBlocks), // <= ElectionConstants.MAX_ROUND_LENGTH
            nextLengthBlocks: 0,
            nextFromRound: 0
        });
        $.state = ElectionStorage.ElectionState({
            electedRound: 0,
            activeSetId: 1,
            validatorCount: uint16(config.validatorCount), // <= ElectionConstants.MAX_VALIDATOR_COUNT
            maxCandidates: uint32(config.maxCandidates), // <= ElectionConstants.MAX_CANDIDATE_CAP
            nonRevealJailBlocks: uint32(config.nonRevealJailBlocks) // <= ElectionConstants.MAX_JAIL_BLOCKS
        });
        $.treasury = config.treasury;
        $.feeShareWad = uint64(config.feeShareWad); // <= 1e18

        _seatGenesisSet($, config.initialValidators);

        bytes32 parentHash;
        unchecked {
            // At block 0 this wraps to 2**256 - 1, whose blockhash is 0.
            parentHash = blockhash(block.number - 1);
        }
        $.seed = keccak256(abi.encode(block.chainid, address(this), parentHash));
        $.revealMix = ElectionConstants.REVEAL_MIX_START;
    }

    /// @notice See {IValidatorElection-setValidatorCount}.
    function setValidatorCount(ElectionStorage.ElectionLayout storage $, uint256 count) external {
        _checkValidatorCount(count, $.state.maxCandidates);
        emit IValidatorElection.ValidatorCountSet($.state.validatorCount, count);
        $.state.validatorCount = uint16(count); // <= ElectionConstants.MAX_VALIDATOR_COUNT
    }

    /// @notice See {IValidatorElection-setRoundLength}.
    function setRoundLength(ElectionStorage.ElectionLayout storage $, uint256 lengthBlocks) external {
        _checkRoundLength(lengthBlocks);
        (uint256 round, uint256 startBlock, uint256 currentLengthBlocks) = ElectionLogic.currentRound($);
        // Anchor at the current round (this also folds in a change that has taken effect), and
        // schedule the new length from the next round on (replacing a change not yet in effect).
        $.schedule = ElectionStorage.RoundSchedule({
            anchorBlock: startBlock.toUint64(),
            anchorRound: round.toUint32(),
            lengthBlocks: uint32(currentLengthBlocks), // <= ElectionConstants.MAX_ROUND_LENGTH
            nextLengthBlocks: uint32(lengthBlocks), // <= ElectionConstants.MAX_ROUND_LENGTH
            nextFromRound: (round + 1).toUint32()
        });
        emit IValidatorElection.RoundLengthScheduled(
            lengthBlocks,
            round + 1,
            startBlock + currentLengthBlocks
        );
    }

    /// @notice See {IValidatorElection-setTreasury}.
    function setTreasury(ElectionStorage.ElectionLayout storage $, address newTreasury) external {
        if (newTreasury == address(0)) revert IValidatorElection.ZeroAddress();
        emit IValidatorElection.TreasurySet($.treasury, newTreasury);
        $.treasury = newTreasury;
    }

    /// @notice See {IValidatorElection-setMaxCandidates}.
    function setMaxCandidates(ElectionStorage.ElectionLayout storage $, uint256 cap) external {
        _checkMaxCandidates(cap, $.state.validatorCount);
        emit IValidatorElection.MaxCandidatesSet($.state.maxCandidates, cap);
        $.state.maxCandidates = uint32(cap); // <= ElectionConstants.MAX_CANDIDATE_CAP
    }

    /// @notice See {IValidatorElection-setNonRevealJailBlocks}.
    function setNonRevealJailBlocks(ElectionStorage.ElectionLayout storage $, uint256 blocks) external {
        _checkJailBlocks(blocks);
        emit IValidatorElection.NonRevealJailBlocksSet($.state.nonRevealJailBlocks, blocks);
        $.state.nonRevealJailBlocks = uint32(blocks); // <= ElectionConstants.MAX_JAIL_BLOCKS
    }

    /// @dev Seats the genesis set: each signer stands as its own operator.
    function _seatGenesisSet(ElectionStorage.ElectionLayout storage $, address[] calldata initial) private {
        if (initial.length == 0) revert IValidatorElection.NoInitialValidators();
        if (initial.length > ElectionConstants.MAX_VALIDATOR_COUNT)
            revert IValidatorElection.TooManyInitialValidators(
                initial.length,
                ElectionConstants.MAX_VALIDATOR_COUNT
            );
        for (uint256 i = 0; i < initial.length; ++i) {
            address signer = initial[i];
            if (signer == address(0)) revert IValidatorElection.ZeroAddress();
            if ($.seats[signer].seatedSetId == 1) revert IValidatorElection.DuplicateInitialValidator(signer);
            $.seats[signer].seatedSetId = 1;
        }
        $.activeOperators = initial;
        address signersCode = CodeStorage.write(ElectionLogic.packAddresses(initial));
        $.activeSignersCode = signersCode;
        // The genesis set governs from block 1 (its signers are also in the genesis extraData).
        $.setRecords[1] = ElectionStorage.SetRecord(0, signersCode, keccak256(abi.encodePacked(initial)));
    }

    function _checkValidatorCount(uint256 count, uint256 cap) private pure {
        uint256 max = Math.min(ElectionConstants.MAX_VALIDATOR_COUNT, cap);
        if (count < ElectionConstants.MIN_ELECTED || count > max)
            revert IValidatorElection.ValidatorCountOutOfRange(count, ElectionConstants.MIN_ELECTED, max);
    }

    function _checkRoundLength(uint256 lengthBlocks) private pure {
        if (
            lengthBlocks < ElectionConstants.MIN_ROUND_LENGTH ||
            lengthBlocks > ElectionConstants.MAX_ROUND_LENGTH
        )
            revert IValidatorElection.RoundLengthOutOfRange(
                lengthBlocks,
                ElectionConstants.MIN_ROUND_LENGTH,
                ElectionConstants.MAX_ROUND_LENGTH
            );
    }

    function _checkMaxCandidates(uint256 cap, uint256 count) private pure {
        uint256 min = Math.max(count, ElectionConstants.MIN_ELECTED);
        if (cap < min || cap > ElectionConstants.MAX_CANDIDATE_CAP)
            revert IValidatorElection.MaxCandidatesOutOfRange(cap, min, ElectionConstants.MAX_CANDIDATE_CAP);
    }

    function _checkJailBlocks(uint256 blocks) private pure {
        if (blocks == 0 || blocks > ElectionConstants.MAX_JAIL_BLOCKS)
            revert IValidatorElection.JailBlocksOutOfRange(blocks, 1, ElectionConstants.MAX_JAIL_BLOCKS);
    }

    /// @dev Shared with the election's `setFeeShare`.
    function checkFeeShare(uint256 shareWad) internal pure {
        if (shareWad > ElectionConstants.WAD)
            revert IValidatorElection.FeeShareTooHigh(shareWad, ElectionConstants.WAD);
    }
}
