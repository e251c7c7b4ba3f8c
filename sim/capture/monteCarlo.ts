/**
 * Monte Carlo estimates of a coalition's seats, for populations the exact programme cannot handle
 * (honest stakes of different sizes). Each sample is one election drawn by `drawFast`, the
 * contract's algorithm on the simulator's seeded generator; intervals are Wilson score intervals.
 */
import { drawFast } from "../election/fastElection";
import { SeededRandom } from "../random";
import type { CandidateStakes } from "./populations";

/** How many of `samples` elections seated exactly x coalition candidates, x = 0..validatorCount. */
export function monteCarloSeatCounts(
  population: CandidateStakes,
  validatorCount: number,
  samples: number,
  seed: number,
): number[] {
  const random = new SeededRandom(seed);
  const counts = new Array<number>(validatorCount + 1).fill(0);
  for (let s = 0; s < samples; s++) {
    let seats = 0;
    for (const index of drawFast(population.stakes, validatorCount, random)) {
      if (population.isCoalition[index]) seats++;
    }
    counts[seats]++;
  }
  return counts;
}

export interface Estimate {
  estimate: number;
  low: number;
  high: number;
  samples: number;
}

/** Standard normal quantile for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/** The Wilson score interval for `hits` of `samples` at normal quantile `z`. */
export function wilsonInterval(hits: number, samples: number, z = Z_95): Estimate {
  const p = hits / samples;
  const z2 = z * z;
  const centre = (p + z2 / (2 * samples)) / (1 + z2 / samples);
  const half = (z / (1 + z2 / samples)) * Math.sqrt((p * (1 - p)) / samples + z2 / (4 * samples * samples));
  // At 0 or all hits the bound is exact (0 or 1); the formula would leave a rounding residue.
  const low = hits === 0 ? 0 : Math.max(0, centre - half);
  const high = hits === samples ? 1 : Math.min(1, centre + half);
  return { estimate: p, low, high, samples };
}

/** The estimate of `P(X >= seats)` from seat counts. */
export function tailEstimate(counts: readonly number[], seats: number, z = Z_95): Estimate {
  const samples = counts.reduce((a, b) => a + b, 0);
  let hits = 0;
  for (let x = seats; x < counts.length; x++) hits += counts[x];
  return wilsonInterval(hits, samples, z);
}
