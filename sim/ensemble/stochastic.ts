/**
 * The ensemble's randomness and shocks: a scenario's optional `stochastic` section. Every path of
 * an ensemble plays the same scenario with its own seed; these are what differ between paths.
 *
 * - `outsideYield`: a market-wide shift of every agent's alternative yield, an Ornstein–Uhlenbeck
 *   process around 0 (mean reversion `meanReversionPerYear`, volatility `volatilityPerSqrtYear`),
 *   stepped exactly at each decision.
 * - `decisionProbability`: the chance an agent looks at all at a given decision (attention).
 * - `priceShocks`: jumps of the token's log price at `ratePerYear` (Poisson), each
 *   Normal(`meanLogJump`, `sdLogJump`), reverting to 0 at `meanReversionPerYear`; a price below its
 *   start raises the yield agents ask of staking by `yieldPerLogPrice` per unit of log price lost
 *   (and lowers it above).
 * - `slashing`: at `ratePerYear` (Poisson) the largest validator is slashed by `fraction` (its
 *   self-stake, its delegators' stake and their unbonding, burned) and jailed; its delegators
 *   unstake and, once free, stake with another validator.
 * - `whale`: with `probability` per path, a holder of `holdingsEtm` (from the supply nobody holds)
 *   stakes everything with one validator on a day drawn in `enterDay`, and unstakes all
 *   `stayDays` later (drawn in that range).
 */
import { FieldReader, ScenarioError } from "../fieldReader";

export interface Stochastic {
  outsideYield: { meanReversionPerYear: number; volatilityPerSqrtYear: number };
  decisionProbability: number;
  priceShocks: {
    ratePerYear: number;
    meanLogJump: number;
    sdLogJump: number;
    meanReversionPerYear: number;
    yieldPerLogPrice: number;
  };
  slashing: { ratePerYear: number; fraction: number };
  whale: { probability: number; holdingsEtm: number; enterDay: [number, number]; stayDays: [number, number] };
}

/** What an ensemble uses when the scenario has no `stochastic` section. */
export const DEFAULT_STOCHASTIC: Stochastic = {
  outsideYield: { meanReversionPerYear: 2, volatilityPerSqrtYear: 0.02 },
  decisionProbability: 0.8,
  priceShocks: {
    ratePerYear: 2,
    meanLogJump: -0.05,
    sdLogJump: 0.2,
    meanReversionPerYear: 1,
    yieldPerLogPrice: 0.05,
  },
  slashing: { ratePerYear: 0.3, fraction: 0.05 },
  whale: { probability: 0.5, holdingsEtm: 40_000_000, enterDay: [60, 240], stayDays: [30, 120] },
};

/** No randomness at all: an ensemble path is then the deterministic simulator's path (tested). */
export const NO_STOCHASTIC: Stochastic = {
  outsideYield: { meanReversionPerYear: 1, volatilityPerSqrtYear: 0 },
  decisionProbability: 1,
  priceShocks: { ratePerYear: 0, meanLogJump: 0, sdLogJump: 0, meanReversionPerYear: 1, yieldPerLogPrice: 0 },
  slashing: { ratePerYear: 0, fraction: 0 },
  whale: { probability: 0, holdingsEtm: 0, enterDay: [0, 0], stayDays: [0, 0] },
};

function range(field: FieldReader, key: string, fallback: [number, number]): [number, number] {
  if (!field.has(key)) return fallback;
  const value = field.raw(key);
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((x) => Number.isSafeInteger(x) && x >= 0) ||
    value[0] > value[1]
  ) {
    throw new ScenarioError(
      `${field.at(key)} must be [first, last], two whole days with first <= last, got ${JSON.stringify(value)}`,
    );
  }
  return [value[0], value[1]];
}

export function parseStochastic(json: unknown, path: string): Stochastic {
  if (json === undefined) return DEFAULT_STOCHASTIC;
  const root = FieldReader.of(json, path, [
    "outsideYield",
    "decisionProbability",
    "priceShocks",
    "slashing",
    "whale",
  ]);
  const d = DEFAULT_STOCHASTIC;
  const yieldField = FieldReader.of(root.raw("outsideYield") ?? {}, `${path}.outsideYield`, [
    "meanReversionPerYear",
    "volatilityPerSqrtYear",
  ]);
  const price = FieldReader.of(root.raw("priceShocks") ?? {}, `${path}.priceShocks`, [
    "ratePerYear",
    "meanLogJump",
    "sdLogJump",
    "meanReversionPerYear",
    "yieldPerLogPrice",
  ]);
  const slashing = FieldReader.of(root.raw("slashing") ?? {}, `${path}.slashing`, [
    "ratePerYear",
    "fraction",
  ]);
  const whale = FieldReader.of(root.raw("whale") ?? {}, `${path}.whale`, [
    "probability",
    "holdingsEtm",
    "enterDay",
    "stayDays",
  ]);
  return {
    outsideYield: {
      meanReversionPerYear: yieldField.number(
        "meanReversionPerYear",
        { min: 0, max: 1000, minExclusive: true },
        d.outsideYield.meanReversionPerYear,
      ),
      volatilityPerSqrtYear: yieldField.number(
        "volatilityPerSqrtYear",
        { min: 0, max: 1 },
        d.outsideYield.volatilityPerSqrtYear,
      ),
    },
    decisionProbability: root.number(
      "decisionProbability",
      { min: 0, max: 1, minExclusive: true },
      d.decisionProbability,
    ),
    priceShocks: {
      ratePerYear: price.number("ratePerYear", { min: 0, max: 365 }, d.priceShocks.ratePerYear),
      meanLogJump: price.number("meanLogJump", { min: -5, max: 5 }, d.priceShocks.meanLogJump),
      sdLogJump: price.number("sdLogJump", { min: 0, max: 5 }, d.priceShocks.sdLogJump),
      meanReversionPerYear: price.number(
        "meanReversionPerYear",
        { min: 0, max: 1000 },
        d.priceShocks.meanReversionPerYear,
      ),
      yieldPerLogPrice: price.number("yieldPerLogPrice", { min: 0, max: 1 }, d.priceShocks.yieldPerLogPrice),
    },
    slashing: {
      ratePerYear: slashing.number("ratePerYear", { min: 0, max: 365 }, d.slashing.ratePerYear),
      fraction: slashing.number("fraction", { min: 0, max: 1 }, d.slashing.fraction),
    },
    whale: {
      probability: whale.number("probability", { min: 0, max: 1 }, d.whale.probability),
      holdingsEtm: whale.number("holdingsEtm", { min: 0 }, d.whale.holdingsEtm),
      enterDay: range(whale, "enterDay", d.whale.enterDay),
      stayDays: range(whale, "stayDays", d.whale.stayDays),
    },
  };
}
