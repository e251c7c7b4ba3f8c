/**
 * Candidate populations for the capture odds: the honest stake's shape (equal, or Zipf: the k-th
 * largest honest candidate holds stake proportional to 1/k), and the coalition's stake split
 * equally over its own candidates.
 */

export type HonestShape = "equal" | "zipf";

/** Honest candidates' shares of the honest stake (summing to 1), largest first. */
export function honestShares(shape: HonestShape, candidates: number): number[] {
  if (!Number.isInteger(candidates) || candidates < 1) {
    throw new RangeError(`honest candidates must be a positive integer, got ${candidates}`);
  }
  const raw = Array.from({ length: candidates }, (_, k) => (shape === "equal" ? 1 : 1 / (k + 1)));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / sum);
}

export interface CandidateStakes {
  /** Stakes as shares of the electable stake, honest candidates first. */
  stakes: number[];
  /** Whether each candidate is the coalition's. */
  isCoalition: boolean[];
}

/** The honest candidates (scaled to `1 - f`) followed by the coalition's `m` equal candidates. */
export function candidateStakes(
  coalitionShare: number,
  coalitionCandidates: number,
  honest: readonly number[],
): CandidateStakes {
  const stakes = honest.map((share) => share * (1 - coalitionShare));
  const isCoalition = honest.map(() => false);
  for (let i = 0; i < coalitionCandidates; i++) {
    stakes.push(coalitionShare / coalitionCandidates);
    isCoalition.push(true);
  }
  return { stakes, isCoalition };
}
