// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EmissionMath} from "../libraries/EmissionMath.sol";

/// @title EmissionMathHarness
/// @notice Test harness: exposes the internal functions of {EmissionMath} so unit tests can call them.
/// Not deployed by `deploySystem`; test scaffolding only.
contract EmissionMathHarness {
    function blocksPerYear() external pure returns (uint256) {
        return EmissionMath.BLOCKS_PER_YEAR;
    }

    function lnOnePlusWadE36(uint256 xWad) external pure returns (uint256) {
        return EmissionMath.lnOnePlusWadE36(xWad);
    }

    function ratePerBlockRay(uint256 annualRateWad) external pure returns (uint256) {
        return EmissionMath.ratePerBlockRay(annualRateWad);
    }

    function rpow(uint256 baseRay, uint256 exponent) external pure returns (uint256) {
        return EmissionMath.rpow(baseRay, exponent);
    }

    function compoundedMint(
        uint256 supplyWei,
        uint256 ratePerBlockRay_,
        uint256 blocks
    ) external pure returns (uint256) {
        return EmissionMath.compoundedMint(supplyWei, ratePerBlockRay_, blocks);
    }

    function expE36ToWad(uint256 xE36) external pure returns (uint256) {
        return EmissionMath.expE36ToWad(xE36);
    }

    function annualGrowthMinusOneWad(
        uint256 annualRateWad,
        uint256 exponentWad
    ) external pure returns (uint256) {
        return EmissionMath.annualGrowthMinusOneWad(annualRateWad, exponentWad);
    }
}
