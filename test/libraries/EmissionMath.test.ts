import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  BLOCKS_PER_YEAR,
  E36,
  LN2_REF,
  RAY,
  REF,
  WAD,
  absDiff,
  annualGrowthMinusOneRef,
  expRef,
  growthRef,
  lnOnePlusRef,
  powRef,
  ratePerBlockRayFloor,
  relativeError,
} from "../shared/emissionReference";

const MAX_UINT = ethers.MaxUint256;
/** 1e70 / 1e36: from the reference's precision to the library's 36-decimal fixed point. */
const REF_PER_E36 = REF / E36;

async function harnessFixture() {
  const harness = await (await ethers.getContractFactory("EmissionMathHarness")).deploy();
  return { harness };
}

/** Annual rates (wad) the tests sweep: the edges 0 and 10%, and values in between. */
const RATES_UP_TO_MAX = [
  0n,
  1n,
  10n ** 9n,
  WAD / 1000n,
  WAD / 100n,
  (WAD * 3n) / 100n,
  WAD / 20n,
  (WAD * 777n) / 10_000n,
  WAD / 10n - 1n,
  WAD / 10n,
];

describe("EmissionMath", () => {
  describe("reference self-check", () => {
    it("computes ln 2, ln 1.1 and e to 60+ digits", () => {
      // Published constants (OEIS A002162, A193294, A001113), 60 digits after the point.
      expect(LN2_REF / 10n ** 10n).to.equal(693147180559945309417232121458176568075500134360255254120680n);
      expect(lnOnePlusRef(WAD / 10n) / 10n ** 10n).to.equal(
        95310179804324860043952123280765092220605365308644199185239n,
      );
      expect(expRef(REF) / 10n ** 10n).to.equal(
        2718281828459045235360287471352662497757247093699959574966967n,
      );
    });
  });

  describe("constants", () => {
    it("has 10,512,000 blocks a year (20 * 60 * 24 * 365)", async () => {
      const { harness } = await loadFixture(harnessFixture);
      expect(await harness.blocksPerYear()).to.equal(20n * 60n * 24n * 365n);
      expect(await harness.blocksPerYear()).to.equal(BLOCKS_PER_YEAR);
    });
  });

  describe("lnOnePlusWadE36", () => {
    it("is 0 at 0", async () => {
      const { harness } = await loadFixture(harnessFixture);
      expect(await harness.lnOnePlusWadE36(0n)).to.equal(0n);
    });

    it("is within 2e-35 below the exact ln(1 + x) for 0 < x <= 10%", async () => {
      const { harness } = await loadFixture(harnessFixture);
      for (const x of RATES_UP_TO_MAX.filter((rate) => rate > 0n)) {
        const actual = (await harness.lnOnePlusWadE36(x)) * REF_PER_E36;
        const exact = lnOnePlusRef(x);
        // Every truncation in the series rounds down: the result never exceeds the exact value.
        expect(actual <= exact, `ln(1 + ${x}) above the exact value`).to.equal(true);
        expect(exact - actual <= 20n * REF_PER_E36, `ln(1 + ${x}) off by ${exact - actual}e-70`).to.equal(
          true,
        );
      }
    });

    it("equals the 36-decimal truncation of ln(1.1) to the last 8 units at the 10% maximum", async () => {
      const { harness } = await loadFixture(harnessFixture);
      const actual = await harness.lnOnePlusWadE36(WAD / 10n);
      expect(actual).to.equal(95310179804324860043952123280765084n);
      // The exact value truncated to 36 decimals is ...092: 8e-36 below (0.8e-34 relative).
      expect(lnOnePlusRef(WAD / 10n) / REF_PER_E36 - actual).to.equal(8n);
    });

    it("stays within 40e-36 of the exact value up to x = 100% (the documented domain)", async () => {
      const { harness } = await loadFixture(harnessFixture);
      for (const x of [WAD / 5n, WAD / 2n, (WAD * 9n) / 10n, WAD]) {
        const actual = (await harness.lnOnePlusWadE36(x)) * REF_PER_E36;
        const exact = lnOnePlusRef(x);
        expect(actual <= exact).to.equal(true);
        expect(exact - actual <= 40n * REF_PER_E36, `ln(1 + ${x}) off by ${exact - actual}e-70`).to.equal(
          true,
        );
      }
      // ln 2 to 35 digits.
      expect((await harness.lnOnePlusWadE36(WAD)) / 10n).to.equal(69314718055994530941723212145817653n);
    });
  });

  describe("ratePerBlockRay", () => {
    it("is ln(1 + i) / n rounded down to ray for every rate in [0, 10%]", async () => {
      const { harness } = await loadFixture(harnessFixture);
      for (const rate of RATES_UP_TO_MAX) {
        expect(await harness.ratePerBlockRay(rate), `rate ${rate}`).to.equal(ratePerBlockRayFloor(rate));
      }
    });

    it("is 9.066797926591025498e-9 a block at 10% (27 significant decimals of the rate kept)", async () => {
      const { harness } = await loadFixture(harnessFixture);
      expect(await harness.ratePerBlockRay(WAD / 10n)).to.equal(9_066_797_926_591_025_498n);
      // 19 significant digits stored; the truncation is below 1e-27 per block.
      const exactRef = lnOnePlusRef(WAD / 10n) / BLOCKS_PER_YEAR;
      const storedRef = 9_066_797_926_591_025_498n * (REF / RAY);
      expect(exactRef - storedRef < REF / RAY).to.equal(true);
    });

    it("is 0 at a 0% rate", async () => {
      const { harness } = await loadFixture(harnessFixture);
      expect(await harness.ratePerBlockRay(0n)).to.equal(0n);
    });
  });

  describe("rpow", () => {
    const RATE_10 = 9_066_797_926_591_025_498n;

    it("returns RAY for exponent 0, the base for exponent 1, and RAY for base RAY", async () => {
      const { harness } = await loadFixture(harnessFixture);
      expect(await harness.rpow(RAY + RATE_10, 0n)).to.equal(RAY);
      expect(await harness.rpow(RAY + RATE_10, 1n)).to.equal(RAY + RATE_10);
      expect(await harness.rpow(RAY, 10_512_000n)).to.equal(RAY);
      expect(await harness.rpow(2n * RAY, 10n)).to.equal(1024n * RAY);
      expect(await harness.rpow(0n, 5n)).to.equal(0n);
    });

    it("matches the exact bigint power (base^k / RAY^(k-1)) within k half-ulps for small k", async () => {
      const { harness } = await loadFixture(harnessFixture);
      const base = RAY + RATE_10;
      for (const k of [2n, 3n, 4n, 5n, 7n, 8n, 15n, 16n, 31n, 33n, 64n, 100n]) {
        const exactNumerator = base ** k;
        const exactDenominator = RAY ** (k - 1n);
        const actual = await harness.rpow(base, k);
        // |actual - exact| <= k / 2 ulp (each of the < 2 log2 k roundings, amplified by the squarings).
        const diffTimesDen = absDiff(actual * exactDenominator, exactNumerator);
        expect(2n * diffTimesDen <= k * exactDenominator, `k = ${k}`).to.equal(true);
      }
    });

    it("has a relative error below k * 0.5e-27 against a 70-digit power, up to 10 years of blocks", async () => {
      const { harness } = await loadFixture(harnessFixture);
      for (const k of [1_000n, 28_800n, 201_600n, BLOCKS_PER_YEAR, 10n * BLOCKS_PER_YEAR]) {
        const actual = (await harness.rpow(RAY + RATE_10, k)) * (REF / RAY);
        const exact = growthRef(RATE_10, k);
        const error = relativeError(actual, exact);
        expect(error, `k = ${k}`).to.be.below(Number(k) * 0.5e-27);
      }
    });

    it("compounds a year at 10% to 1.1 minus 4.75e-10 (SPEC section 2: 1 + i up to ~4e-10)", async () => {
      const { harness } = await loadFixture(harnessFixture);
      const growth = await harness.rpow(RAY + RATE_10, BLOCKS_PER_YEAR);
      // (1 + ln(1.1)/n)^n = 1.1 * exp(-ln(1.1)^2 / 2n + ...) = 1.1 - 4.7529e-10.
      const shortfall = (RAY * 11n) / 10n - growth;
      expect(shortfall).to.be.greaterThan(0n);
      expect(Number(shortfall) / 1e27).to.be.closeTo(4.7529e-10, 1e-14);
    });
  });

  describe("compoundedMint", () => {
    const RATE_10 = 9_066_797_926_591_025_498n;
    const SUPPLY = 1_000_000_000n * WAD;

    it("mints nothing over 0 blocks or at a 0 rate", async () => {
      const { harness } = await loadFixture(harnessFixture);
      expect(await harness.compoundedMint(SUPPLY, RATE_10, 0n)).to.equal(0n);
      expect(await harness.compoundedMint(SUPPLY, 0n, BLOCKS_PER_YEAR)).to.equal(0n);
      expect(await harness.compoundedMint(0n, RATE_10, BLOCKS_PER_YEAR)).to.equal(0n);
    });

    it("mints floor(B * rate) for one block", async () => {
      const { harness } = await loadFixture(harnessFixture);
      expect(await harness.compoundedMint(SUPPLY, RATE_10, 1n)).to.equal((SUPPLY * RATE_10) / RAY);
      expect(await harness.compoundedMint(SUPPLY, RATE_10, 1n)).to.equal(9_066_797_926_591_025_498n);
    });

    it("mints B * ((1 + r)^k - 1) within 1e-20 of B for k up to a year", async () => {
      const { harness } = await loadFixture(harnessFixture);
      for (const k of [2n, 1_000n, 28_800n, BLOCKS_PER_YEAR - 1n, BLOCKS_PER_YEAR]) {
        const actual = await harness.compoundedMint(SUPPLY, RATE_10, k);
        const exactRef = (SUPPLY * (growthRef(RATE_10, k) - REF)) / REF;
        const tolerance = SUPPLY / 10n ** 20n + 1n;
        expect(absDiff(actual, exactRef) <= tolerance, `k = ${k}: ${actual} vs ${exactRef}`).to.equal(true);
      }
    });

    it("mints 10% of the supply in a year at 10%, within 5e-10 of B (SPEC section 2)", async () => {
      const { harness } = await loadFixture(harnessFixture);
      const minted = await harness.compoundedMint(SUPPLY, RATE_10, BLOCKS_PER_YEAR);
      expect(minted).to.be.lessThan(SUPPLY / 10n);
      expect(SUPPLY / 10n - minted <= (SUPPLY * 5n) / 10n ** 10n).to.equal(true);
    });

    it("does not overflow at the largest supply a uint128 holds, over ten years", async () => {
      const { harness } = await loadFixture(harnessFixture);
      const supply = 2n ** 128n - 1n;
      const minted = await harness.compoundedMint(supply, RATE_10, 10n * BLOCKS_PER_YEAR);
      const exactRef = (supply * (growthRef(RATE_10, 10n * BLOCKS_PER_YEAR) - REF)) / REF;
      expect(relativeError(minted, exactRef)).to.be.below(1e-19);
    });
  });

  describe("expE36ToWad", () => {
    it("is exactly 1 at 0", async () => {
      const { harness } = await loadFixture(harnessFixture);
      expect(await harness.expE36ToWad(0n)).to.equal(WAD);
    });

    it("matches a 70-digit e^x within 1e-17 for x in [1e-36, 131]", async () => {
      const { harness } = await loadFixture(harnessFixture);
      const xs = [
        1n,
        10n ** 18n,
        E36 / 10n,
        LN2_REF / REF_PER_E36,
        E36,
        (E36 * 5n) / 2n,
        10n * E36,
        64n * E36,
      ];
      xs.push(100n * E36 + 123_456_789n, 131n * E36);
      for (const x of xs) {
        const actualWad = await harness.expE36ToWad(x);
        const exactRef = expRef(x * REF_PER_E36);
        const error = relativeError(actualWad * (REF / WAD), exactRef);
        expect(error, `x = ${x}`).to.be.below(1e-17);
      }
      expect((await harness.expE36ToWad(E36)) / 1000n).to.equal(2_718_281_828_459_045n);
    });

    it("saturates at type(uint256).max above x = 131", async () => {
      const { harness } = await loadFixture(harnessFixture);
      expect(await harness.expE36ToWad(131n * E36)).to.be.lessThan(MAX_UINT);
      expect(await harness.expE36ToWad(131n * E36 + 1n)).to.equal(MAX_UINT);
      expect(await harness.expE36ToWad(1000n * E36)).to.equal(MAX_UINT);
      expect(await harness.expE36ToWad(MAX_UINT)).to.equal(MAX_UINT);
    });
  });

  describe("annualGrowthMinusOneWad", () => {
    it("is 0 at a 0% rate or a 0 exponent", async () => {
      const { harness } = await loadFixture(harnessFixture);
      expect(await harness.annualGrowthMinusOneWad(0n, 10n ** 24n)).to.equal(0n);
      expect(await harness.annualGrowthMinusOneWad(WAD / 10n, 0n)).to.equal(0n);
    });

    it("is (1 + i)^e - 1 within 1e-15 relative (or 2 wei) of a 70-digit reference", async () => {
      const { harness } = await loadFixture(harnessFixture);
      for (const rate of [WAD / 100n, WAD / 20n, WAD / 10n]) {
        for (const exponent of [1n, WAD / 2n, WAD, (WAD * 3n) / 2n, 3n * WAD, 20n * WAD, 1000n * WAD]) {
          const actual = await harness.annualGrowthMinusOneWad(rate, exponent);
          const exactRef = annualGrowthMinusOneRef(rate, exponent);
          const exactWad = exactRef / (REF / WAD);
          const ok = absDiff(actual, exactWad) <= 2n || relativeError(actual, exactWad) < 1e-15;
          expect(ok, `rate ${rate} exponent ${exponent}: ${actual} vs ${exactWad}`).to.equal(true);
        }
      }
      // (1.1)^1 - 1 = 0.1, truncated by one wei.
      expect(await harness.annualGrowthMinusOneWad(WAD / 10n, WAD)).to.equal(WAD / 10n - 1n);
    });

    it("saturates at type(uint256).max once ln(1 + i) * e exceeds 131", async () => {
      const { harness } = await loadFixture(harnessFixture);
      // ln(1.1) * e > 131 from e = 1374.46...
      expect(await harness.annualGrowthMinusOneWad(WAD / 10n, 1374n * WAD)).to.be.lessThan(MAX_UINT);
      expect(await harness.annualGrowthMinusOneWad(WAD / 10n, 1375n * WAD)).to.equal(MAX_UINT);
    });
  });

  describe("reference power", () => {
    it("powRef agrees with exact bigint powers (checks the reference itself)", () => {
      const base = REF + REF / 12345n;
      const exact = base ** 20n / REF ** 19n;
      expect(absDiff(powRef(base, 20n), exact) <= 40n).to.equal(true);
    });
  });
});
