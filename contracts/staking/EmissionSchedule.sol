// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EmissionMath} from "../libraries/EmissionMath.sol";

/// @title EmissionSchedule
/// @notice The yearly inflation schedule and the lazy, closed-form compounding of the supply
/// (SPEC section 2). Year `y` covers blocks `[startBlock + y*n, startBlock + (y+1)*n)`. A year with
/// no rate set uses the last rate set before it. The pool decides where the minted tokens go.
abstract contract EmissionSchedule {
    using SafeCast for uint256;

    /// @notice `rateWad` exceeds the maximum annual inflation `maxRateWad`.
    error InflationRateTooHigh(uint256 rateWad, uint256 maxRateWad);

    /// @notice Largest annual inflation any year may have: 10%, wad.
    uint256 public constant MAX_INFLATION = 0.1e18;

    /// @dev One entry of the schedule: from `fromYear` on, `rateWad` a year (`ratePerBlockRay` a block).
    struct YearRate {
        uint64 fromYear; // first year of this rate
        uint64 rateWad; // annual rate, wad (<= 0.1e18)
        uint64 ratePerBlockRay; // ln(1 + rate) / BLOCKS_PER_YEAR, ray (<= ~9.07e18 < 2^64)
    }

    /// @dev The emission's hot state, one slot, read and written by every accrual.
    struct EmissionState {
        uint40 lastAccrualBlock; // block up to which the supply has been minted
        uint40 year; // schedule year of `lastAccrualBlock`
        uint64 ratePerBlockRay; // per-block rate of `year`, ray (<= ln(1.1)/n ~ 9.07e18 < 2^64)
        uint64 deltaWad; // the pool's split of each mint (validators' share); kept here so one read serves an accrual
        uint40 nextSwitchBlock; // the pool's earliest scheduled commission switch (0 = none); see StakingPool
    }

    /// @notice First block of year 0.
    uint256 public immutable startBlock;

    /// @dev Entries sorted by `fromYear`, strictly increasing; entry 0 is year 0.
    YearRate[] private _schedule;
    EmissionState internal _emission;

    /// @param initialInflationWad Annual inflation of year 0 (and after, until another year is set).
    constructor(uint256 initialInflationWad) {
        _checkRate(initialInflationWad);
        startBlock = block.number;
        uint64 perBlockRay = EmissionMath.ratePerBlockRay(initialInflationWad).toUint64();
        _schedule.push(YearRate(0, uint64(initialInflationWad), perBlockRay));
        _emission = EmissionState(uint40(block.number), 0, perBlockRay, 0, 0);
    }

    /// @notice Blocks per year, `20 * 60 * 24 * 365`.
    // solhint-disable-next-line func-name-mixedcase
    function BLOCKS_PER_YEAR() external pure returns (uint256) {
        return EmissionMath.BLOCKS_PER_YEAR;
    }

    /// @notice Year of the schedule the current block is in.
    function currentYear() public view returns (uint256) {
        return (block.number - startBlock) / EmissionMath.BLOCKS_PER_YEAR;
    }

    /// @notice Annual inflation of `year`, wad.
    function inflationRate(uint256 year) public view returns (uint256) {
        return _schedule[_entryIndexForYear(year)].rateWad;
    }

    /// @notice The schedule's entries: from each `fromYear` on, `rateWad` a year.
    function inflationSchedule() external view returns (YearRate[] memory) {
        return _schedule;
    }

    /// @dev Sets `year` (and the years after it up to the next set year) to `rateWad`.
    function _setInflationRate(uint256 year, uint256 rateWad) internal {
        _checkRate(rateWad);
        uint64 perBlockRay = EmissionMath.ratePerBlockRay(rateWad).toUint64();
        uint256 index = _entryIndexForYear(year);
        if (_schedule[index].fromYear == year) {
            _schedule[index].rateWad = uint64(rateWad);
            _schedule[index].ratePerBlockRay = perBlockRay;
            return;
        }
        // Insert after `index`, keeping the entries sorted; at most a few entries move.
        _schedule.push(_schedule[_schedule.length - 1]);
        for (uint256 i = _schedule.length - 2; i > index + 1; --i) _schedule[i] = _schedule[i - 1];
        _schedule[index + 1] = YearRate(year.toUint64(), uint64(rateWad), perBlockRay);
    }

    /// @dev Supply minted from `state.lastAccrualBlock` to `toBlock`, compounding on `supplyWei`,
    /// split at year boundaries; advances `state` (in memory) to `toBlock`.
    function _mintTo(
        EmissionState memory state,
        uint256 supplyWei,
        uint256 toBlock
    ) internal view returns (uint256 mintedWei) {
        uint256 fromBlock = state.lastAccrualBlock;
        while (fromBlock < toBlock) {
            uint256 yearEndBlock = startBlock + (uint256(state.year) + 1) * EmissionMath.BLOCKS_PER_YEAR;
            uint256 segmentEnd = toBlock < yearEndBlock ? toBlock : yearEndBlock;
            mintedWei += EmissionMath.compoundedMint(
                supplyWei + mintedWei,
                state.ratePerBlockRay,
                segmentEnd - fromBlock
            );
            fromBlock = segmentEnd;
            if (segmentEnd == yearEndBlock) {
                ++state.year;
                state.ratePerBlockRay = _schedule[_entryIndexForYear(state.year)].ratePerBlockRay;
            }
        }
        state.lastAccrualBlock = uint40(toBlock);
    }

    /// @dev Index of the last entry with `fromYear <= year` (binary search; entry 0 is year 0).
    function _entryIndexForYear(uint256 year) private view returns (uint256 low) {
        uint256 high = _schedule.length;
        // Invariant: _schedule[low].fromYear <= year, and every entry at or after `high` is later.
        while (high - low > 1) {
            uint256 middle = (low + high) / 2;
            if (_schedule[middle].fromYear <= year) low = middle;
            else high = middle;
        }
    }

    function _checkRate(uint256 rateWad) private pure {
        if (rateWad > MAX_INFLATION) revert InflationRateTooHigh(rateWad, MAX_INFLATION);
    }
}
