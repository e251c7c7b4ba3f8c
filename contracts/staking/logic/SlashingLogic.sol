// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IETMToken} from "../../interfaces/IETMToken.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {CandidateList} from "./CandidateList.sol";
import {PoolConstants} from "./PoolConstants.sol";
import {RedelegationLiens} from "./RedelegationLiens.sol";
import {StakingLogic} from "./StakingLogic.sol";

/// @title SlashingLogic
/// @notice The pool's slashing and jail (as Cosmos splits x/slashing from x/staking): a slash at an
/// infraction block (bonded stake, unbonding buckets, redelegation liens, the legacy pool), the
/// tombstone, the reporter's reward, and jailing. The validator lifecycle is in `ValidatorLogic`
/// (split from it when the two outgrew one library's size budget). An external library: deployed
/// once, linked into the pool's extension, and run by DELEGATECALL on the pool's own storage, so the
/// pool's code stays small while the storage stays one layout (Aave v3's Pool/logic split).
/// @dev Every function runs in the pool's context (`address(this)` is the pool, `msg.sender` the
/// caller of the pool); the pool checks roles before it calls in.
library SlashingLogic {
    using Checkpoints for Checkpoints.Trace208;
    using SafeCast for uint256;
    using SafeERC20 for IETMToken;

    uint256 private constant WAD = PoolConstants.WAD;

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
        if (burned.bondedWei != 0)
            $.stakeParams.votes.recordSlash(validator, bondedWei, bondedWei - burned.bondedWei);
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
        CandidateList.unlist($, validator, v);
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
}
