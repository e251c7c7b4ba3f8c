// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EmissionMath} from "../../../contracts/libraries/EmissionMath.sol";
import {Shuffle} from "../../../contracts/libraries/Shuffle.sol";
import {WeightedSampling} from "../../../contracts/libraries/WeightedSampling.sol";
import {TestBase} from "../utils/Test.sol";

/// @title MathLibrariesFuzz
/// @notice Property fuzzing of contracts/libraries (runs: foundry.toml `[fuzz]`): the emission's
/// logarithm, per-block rate, ray power and compounded mint against reference values, bounds and
/// monotonicity; the weighted draw and the top-k threshold; the shuffle.
contract MathLibrariesFuzz is TestBase {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant RAY = 1e27;
    uint256 internal constant E36 = 1e36;
    uint256 internal constant N = 10_512_000;
    /// @dev ln(1.1) and ln(2) to 36 decimals (rounded down), from an arbitrary-precision reference.
    uint256 internal constant LN_1_1_E36 = 95310179804324860043952123280765092;
    uint256 internal constant LN_2_E36 = 693147180559945309417232121458176568;

    // ================================================================== ln(1 + x)

    function test_lnReferenceValues() public pure {
        uint256 ln11 = EmissionMath.lnOnePlusWadE36(0.1e18);
        assertLe(_diff(ln11, LN_1_1_E36), 10, "ln(1.1) to 1e-35");
        uint256 ln2 = EmissionMath.lnOnePlusWadE36(1e18);
        // at x = 100% the ~38 floored terms add up to a few 1e-35 (the library's note says < 1e-35)
        assertLe(_diff(ln2, LN_2_E36), 100, "ln(2) to 1e-34");
        assertEq(EmissionMath.lnOnePlusWadE36(0), 0, "ln(1) = 0");
    }

    /// @dev x - x^2/2 <= ln(1+x) <= x - x^2/2 + x^3/3 on [0, 1], and ln(1+x) <= x.
    function testFuzz_lnBounds(uint256 xSeed) public pure {
        uint256 x = bound(xSeed, 0, WAD);
        uint256 ln = EmissionMath.lnOnePlusWadE36(x);
        uint256 xE36 = x * 1e18;
        uint256 x2 = (xE36 * xE36) / E36;
        uint256 x3 = (x2 * xE36) / E36;
        assertLe(ln, xE36, "ln(1+x) <= x");
        assertGe(ln + 1e3, xE36 - x2 / 2, "ln(1+x) >= x - x^2/2");
        assertLe(ln, xE36 - x2 / 2 + x3 / 3 + 1e3, "ln(1+x) <= x - x^2/2 + x^3/3");
    }

    function testFuzz_lnMonotonic(uint256 aSeed, uint256 bSeed) public pure {
        uint256 a = bound(aSeed, 0, WAD);
        uint256 b = bound(bSeed, a, WAD);
        assertLe(EmissionMath.lnOnePlusWadE36(a), EmissionMath.lnOnePlusWadE36(b), "ln monotonic");
    }

    /// @dev ln(1+a) + ln(1+b) = ln((1+a)(1+b)) for a, b with (1+a)(1+b) <= 2.
    function testFuzz_lnAdditive(uint256 aSeed, uint256 bSeed) public pure {
        uint256 a = bound(aSeed, 0, 0.4e18);
        uint256 b = bound(bSeed, 0, 0.4e18);
        uint256 product = a + b + (a * b) / WAD; // (1+a)(1+b) - 1, rounded down
        uint256 left = EmissionMath.lnOnePlusWadE36(a) + EmissionMath.lnOnePlusWadE36(b);
        uint256 right = EmissionMath.lnOnePlusWadE36(product);
        // the product's rounding (< 1 wei of 1 + product) is < 1e-18 in the logarithm
        assertLe(_diff(left, right), 1e18 + 1e3, "ln additive");
    }

    function testFuzz_ratePerBlock(uint256 aSeed, uint256 bSeed) public pure {
        uint256 a = bound(aSeed, 0, 0.1e18);
        uint256 b = bound(bSeed, a, 0.1e18);
        uint256 ra = EmissionMath.ratePerBlockRay(a);
        assertLe(ra, EmissionMath.ratePerBlockRay(b), "per-block rate monotonic");
        assertLe(ra * N, a * 1e9, "n * i_n <= i (ln(1+i) <= i)");
        assertLe(ra, type(uint64).max, "per-block rate fits its uint64 field");
    }

    // ================================================================== rpow and the mint

    /// @dev (1 + r)^n at the 10% rate: 1.1 up to 4.75e-10 (SPEC section 2 says "up to 4e-10": the
    /// exact gap is 1.1 * (1 - ln(1.1)^2 / 2n)); against the exact power of the rounded per-block
    /// rate (computed to 90 digits), rpow is within 3e-21 (the library's note says 1e-25).
    function test_yearGrowthAtTenPercent() public pure {
        uint256 rate = EmissionMath.ratePerBlockRay(0.1e18);
        assertEq(rate, 9066797926591025498, "i_n of 10% (floor of ln(1.1) / n in ray)");
        uint256 growth = EmissionMath.rpow(RAY + rate, N);
        uint256 exact = 1099999999524713025617615581;
        assertLe(_diff(growth, exact), exact / 1e20 / 3, "rpow of a year within 3e-21 of the exact power");
        assertLe(growth, 1.1e27, "a year's growth <= 1.1");
        assertGe(growth, 1.1e27 - 0.000000000476e27, "a year's growth >= 1.1 - 4.76e-10");
    }

    function testFuzz_rpowBernoulliAndMonotonic(uint256 rateSeed, uint256 kSeed, uint256 jSeed) public pure {
        uint256 rate = bound(rateSeed, 0, EmissionMath.ratePerBlockRay(0.1e18));
        uint256 k = bound(kSeed, 0, 5 * N);
        uint256 j = bound(jSeed, k, 5 * N);
        uint256 pk = EmissionMath.rpow(RAY + rate, k);
        assertGe(pk + k, RAY + k * rate, "Bernoulli: (1+r)^k >= 1 + k r");
        assertLe(pk, EmissionMath.rpow(RAY + rate, j), "monotonic in the exponent");
        if (rate != 0) assertLe(EmissionMath.rpow(RAY + rate - 1, k), pk, "monotonic in the base");
    }

    /// @dev (1+r)^(a+b) = (1+r)^a (1+r)^b within the rounding of the squarings (relative 1e-24).
    function testFuzz_rpowSplit(uint256 rateSeed, uint256 aSeed, uint256 bSeed) public pure {
        uint256 rate = bound(rateSeed, 0, EmissionMath.ratePerBlockRay(0.1e18));
        uint256 a = bound(aSeed, 0, 3 * N);
        uint256 b = bound(bSeed, 0, 3 * N);
        uint256 whole = EmissionMath.rpow(RAY + rate, a + b);
        uint256 parts = (EmissionMath.rpow(RAY + rate, a) * EmissionMath.rpow(RAY + rate, b)) / RAY;
        assertLe(_diff(whole, parts), whole / 1e24 + 2, "rpow split");
    }

    /// @dev Minting over k1 + k2 blocks at once or in two accruals differs by rounding only: the
    /// emission does not depend on how often anyone calls.
    function testFuzz_compoundedMintSplit(
        uint256 supplySeed,
        uint256 rateSeed,
        uint256 aSeed,
        uint256 bSeed
    ) public pure {
        uint256 supply = bound(supplySeed, 1e18, 1e28);
        uint256 rate = bound(rateSeed, 0, EmissionMath.ratePerBlockRay(0.1e18));
        uint256 a = bound(aSeed, 0, N);
        uint256 b = bound(bSeed, 0, N);
        uint256 once = EmissionMath.compoundedMint(supply, rate, a + b);
        uint256 first = EmissionMath.compoundedMint(supply, rate, a);
        uint256 twice = first + EmissionMath.compoundedMint(supply + first, rate, b);
        assertLe(_diff(once, twice), supply / 1e24 + 2, "mint split-invariant");
        assertLe(
            once,
            (supply * (a + b) * rate) / RAY + ((supply * (a + b) * rate) / RAY) / 2 + 1,
            "mint bounded"
        );
    }

    function test_expReference() public pure {
        assertLe(_diff(EmissionMath.expE36ToWad(LN_2_E36), 2e18), 10, "e^ln2 = 2");
        assertEq(EmissionMath.expE36ToWad(0), 1e18, "e^0 = 1");
    }

    function testFuzz_expMonotonic(uint256 aSeed, uint256 bSeed) public pure {
        uint256 a = bound(aSeed, 0, 40 * E36);
        uint256 b = bound(bSeed, a, 40 * E36);
        assertLe(EmissionMath.expE36ToWad(a), EmissionMath.expE36ToWad(b), "exp monotonic");
    }

    // ================================================================== weighted sampling

    function testFuzz_sampleWithoutReplacement(
        uint256[] memory raw,
        uint256 countSeed,
        bytes32 seed
    ) public pure {
        uint256 n = raw.length > 64 ? 64 : raw.length;
        uint256[] memory weights = new uint256[](n);
        uint256[] memory original = new uint256[](n);
        uint256 nonZero;
        for (uint256 i = 0; i < n; ++i) {
            // zero sometimes, otherwise a stake-like weight
            weights[i] = raw[i] % 5 == 0 ? 0 : bound(raw[i], 1, 1e30);
            original[i] = weights[i];
            if (weights[i] != 0) ++nonZero;
        }
        uint256 count = bound(countSeed, 0, 70);
        uint256[] memory drawn = WeightedSampling.sampleWithoutReplacement(weights, count, seed);
        uint256 expected = count < nonZero ? count : nonZero;
        assertEq(drawn.length, expected, "draws min(count, non-zero weights)");
        bool[] memory seen = new bool[](n);
        for (uint256 i = 0; i < drawn.length; ++i) {
            assertLt(drawn[i], n, "drawn index in range");
            assertTrue(!seen[drawn[i]], "drawn twice");
            seen[drawn[i]] = true;
            assertTrue(original[drawn[i]] != 0, "drew a zero weight");
            assertEq(weights[drawn[i]], 0, "drawn weight zeroed");
        }
        // the same seed gives the same draw
        uint256[] memory again = WeightedSampling.sampleWithoutReplacement(original, count, seed);
        for (uint256 i = 0; i < drawn.length; ++i) assertEq(again[i], drawn[i], "same seed, same draw");
    }

    /// @dev One weight that dwarfs all others is drawn first (the walk respects the weights).
    function testFuzz_sampleHeavyFirst(uint256 nSeed, uint256 heavySeed, bytes32 seed) public pure {
        uint256 n = bound(nSeed, 1, 50);
        uint256 heavy = bound(heavySeed, 0, n - 1);
        uint256[] memory weights = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) weights[i] = i == heavy ? 1e60 : 1;
        // P(another first) <= n / 1e60
        uint256[] memory drawn = WeightedSampling.sampleWithoutReplacement(weights, 1, seed);
        assertEq(drawn[0], heavy, "the overwhelming weight is drawn first");
    }

    function testFuzz_topThreshold(uint256[] memory raw, uint256 kSeed) public pure {
        uint256 n = raw.length > 64 ? 64 : raw.length;
        if (n == 0) return;
        uint256[] memory values = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) values[i] = raw[i] % 8; // many ties
        uint256 k = bound(kSeed, 1, n);
        (uint256 threshold, uint256 quota) = WeightedSampling.topThreshold(values, k);
        uint256 above;
        uint256 at;
        for (uint256 i = 0; i < n; ++i) {
            if (values[i] > threshold) ++above;
            else if (values[i] == threshold) ++at;
        }
        assertEq(above + quota, k, "keeps exactly k");
        assertTrue(quota >= 1 && quota <= at, "quota among the values at the threshold");
    }

    // ================================================================== shuffle

    function testFuzz_shuffleIsPermutation(uint256 nSeed, bytes32 seed) public pure {
        uint256 n = bound(nSeed, 0, 120);
        uint256[] memory items = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) items[i] = i * 7 + 3;
        Shuffle.shuffle(items, seed);
        bool[] memory seen = new bool[](n);
        for (uint256 i = 0; i < n; ++i) {
            assertEq(items[i] % 7, 3, "an item that was not there");
            uint256 index = (items[i] - 3) / 7;
            assertLt(index, n, "an item out of range");
            assertTrue(!seen[index], "an item twice");
            seen[index] = true;
        }
        uint256[] memory again = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) again[i] = i * 7 + 3;
        Shuffle.shuffle(again, seed);
        for (uint256 i = 0; i < n; ++i) assertEq(again[i], items[i], "same seed, same order");
    }

    function _diff(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : b - a;
    }
}
