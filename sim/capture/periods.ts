/**
 * From the odds of one election to the odds over a period. Each election draws from a fresh seed,
 * so with the stakes held fixed the elections are independent: the chance of at least one capture
 * in `R` elections is `1 - (1 - p)^R`, computed as `-expm1(R·log1p(-p))` so that tiny `p` keep
 * their digits. `R = periodBlocks / roundLength` may be fractional for a period shorter than a
 * round; the value is then the chance that the period's share of an election is captured.
 */
import { BLOCKS_PER_YEAR } from "../emission";

export const BLOCKS_PER_DAY = 28_800;
export const BLOCKS_PER_MONTH = 30 * BLOCKS_PER_DAY;

export const PERIODS = [
  { name: "day", blocks: BLOCKS_PER_DAY },
  { name: "month", blocks: BLOCKS_PER_MONTH },
  { name: "year", blocks: BLOCKS_PER_YEAR },
] as const;
export type PeriodName = (typeof PERIODS)[number]["name"];

export function electionsPer(periodBlocks: number, roundLengthBlocks: number): number {
  return periodBlocks / roundLengthBlocks;
}

export function atLeastOnce(perElection: number, elections: number): number {
  if (perElection >= 1) return 1;
  if (perElection <= 0) return 0;
  return -Math.expm1(elections * Math.log1p(-perElection));
}
