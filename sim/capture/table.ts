/**
 * The capture table: for each validator count, round length and coalition share, the chance that a
 * coalition reaches each QBFT threshold in one election and at least once in a day, a month and a
 * year of elections; exact (dynamic programme) for equal honest stakes, Monte Carlo for Zipf-shaped
 * honest stakes, deterministic for top-N election; the last proposer's grinding; the Nakamoto
 * coefficient of the seated sets. Pure: `npm run simulate -- --capture` writes it out.
 */
import { captureWithGrinding } from "./grinding";
import { candidateStakes, HonestShape, honestShares } from "./populations";
import { atLeastOnce, electionsPer, PERIODS } from "./periods";
import { Estimate, monteCarloSeatCounts, tailEstimate } from "./monteCarlo";
import { seatDistribution, tailProbability } from "./seatDistribution";
import { bestSplits } from "./splitSearch";
import { CAPTURE_KINDS, CaptureKind, captureThresholds, seatsFor } from "./thresholds";
import { seatedNakamoto, topNSeats } from "./topN";

export const COALITION_SHARES = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6];
export const VALIDATOR_COUNTS = [21, 31, 51, 101];
/** An hour, a day (the default) and a week of 3-second blocks. */
export const ROUND_LENGTHS_BLOCKS = [1_200, 28_800, 201_600];
export const DEFAULT_VALIDATOR_COUNT = 21;
export const DEFAULT_ROUND_LENGTH_BLOCKS = 28_800;
/** Honest candidates in the reference populations. */
export const HONEST_CANDIDATES = 100;
/** Seeds a grinding last proposer tries per round (1 = no grinding). */
export const GRINDING_TRIES = [1, 1_000, 1_000_000];
/** The coalition's candidates in the Monte Carlo populations (finite: each is drawn as a candidate). */
export const MONTE_CARLO_COALITION_CANDIDATES = 200;

export interface CaptureOptions {
  validatorCounts: number[];
  roundLengthsBlocks: number[];
  coalitionShares: number[];
  honestCandidates: number;
  monteCarloSamples: number;
  seed: number;
}

export const DEFAULT_CAPTURE_OPTIONS: CaptureOptions = {
  validatorCounts: VALIDATOR_COUNTS,
  roundLengthsBlocks: ROUND_LENGTHS_BLOCKS,
  coalitionShares: COALITION_SHARES,
  honestCandidates: HONEST_CANDIDATES,
  monteCarloSamples: 20_000,
  seed: 1,
};

export type Method = "exact" | "monteCarlo" | "deterministic";

/** One threshold's odds; exact rows have low = high = estimate. */
export interface CaptureRow {
  election: "random" | "topN";
  honest: HonestShape;
  method: Method;
  validatorCount: number;
  roundLengthBlocks: number;
  coalitionShare: number;
  kind: CaptureKind;
  seats: number;
  /** The coalition's candidates (Infinity: split without limit). */
  coalitionCandidates: number;
  grindingTries: number;
  perElection: Estimate;
  perDay: Estimate;
  perMonth: Estimate;
  perYear: Estimate;
}

export interface NakamotoRow {
  validatorCount: number;
  coalitionShare: number;
  /** Expected fewest operators holding the halt threshold of a randomly seated set (exact). */
  randomExpected: number;
  /** Probability that it is 1 (the coalition alone halts). */
  randomOne: number;
  /** The same under top-N election (deterministic). */
  topN: number;
  /** Fewest operators holding more than a third of the stake. */
  stake: number;
}

/** A Monte Carlo estimate checked against the exact programme on the same population. */
export interface CrossCheck {
  validatorCount: number;
  coalitionShare: number;
  kind: CaptureKind;
  exact: number;
  monteCarlo: Estimate;
  /** Whether the exact value lies in the Monte Carlo interval at the z used. */
  agrees: boolean;
}

/** How the honest candidates' number changes the odds (exact, coalition split without limit). */
export interface SensitivityRow {
  validatorCount: number;
  honestCandidates: number;
  coalitionShare: number;
  haltPerElection: number;
  haltPerYear: number;
}

export const SENSITIVITY_HONEST_CANDIDATES = [30, 50, 100, 200, 500, 1_000, Infinity];
export const SENSITIVITY_SHARES = [0.05, 0.1, 0.15, 0.2];

export function sensitivityRows(validatorCounts: readonly number[]): SensitivityRow[] {
  const rows: SensitivityRow[] = [];
  for (const n of validatorCounts) {
    const { haltSeats } = captureThresholds(n);
    for (const H of SENSITIVITY_HONEST_CANDIDATES) {
      for (const f of SENSITIVITY_SHARES) {
        const perElection = tailProbability(
          seatDistribution({
            validatorCount: n,
            coalitionShare: f,
            coalitionCandidates: Infinity,
            honestCandidates: H,
          }),
          haltSeats,
        );
        rows.push({
          validatorCount: n,
          honestCandidates: H,
          coalitionShare: f,
          haltPerElection: perElection,
          haltPerYear: atLeastOnce(perElection, electionsPer(PERIODS[2].blocks, DEFAULT_ROUND_LENGTH_BLOCKS)),
        });
      }
    }
  }
  return rows;
}

export interface CaptureTable {
  options: CaptureOptions;
  rows: CaptureRow[];
  sensitivity: SensitivityRow[];
  nakamoto: NakamotoRow[];
  crossChecks: CrossCheck[];
}

function exactEstimate(value: number, samples = 0): Estimate {
  return { estimate: value, low: value, high: value, samples };
}

function mapEstimate(e: Estimate, f: (p: number) => number): Estimate {
  return { estimate: f(e.estimate), low: f(e.low), high: f(e.high), samples: e.samples };
}

function periodEstimates(perElection: Estimate, roundLengthBlocks: number) {
  const [day, month, year] = PERIODS.map((period) =>
    mapEstimate(perElection, (p) => atLeastOnce(p, electionsPer(period.blocks, roundLengthBlocks))),
  );
  return { perDay: day, perMonth: month, perYear: year };
}

function exactRandomRows(options: CaptureOptions, n: number, f: number): CaptureRow[] {
  const thresholds = captureThresholds(n);
  const kinds = CAPTURE_KINDS;
  const seatsList = kinds.map((kind) => seatsFor(kind, thresholds));
  const best = bestSplits(n, f, options.honestCandidates, seatsList);
  const rows: CaptureRow[] = [];
  kinds.forEach((kind, k) => {
    const perElection = exactEstimate(best[k].probability);
    for (const roundLengthBlocks of options.roundLengthsBlocks) {
      for (const tries of GRINDING_TRIES) {
        // Grinding runs a chain election by election: the default round length only.
        if (tries > 1 && roundLengthBlocks !== DEFAULT_ROUND_LENGTH_BLOCKS) continue;
        const periods =
          tries === 1
            ? periodEstimates(perElection, roundLengthBlocks)
            : (() => {
                const [day, month, year] = PERIODS.map((period) =>
                  exactEstimate(
                    captureWithGrinding(
                      best[k].distribution,
                      seatsList[k],
                      tries,
                      electionsPer(period.blocks, roundLengthBlocks),
                    ),
                  ),
                );
                return { perDay: day, perMonth: month, perYear: year };
              })();
        rows.push({
          election: "random",
          honest: "equal",
          method: "exact",
          validatorCount: n,
          roundLengthBlocks,
          coalitionShare: f,
          kind,
          seats: seatsList[k],
          coalitionCandidates: best[k].coalitionCandidates,
          grindingTries: tries,
          perElection,
          ...periods,
        });
      }
    }
  });
  return rows;
}

function monteCarloRows(options: CaptureOptions, n: number, f: number, seed: number): CaptureRow[] {
  const thresholds = captureThresholds(n);
  const population = candidateStakes(
    f,
    MONTE_CARLO_COALITION_CANDIDATES,
    honestShares("zipf", options.honestCandidates),
  );
  const counts = monteCarloSeatCounts(population, n, options.monteCarloSamples, seed);
  const rows: CaptureRow[] = [];
  for (const kind of CAPTURE_KINDS) {
    const seats = seatsFor(kind, thresholds);
    const perElection = tailEstimate(counts, seats);
    for (const roundLengthBlocks of options.roundLengthsBlocks) {
      rows.push({
        election: "random",
        honest: "zipf",
        method: "monteCarlo",
        validatorCount: n,
        roundLengthBlocks,
        coalitionShare: f,
        kind,
        seats,
        coalitionCandidates: MONTE_CARLO_COALITION_CANDIDATES,
        grindingTries: 1,
        perElection,
        ...periodEstimates(perElection, roundLengthBlocks),
      });
    }
  }
  return rows;
}

function topNRows(options: CaptureOptions, n: number, f: number): CaptureRow[] {
  const thresholds = captureThresholds(n);
  const rows: CaptureRow[] = [];
  for (const honest of ["equal", "zipf"] as const) {
    const seated = topNSeats(n, f, honestShares(honest, options.honestCandidates));
    for (const kind of CAPTURE_KINDS) {
      const seats = seatsFor(kind, thresholds);
      const perElection = exactEstimate(seated >= seats ? 1 : 0);
      rows.push({
        election: "topN",
        honest,
        method: "deterministic",
        validatorCount: n,
        roundLengthBlocks: DEFAULT_ROUND_LENGTH_BLOCKS,
        coalitionShare: f,
        kind,
        seats,
        coalitionCandidates: seated,
        grindingTries: 1,
        perElection,
        perDay: perElection,
        perMonth: perElection,
        perYear: perElection,
      });
    }
  }
  return rows;
}

/** Fewest operators (the coalition first, then the largest honest) holding more than a third. */
export function stakeNakamoto(coalitionShare: number, honest: readonly number[]): number {
  let held = coalitionShare;
  let operators = 1;
  const sorted = [...honest].sort((a, b) => b - a);
  for (const share of sorted) {
    if (held > 1 / 3) break;
    held += share * (1 - coalitionShare);
    operators++;
  }
  return operators;
}

function nakamotoRow(options: CaptureOptions, n: number, f: number): NakamotoRow {
  const { haltSeats } = captureThresholds(n);
  const honest = honestShares("equal", options.honestCandidates);
  const [best] = bestSplits(n, f, options.honestCandidates, [haltSeats]);
  let expected = 0;
  best.distribution.forEach((p, x) => (expected += p * seatedNakamoto(x, haltSeats)));
  return {
    validatorCount: n,
    coalitionShare: f,
    randomExpected: expected,
    randomOne: tailProbability(best.distribution, haltSeats),
    topN: seatedNakamoto(topNSeats(n, f, honest), haltSeats),
    stake: stakeNakamoto(f, honest),
  };
}

/**
 * Monte Carlo against the exact programme on the same population (equal honest stakes, the
 * coalition in MONTE_CARLO_COALITION_CANDIDATES pieces), at z = 3.29 (99.9%).
 */
export function crossCheck(
  n: number,
  f: number,
  honestCandidates: number,
  samples: number,
  seed: number,
): CrossCheck[] {
  const thresholds = captureThresholds(n);
  const population = candidateStakes(
    f,
    MONTE_CARLO_COALITION_CANDIDATES,
    honestShares("equal", honestCandidates),
  );
  const counts = monteCarloSeatCounts(population, n, samples, seed);
  const distribution = seatDistribution({
    validatorCount: n,
    coalitionShare: f,
    coalitionCandidates: MONTE_CARLO_COALITION_CANDIDATES,
    honestCandidates,
  });
  return CAPTURE_KINDS.map((kind) => {
    const seats = seatsFor(kind, thresholds);
    const exact = tailProbability(distribution, seats);
    const monteCarlo = tailEstimate(counts, seats, 3.2905267314919255);
    return {
      validatorCount: n,
      coalitionShare: f,
      kind,
      exact,
      monteCarlo,
      agrees: exact >= monteCarlo.low && exact <= monteCarlo.high,
    };
  });
}

export function captureTable(options: CaptureOptions = DEFAULT_CAPTURE_OPTIONS): CaptureTable {
  const rows: CaptureRow[] = [];
  const nakamoto: NakamotoRow[] = [];
  const crossChecks: CrossCheck[] = [];
  let seed = options.seed;
  for (const n of options.validatorCounts) {
    for (const f of options.coalitionShares) {
      rows.push(...exactRandomRows(options, n, f));
      rows.push(...monteCarloRows(options, n, f, seed++));
      rows.push(...topNRows(options, n, f));
      nakamoto.push(nakamotoRow(options, n, f));
      crossChecks.push(...crossCheck(n, f, options.honestCandidates, options.monteCarloSamples, seed++));
    }
  }
  return { options, rows, sensitivity: sensitivityRows(options.validatorCounts), nakamoto, crossChecks };
}
