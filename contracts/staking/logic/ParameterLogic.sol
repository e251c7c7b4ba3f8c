// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IETMToken} from "../../interfaces/IETMToken.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {EmissionMath} from "../../libraries/EmissionMath.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {StakeVotes} from "../StakeVotes.sol";
import {EmissionLogic} from "./EmissionLogic.sol";
import {PoolConstants} from "./PoolConstants.sol";
import {StakingLogic} from "./StakingLogic.sol";

/// @title ParameterLogic
/// @notice The pool's initialization (which deploys its voting-units module) and the parameter role's
/// actions: inflation of future years, the parameters, the treasury, and the election's collection of
/// the validators' share. An external library run by DELEGATECALL on the pool's storage, like
/// `ValidatorLogic` (split from it when the validator rules outgrew one library's size budget).
/// @dev Every function runs in the pool's context; the pool checks roles before it calls in.
library ParameterLogic {
    using SafeCast for uint256;
    using SafeERC20 for IETMToken;

    uint256 private constant WAD = PoolConstants.WAD;

    // ============================================================================ initialization

    /// @notice Writes the pool's first state and deploys its voting-units module behind its own
    /// proxy (`votesImplementation`), so the module knows the pool as its only writer.
    function initialize(PoolStorage.Layout storage $, IStakingPool.PoolConfig calldata config) external {
        if (config.treasury == address(0) || config.votesImplementation == address(0))
            revert IStakingPool.ZeroAddress();
        if (config.maxCommissionWad > WAD)
            revert IStakingPool.CommissionAboveMax(config.maxCommissionWad, WAD);
        EmissionLogic.initialize($, config.initialInflationWad);
        $.emission.deltaWad = config.deltaWad.toUint64();
        $.maxCommissionWad = uint64(config.maxCommissionWad); // <= WAD, checked above
        $.treasuryParams = PoolStorage.TreasuryParams(config.treasury, config.minSelfStakeWei.toUint96());
        StakeVotes votes = StakeVotes(
            address(new ERC1967Proxy(config.votesImplementation, abi.encodeCall(StakeVotes.initialize, ())))
        );
        $.stakeParams = PoolStorage.StakeParams(votes, config.minStakeWei.toUint96());
        $.durations = PoolStorage.DurationParams(
            config.unbondingBlocks.toUint40(),
            config.jailBlocks.toUint40(),
            config.commissionDelayBlocks.toUint40(),
            config.maxCommissionChangeWad.toUint64(),
            config.candidateCap.toUint32()
        );
        for (uint256 p = 0; p <= uint256(type(IStakingPool.Parameter).max); ++p) {
            IStakingPool.Parameter which = IStakingPool.Parameter(p);
            _checkParameter($, which, parameter($, which));
        }
    }

    // ============================================================================ parameters

    /// @notice See {IStakingPool-setInflationRate}.
    function setInflationRate(
        PoolStorage.Layout storage $,
        IETMToken token,
        uint256 year,
        uint256 rateWad
    ) external {
        uint256 nowYear = EmissionLogic.currentYear($);
        if (year <= nowYear) revert IStakingPool.YearNotInFuture(year, nowYear);
        StakingLogic.accrue($, token);
        EmissionLogic.setInflationRate($, year, rateWad);
        emit IStakingPool.InflationRateSet(year, rateWad);
    }

    /// @notice See {IStakingPool-setParameter}.
    function setParameter(
        PoolStorage.Layout storage $,
        IETMToken token,
        IStakingPool.Parameter which,
        uint256 value
    ) external {
        _checkParameter($, which, value);
        StakingLogic.accrue($, token);
        uint256 oldValue = parameter($, which);
        // Each value was checked against its range above, which fits its field.
        if (which == IStakingPool.Parameter.Delta) $.emission.deltaWad = uint64(value);
        else if (which == IStakingPool.Parameter.MinStake) $.stakeParams.minStakeWei = uint96(value);
        else if (which == IStakingPool.Parameter.MinSelfStake) {
            $.treasuryParams.minSelfStakeWei = uint96(value);
            if (value > oldValue) _jailShortfalls($, value);
        } else if (which == IStakingPool.Parameter.UnbondingBlocks)
            $.durations.unbondingBlocks = uint40(value);
        else if (which == IStakingPool.Parameter.JailBlocks) $.durations.jailBlocks = uint40(value);
        else if (which == IStakingPool.Parameter.CommissionDelayBlocks)
            $.durations.commissionDelayBlocks = uint40(value);
        else if (which == IStakingPool.Parameter.MaxCommissionChange)
            $.durations.maxCommissionChangeWad = uint64(value);
        else $.durations.candidateCap = uint32(value);
        emit IStakingPool.ParameterChanged(which, oldValue, value);
    }

    /// @notice See {IStakingPool-setTreasury}.
    function setTreasury(PoolStorage.Layout storage $, IETMToken token, address newTreasury) external {
        if (newTreasury == address(0)) revert IStakingPool.ZeroAddress();
        StakingLogic.accrue($, token);
        emit IStakingPool.TreasuryChanged($.treasuryParams.treasury, newTreasury);
        $.treasuryParams.treasury = newTreasury;
    }

    /// @notice See {IValidatorRegistry-collectValidatorRewards}.
    function collectValidatorRewards(
        PoolStorage.Layout storage $,
        IETMToken token
    ) external returns (uint256 amountWei) {
        StakingLogic.accrue($, token);
        amountWei = $.validatorRewardsOwedWei;
        $.validatorRewardsOwedWei = 0;
        emit IStakingPool.ValidatorRewardsCollected(msg.sender, amountWei);
        if (amountWei != 0) token.safeTransfer(msg.sender, amountWei);
    }

    /// @notice See {IValidatorRegistry-setRoundGrid}. A grid whose current round started earlier keeps
    /// the checkpoints of that round (the election re-anchors at its current round, so publishing a
    /// new length for later rounds leaves this round's start, and its checkpoints, as they are).
    function setRoundGrid(
        PoolStorage.Layout storage $,
        uint256 anchorBlock,
        uint256 lengthBlocks,
        uint256 nextFromBlock,
        uint256 nextLengthBlocks
    ) external {
        uint256 maxBlocks = type(uint40).max;
        bool valid = lengthBlocks != 0 &&
            lengthBlocks <= maxBlocks &&
            anchorBlock <= block.number &&
            anchorBlock <= maxBlocks;
        if (nextLengthBlocks == 0) nextFromBlock = 0;
        else
            valid =
                valid &&
                nextLengthBlocks <= maxBlocks &&
                nextFromBlock <= maxBlocks &&
                nextFromBlock > anchorBlock &&
                (nextFromBlock - anchorBlock) % lengthBlocks == 0;
        if (!valid)
            revert IStakingPool.InvalidRoundGrid(anchorBlock, lengthBlocks, nextFromBlock, nextLengthBlocks);
        // Each value checked to fit 40 bits.
        PoolStorage.RoundGrid memory grid = PoolStorage.RoundGrid(
            uint40(anchorBlock),
            uint40(lengthBlocks),
            uint40(nextFromBlock),
            uint40(nextLengthBlocks)
        );
        // A new grid may change later rounds only: the current round keeps its start, and with it the
        // checkpoints taken in it (the election re-anchors at its current round). Moving it would drop
        // them, or bring older ones back.
        PoolStorage.RoundGrid memory previous = $.roundGrid;
        if (
            previous.lengthBlocks != 0 &&
            StakingLogic.roundStartBlock(grid) != StakingLogic.roundStartBlock(previous)
        ) revert IStakingPool.InvalidRoundGrid(anchorBlock, lengthBlocks, nextFromBlock, nextLengthBlocks);
        $.roundGrid = grid;
        emit IStakingPool.RoundGridSet(anchorBlock, lengthBlocks, nextFromBlock, nextLengthBlocks);
    }

    /// @notice The current value of `which`.
    function parameter(
        PoolStorage.Layout storage $,
        IStakingPool.Parameter which
    ) public view returns (uint256) {
        if (which == IStakingPool.Parameter.Delta) return $.emission.deltaWad;
        if (which == IStakingPool.Parameter.MinStake) return $.stakeParams.minStakeWei;
        if (which == IStakingPool.Parameter.MinSelfStake) return $.treasuryParams.minSelfStakeWei;
        if (which == IStakingPool.Parameter.UnbondingBlocks) return $.durations.unbondingBlocks;
        if (which == IStakingPool.Parameter.JailBlocks) return $.durations.jailBlocks;
        if (which == IStakingPool.Parameter.CommissionDelayBlocks) return $.durations.commissionDelayBlocks;
        if (which == IStakingPool.Parameter.MaxCommissionChange) return $.durations.maxCommissionChangeWad;
        return $.durations.candidateCap;
    }

    // ============================================================================ internals

    /// @dev Reverts with the allowed range unless `value` is valid for `which`.
    function _checkParameter(
        PoolStorage.Layout storage $,
        IStakingPool.Parameter which,
        uint256 value
    ) private view {
        uint256 min;
        uint256 max = EmissionMath.BLOCKS_PER_YEAR;
        if (which == IStakingPool.Parameter.Delta) max = PoolConstants.MAX_DELTA;
        else if (which == IStakingPool.Parameter.MinStake) (min, max) = (1, $.treasuryParams.minSelfStakeWei);
        else if (which == IStakingPool.Parameter.MinSelfStake)
            (min, max) = ($.stakeParams.minStakeWei, type(uint96).max);
        else if (which == IStakingPool.Parameter.UnbondingBlocks) min = 1;
        else if (which == IStakingPool.Parameter.MaxCommissionChange) max = $.maxCommissionWad;
        else if (which == IStakingPool.Parameter.CandidateCap)
            (min, max) = (4, PoolConstants.MAX_CANDIDATE_CAP);
        if (value < min || value > max) revert IStakingPool.ParameterOutOfRange(which, value, min, max);
    }

    /// @dev After a raise of the self-stake minimum: jails every listed validator now below it. Bounded
    /// by the candidate cap (at most 1,500 candidates, about 6,500 gas each).
    function _jailShortfalls(PoolStorage.Layout storage $, uint256 minSelfStakeWei) private {
        address[] storage candidates = $.candidates;
        uint256 count = candidates.length;
        for (uint256 i = 0; i < count; ++i) {
            address operator = candidates[i];
            StakingLogic.jailIfShortfall($, operator, $.validators[operator], minSelfStakeWei);
        }
    }

    // ============================================================================ commission
    // (moved from ValidatorLogic when the draw-order log outgrew its size budget)

    /// @notice See {IStakingPool-setCommission}.
    function setCommission(PoolStorage.Layout storage $, IETMToken token, uint256 commissionWad) external {
        PoolStorage.Validator storage v = StakingLogic.activeValidator($, msg.sender);
        StakingLogic.settleValidator($, msg.sender, v, StakingLogic.accrue($, token));
        uint256 maxCommissionWad = $.maxCommissionWad;
        if (commissionWad > maxCommissionWad)
            revert IStakingPool.CommissionAboveMax(commissionWad, maxCommissionWad);
        uint256 currentWad = v.commissionWad;
        uint256 maxChangeWad = $.durations.maxCommissionChangeWad;
        uint256 changeWad = commissionWad > currentWad
            ? commissionWad - currentWad
            : currentWad - commissionWad;
        if (changeWad > maxChangeWad)
            revert IStakingPool.CommissionChangeTooLarge(currentWad, commissionWad, maxChangeWad);
        uint256 previousBlock = v.commissionEffectiveBlock;
        if (previousBlock != 0) StakingLogic.unscheduleSwitch($, previousBlock);
        uint256 effectiveBlock = commissionEffectiveBlock(block.number, $.durations.commissionDelayBlocks);
        v.pendingCommissionWad = uint64(commissionWad); // <= maxCommission <= WAD
        emit IStakingPool.CommissionChangeScheduled(msg.sender, commissionWad, effectiveBlock);
        if (effectiveBlock == block.number) {
            // No delay: the validator was settled above, so the new rate applies from now on.
            emit IStakingPool.CommissionChanged(msg.sender, currentWad, commissionWad);
            v.commissionWad = uint64(commissionWad);
            v.commissionEffectiveBlock = 0;
        } else {
            StakingLogic.scheduleSwitch($, effectiveBlock);
            v.commissionEffectiveBlock = effectiveBlock.toUint40();
        }
    }

    /// @notice The block at which a commission change scheduled at `scheduledAtBlock` takes effect:
    /// the first multiple of the grid `ceil(delayBlocks / SWITCH_GRID_DIVISOR)` at or after
    /// `scheduledAtBlock + delayBlocks` (exactly that block for delays up to 16 blocks). The grid
    /// bounds the distinct pending switch blocks to 17 per delay, so no one can crowd others out.
    function commissionEffectiveBlock(
        uint256 scheduledAtBlock,
        uint256 delayBlocks
    ) internal pure returns (uint256) {
        uint256 gridBlocks = Math.ceilDiv(delayBlocks, PoolConstants.SWITCH_GRID_DIVISOR);
        uint256 earliest = scheduledAtBlock + delayBlocks;
        return gridBlocks <= 1 ? earliest : Math.ceilDiv(earliest, gridBlocks) * gridBlocks;
    }
}
