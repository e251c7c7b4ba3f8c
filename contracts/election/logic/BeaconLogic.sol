// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IValidatorElection} from "../../interfaces/IValidatorElection.sol";
import {IValidatorRegistry} from "../../interfaces/IValidatorRegistry.sol";
import {ElectionStorage} from "../ElectionStorage.sol";
import {ElectionLogic} from "./ElectionLogic.sol";

/// @title BeaconLogic
/// @notice The randomness beacon's commit and reveal (docs/election.md): the active set commits to a
/// secret in the first half of a round and reveals it in the second; reveals are mixed into the next
/// round's seed. An external library run by DELEGATECALL on the election's storage.
library BeaconLogic {
    /// @notice See {IValidatorElection-commit}.
    function commit(
        ElectionStorage.ElectionLayout storage $,
        IValidatorRegistry registry,
        bytes32 commitment
    ) external {
        bytes20 kept = bytes20(commitment);
        if (kept == bytes20(0)) revert IValidatorElection.ZeroCommitment();
        (uint256 round, uint256 startBlock, uint256 lengthBlocks) = ElectionLogic.currentRound($);
        ElectionStorage.ElectionState memory state = $.state;
        if (state.electedRound != round) revert IValidatorElection.ElectionPending(round, state.electedRound);
        uint256 revealStartBlock = startBlock + lengthBlocks / 2;
        if (block.number >= revealStartBlock)
            revert IValidatorElection.OutsideCommitPhase(block.number, startBlock, revealStartBlock);

        address operator = msg.sender;
        ElectionStorage.Seat memory seat = $.seats[operator];
        if (seat.seatedSetId != state.activeSetId) {
            operator = registry.operatorOfSigner(msg.sender);
            seat = $.seats[operator];
            if (operator == address(0) || seat.seatedSetId != state.activeSetId)
                revert IValidatorElection.NotAnActiveValidator(msg.sender);
        }
        uint32 mark = uint32(round + 1); // round == electedRound, a uint32
        if (seat.commitRoundMark == mark) revert IValidatorElection.AlreadyCommitted(operator, round);
        $.seats[operator] = ElectionStorage.Seat({
            seatedSetId: seat.seatedSetId,
            commitRoundMark: mark,
            commitment: kept
        });
        emit IValidatorElection.Committed(round, operator, kept);
    }

    /// @notice See {IValidatorElection-reveal}.
    function reveal(
        ElectionStorage.ElectionLayout storage $,
        IValidatorRegistry registry,
        bytes32 secret
    ) external {
        (uint256 round, uint256 startBlock, uint256 lengthBlocks) = ElectionLogic.currentRound($);
        uint256 revealStartBlock = startBlock + lengthBlocks / 2;
        if (block.number < revealStartBlock)
            revert IValidatorElection.OutsideRevealPhase(
                block.number,
                revealStartBlock,
                startBlock + lengthBlocks
            );

        uint256 mark = round + 1;
        address operator = msg.sender;
        ElectionStorage.Seat memory seat = $.seats[operator];
        if (seat.commitRoundMark != mark || seat.commitment == bytes20(0)) {
            address viaSigner = registry.operatorOfSigner(msg.sender);
            if (viaSigner != address(0)) {
                operator = viaSigner;
                seat = $.seats[operator];
            }
            if (seat.commitRoundMark != mark || seat.commitment == bytes20(0))
                revert IValidatorElection.NothingToReveal(operator, round);
        }
        bytes20 computed = bytes20(commitmentOf(operator, round, secret));
        if (computed != seat.commitment)
            revert IValidatorElection.SecretMismatch(operator, seat.commitment, computed);
        $.seats[operator].commitment = bytes20(0);
        $.revealMix ^= keccak256(abi.encode(operator, secret));
        emit IValidatorElection.Revealed(round, operator, secret);
    }

    /// @notice The commitment of `operator` to `secret` for `round`: keccak256(abi.encode(operator, round, secret)).
    function commitmentOf(address operator, uint256 round, bytes32 secret) internal pure returns (bytes32) {
        return keccak256(abi.encode(operator, round, secret));
    }
}
