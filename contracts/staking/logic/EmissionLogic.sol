// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {EmissionMath} from "../../libraries/EmissionMath.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {PoolConstants} from "./PoolConstants.sol";

/// @title EmissionLogic
/// @notice The yearly inflation schedule and the lazy, closed-form compounding of the supply
/// (SPEC section 2). Year `y` covers blocks `[startBlock + y*n, startBlock + (y+1)*n)`. A year with
/// no rate set uses the last rate set before it. Where the minted tokens go is `StakingLogic`'s job.
/// @dev Internal functions over the pool's storage: compiled into the contract that calls them.
library EmissionLogic {
    using SafeCast for uint256;

    /// @dev Starts the schedule at this block with year 0 at `initialInflationWad`.
    function initialize(PoolStorage.Layout storage $, uint256 initialInflationWad) internal {
        _checkRate(initialInflationWad);
        $.startBlock = block.number.toUint64();
        uint64 perBlockRay = EmissionMath.ratePerBlockRay(initialInflationWad).toUint64();
        $.schedule.push(IStakingPool.YearRate(0, uint64(initialInflationWad), perBlockRay));
        $.emission.lastAccrualBlock = block.number.toUint40();
        $.emission.yearEndBlock = (block.number + EmissionMath.BLOCKS_PER_YEAR).toUint40();
        $.emission.ratePerBlockRay = perBlockRay;
    }

    /// @dev Year of the schedule the current block is in.
    function currentYear(PoolStorage.Layout storage $) internal view returns (uint256) {
        return (block.number - $.startBlock) / EmissionMath.BLOCKS_PER_YEAR;
    }

    /// @dev Annual inflation of `year`, wad.
    function inflationRate(PoolStorage.Layout storage $, uint256 year) internal view returns (uint256) {
        return $.schedule[_entryIndexForYear($, year)].rateWad;
    }

    /// @dev Sets `year` (and the years after it up to the next set year) to `rateWad`.
    function setInflationRate(PoolStorage.Layout storage $, uint256 year, uint256 rateWad) internal {
        _checkRate(rateWad);
        uint64 perBlockRay = EmissionMath.ratePerBlockRay(rateWad).toUint64();
        IStakingPool.YearRate[] storage schedule = $.schedule;
        uint256 index = _entryIndexForYear($, year);
        if (schedule[index].fromYear == year) {
            schedule[index].rateWad = uint64(rateWad);
            schedule[index].ratePerBlockRay = perBlockRay;
            return;
        }
        // Insert after `index`, keeping the entries sorted; at most a few entries move.
        schedule.push(schedule[schedule.length - 1]);
        for (uint256 i = schedule.length - 2; i > index + 1; --i) schedule[i] = schedule[i - 1];
        schedule[index + 1] = IStakingPool.YearRate(year.toUint64(), uint64(rateWad), perBlockRay);
    }

    /// @dev Supply minted from `state.lastAccrualBlock` to `toBlock`, compounding on `supplyWei`,
    /// split at year boundaries; advances `state` (in memory) to `toBlock`. Reads storage only when
    /// a year boundary is crossed (the next year's rate).
    function mintTo(
        PoolStorage.Layout storage $,
        PoolStorage.EmissionState memory state,
        uint256 supplyWei,
        uint256 toBlock
    ) internal view returns (uint256 mintedWei) {
        uint256 fromBlock = state.lastAccrualBlock;
        while (fromBlock < toBlock) {
            uint256 yearEndBlock = state.yearEndBlock;
            uint256 segmentEnd = toBlock < yearEndBlock ? toBlock : yearEndBlock;
            mintedWei += EmissionMath.compoundedMint(
                supplyWei + mintedWei,
                state.ratePerBlockRay,
                segmentEnd - fromBlock
            );
            fromBlock = segmentEnd;
            if (segmentEnd == yearEndBlock) {
                uint256 nextEndBlock = yearEndBlock + EmissionMath.BLOCKS_PER_YEAR;
                // The year that starts at `yearEndBlock`.
                uint256 year = (yearEndBlock - $.startBlock) / EmissionMath.BLOCKS_PER_YEAR;
                state.yearEndBlock = nextEndBlock.toUint40();
                state.ratePerBlockRay = $.schedule[_entryIndexForYear($, year)].ratePerBlockRay;
            }
        }
        state.lastAccrualBlock = uint40(toBlock); // toBlock is a block number: fits 40 bits for 2^40 * 3 s
    }

    /// @dev Index of the last entry with `fromYear <= year` (binary search; entry 0 is year 0).
    function _entryIndexForYear(
        PoolStorage.Layout storage $,
        uint256 year
    ) private view returns (uint256 low) {
        IStakingPool.YearRate[] storage schedule = $.schedule;
        uint256 high = schedule.length;
        // Invariant: schedule[low].fromYear <= year, and every entry at or after `high` is later.
        while (high - low > 1) {
            uint256 middle = (low + high) / 2;
            if (schedule[middle].fromYear <= year) low = middle;
            else high = middle;
        }
    }

    function _checkRate(uint256 rateWad) private pure {
        if (rateWad > PoolConstants.MAX_INFLATION)
            revert IStakingPool.InflationRateTooHigh(rateWad, PoolConstants.MAX_INFLATION);
    }
}
