// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title EmissionMath
/// @notice Fixed-point math of the ETM emission (SPEC section 2): the per-block rate
/// `i_n = ln(1 + i) / n` and the compounded mint `B * ((1 + i_n)^k - 1)` over `k` blocks.
/// Rates are wad (1e18) per year and ray (1e27) per block.
library EmissionMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant RAY = 1e27;
    /// @dev Internal precision of the logarithm (36 decimals), rounded to ray at the end.
    uint256 internal constant E36 = 1e36;
    /// @notice Blocks per year: 20 blocks a minute (3-second blocks) * 60 * 24 * 365.
    uint256 internal constant BLOCKS_PER_YEAR = 10_512_000;

    /// @notice ln(1 + x) for x in wad, in 36-decimal fixed point, for 0 <= x <= 1 (100%).
    /// @dev Series ln(1+x) = 2 * atanh(z) = 2 * (z + z^3/3 + z^5/5 + ...), z = x / (2 + x) <= 1/3.
    /// Each term is at most z^2 <= 1/9 of the previous one, so the loop stops after at most
    /// ~38 terms (36 digits); for x <= 10% after 14. Truncation error below 1e-35.
    function lnOnePlusWadE36(uint256 xWad) internal pure returns (uint256) {
        if (xWad == 0) return 0;
        uint256 z = Math.mulDiv(xWad, E36, 2 * WAD + xWad);
        uint256 zSquared = Math.mulDiv(z, z, E36);
        uint256 sum = z;
        uint256 power = z;
        for (uint256 denominator = 3; ; denominator += 2) {
            power = Math.mulDiv(power, zSquared, E36);
            uint256 term = power / denominator;
            if (term == 0) break;
            sum += term;
        }
        return 2 * sum;
    }

    /// @notice Per-block rate `ln(1 + i) / BLOCKS_PER_YEAR` in ray for an annual rate in wad.
    /// @dev Rounded down: the schedule never mints more than the exact formula (by < 1e-27 per block).
    function ratePerBlockRay(uint256 annualRateWad) internal pure returns (uint256) {
        return lnOnePlusWadE36(annualRateWad) / (BLOCKS_PER_YEAR * 1e9);
    }

    /// @notice `base^exponent` in ray by squaring; each product rounded half up (as MakerDAO `rpow`).
    /// @dev Relative error at most ~2 * log2(exponent) * 0.5e-27, i.e. below 1e-25 for a year.
    function rpow(uint256 baseRay, uint256 exponent) internal pure returns (uint256 resultRay) {
        resultRay = exponent % 2 == 1 ? baseRay : RAY;
        for (exponent /= 2; exponent != 0; exponent /= 2) {
            baseRay = (baseRay * baseRay + RAY / 2) / RAY;
            if (exponent % 2 == 1) resultRay = (resultRay * baseRay + RAY / 2) / RAY;
        }
    }

    /// @notice The tokens minted over `blocks` blocks on a supply of `supplyWei` at `ratePerBlockRay_`:
    /// `supply * ((1 + rate)^blocks - 1)`, rounded down.
    /// @dev No overflow: the base stays below 2 * RAY (rate <= ln 2 / n), so the squares stay far below
    /// 2^256, and a year's growth factor is below 2 * RAY.
    function compoundedMint(
        uint256 supplyWei,
        uint256 ratePerBlockRay_,
        uint256 blocks
    ) internal pure returns (uint256) {
        if (blocks == 0 || ratePerBlockRay_ == 0) return 0;
        uint256 growthRay = rpow(RAY + ratePerBlockRay_, blocks);
        return Math.mulDiv(supplyWei, growthRay - RAY, RAY);
    }

    /// @dev ln(2) in 36-decimal fixed point.
    uint256 internal constant LN2_E36 = 693147180559945309417232121458176568;

    /// @notice e^x for x in 36-decimal fixed point, result in wad; saturates at type(uint256).max
    /// when x > 131 (the result would exceed ~7.7e56).
    /// @dev e^x = 2^k * e^r with r = x - k ln 2 in [0, ln 2); Taylor series of e^r to 1e-36.
    function expE36ToWad(uint256 xE36) internal pure returns (uint256) {
        if (xE36 > 131 * E36) return type(uint256).max;
        uint256 k = xE36 / LN2_E36;
        uint256 r = xE36 - k * LN2_E36;
        uint256 sum = E36;
        uint256 term = E36;
        for (uint256 n = 1; term != 0; ++n) {
            term = Math.mulDiv(term, r, E36 * n);
            sum += term;
        }
        return (sum / 1e18) << k;
    }

    /// @notice `(1 + i)^(exponentWad) - 1` in wad, for an annual rate `i` in wad.
    function annualGrowthMinusOneWad(
        uint256 annualRateWad,
        uint256 exponentWad
    ) internal pure returns (uint256) {
        uint256 exponentE36 = Math.mulDiv(lnOnePlusWadE36(annualRateWad), exponentWad, WAD);
        uint256 growthWad = expE36ToWad(exponentE36);
        return growthWad == type(uint256).max ? growthWad : growthWad - WAD;
    }
}
