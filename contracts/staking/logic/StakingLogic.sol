// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IETMToken} from "../../interfaces/IETMToken.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {EmissionLogic} from "./EmissionLogic.sol";
import {POSITION_LIST_SIZE, PoolConstants} from "./PoolConstants.sol";

/// @title StakingLogic
/// @notice The pool's accounting core, shared by the pool (hot paths) and `ValidatorLogic`: the
/// accrual of the emission into the global `rewardPerTokenRay`, the settlement of a validator into
/// its per-share accumulator and commission, bonding, unbonding and voting units. Two accumulators:
/// the global reward per bonded token (fed by the emission) and, per validator, `rewardPerShareRay`
/// (its delegators' reward per share after commission). Every state change settles both before it
/// touches a balance.
/// @dev Internal functions over `PoolStorage.Layout`: inlined into each caller, so the hot paths pay
/// no extra call.
library StakingLogic {
    using SafeCast for uint256;
    using Checkpoints for Checkpoints.Trace208;

    uint256 private constant WAD = PoolConstants.WAD;
    uint256 private constant RAY = PoolConstants.RAY;

    /// @dev An accrual from the last accrued block to this one, computed without writing: the mint,
    /// its split, and the accumulator now and at each commission-switch block crossed.
    struct Accrual {
        PoolStorage.EmissionState state; // advanced to this block
        uint256 fromBlock;
        uint256 mintedWei;
        uint256 toStakersWei;
        uint256 toValidatorsWei;
        uint256 toTreasuryWei;
        uint256 rewardPerTokenRay;
        uint256[] switchRewardPerTokenRay; // at switchBlocks[0 ..] crossed, in order
    }

    // ============================================================================ accrual

    /// @dev Advances the emission to this block: mints, feeds the accumulator, records it at crossed
    /// commission switches. Idempotent per block. Returns the accumulator now.
    function accrue(PoolStorage.Layout storage $, IETMToken token) internal returns (uint256) {
        if ($.emission.lastAccrualBlock == block.number) return $.totals.rewardPerTokenRay;
        Accrual memory a = computeAccrual($, token);
        uint256 crossed = a.switchRewardPerTokenRay.length;
        if (crossed != 0) {
            uint40[] storage switchBlocks = $.switchBlocks;
            for (uint256 i = 0; i < crossed; ++i)
                $.rewardPerTokenAtSwitch[switchBlocks[i]] = a.switchRewardPerTokenRay[i];
            uint256 remaining = switchBlocks.length - crossed;
            for (uint256 i = 0; i < remaining; ++i) switchBlocks[i] = switchBlocks[i + crossed];
            for (uint256 i = 0; i < crossed; ++i) switchBlocks.pop();
            a.state.nextSwitchBlock = remaining == 0 ? 0 : switchBlocks[0];
        }
        $.emission = a.state;
        if (a.mintedWei == 0) return a.rewardPerTokenRay;
        if (a.toTreasuryWei != 0) {
            // Nobody (or only dust) staked in these blocks: the treasury takes the mint, which
            // nobody can claim later.
            token.mint($.treasuryParams.treasury, a.toTreasuryWei);
        } else {
            $.totals.rewardPerTokenRay = a.rewardPerTokenRay.toUint128();
            if (a.toValidatorsWei != 0) $.validatorRewardsOwedWei += a.toValidatorsWei;
            token.mint(address(this), a.mintedWei);
        }
        emit IStakingPool.Accrued(
            a.fromBlock,
            block.number,
            a.mintedWei,
            a.toStakersWei,
            a.toValidatorsWei,
            a.toTreasuryWei,
            a.rewardPerTokenRay
        );
        return a.rewardPerTokenRay;
    }

    /// @dev What `accrue` would do now. The mint is split at every commission-switch block crossed
    /// (and at year boundaries); each segment's stakers' share raises the accumulator.
    function computeAccrual(
        PoolStorage.Layout storage $,
        IETMToken token
    ) internal view returns (Accrual memory a) {
        a.state = $.emission;
        PoolStorage.Totals memory totals = $.totals;
        a.fromBlock = a.state.lastAccrualBlock;
        a.rewardPerTokenRay = totals.rewardPerTokenRay;
        if (a.fromBlock == block.number) return a;
        uint256 supplyWei = token.totalSupply();
        bool dust = _isDust(totals.totalStakedWei, supplyWei);
        uint256 nextSwitch = a.state.nextSwitchBlock;
        if (nextSwitch != 0 && nextSwitch <= block.number) {
            uint40[] storage switchBlocks = $.switchBlocks;
            uint256 crossed = 1;
            while (crossed < switchBlocks.length && switchBlocks[crossed] <= block.number) ++crossed;
            a.switchRewardPerTokenRay = new uint256[](crossed);
            for (uint256 i = 0; i < crossed; ++i) {
                _accrueSegment($, a, supplyWei, switchBlocks[i], totals.totalStakedWei, dust);
                a.switchRewardPerTokenRay[i] = a.rewardPerTokenRay;
            }
        }
        _accrueSegment($, a, supplyWei, block.number, totals.totalStakedWei, dust);
    }

    /// @dev Adds the mint from `a.state.lastAccrualBlock` to `toBlock` to `a`.
    function _accrueSegment(
        PoolStorage.Layout storage $,
        Accrual memory a,
        uint256 supplyWei,
        uint256 toBlock,
        uint256 stakedWei,
        bool dust
    ) private view {
        uint256 mintedWei = EmissionLogic.mintTo($, a.state, supplyWei + a.mintedWei, toBlock);
        if (mintedWei == 0) return;
        a.mintedWei += mintedWei;
        if (dust) {
            a.toTreasuryWei += mintedWei;
            return;
        }
        uint256 toValidatorsWei = Math.mulDiv(mintedWei, a.state.deltaWad, WAD);
        a.toValidatorsWei += toValidatorsWei;
        a.toStakersWei += mintedWei - toValidatorsWei;
        a.rewardPerTokenRay += Math.mulDiv(mintedWei - toValidatorsWei, RAY, stakedWei);
    }

    /// @dev Whether a total stake of `stakedWei` is too small to earn (zero, or under supply / 1e6).
    function _isDust(uint256 stakedWei, uint256 supplyWei) private pure returns (bool) {
        return stakedWei == 0 || stakedWei * PoolConstants.DUST_STAKE_DIVISOR < supplyWei;
    }

    // ============================================================================ commission switches

    /// @dev Adds `blockNumber` to the switch queue (a validator's change takes effect there). Switch
    /// blocks lie on the grid of `ParameterLogic.commissionEffectiveBlock`, so under one delay at most
    /// `SWITCH_GRID_DIVISOR + 1` are pending, however many validators schedule changes: the queue has
    /// no capacity anyone could fill (each change of the delay by governance may add as many again
    /// until the old ones pass).
    function scheduleSwitch(PoolStorage.Layout storage $, uint256 blockNumber) internal {
        uint256 refs = $.switchRefs[blockNumber];
        $.switchRefs[blockNumber] = refs + 1;
        if (refs != 0) return;
        uint40[] storage switchBlocks = $.switchBlocks;
        uint256 length = switchBlocks.length;
        switchBlocks.push(uint40(blockNumber));
        uint256 i = length;
        for (; i > 0 && switchBlocks[i - 1] > blockNumber; --i) switchBlocks[i] = switchBlocks[i - 1];
        switchBlocks[i] = uint40(blockNumber);
        $.emission.nextSwitchBlock = switchBlocks[0];
    }

    /// @dev Removes one validator's change at `blockNumber` (a future block) from the queue.
    function unscheduleSwitch(PoolStorage.Layout storage $, uint256 blockNumber) internal {
        if (--$.switchRefs[blockNumber] != 0) return;
        uint40[] storage switchBlocks = $.switchBlocks;
        uint256 length = switchBlocks.length;
        uint256 i = 0;
        while (switchBlocks[i] != blockNumber) ++i;
        for (; i + 1 < length; ++i) switchBlocks[i] = switchBlocks[i + 1];
        switchBlocks.pop();
        $.emission.nextSwitchBlock = length == 1 ? 0 : switchBlocks[0];
    }

    // ============================================================================ settlement

    /// @dev Credits `v` with its bonded stake's rewards since its last settlement: commission to the
    /// operator, the rest to its delegators per share. A scheduled commission change that took effect
    /// meanwhile splits the credit exactly at its block (old rate before, new rate after). Then bonds
    /// its compounding class's part (`_compoundClass`).
    function settleValidator(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v,
        uint256 rewardPerTokenRay
    ) internal {
        uint256 rewardPerShareBeforeRay = v.rewardPerShareRay;
        uint256 effectiveBlock = v.commissionEffectiveBlock;
        if (effectiveBlock != 0 && effectiveBlock <= block.number) {
            _creditValidator(v, $.rewardPerTokenAtSwitch[effectiveBlock]);
            emit IStakingPool.CommissionChanged(operator, v.commissionWad, v.pendingCommissionWad);
            v.commissionWad = v.pendingCommissionWad;
            v.commissionEffectiveBlock = 0;
        }
        _creditValidator(v, rewardPerTokenRay);
        uint256 rewardPerShareRay = v.rewardPerShareRay;
        if (rewardPerShareRay != rewardPerShareBeforeRay)
            _compoundClass($, operator, v, rewardPerShareRay - rewardPerShareBeforeRay);
    }

    /// @dev Bonds the reward of `operator`'s compounding class since the validator's last settlement
    /// (`deltaRay` per bonded share, after commission) as new bonded shares of the class: the stake of
    /// every compounding position grows by its part, with no call per position. The reward's tokens are
    /// in the pool already (minted to stakers); they become bonded stake, in the totals, the election
    /// checkpoint and the cumulative bonded history (slashable like any bond).
    function _compoundClass(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v,
        uint256 deltaRay
    ) private {
        PoolStorage.CompoundingClass storage c = $.compoundingClasses[operator];
        uint256 classBondedShares = c.bondedShares;
        if (classBondedShares == 0) return;
        uint256 bondedTokens = v.bondedTokensWei;
        uint256 bondedShares = v.bondedShares;
        (uint256 rewardWei, uint256 shares) = classBond(
            classBondedShares,
            deltaRay,
            bondedTokens,
            bondedShares
        );
        if (rewardWei == 0) return;
        checkpointStake($, operator, bondedTokens);
        recordBondedEver($, v, bondedTokens, rewardWei, 0);
        v.bondedTokensWei = (bondedTokens + rewardWei).toUint128();
        v.bondedShares = (bondedShares + shares).toUint128();
        c.bondedShares = (classBondedShares + shares).toUint128();
        PoolStorage.Totals storage totals = $.totals;
        totals.totalStakedWei = (totals.totalStakedWei + rewardWei).toUint128();
        emit IStakingPool.ClassCompounded(operator, rewardWei, shares);
    }

    /// @dev What a compounding class holding `classBondedShares` bonds when the reward per share grew by
    /// `deltaRay`: its reward (rounded down) and the new bonded shares it buys at the validator's price
    /// (rounded down, so the price never falls). Shared by the settlement and `stakeOf`'s preview. A
    /// reward is only non-zero when the validator earned, so its bonded tokens are then not zero.
    function classBond(
        uint256 classBondedShares,
        uint256 deltaRay,
        uint256 bondedTokens,
        uint256 bondedShares
    ) internal pure returns (uint256 rewardWei, uint256 shares) {
        rewardWei = Math.mulDiv(classBondedShares, deltaRay, RAY);
        if (rewardWei != 0) shares = Math.mulDiv(rewardWei, bondedShares, bondedTokens);
    }

    /// @dev Credits `v` up to `rewardPerTokenRay` at its current commission.
    function _creditValidator(PoolStorage.Validator storage v, uint256 rewardPerTokenRay) private {
        uint256 paidRay = v.rewardPerTokenPaidRay;
        if (rewardPerTokenRay == paidRay) return;
        uint256 owedBefore = v.commissionOwedWei;
        (uint256 rewardPerShareRay, uint256 commissionOwedWei) = credit(
            v.bondedTokensWei,
            v.bondedShares,
            v.commissionWad,
            paidRay,
            rewardPerTokenRay,
            v.rewardPerShareRay,
            owedBefore
        );
        v.rewardPerTokenPaidRay = rewardPerTokenRay.toUint128();
        v.rewardPerShareRay = rewardPerShareRay.toUint128();
        if (commissionOwedWei != owedBefore) v.commissionOwedWei = commissionOwedWei;
    }

    /// @dev One credit: `bonded` tokens earned `toRay - fromRay` per token; commission to the operator,
    /// the rest per share.
    function credit(
        uint256 bondedWei,
        uint256 bondedShares,
        uint256 commissionWad,
        uint256 fromRay,
        uint256 toRay,
        uint256 rewardPerShareRay,
        uint256 commissionOwedWei
    ) internal pure returns (uint256, uint256) {
        uint256 earnedWei = Math.mulDiv(bondedWei, toRay - fromRay, RAY);
        if (earnedWei == 0) return (rewardPerShareRay, commissionOwedWei);
        uint256 commissionWei = Math.mulDiv(earnedWei, commissionWad, WAD);
        // bondedShares != 0 whenever bondedWei != 0 (shares are minted with tokens).
        return (
            rewardPerShareRay + Math.mulDiv(earnedWei - commissionWei, RAY, bondedShares),
            commissionOwedWei + commissionWei
        );
    }

    /// @dev Rewards of `position` since its last settlement; marks them settled (in memory). None for a
    /// position in the compounding class (its rewards are bonded by `settleValidator`).
    function settlePosition(
        PoolStorage.Position memory position,
        PoolStorage.Validator storage v
    ) internal view returns (uint256) {
        if (position.rewardPerSharePaidRay == PoolConstants.COMPOUNDING) return 0;
        uint256 rewardPerShareRay = v.rewardPerShareRay;
        uint256 rewardWei = Math.mulDiv(
            position.shares,
            rewardPerShareRay - position.rewardPerSharePaidRay,
            RAY
        );
        position.rewardPerSharePaidRay = uint128(rewardPerShareRay); // read from a uint128 field
        return rewardWei;
    }

    /// @dev The bonded shares `position` holds at `validator` (`v`) and their value, rounded down.
    function positionValue(
        PoolStorage.Layout storage $,
        address validator,
        PoolStorage.Validator storage v,
        PoolStorage.Position memory position
    ) internal view returns (uint256 positionBondedShares, uint256 valueWei) {
        positionBondedShares = bondedSharesOf($, validator, position);
        valueWei = tokensForShares(positionBondedShares, v.bondedTokensWei, v.bondedShares);
    }

    /// @dev Takes `amountWei` (at most `valueWei`, the value of the `positionBondedShares` that `position`
    /// holds at `validator`, `v`) out of the position (in memory; from the compounding class for a
    /// compounding one): bonded shares rounded up, or all of them when `amountWei` is the whole value.
    /// Returns the bonded shares taken; the caller updates the validator.
    function burnFromPosition(
        PoolStorage.Layout storage $,
        address validator,
        PoolStorage.Validator storage v,
        PoolStorage.Position memory position,
        uint256 amountWei,
        uint256 valueWei,
        uint256 positionBondedShares
    ) internal returns (uint256 burnedShares) {
        burnedShares = amountWei == valueWei
            ? positionBondedShares
            : Math.mulDiv(amountWei, v.bondedShares, v.bondedTokensWei, Math.Rounding.Ceil);
        // burnedShares <= positionBondedShares: amountWei <= valueWei rounds up to at most the position's.
        position.shares -= uint128(
            position.rewardPerSharePaidRay == PoolConstants.COMPOUNDING
                ? leaveClass($, validator, burnedShares, position.shares, amountWei == valueWei)
                : burnedShares
        );
    }

    // ============================================================================ compounding class

    /// @dev The validator's bonded shares that `position` (at `operator`'s validator) holds: its own
    /// shares, or for a compounding position its part of the class's, rounded down.
    function bondedSharesOf(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Position memory position
    ) internal view returns (uint256) {
        if (position.rewardPerSharePaidRay != PoolConstants.COMPOUNDING) return position.shares;
        PoolStorage.CompoundingClass memory c = $.compoundingClasses[operator];
        return c.shares == 0 ? 0 : Math.mulDiv(position.shares, c.bondedShares, c.shares);
    }

    /// @dev Puts `bondedShares` of `operator`'s validator into its compounding class; returns the class
    /// shares minted for them, rounded down (`ZeroShares` for none: `amountWei` is the value put in).
    function joinClass(
        PoolStorage.Layout storage $,
        address operator,
        uint256 bondedShares,
        uint256 amountWei
    ) internal returns (uint256 classShares) {
        PoolStorage.CompoundingClass memory c = $.compoundingClasses[operator];
        classShares = c.shares == 0 ? bondedShares : Math.mulDiv(bondedShares, c.shares, c.bondedShares);
        if (classShares == 0) revert IStakingPool.ZeroShares(operator, amountWei);
        $.compoundingClasses[operator] = PoolStorage.CompoundingClass(
            (c.bondedShares + bondedShares).toUint128(),
            (c.shares + classShares).toUint128()
        );
    }

    /// @dev Takes `bondedShares` of `operator`'s validator out of its compounding class, from a position
    /// holding `heldShares` class shares (all of them when `all`, else their value rounded up, at most
    /// `heldShares`); returns the class shares burned. `bondedShares` is at most the position's part.
    function leaveClass(
        PoolStorage.Layout storage $,
        address operator,
        uint256 bondedShares,
        uint256 heldShares,
        bool all
    ) internal returns (uint256 classShares) {
        PoolStorage.CompoundingClass memory c = $.compoundingClasses[operator];
        classShares = all
            ? heldShares
            : Math.min(heldShares, Math.mulDiv(bondedShares, c.shares, c.bondedShares, Math.Rounding.Ceil));
        // Both at most the class's: the position's shares and part are the class's.
        $.compoundingClasses[operator] = PoolStorage.CompoundingClass(
            uint128(c.bondedShares - bondedShares),
            uint128(c.shares - classShares)
        );
    }

    // ============================================================================ position lists

    /// @dev Adds the validator with id `validatorId` to `account`'s position list (a new position). At
    /// the bound, positions at validators tombstoned by a 100% slash (worth nothing, and never again
    /// stakable) leave first; `TooManyPositions` if none does.
    function addPosition(PoolStorage.Layout storage $, address account, uint256 validatorId) internal {
        uint32[POSITION_LIST_SIZE] storage stored = $.positionIds[account];
        uint32[POSITION_LIST_SIZE] memory ids = stored;
        uint256 count = _positionCount(ids);
        if (count == POSITION_LIST_SIZE) {
            // From the end, so that the entry swapped in was checked already.
            for (uint256 i = count; i > 0; --i) {
                PoolStorage.Validator storage v = $.validators[$.validatorsById[ids[i - 1] - 1]];
                // Tombstoned by a 100% slash: its shares are void (a double sign's tombstone keeps value).
                if (v.status == IStakingPool.ValidatorStatus.Tombstoned && v.bondedShares == 0) {
                    ids[i - 1] = ids[--count];
                    ids[count] = 0;
                }
            }
            if (count == POSITION_LIST_SIZE)
                revert IStakingPool.TooManyPositions(account, PoolConstants.MAX_POSITIONS);
            ids[count] = uint32(validatorId); // a Validator.id (uint32)
            $.positionIds[account] = ids;
            return;
        }
        stored[count] = uint32(validatorId); // a Validator.id (uint32)
    }

    /// @dev Removes the validator with id `validatorId` from `account`'s position list (the position's
    /// shares returned to zero). The last entry takes its place.
    function removePosition(PoolStorage.Layout storage $, address account, uint256 validatorId) internal {
        uint32[POSITION_LIST_SIZE] memory ids = $.positionIds[account];
        uint256 count = _positionCount(ids);
        for (uint256 i = 0; i < count; ++i) {
            if (ids[i] == validatorId) {
                ids[i] = ids[count - 1];
                ids[count - 1] = 0;
                $.positionIds[account] = ids;
                return;
            }
        }
    }

    /// @dev The validators (operators) of `account`'s positions, in list order.
    function positionValidators(
        PoolStorage.Layout storage $,
        address account
    ) internal view returns (address[] memory validators) {
        uint32[POSITION_LIST_SIZE] memory ids = $.positionIds[account];
        uint256 count = _positionCount(ids);
        validators = new address[](count);
        for (uint256 i = 0; i < count; ++i) validators[i] = $.validatorsById[ids[i] - 1];
    }

    /// @dev Live entries of a position list (they come first; zeros after).
    function _positionCount(uint32[POSITION_LIST_SIZE] memory ids) private pure returns (uint256 count) {
        while (count < POSITION_LIST_SIZE && ids[count] != 0) ++count;
    }

    /// @dev Whether `bond($, token, account, validator, amountWei)` would succeed now for an existing
    /// position (used by `compoundAll`, which pays what it cannot restake): `validator` active and
    /// not jailed (unless `account` is its operator), at least one share, and the position at or above
    /// the minimums afterwards. Mirrors `bond`'s checks.
    function canBond(
        PoolStorage.Layout storage $,
        address account,
        address validator,
        uint256 amountWei
    ) internal view returns (bool) {
        PoolStorage.Validator storage v = $.validators[validator];
        if (amountWei == 0 || v.status != IStakingPool.ValidatorStatus.Active) return false;
        if (v.jailedUntilBlock > block.number && account != validator) return false;
        uint256 bondedTokens = v.bondedTokensWei;
        uint256 bondedShares = v.bondedShares;
        uint256 shares = bondedShares == 0 ? amountWei : Math.mulDiv(amountWei, bondedShares, bondedTokens);
        if (shares == 0) return false;
        uint256 valueWei = tokensForShares(
            $.positions[account][validator].shares + shares,
            bondedTokens + amountWei,
            bondedShares + shares
        );
        if (account == validator && valueWei < $.treasuryParams.minSelfStakeWei) return false;
        return valueWei >= $.stakeParams.minStakeWei;
    }

    // ============================================================================ election checkpoints

    /// @dev The first block of the election round that contains this block, on the grid `g`
    /// (`g.lengthBlocks != 0`, `g.anchorBlock <= block.number`: checked by `setRoundGrid`).
    function roundStartBlock(PoolStorage.RoundGrid memory g) internal view returns (uint256) {
        uint256 anchorBlock = g.anchorBlock;
        uint256 lengthBlocks = g.lengthBlocks;
        if (g.nextLengthBlocks != 0 && block.number >= g.nextFromBlock) {
            anchorBlock = g.nextFromBlock;
            lengthBlocks = g.nextLengthBlocks;
        }
        return anchorBlock + ((block.number - anchorBlock) / lengthBlocks) * lengthBlocks;
    }

    /// @dev The current round's first block on the published grid, or `type(uint256).max` before the
    /// election publishes one (no 40-bit checkpoint or log equals it: nothing is kept or logged).
    function currentRoundStart(PoolStorage.Layout storage $) internal view returns (uint256) {
        PoolStorage.RoundGrid memory g = $.roundGrid;
        return g.lengthBlocks == 0 ? type(uint256).max : roundStartBlock(g);
    }

    /// @dev Before `operator`'s bonded stake changes: keeps `stakeBeforeWei` as its stake at the start
    /// of the current round, unless a change earlier in this round did so already. No-op until the
    /// election has published its round grid.
    function checkpointStake(
        PoolStorage.Layout storage $,
        address operator,
        uint256 stakeBeforeWei
    ) internal {
        PoolStorage.RoundGrid memory g = $.roundGrid;
        if (g.lengthBlocks == 0) return;
        uint256 startBlock = roundStartBlock(g);
        PoolStorage.StakeCheckpoint storage c = $.stakeCheckpoints[operator];
        if (c.roundStartBlock == startBlock) return;
        // startBlock <= block.number < 2^40; stakeBeforeWei is a uint128 field's value.
        $.stakeCheckpoints[operator] = PoolStorage.StakeCheckpoint(
            uint40(startBlock),
            uint128(stakeBeforeWei),
            false
        );
    }

    /// @dev Records that `v`'s cumulative bonded stake (`bondedEverHistory`) gains `addedWei` and loses
    /// `removedWei` in this block; `bondedBeforeWei` is its bonded stake before. A history that starts
    /// after the validator already had stake (after an upgrade) starts from its bonded stake plus all it
    /// unbonded since the totals began, so `latest == bonded + unbondedEver` holds from the first entry.
    function recordBondedEver(
        PoolStorage.Layout storage $,
        PoolStorage.Validator storage v,
        uint256 bondedBeforeWei,
        uint256 addedWei,
        uint256 removedWei
    ) internal {
        Checkpoints.Trace208 storage history = $.bondedEverHistory[v.id];
        uint256 bondedEverWei = history.latest();
        if (bondedEverWei == 0 && history.length() == 0) {
            // Both uint128 values: the sum fits 208 bits.
            bondedEverWei = bondedBeforeWei + $.unbondingTotals[v.id].unbondedEverWei;
            if (bondedEverWei != 0) history.push(0, uint208(bondedEverWei));
        }
        // block.number < 2^48; the sum of every bond fits 208 bits (each is at most the token supply).
        history.push(uint48(block.number), uint208(bondedEverWei + addedWei - removedWei));
    }

    /// @dev `operator` joined the candidate list during this round, or was jailed at its start: it
    /// enters the draw from the next. A candidate set aside in this round stays so.
    function zeroCheckpoint(PoolStorage.Layout storage $, address operator) internal {
        PoolStorage.RoundGrid memory g = $.roundGrid;
        if (g.lengthBlocks == 0) return;
        uint256 startBlock = roundStartBlock(g);
        PoolStorage.StakeCheckpoint memory c = $.stakeCheckpoints[operator];
        if (c.roundStartBlock == startBlock && c.setAside) return;
        $.stakeCheckpoints[operator] = PoolStorage.StakeCheckpoint(uint40(startBlock), 0, false);
    }

    /// @dev `operator`'s validator `v` (jailed until `jailedUntilBeforeBlock` before) was just jailed, or
    /// left the candidate list: if it was in this round's draw (listed and unjailed at the round's
    /// start `roundStart`, from `currentRoundStart`), it keeps its place and round-start stake there and
    /// is set aside if drawn, so that a jail or departure once the seed is known moves no other
    /// candidate's chances. Nothing is kept before the grid is published.
    function setAside(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v,
        uint256 jailedUntilBeforeBlock,
        uint256 roundStart
    ) internal {
        if (roundStart == type(uint256).max) return;
        if (jailedUntilBeforeBlock > roundStart) return; // jailed at the round's start: not drawn
        PoolStorage.StakeCheckpoint memory c = $.stakeCheckpoints[operator];
        // Its stake at the round's start: the checkpoint if its stake changed this round, else now.
        if (c.roundStartBlock != roundStart)
            c = PoolStorage.StakeCheckpoint(uint40(roundStart), v.bondedTokensWei, false);
        c.setAside = true;
        $.stakeCheckpoints[operator] = c;
    }

    /// @dev The stake `operator` enters the current round's draw with: its checkpoint if its stake
    /// changed during this round, else its bonded stake now.
    function electionStake(PoolStorage.Layout storage $, address operator) internal view returns (uint256) {
        PoolStorage.RoundGrid memory g = $.roundGrid;
        if (g.lengthBlocks != 0) {
            PoolStorage.StakeCheckpoint memory c = $.stakeCheckpoints[operator];
            if (c.roundStartBlock == roundStartBlock(g)) return c.stakeWei;
        }
        return $.validators[operator].bondedTokensWei;
    }

    // ============================================================================ stake movements

    /// @dev Bonds `amountWei` from `account` to `validator` (tokens are moved by the caller), after
    /// accruing and settling. Returns the shares minted and the position's pending reward, settled
    /// and owed to `account`.
    function bond(
        PoolStorage.Layout storage $,
        IETMToken token,
        address account,
        address validator,
        uint256 amountWei
    ) internal returns (uint256 shares, uint256 rewardWei) {
        uint256 valueWei;
        (shares, rewardWei, valueWei) = bondUncounted($, token, account, validator, amountWei);
        syncVotes($, account, validator, valueWei);
    }

    /// @dev `bond` without the voting units: returns the shares, the settled reward and the position's
    /// value after, for the caller to count (`redelegate` counts its two positions after both moves).
    function bondUncounted(
        PoolStorage.Layout storage $,
        IETMToken token,
        address account,
        address validator,
        uint256 amountWei
    ) internal returns (uint256 shares, uint256 rewardWei, uint256 valueWei) {
        if (amountWei == 0) revert IStakingPool.ZeroAmount();
        PoolStorage.Validator storage v = _bondableValidator($, account, validator);
        settleValidator($, validator, v, accrue($, token));

        PoolStorage.Position storage p = $.positions[account][validator];
        PoolStorage.Position memory position = p;
        rewardWei = settlePosition(position, v);
        if (position.shares == 0) addPosition($, account, v.id);
        uint256 bondedTokens = v.bondedTokensWei;
        uint256 bondedShares = v.bondedShares;
        shares = bondedShares == 0 ? amountWei : Math.mulDiv(amountWei, bondedShares, bondedTokens);
        if (shares == 0) revert IStakingPool.ZeroShares(validator, amountWei);
        position.shares = (position.shares +
            (
                position.rewardPerSharePaidRay == PoolConstants.COMPOUNDING
                    ? joinClass($, validator, shares, amountWei)
                    : shares
            )).toUint128();
        bondedTokens += amountWei;
        bondedShares += shares;
        valueWei = tokensForShares(bondedSharesOf($, validator, position), bondedTokens, bondedShares);
        checkPositionSize($, account, validator, IStakingPool.ValidatorStatus.Active, valueWei);

        checkpointStake($, validator, bondedTokens - amountWei);
        recordBondedEver($, v, bondedTokens - amountWei, amountWei, 0);
        v.bondedTokensWei = bondedTokens.toUint128();
        v.bondedShares = bondedShares.toUint128();
        p.shares = position.shares;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        PoolStorage.Totals storage totals = $.totals;
        totals.totalStakedWei = (totals.totalStakedWei + amountWei).toUint128();
        // An operator's top-up (at least the minimum, checked above) ends a self-stake shortfall jail.
        if (v.jailedUntilBlock == PoolConstants.SHORTFALL_JAIL) _endShortfall($, validator, v);
        emit IStakingPool.Staked(account, validator, amountWei, shares);
    }

    /// @dev For an amount of `WHOLE_POSITION`: the value of `account`'s position at the known validator
    /// `v` (of `validator`) once the pool has accrued and `v` is settled, what it is worth in this
    /// block; `WHOLE_POSITION` itself when there is no position (`unbond` then refuses it).
    function wholePosition(
        PoolStorage.Layout storage $,
        IETMToken token,
        address account,
        address validator,
        PoolStorage.Validator storage v
    ) internal returns (uint256) {
        settleValidator($, validator, v, accrue($, token));
        (, uint256 valueWei) = positionValue($, validator, v, $.positions[account][validator]);
        return valueWei == 0 ? PoolConstants.WHOLE_POSITION : valueWei;
    }

    /// @dev Takes `amountWei` (> 0) of `account`'s bonded stake at the known validator `v` (of `validator`)
    /// out of its bonded pool, after accruing and settling: shares burned rounded up (the pool keeps the
    /// rounding, or all of them on a full exit), the position's size checked, the election checkpoint,
    /// the totals updated; the voting units are the caller's to count. The tokens stay in the pool for
    /// the caller to queue (`unstake`) or bond elsewhere (`redelegate`). Returns the position's settled
    /// reward, owed to `account`, and its value left.
    function unbond(
        PoolStorage.Layout storage $,
        IETMToken token,
        address account,
        address validator,
        PoolStorage.Validator storage v,
        uint256 amountWei
    ) internal returns (uint256 rewardWei, uint256 remainingWei) {
        settleValidator($, validator, v, accrue($, token));
        PoolStorage.Position storage p = $.positions[account][validator];
        PoolStorage.Position memory position = p;
        rewardWei = settlePosition(position, v);

        (uint256 positionBondedShares, uint256 valueWei) = positionValue($, validator, v, position);
        if (amountWei > valueWei)
            revert IStakingPool.InsufficientStake(account, validator, valueWei, amountWei);
        uint256 bondedTokens = v.bondedTokensWei - amountWei;
        uint256 bondedShares = v.bondedShares -
            burnFromPosition($, validator, v, position, amountWei, valueWei, positionBondedShares);
        remainingWei = tokensForShares(bondedSharesOf($, validator, position), bondedTokens, bondedShares);
        checkPositionSize($, account, validator, v.status, remainingWei);

        checkpointStake($, validator, v.bondedTokensWei);
        // Both only decreased from their uint128 fields.
        v.bondedTokensWei = uint128(bondedTokens);
        v.bondedShares = uint128(bondedShares);
        p.shares = position.shares;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        if (position.shares == 0) removePosition($, account, v.id);
        $.totals.totalStakedWei -= uint128(amountWei);
    }

    /// @dev The validator of `validator` if it accepts new stake from `account`: registered, active, and
    /// not jailed unless `account` is its operator (who may top up while jailed).
    function _bondableValidator(
        PoolStorage.Layout storage $,
        address account,
        address validator
    ) private view returns (PoolStorage.Validator storage v) {
        v = $.validators[validator];
        IStakingPool.ValidatorStatus status = v.status;
        if (status != IStakingPool.ValidatorStatus.Active) {
            if (status == IStakingPool.ValidatorStatus.None) revert IStakingPool.UnknownValidator(validator);
            revert IStakingPool.ValidatorNotActive(validator, status);
        }
        uint256 jailedUntilBlock = v.jailedUntilBlock;
        if (jailedUntilBlock > block.number && account != validator)
            revert IStakingPool.ValidatorJailed(validator, jailedUntilBlock);
    }

    /// @dev Releases `v` from a self-stake shortfall jail to the timed jail kept for then (if any is left).
    function _endShortfall(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v
    ) private {
        uint256 untilBlock = $.jailEndAfterTopUp[operator];
        delete $.jailEndAfterTopUp[operator];
        v.jailedUntilBlock = uint40(untilBlock); // a jailedUntilBlock kept aside
        // Jailed at this round's start: it enters the draw from the next round (a top-up timed on a
        // known seed must not add a candidate to it).
        zeroCheckpoint($, operator);
        emit IStakingPool.Jailed(operator, untilBlock);
    }

    /// @dev Moves `amountWei` just unbonded from `v` into its unbonding bucket of this slash epoch and
    /// `account`'s ring.
    function queueUnbonding(
        PoolStorage.Layout storage $,
        address account,
        PoolStorage.Validator storage v,
        uint256 amountWei
    ) internal returns (uint256 maturityBlock) {
        PoolStorage.Account memory a = $.accounts[account];
        if (a.unbondingCount == PoolConstants.MAX_UNBONDING_ENTRIES)
            revert IStakingPool.TooManyUnbondingEntries(account, PoolConstants.MAX_UNBONDING_ENTRIES);
        // Entries mature in ring order even if `unbondingBlocks` was lowered meanwhile.
        maturityBlock = block.number + $.durations.unbondingBlocks;
        if (maturityBlock < a.lastMaturityBlock) maturityBlock = a.lastMaturityBlock;
        uint256 epoch = block.number / PoolConstants.SLASH_EPOCH_BLOCKS;
        PoolStorage.UnbondingBucket storage bucket = $.unbondingBuckets[v.id][epoch];
        uint256 bucketTokens = bucket.tokensWei;
        uint256 bucketShares = bucket.shares;
        // A bucket's shares only get cheaper (slashes), so this is >= amountWei > 0.
        uint256 shares = bucketShares == 0 ? amountWei : Math.mulDiv(amountWei, bucketShares, bucketTokens);
        bucket.tokensWei = (bucketTokens + amountWei).toUint128();
        bucket.shares = (bucketShares + shares).toUint128();
        PoolStorage.UnbondingTotals storage totals = $.unbondingTotals[v.id];
        totals.bucketedWei = (totals.bucketedWei + amountWei).toUint128();
        totals.unbondedEverWei = (totals.unbondedEverWei + amountWei).toUint128();
        // shares < 2^128 (the bucket's total fits); epoch + 1 < 2^24 for 4.8e11 blocks (46,000 years).
        $.unbonding[account][
            (uint256(a.unbondingHead) + a.unbondingCount) % PoolConstants.MAX_UNBONDING_ENTRIES
        ] = PoolStorage.UnbondingEntry(v.id, uint40(maturityBlock), uint160(shares), (epoch + 1).toUint24());
        ++a.unbondingCount;
        a.lastMaturityBlock = uint40(maturityBlock); // block.number + a uint40 duration: fits for 2^40 blocks
        $.accounts[account] = a;
    }

    /// @dev Sets the position's voting units to its value `valueWei` now: `StakeVotes` re-counts it at
    /// its validator's slash index (see `StakeVotes.setVotingUnits`).
    function syncVotes(
        PoolStorage.Layout storage $,
        address account,
        address validator,
        uint256 valueWei
    ) internal {
        $.stakeParams.votes.setVotingUnits(account, validator, valueWei);
    }

    // ============================================================================ checks and helpers

    /// @dev Jails a listed validator whose self-stake is below `minSelfStakeWei` until its operator
    /// tops up, keeping its timed jail for then. Skips one jailed so already and unlisted ones.
    function jailIfShortfall(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v,
        uint256 minSelfStakeWei
    ) internal {
        uint256 untilBlock = v.jailedUntilBlock;
        if (v.candidateIndex == 0 || untilBlock == PoolConstants.SHORTFALL_JAIL) return;
        uint256 selfStakeWei = StakingLogic.tokensForShares(
            $.positions[operator][operator].shares,
            v.bondedTokensWei,
            v.bondedShares
        );
        if (selfStakeWei >= minSelfStakeWei) return;
        $.jailEndAfterTopUp[operator] = untilBlock;
        v.jailedUntilBlock = uint40(PoolConstants.SHORTFALL_JAIL);
        setAside($, operator, v, untilBlock, currentRoundStart($));
        emit IStakingPool.SelfStakeShortfall(operator, selfStakeWei, minSelfStakeWei);
        emit IStakingPool.Jailed(operator, PoolConstants.SHORTFALL_JAIL);
    }

    /// @dev Enforces "zero or at least minStake", and the self-stake minimum of an active operator.
    function checkPositionSize(
        PoolStorage.Layout storage $,
        address account,
        address validator,
        IStakingPool.ValidatorStatus status,
        uint256 valueWei
    ) internal view {
        if (account == validator && status == IStakingPool.ValidatorStatus.Active) {
            uint256 minSelfStakeWei = $.treasuryParams.minSelfStakeWei;
            if (valueWei < minSelfStakeWei)
                revert IStakingPool.SelfStakeBelowMinimum(account, valueWei, minSelfStakeWei);
        }
        uint256 minStakeWei = $.stakeParams.minStakeWei;
        if (valueWei != 0 && valueWei < minStakeWei) {
            revert IStakingPool.PositionBelowMinimum(account, validator, valueWei, minStakeWei);
        }
    }

    /// @dev The validator of `operator`; reverts if it never registered.
    function knownValidator(
        PoolStorage.Layout storage $,
        address operator
    ) internal view returns (PoolStorage.Validator storage v) {
        v = $.validators[operator];
        if (v.status == IStakingPool.ValidatorStatus.None) revert IStakingPool.UnknownValidator(operator);
    }

    /// @dev `operator`'s validator, which must be registered and active (not deregistered or
    /// tombstoned): `UnknownValidator` or `ValidatorNotActive` otherwise.
    function activeValidator(
        PoolStorage.Layout storage $,
        address operator
    ) internal view returns (PoolStorage.Validator storage v) {
        v = knownValidator($, operator);
        if (v.status != IStakingPool.ValidatorStatus.Active)
            revert IStakingPool.ValidatorNotActive(operator, v.status);
    }

    /// @dev Tokens worth `shares` of a pool of `poolTokens` tokens and `poolShares` shares, rounded down.
    function tokensForShares(
        uint256 shares,
        uint256 poolTokens,
        uint256 poolShares
    ) internal pure returns (uint256) {
        return poolShares == 0 ? 0 : Math.mulDiv(shares, poolTokens, poolShares);
    }
}
