// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IETMToken} from "../../interfaces/IETMToken.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {PoolConstants, REDELEGATION_SLOTS} from "./PoolConstants.sol";
import {StakingLogic} from "./StakingLogic.sol";

/// @title RedelegationLiens
/// @notice Redelegated stake stays slashable for its source's earlier infractions (follow the stake,
/// as Cosmos' redelegations): a redelegation leaves a lien on the source, no tokens. The source keeps,
/// per slash epoch, a lien bucket of the stake redelegated away from it then, as shares held by the
/// accounts' redelegation entries; a slash takes its fraction of every lien bucket from its
/// infraction's epoch on, exactly as of the unbonding buckets (`SlashingLogic.slash`). What a lien
/// lost is burned from the account's position at the destination when the account's redelegations
/// are settled (`settle`: by anyone, and first by every unstake and redelegation of the account), and
/// the position cannot fall below what is still slashable (its lock) until the entry matures.
/// Internal functions, compiled into the logic libraries that use them (docs/staking.md, "Redelegation").
library RedelegationLiens {
    using SafeCast for uint256;
    using SafeERC20 for IETMToken;

    /// @dev Opens a redelegation of `amountWei` (> 0) by `account` from the validator `source` to the one
    /// of id `destinationId`: a lien in `source`'s bucket of the current slash epoch, counted as unbonded
    /// from `source` (its stake at an infraction before now that is still bonded excludes it: the lien
    /// pays for it instead). Returns the block from which the entry is released.
    function open(
        PoolStorage.Layout storage $,
        address account,
        PoolStorage.Validator storage source,
        uint256 destinationId,
        uint256 amountWei
    ) internal returns (uint256 maturityBlock) {
        PoolStorage.Account memory a = $.accounts[account];
        if (a.redelegationCount == PoolConstants.MAX_REDELEGATIONS)
            revert IStakingPool.TooManyRedelegations(account, PoolConstants.MAX_REDELEGATIONS);
        maturityBlock = block.number + $.durations.unbondingBlocks;
        uint256 epoch = block.number / PoolConstants.SLASH_EPOCH_BLOCKS;
        uint256 id = source.id;
        (uint256 shares, uint256 lienWei) = _addLien($, id, epoch, amountWei);
        // ids < 2^32; maturity: block.number + a uint40 duration; epoch < 2^24 for 46,000 years.
        $.redelegations[account][a.redelegationCount] = PoolStorage.RedelegationEntry(
            uint32(id),
            uint32(destinationId),
            uint40(maturityBlock),
            uint24(epoch),
            uint128(shares),
            uint128(lienWei),
            0
        );
        ++a.redelegationCount;
        $.accounts[account] = a;
    }

    /// @dev Adds `amountWei` to the lien bucket of the validator `id` for slash `epoch`, counted as
    /// unbonded from it. Returns the shares and the lien as they value it (at most 1 wei below amountWei).
    function _addLien(
        PoolStorage.Layout storage $,
        uint256 id,
        uint256 epoch,
        uint256 amountWei
    ) private returns (uint256 shares, uint256 lienWei) {
        PoolStorage.UnbondingBucket storage bucket = $.lienBuckets[id][epoch];
        uint256 bucketTokens = bucket.tokensWei;
        uint256 bucketShares = bucket.shares;
        // A bucket with shares has tokens: only a 100% slash empties one, and it leaves the source
        // nothing to redelegate. Its shares only get cheaper, so shares >= amountWei > 0.
        shares = bucketShares == 0 ? amountWei : Math.mulDiv(amountWei, bucketShares, bucketTokens);
        bucketTokens += amountWei;
        bucketShares += shares;
        bucket.tokensWei = bucketTokens.toUint128();
        bucket.shares = bucketShares.toUint128();
        lienWei = Math.mulDiv(shares, bucketTokens, bucketShares);
        $.liensWei[id] += amountWei;
        PoolStorage.UnbondingTotals storage totals = $.unbondingTotals[id];
        totals.unbondedEverWei = (totals.unbondedEverWei + amountWei).toUint128();
    }

    /// @dev Settles every redelegation entry of `account`: burns from its position at each destination
    /// what the source's slashes took from the entry since (paying that position's pending reward
    /// first), and releases the matured entries. Returns what is still slashable of the entries
    /// redelegated to the validator of id `validatorId`: the account's stake there must not fall below
    /// it. At most `MAX_REDELEGATIONS` = 7 entries.
    function settle(
        PoolStorage.Layout storage $,
        IETMToken token,
        address account,
        uint256 validatorId
    ) internal returns (uint256 lockedWei) {
        PoolStorage.Account memory a = $.accounts[account];
        uint256 count = a.redelegationCount;
        if (count == 0) return 0;
        PoolStorage.RedelegationEntry[REDELEGATION_SLOTS] storage entries = $.redelegations[account];
        for (uint256 i = 0; i < count; ) {
            PoolStorage.RedelegationEntry memory e = entries[i];
            PoolStorage.UnbondingBucket storage bucket = $.lienBuckets[e.sourceId][e.epoch];
            uint256 slashableWei = lienValue(e, bucket);
            uint256 takenWei = e.amountWei - slashableWei;
            if (takenWei > e.burnedWei) {
                // What the position cannot pay (its own validator's slashes took it first) is not owed later.
                _burnAtDestination($, token, account, e, takenWei - e.burnedWei);
                entries[i].burnedWei = uint128(takenWei);
            }
            if (block.number < e.maturityBlock) {
                if (e.destinationId == validatorId) lockedWei += slashableWei;
                ++i;
                continue;
            }
            _release($, e, bucket, slashableWei);
            --count;
            if (i != count) entries[i] = entries[count]; // the last live entry fills the gap
        }
        if (count != a.redelegationCount) {
            a.redelegationCount = uint8(count); // < MAX_REDELEGATIONS
            $.accounts[account] = a;
        }
    }

    /// @dev Takes `fractionWad` of every lien bucket of the validator `id` from slash epoch `fromEpoch`
    /// to `toEpoch` (the ones of a slash for an infraction in `fromEpoch`). Nothing is burned now: the
    /// entries' accounts pay at their destinations when settled. No-op when the validator has no liens.
    function slash(
        PoolStorage.Layout storage $,
        uint256 id,
        uint256 fromEpoch,
        uint256 toEpoch,
        uint256 fractionWad
    ) internal {
        uint256 liensWei = $.liensWei[id];
        if (liensWei == 0) return;
        mapping(uint256 => PoolStorage.UnbondingBucket) storage buckets = $.lienBuckets[id];
        for (uint256 epoch = fromEpoch; epoch <= toEpoch; ++epoch) {
            PoolStorage.UnbondingBucket storage bucket = buckets[epoch];
            uint256 tokensWei = bucket.tokensWei;
            if (tokensWei == 0) continue;
            uint256 takenWei = Math.mulDiv(tokensWei, fractionWad, PoolConstants.WAD);
            bucket.tokensWei = uint128(tokensWei - takenWei);
            liensWei -= takenWei;
        }
        $.liensWei[id] = liensWei;
    }

    /// @dev What is still slashable of the live entry `e` whose lien bucket is `bucket` (which holds at
    /// least its shares): its shares' value, rounded down (so that the entries never hold more than
    /// their bucket), at most its lien.
    function lienValue(
        PoolStorage.RedelegationEntry memory e,
        PoolStorage.UnbondingBucket storage bucket
    ) internal view returns (uint256) {
        return Math.min(Math.mulDiv(e.shares, bucket.tokensWei, bucket.shares), e.amountWei);
    }

    /// @dev Takes the matured entry `e` (worth `slashableWei`) out of its lien bucket; the bucket's last
    /// entry takes its rounding dust with it.
    function _release(
        PoolStorage.Layout storage $,
        PoolStorage.RedelegationEntry memory e,
        PoolStorage.UnbondingBucket storage bucket,
        uint256 slashableWei
    ) private {
        uint256 bucketShares = bucket.shares - e.shares;
        uint256 bucketTokens = bucket.tokensWei - slashableWei;
        if (bucketShares == 0) {
            slashableWei += bucketTokens;
            bucketTokens = 0;
        }
        // Both only decreased from their uint128 fields.
        bucket.shares = uint128(bucketShares);
        bucket.tokensWei = uint128(bucketTokens);
        $.liensWei[e.sourceId] -= slashableWei;
    }

    /// @dev Burns `owedWei` (at most the position's value) of `account`'s position at the destination of
    /// `e`, as a slash of that position alone: accrued and settled first (its reward paid), shares
    /// burned rounded up (all of them when the position pays in full), the destination's bonded stake,
    /// its election checkpoint and cumulative bonded history, the totals and the voting units updated.
    function _burnAtDestination(
        PoolStorage.Layout storage $,
        IETMToken token,
        address account,
        PoolStorage.RedelegationEntry memory e,
        uint256 owedWei
    ) private {
        address destination = $.validatorsById[e.destinationId - 1];
        PoolStorage.Validator storage v = $.validators[destination];
        StakingLogic.settleValidator($, destination, v, StakingLogic.accrue($, token));
        PoolStorage.Position storage p = $.positions[account][destination];
        PoolStorage.Position memory position = p;
        uint256 rewardWei = StakingLogic.settlePosition(position, v);
        uint256 burnedWei = _burnFromPosition($, account, destination, v, position, owedWei);
        p.shares = position.shares;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        (, uint256 valueWei) = StakingLogic.positionValue($, destination, v, position);
        StakingLogic.syncVotes($, account, destination, valueWei);
        if (burnedWei != 0) {
            emit IStakingPool.RedelegationSlashed(
                account,
                $.validatorsById[e.sourceId - 1],
                destination,
                burnedWei
            );
            token.burn(burnedWei);
        }
        if (rewardWei != 0) {
            emit IStakingPool.RewardPaid(account, destination, rewardWei);
            token.safeTransfer(account, rewardWei);
        }
    }

    /// @dev Takes `owedWei` (at most the position's value) out of `account`'s `position` (in memory) at
    /// `destination` (`v`, settled) and the validator: its bonded stake, election checkpoint, cumulative
    /// bonded history and the totals. Returns the tokens taken, for the caller to burn.
    function _burnFromPosition(
        PoolStorage.Layout storage $,
        address account,
        address destination,
        PoolStorage.Validator storage v,
        PoolStorage.Position memory position,
        uint256 owedWei
    ) private returns (uint256 burnedWei) {
        (uint256 positionBondedShares, uint256 valueWei) = StakingLogic.positionValue(
            $,
            destination,
            v,
            position
        );
        burnedWei = Math.min(owedWei, valueWei);
        if (burnedWei == 0) return 0;
        uint256 bondedTokens = v.bondedTokensWei;
        // Only decreases (the burned shares are the position's).
        v.bondedShares -= uint128(
            StakingLogic.burnFromPosition(
                $,
                destination,
                v,
                position,
                burnedWei,
                valueWei,
                positionBondedShares
            )
        );
        StakingLogic.checkpointStake($, destination, bondedTokens);
        StakingLogic.recordBondedEver($, v, bondedTokens, 0, burnedWei);
        v.bondedTokensWei = uint128(bondedTokens - burnedWei); // burnedWei <= the position's value
        $.totals.totalStakedWei -= uint128(burnedWei);
        if (position.shares == 0) StakingLogic.removePosition($, account, v.id);
    }
}
