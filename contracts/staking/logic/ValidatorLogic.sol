// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IETMToken} from "../../interfaces/IETMToken.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {CandidateList} from "./CandidateList.sol";
import {PoolConstants} from "./PoolConstants.sol";
import {StakingLogic} from "./StakingLogic.sol";

/// @title ValidatorLogic
/// @notice The pool's validator lifecycle (register, commission, deregister, the candidate list): the
/// actions that are rare next to staking (parameters and initialization are in `ParameterLogic`,
/// slashing and jail in `SlashingLogic`). An external library:
/// deployed once, linked into the pool, and run by DELEGATECALL on the pool's own storage, so the
/// pool's code stays small while the storage stays one layout (Aave v3's Pool/logic split).
/// @dev Every function runs in the pool's context (`address(this)` is the pool, `msg.sender` the
/// caller of the pool); the pool checks roles and reentrancy before it calls in.
library ValidatorLogic {
    using SafeCast for uint256;
    using SafeERC20 for IETMToken;

    /// @dev EIP-712 domain of the signer proof: {name: "ETM StakingPool", version: "1", chainId,
    /// verifyingContract: the pool}. Computed per call (the library runs in the pool's context, so
    /// `address(this)` is the pool's proxy), never cached: a fork's new chain id is used at once.
    /// (The long strings are hashed at compile time: no string is stored or hashed at run time.)
    bytes32 private constant DOMAIN_TYPEHASH =
        // solhint-disable-next-line gas-small-strings
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant DOMAIN_NAME_HASH = keccak256("ETM StakingPool");
    bytes32 private constant DOMAIN_VERSION_HASH = keccak256("1");
    /// @dev The signed struct: the QBFT signer consents to serve `operator` (on this pool and chain).
    bytes32 private constant SIGNER_PROOF_TYPEHASH =
        // solhint-disable-next-line gas-small-strings
        keccak256("SignerProof(address signer,address operator)");

    // ============================================================================ validators

    /// @notice See {IStakingPool-registerValidator}.
    function registerValidator(
        PoolStorage.Layout storage $,
        IETMToken token,
        address signer,
        uint256 commissionWad,
        uint256 selfStakeWei,
        bytes32 proofR,
        bytes32 proofVS
    ) external {
        if (signer == address(0)) revert IStakingPool.ZeroAddress();
        _checkSignerProof(signer, proofR, proofVS);
        PoolStorage.Validator storage v = $.validators[msg.sender];
        if (v.status != IStakingPool.ValidatorStatus.None) revert IStakingPool.AlreadyRegistered(msg.sender);
        address signerOperator = $.operatorOfSigner[signer];
        if (signerOperator != address(0)) revert IStakingPool.SignerInUse(signer, signerOperator);
        _checkSignerNotReserved($, signer);
        uint256 maxCommissionWad = $.maxCommissionWad;
        if (commissionWad > maxCommissionWad)
            revert IStakingPool.CommissionAboveMax(commissionWad, maxCommissionWad);
        uint256 roundStart = StakingLogic.currentRoundStart($);
        _makeRoom($, msg.sender, selfStakeWei, true, roundStart);

        $.candidates.push(msg.sender);
        CandidateList.logListChange($, msg.sender, 0, roundStart);
        $.validatorsById.push(msg.sender);
        v.signer = signer;
        v.status = IStakingPool.ValidatorStatus.Active;
        v.candidateIndex = uint16($.candidates.length); // <= candidateCap <= 1,500
        v.id = uint32($.validatorsById.length); // one per registration: far below 2^32
        v.commissionWad = uint64(commissionWad); // <= maxCommission <= WAD
        v.rewardPerTokenPaidRay = StakingLogic.accrue($, token).toUint128();
        $.operatorOfSigner[signer] = msg.sender;
        // The self-stake check happens in bond (checkPositionSize) for the operator's position.
        StakingLogic.bond($, token, msg.sender, msg.sender, selfStakeWei);
        emit IStakingPool.ValidatorRegistered(msg.sender, signer, commissionWad, selfStakeWei);
        token.safeTransferFrom(msg.sender, address(this), selfStakeWei);
    }

    /// @notice Puts the displaced validator `operator` back on the candidate list if it qualifies now
    /// (room on the list, or more bonded stake than the smallest candidate, which it displaces);
    /// otherwise it stays displaced. Called when its operator stakes to it.
    function relist(PoolStorage.Layout storage $, address operator) external {
        PoolStorage.Validator storage v = $.validators[operator];
        uint256 roundStart = StakingLogic.currentRoundStart($);
        if (!_makeRoom($, operator, v.bondedTokensWei, false, roundStart)) return;
        $.candidates.push(operator);
        CandidateList.logListChange($, operator, 0, roundStart);
        v.candidateIndex = uint16($.candidates.length); // <= candidateCap <= 1,500
        // Off the list at this round's start: it enters the draw from the next round on.
        StakingLogic.zeroCheckpoint($, operator);
        emit IStakingPool.ValidatorRelisted(operator);
    }

    /// @notice See {IStakingPool-deregisterValidator}. Returns the operator's reward to pay.
    function deregisterValidator(
        PoolStorage.Layout storage $,
        IETMToken token
    ) external returns (uint256 rewardWei) {
        PoolStorage.Validator storage v = StakingLogic.activeValidator($, msg.sender);
        StakingLogic.settleValidator($, msg.sender, v, StakingLogic.accrue($, token));
        PoolStorage.Position storage p = $.positions[msg.sender][msg.sender];
        PoolStorage.Position memory position = p;
        rewardWei = StakingLogic.settlePosition(position, v);
        uint256 selfStakeWei = StakingLogic.tokensForShares(
            position.shares,
            v.bondedTokensWei,
            v.bondedShares
        );

        StakingLogic.checkpointStake($, msg.sender, v.bondedTokensWei);
        // selfStakeWei <= bondedTokensWei and position.shares <= bondedShares (a share of the pool).
        v.bondedTokensWei -= uint128(selfStakeWei);
        v.bondedShares -= position.shares;
        v.status = IStakingPool.ValidatorStatus.Deregistered;
        v.commissionWad = 0;
        if (v.commissionEffectiveBlock != 0) StakingLogic.unscheduleSwitch($, v.commissionEffectiveBlock);
        v.commissionEffectiveBlock = 0;
        CandidateList.unlist($, msg.sender, v);
        p.shares = 0;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        StakingLogic.removePosition($, msg.sender, v.id);
        $.totals.totalStakedWei -= uint128(selfStakeWei);
        StakingLogic.syncVotes($, msg.sender, msg.sender, 0);
        uint256 maturityBlock = StakingLogic.queueUnbonding($, msg.sender, v, selfStakeWei);
        emit IStakingPool.Unstaked(msg.sender, msg.sender, selfStakeWei, maturityBlock);
        emit IStakingPool.ValidatorDeregistered(msg.sender);
        if (rewardWei != 0) {
            emit IStakingPool.RewardPaid(msg.sender, msg.sender, rewardWei);
            token.safeTransfer(msg.sender, rewardWei);
        }
    }

    // ============================================================================ internals

    /// @dev Reverts with `InvalidSignerProof` unless (`proofR`, `proofVS`) is `signer`'s EIP-712 signature of
    /// `SignerProof(signer, msg.sender)` under this pool's domain (name, version, chain id, address).
    function _checkSignerProof(address signer, bytes32 proofR, bytes32 proofVS) private view {
        bytes32 domainSeparator = keccak256(
            abi.encode(DOMAIN_TYPEHASH, DOMAIN_NAME_HASH, DOMAIN_VERSION_HASH, block.chainid, address(this))
        );
        bytes32 digest = MessageHashUtils.toTypedDataHash(
            domainSeparator,
            keccak256(abi.encode(SIGNER_PROOF_TYPEHASH, signer, msg.sender))
        );
        // A signature with a high s (malleable) or none at all recovers nothing: reported as address 0.
        (address recovered, ECDSA.RecoverError recoverError, ) = ECDSA.tryRecover(digest, proofR, proofVS);
        if (recoverError != ECDSA.RecoverError.NoError || recovered != signer)
            revert IStakingPool.InvalidSignerProof(signer, recovered);
    }

    /// @dev Reverts with `SignerReserved` while the last operator that used `signer` is jailed
    /// (until its jail ends) or tombstoned (forever). Read at registration time, so a jail or a
    /// tombstone that comes after the operator left still reserves the signer.
    function _checkSignerNotReserved(PoolStorage.Layout storage $, address signer) private view {
        address previousOperator = $.lastOperatorOfSigner[signer];
        if (previousOperator == address(0)) return;
        PoolStorage.Validator storage previous = $.validators[previousOperator];
        uint256 untilBlock = previous.status == IStakingPool.ValidatorStatus.Tombstoned
            ? type(uint256).max
            : previous.jailedUntilBlock;
        if (untilBlock > block.number)
            revert IStakingPool.SignerReserved(signer, previousOperator, untilBlock);
    }

    /// @dev Makes room on the candidate list for `newcomer` with `stakeWei` of bonded stake (a
    /// registration's self-stake, or a displaced validator's stake when it comes back): below the cap
    /// there is room; at the cap the smallest candidate is displaced if `stakeWei` is larger. Returns
    /// whether there is room. When there is none, a registration (`refuse`) reverts with what to beat
    /// (`CandidateListFull`, or `CandidateCapReached` while a lowered cap is still exceeded); a
    /// comeback just stays displaced. `roundStart`: `StakingLogic.currentRoundStart`.
    function _makeRoom(
        PoolStorage.Layout storage $,
        address newcomer,
        uint256 stakeWei,
        bool refuse,
        uint256 roundStart
    ) private returns (bool) {
        if (!_joinable($, newcomer, roundStart)) {
            if (refuse)
                revert IStakingPool.CandidateJoinsThisRoundFull(
                    roundStart,
                    PoolConstants.MAX_LIST_JOINS_PER_ROUND
                );
            return false;
        }
        uint256 cap = $.durations.candidateCap;
        uint256 listed = $.candidates.length;
        if (listed < cap) return true;
        if (listed > cap) {
            if (refuse) revert IStakingPool.CandidateCapReached(cap);
            return false;
        }
        (address smallest, uint256 smallestStakeWei) = _smallestCandidate($);
        if (stakeWei <= smallestStakeWei) {
            if (refuse) revert IStakingPool.CandidateListFull(cap, stakeWei, smallest, smallestStakeWei);
            return false;
        }
        _displace($, smallest, newcomer, smallestStakeWei, roundStart);
        return true;
    }

    /// @dev The listed candidate with the smallest bonded stake (the first in list order on a tie). One
    /// pass over the list: two storage reads per candidate, at most `MAX_CANDIDATE_CAP` = 1,500.
    function _smallestCandidate(
        PoolStorage.Layout storage $
    ) private view returns (address smallest, uint256 smallestStakeWei) {
        address[] storage candidates = $.candidates;
        uint256 count = candidates.length;
        smallestStakeWei = type(uint256).max;
        for (uint256 i = 0; i < count; ++i) {
            address operator = candidates[i];
            uint256 bondedWei = $.validators[operator].bondedTokensWei;
            if (bondedWei < smallestStakeWei) (smallest, smallestStakeWei) = (operator, bondedWei);
        }
    }

    /// @dev Takes `operator` off the candidate list for `newcomer`; it keeps its signer (reserved to
    /// it), its stake, delegations and status.
    function _displace(
        PoolStorage.Layout storage $,
        address operator,
        address newcomer,
        uint256 bondedWei,
        uint256 roundStart
    ) private {
        CandidateList.removeFromList($, operator, $.validators[operator], roundStart);
        emit IStakingPool.ValidatorDisplaced(operator, newcomer, bondedWei);
    }

    /// @dev Whether `operator` may join the candidate list in the round that started at `roundStart`
    /// (`StakingLogic.currentRoundStart`): fewer than MAX_LIST_JOINS_PER_ROUND joined in it, and it did
    /// not leave the list during it (a displaced candidate comes back from the next round).
    function _joinable(
        PoolStorage.Layout storage $,
        address operator,
        uint256 roundStart
    ) private view returns (bool) {
        if (roundStart == type(uint256).max) return true; // no grid yet: nothing logged
        PoolStorage.ListLog memory log = $.listLog;
        if (log.roundStartBlock == roundStart && log.joins >= PoolConstants.MAX_LIST_JOINS_PER_ROUND)
            return false;
        PoolStorage.StakeCheckpoint memory c = $.stakeCheckpoints[operator];
        return !(c.roundStartBlock == roundStart && c.setAside);
    }
}
