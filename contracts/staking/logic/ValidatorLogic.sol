// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IETMToken} from "../../interfaces/IETMToken.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {PoolConstants} from "./PoolConstants.sol";
import {RedelegationLiens} from "./RedelegationLiens.sol";
import {StakingLogic} from "./StakingLogic.sol";

/// @title ValidatorLogic
/// @notice The pool's validator lifecycle (register, commission, deregister, the candidate list) and
/// slashing and jail: the actions that are rare next to staking (parameters and initialization are in
/// `ParameterLogic`). An external library:
/// deployed once, linked into the pool, and run by DELEGATECALL on the pool's own storage, so the
/// pool's code stays small while the storage stays one layout (Aave v3's Pool/logic split).
/// @dev Every function runs in the pool's context (`address(this)` is the pool, `msg.sender` the
/// caller of the pool); the pool checks roles and reentrancy before it calls in.
library ValidatorLogic {
    using Checkpoints for Checkpoints.Trace208;
    using SafeCast for uint256;
    using SafeERC20 for IETMToken;

    uint256 private constant WAD = PoolConstants.WAD;

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
        _logListChange($, msg.sender, 0, roundStart);
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
        _logListChange($, operator, 0, roundStart);
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
        _unlist($, msg.sender, v);
        p.shares = 0;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        StakingLogic.removePosition($, msg.sender, v.id);
        $.totals.totalStakedWei -= uint128(selfStakeWei);
        StakingLogic.syncVotes($, msg.sender, p, 0);
        uint256 maturityBlock = StakingLogic.queueUnbonding($, msg.sender, v, selfStakeWei);
        emit IStakingPool.Unstaked(msg.sender, msg.sender, selfStakeWei, maturityBlock);
        emit IStakingPool.ValidatorDeregistered(msg.sender);
        if (rewardWei != 0) {
            emit IStakingPool.RewardPaid(msg.sender, msg.sender, rewardWei);
            token.safeTransfer(msg.sender, rewardWei);
        }
    }

    // ============================================================================ slashing and jail

    /// @dev The terms of a slash: see {IStakingPool-slash} and {IStakingPool-slashDoubleSign}.
    struct SlashOrder {
        uint256 fractionWad;
        uint256 infractionBlock;
        bytes32 reason;
        bool tombstone; // tombstone whatever the fraction (a proven double sign); 100% always does
        address reporter; // receives `reporterShareWad` of the burned amount (none if 0)
        uint256 reporterShareWad;
    }

    /// @notice See {IStakingPool-slash} and {IStakingPool-slashDoubleSign}. Returns the reporter's reward.
    function slash(
        PoolStorage.Layout storage $,
        IETMToken token,
        address validator,
        SlashOrder calldata order
    ) external returns (uint256 reporterRewardWei) {
        uint256 fractionWad = order.fractionWad;
        uint256 infractionBlock = order.infractionBlock;
        if (fractionWad > WAD) revert IStakingPool.SlashFractionTooLarge(fractionWad);
        if (order.reporterShareWad > WAD) revert IStakingPool.ReporterShareTooLarge(order.reporterShareWad);
        if (infractionBlock > block.number)
            revert IStakingPool.InfractionInFuture(infractionBlock, block.number);
        // Stake unstaked in the infraction's block matures `unbondingBlocks` later: the slash must come
        // before that block, or a withdrawal ordered first in it would escape.
        uint256 windowBlocks = $.durations.unbondingBlocks;
        if (infractionBlock + windowBlocks <= block.number)
            revert IStakingPool.InfractionTooOld(infractionBlock, block.number - windowBlocks + 1);
        PoolStorage.Validator storage v = StakingLogic.knownValidator($, validator);
        StakingLogic.settleValidator($, validator, v, StakingLogic.accrue($, token));
        SlashAmounts memory burned = _slashUnbonding($, v, fractionWad, infractionBlock);
        uint256 bondedWei = v.bondedTokensWei;
        if (fractionWad == WAD) {
            burned.bondedWei = bondedWei; // no shares may outlive their tokens
        } else {
            // Rounded down: the fraction of the stake bonded at the infraction that is still bonded,
            // never more than the fraction of what is bonded now (new stake dilutes, never pays more).
            burned.bondedWei = Math.mulDiv(Math.min(burned.stillBondedWei, bondedWei), fractionWad, WAD);
        }
        StakingLogic.checkpointStake($, validator, bondedWei);
        if (burned.bondedWei != 0) StakingLogic.recordBondedEver($, v, bondedWei, 0, burned.bondedWei);
        // Every burn is at most the uint128 amount it is taken from.
        v.bondedTokensWei = uint128(bondedWei - burned.bondedWei);
        $.totals.totalStakedWei -= uint128(burned.bondedWei);
        uint256 selfBurnedWei = _selfStakeBurned($, validator, v, bondedWei, burned.bondedWei);
        if (fractionWad == WAD) v.bondedShares = 0;
        if (fractionWad == WAD || order.tombstone) _tombstone($, validator, v);
        _extendJail($, validator, v, block.number + $.durations.jailBlocks);
        StakingLogic.jailIfShortfall($, validator, v, $.treasuryParams.minSelfStakeWei);
        uint256 unbondingBurnedWei = burned.bucketsWei + burned.legacyWei;
        emit IStakingPool.Slashed(
            validator,
            fractionWad,
            infractionBlock,
            burned.bondedWei,
            unbondingBurnedWei,
            order.reason,
            v.jailedUntilBlock
        );
        return _payOut(token, validator, order, burned.bondedWei + unbondingBurnedWei, selfBurnedWei);
    }

    /// @dev Tombstones `v`: never listed or staked again (its signer reserved for ever), no commission
    /// from now on (its scheduled change cancelled), as a deregistration stops it.
    function _tombstone(
        PoolStorage.Layout storage $,
        address validator,
        PoolStorage.Validator storage v
    ) private {
        v.status = IStakingPool.ValidatorStatus.Tombstoned;
        v.commissionWad = 0;
        if (v.commissionEffectiveBlock != 0) StakingLogic.unscheduleSwitch($, v.commissionEffectiveBlock);
        v.commissionEffectiveBlock = 0;
        _unlist($, validator, v);
    }

    /// @dev What the operator's own bonded position loses when `burnedWei` of the `bondedWei` bonded to
    /// `v` is burned (its self-stake before minus after, through the shares).
    function _selfStakeBurned(
        PoolStorage.Layout storage $,
        address validator,
        PoolStorage.Validator storage v,
        uint256 bondedWei,
        uint256 burnedWei
    ) private view returns (uint256) {
        uint256 shares = $.positions[validator][validator].shares;
        uint256 bondedShares = v.bondedShares;
        return
            StakingLogic.tokensForShares(shares, bondedWei, bondedShares) -
            StakingLogic.tokensForShares(shares, bondedWei - burnedWei, bondedShares);
    }

    /// @dev Pays the reporter its share of the `takenWei` slashed from `validator`, at most what the
    /// operator's own bonded stake lost (`selfBurnedWei`: so that reporting oneself never pays), and
    /// burns the rest.
    function _payOut(
        IETMToken token,
        address validator,
        SlashOrder calldata order,
        uint256 takenWei,
        uint256 selfBurnedWei
    ) private returns (uint256 reporterRewardWei) {
        reporterRewardWei = Math.min(Math.mulDiv(takenWei, order.reporterShareWad, WAD), selfBurnedWei);
        if (reporterRewardWei != 0) {
            emit IStakingPool.ReporterRewarded(validator, order.reporter, reporterRewardWei);
            token.safeTransfer(order.reporter, reporterRewardWei);
        }
        if (takenWei != reporterRewardWei) token.burn(takenWei - reporterRewardWei);
    }

    /// @notice See {IValidatorRegistry-jail}.
    function jail(PoolStorage.Layout storage $, address operator, uint256 untilBlock) external {
        _extendJail($, operator, StakingLogic.knownValidator($, operator), untilBlock.toUint40());
    }

    // ============================================================================ internals

    /// @dev What a slash takes: the part of the validator's stake at the infraction that is still bonded,
    /// and the tokens burned from its unbonding buckets, its legacy pool and its bonded stake.
    struct SlashAmounts {
        uint256 stillBondedWei;
        uint256 bucketsWei;
        uint256 legacyWei;
        uint256 bondedWei;
    }

    /// @dev Burns `fractionWad` of every unbonding bucket of `v` from the infraction's slash epoch to the
    /// current one (at 100% their shares become void) and of its legacy pool (entries queued before
    /// buckets existed, which carry no epoch), and finds the part of its stake at the infraction (bonded
    /// at the end of the block before it, the state its signers worked on) that is still bonded: its
    /// cumulative bonded stake then, less everything unbonded since it began. At most
    /// `unbondingBlocks / SLASH_EPOCH_BLOCKS + 2` buckets (367 at the one-year maximum).
    function _slashUnbonding(
        PoolStorage.Layout storage $,
        PoolStorage.Validator storage v,
        uint256 fractionWad,
        uint256 infractionBlock
    ) private returns (SlashAmounts memory burned) {
        uint256 id = v.id;
        PoolStorage.UnbondingTotals storage totals = $.unbondingTotals[id];
        Checkpoints.Trace208 storage history = $.bondedEverHistory[id];
        if (history.length() == 0) {
            // No history: its stake has not changed since before histories existed (an upgrade).
            burned.stillBondedWei = v.bondedTokensWei;
        } else if (infractionBlock != 0) {
            // infractionBlock <= block.number < 2^48.
            uint256 bondedEverWei = history.upperLookupRecent(uint48(infractionBlock - 1));
            uint256 unbondedEverWei = totals.unbondedEverWei;
            if (bondedEverWei > unbondedEverWei) burned.stillBondedWei = bondedEverWei - unbondedEverWei;
        }
        uint256 currentEpoch = block.number / PoolConstants.SLASH_EPOCH_BLOCKS;
        mapping(uint256 => PoolStorage.UnbondingBucket) storage buckets = $.unbondingBuckets[id];
        for (
            uint256 epoch = infractionBlock / PoolConstants.SLASH_EPOCH_BLOCKS;
            epoch <= currentEpoch;
            ++epoch
        ) {
            PoolStorage.UnbondingBucket storage bucket = buckets[epoch];
            uint256 tokensWei = bucket.tokensWei;
            if (tokensWei == 0) continue;
            uint256 burnedWei = Math.mulDiv(tokensWei, fractionWad, WAD);
            bucket.tokensWei = uint128(tokensWei - burnedWei);
            if (fractionWad == WAD) bucket.shares = 0;
            burned.bucketsWei += burnedWei;
        }
        totals.bucketedWei -= uint128(burned.bucketsWei); // part of what the buckets hold
        // Stake redelegated away since pays too, at its destination when its redelegation is settled.
        RedelegationLiens.slash(
            $,
            id,
            infractionBlock / PoolConstants.SLASH_EPOCH_BLOCKS,
            currentEpoch,
            fractionWad
        );
        uint256 legacyWei = v.unbondingTokensWei;
        if (legacyWei != 0) {
            burned.legacyWei = Math.mulDiv(legacyWei, fractionWad, WAD);
            v.unbondingTokensWei = uint128(legacyWei - burned.legacyWei);
            if (fractionWad == WAD) v.unbondingShares = 0;
        }
    }

    /// @dev Jails `v` until `untilBlock` unless it is jailed longer already; while it is jailed for a
    /// self-stake shortfall, extends the timed jail restored at its top-up instead.
    function _extendJail(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v,
        uint256 untilBlock
    ) private {
        if (v.jailedUntilBlock == PoolConstants.SHORTFALL_JAIL) {
            if (untilBlock > $.jailEndAfterTopUp[operator]) $.jailEndAfterTopUp[operator] = untilBlock;
        } else if (untilBlock > v.jailedUntilBlock) {
            if (v.candidateIndex != 0)
                StakingLogic.setAside($, operator, v, v.jailedUntilBlock, StakingLogic.currentRoundStart($));
            v.jailedUntilBlock = uint40(untilBlock); // block.number + a uint40 duration, or a uint40
            emit IStakingPool.Jailed(operator, untilBlock);
        }
    }

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
        _removeFromList($, operator, $.validators[operator], roundStart);
        emit IStakingPool.ValidatorDisplaced(operator, newcomer, bondedWei);
    }

    /// @dev `operator`'s validator `v` leaves for good (deregistration or tombstone): off the candidate
    /// list if it is on it (a displaced one is not), and its signer is released from `operatorOfSigner`
    /// (unless another operator holds it since) and remembered with `operator` as its last operator,
    /// whose jail or tombstone keeps the signer reserved (`_checkSignerNotReserved`).
    function _unlist(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v
    ) private {
        _removeFromList($, operator, v, StakingLogic.currentRoundStart($));
        address signer = v.signer;
        if ($.operatorOfSigner[signer] != operator) return;
        delete $.operatorOfSigner[signer];
        $.lastOperatorOfSigner[signer] = operator;
    }

    /// @dev Removes `operator`'s validator `v` from the candidate list (swap with the last, pop), if it
    /// is on it, and logs the removal for the draw of the round that started at `roundStart`.
    function _removeFromList(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v,
        uint256 roundStart
    ) private {
        uint256 index = v.candidateIndex;
        if (index == 0) return;
        address[] storage candidates = $.candidates;
        address last = candidates[candidates.length - 1];
        candidates[index - 1] = last;
        $.validators[last].candidateIndex = uint16(index); // index <= candidates.length <= 1,500
        candidates.pop();
        v.candidateIndex = 0;
        // Set aside if drawn this round, with its stake at the round's start (unless jailed then).
        _logListChange($, operator, index, roundStart);
        StakingLogic.setAside($, operator, v, v.jailedUntilBlock, roundStart);
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

    /// @dev Logs a change of the candidate list in the `ListLog` of the round that started at
    /// `roundStart` (`StakingLogic.currentRoundStart`; nothing is logged before the grid is published):
    /// `operator` joined (at the end; `removedIndex` 0) or was removed from the 1-based `removedIndex`.
    function _logListChange(
        PoolStorage.Layout storage $,
        address operator,
        uint256 removedIndex,
        uint256 roundStart
    ) private {
        if (roundStart == type(uint256).max) return;
        PoolStorage.ListLog memory log = $.listLog;
        if (log.roundStartBlock != roundStart) log = PoolStorage.ListLog(uint40(roundStart), 0, 0);
        uint256 entry = uint160(operator);
        if (removedIndex == 0) ++log.joins;
        else entry |= (1 << 255) | (removedIndex << 160);
        $.listLogEntries[log.length] = entry;
        ++log.length;
        $.listLog = log;
    }
}
