/**
 * Statistics of the draw. Significance level of every goodness-of-fit test: alpha = 0.001 (the
 * test fails when the p-value of Pearson's chi-square statistic is below 0.001). The seeds are
 * fixed, so each run computes the same statistic; the tests print it. Each test is paired with a
 * check that the same data against a wrong expectation is rejected, so the test has power.
 */
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { keccak256, toUtf8Bytes } from "ethers";
import { samplingHarnessFixture } from "./fixtures";
import { randomWord, sampleWithoutReplacement, shuffle } from "../model/election";
import { ETM } from "../shared/units";
import { UNDER_COVERAGE } from "../shared/coverage";

const ALPHA = 0.001;
const MODEL_SEEDS = 20_000;
/** Under solidity-coverage every opcode is traced: a smaller on-chain sample keeps memory in bounds. */
const ONCHAIN_SEEDS = UNDER_COVERAGE ? 400 : 4_000;
const ONCHAIN_BATCH = UNDER_COVERAGE ? 50 : 500;
/** Ten candidates' stakes in ETM (wei scale does not matter for the proportions). */
const STAKES = [
  100_000n,
  250_000n,
  50_000n,
  400_000n,
  75_000n,
  125_000n,
  70_000n,
  80_000n,
  90_000n,
  60_000n,
].map((s) => s * ETM);

// ---------------------------------------------------------------- chi-square

function logGamma(z: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for z > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  z -= 1;
  let x = c[0];
  for (let i = 1; i < 9; i++) x += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}

/** Regularised upper incomplete gamma Q(a, x) (Numerical Recipes: series below a + 1, continued fraction above). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(lnPrefix);
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(lnPrefix) * h;
}

/** Pearson's statistic of `observed` counts against `probabilities`, its degrees of freedom and p-value. */
export function chiSquare(observed: number[], probabilities: number[]) {
  const total = observed.reduce((a, b) => a + b, 0);
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = total * probabilities[i];
    statistic += (observed[i] - expected) ** 2 / expected;
  }
  const df = observed.length - 1;
  return { statistic, df, pValue: gammaQ(df / 2, statistic / 2) };
}

function proportions(weights: bigint[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0n);
  return weights.map((w) => Number((w * 10n ** 12n) / total) / 1e12);
}

function seeds(label: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => keccak256(toUtf8Bytes(`${label}-${i}`)));
}

function report(name: string, r: { statistic: number; df: number; pValue: number }, n: number) {
  console.log(
    `      ${name}: chi2 = ${r.statistic.toFixed(2)}, df = ${r.df}, p = ${r.pValue.toFixed(4)} over ${n} seeds (alpha ${ALPHA})`,
  );
}

/** First-draw index by the model: the same rule as the contract for draw 0. */
function firstDraw(weights: bigint[], seed: string): number {
  const total = weights.reduce((a, b) => a + b, 0n);
  let target = randomWord(seed, 0) % total;
  for (let i = 0; i < weights.length; i++) {
    if (target < weights[i]) return i;
    target -= weights[i];
  }
  throw new Error("unreachable");
}

describe("Election statistics (chi-square, alpha = 0.001)", () => {
  it("sanity of the chi-square helper: known quantiles", () => {
    // chi2(df = 9) upper 0.001 quantile is 27.877; chi2(df = 1) at 3.841 has p = 0.05
    expect(gammaQ(4.5, 27.877 / 2)).to.be.closeTo(0.001, 1e-5);
    expect(gammaQ(0.5, 3.841 / 2)).to.be.closeTo(0.05, 1e-4);
    expect(chiSquare([50, 50], [0.5, 0.5]).pValue).to.equal(1);
  });

  it(`model: the first draw is proportional to stake over ${MODEL_SEEDS} seeds`, () => {
    const counts = new Array(STAKES.length).fill(0);
    for (const seed of seeds("first", MODEL_SEEDS)) counts[firstDraw(STAKES, seed)]++;
    const result = chiSquare(counts, proportions(STAKES));
    report("model first draw", result, MODEL_SEEDS);
    expect(result.pValue).to.be.greaterThan(ALPHA);
    // power: the same counts are far from a uniform draw
    expect(chiSquare(counts, new Array(STAKES.length).fill(1 / STAKES.length)).pValue).to.be.lessThan(1e-12);
  });

  it(`model: the second draw follows sampling without replacement over ${MODEL_SEEDS} seeds`, () => {
    const p = proportions(STAKES);
    // P(second = j) = sum over i != j of p_i * p_j / (1 - p_i)
    const expected = p.map((pj, j) =>
      p.reduce((acc, pi, i) => (i === j ? acc : acc + (pi * pj) / (1 - pi)), 0),
    );
    const counts = new Array(STAKES.length).fill(0);
    for (const seed of seeds("second", MODEL_SEEDS)) counts[sampleWithoutReplacement(STAKES, 2, seed)[1]]++;
    const result = chiSquare(counts, expected);
    report("model second draw", result, MODEL_SEEDS);
    expect(result.pValue).to.be.greaterThan(ALPHA);
    // power: with replacement the second draw would follow p itself, which these counts reject
    expect(chiSquare(counts, p).pValue).to.be.lessThan(ALPHA);
  });

  it(`model: setting aside offline candidates draws the live ones in proportion to stake (${MODEL_SEEDS} seeds)`, () => {
    const live = STAKES.map((_, i) => i % 3 !== 0); // candidates 0, 3, 6, 9 offline (3 is the largest)
    const liveStakes = STAKES.filter((_, i) => live[i]);
    const counts = new Array(liveStakes.length).fill(0);
    const liveIndex = STAKES.map((_, i) => STAKES.slice(0, i).filter((__, j) => live[j]).length);
    for (const seed of seeds("rejection", MODEL_SEEDS)) {
      const order = sampleWithoutReplacement(STAKES, 5, seed); // 4 offline: the 5th draw at the latest is live
      const firstLive = order.find((i) => live[i])!;
      counts[liveIndex[firstLive]]++;
    }
    const result = chiSquare(counts, proportions(liveStakes));
    report("model first live draw", result, MODEL_SEEDS);
    expect(result.pValue).to.be.greaterThan(ALPHA);
  });

  it(`model: the shuffle makes every order of 3 equally likely (${MODEL_SEEDS} seeds)`, () => {
    const orders = ["012", "021", "102", "120", "201", "210"];
    const counts = new Array(6).fill(0);
    for (const seed of seeds("shuffle", MODEL_SEEDS))
      counts[orders.indexOf(shuffle([0, 1, 2], seed).join(""))]++;
    const result = chiSquare(counts, new Array(6).fill(1 / 6));
    report("model shuffle of 3", result, MODEL_SEEDS);
    expect(result.pValue).to.be.greaterThan(ALPHA);
  });

  it(`on chain: the first draw equals the model's for ${ONCHAIN_SEEDS} seeds and is proportional to stake`, async () => {
    const harness = await loadFixture(samplingHarnessFixture);
    const all = seeds("onchain", ONCHAIN_SEEDS);
    const counts = new Array(STAKES.length).fill(0);
    for (let i = 0; i < all.length; i += ONCHAIN_BATCH) {
      const batch = all.slice(i, i + ONCHAIN_BATCH);
      const firsts = await harness.firstDraws(STAKES, batch);
      for (let j = 0; j < batch.length; j++) {
        expect(Number(firsts[j]), `seed ${batch[j]}`).to.equal(firstDraw(STAKES, batch[j]));
        counts[Number(firsts[j])]++;
      }
    }
    const result = chiSquare(counts, proportions(STAKES));
    report("on-chain first draw", result, ONCHAIN_SEEDS);
    expect(result.pValue).to.be.greaterThan(ALPHA);
    expect(chiSquare(counts, new Array(STAKES.length).fill(1 / STAKES.length)).pValue).to.be.lessThan(1e-6);
  });
});
