/**
 * "Split across as many candidates as helps it most": the coalition's best number of equal
 * candidates for a threshold, searched over 1..4n, 10n, 100n and the limit (infinitely many).
 * Splitting finer never hurt in any case computed (a test checks monotonicity on the whole grid),
 * so the best is the limit; the search reports it either way.
 */
import { seatDistribution, tailProbability } from "./seatDistribution";

export interface BestSplit {
  coalitionCandidates: number;
  probability: number;
  distribution: Float64Array;
}

export function candidateSplits(validatorCount: number): number[] {
  const splits: number[] = [];
  for (let m = 1; m <= 4 * validatorCount; m++) splits.push(m);
  splits.push(10 * validatorCount, 100 * validatorCount, Infinity);
  return splits;
}

/** The best split for each threshold in `seatsList` (one distribution per split serves them all). */
export function bestSplits(
  validatorCount: number,
  coalitionShare: number,
  honestCandidates: number,
  seatsList: readonly number[],
): BestSplit[] {
  const best: (BestSplit | undefined)[] = seatsList.map(() => undefined);
  for (const m of candidateSplits(validatorCount)) {
    const distribution = seatDistribution({
      validatorCount,
      coalitionShare,
      coalitionCandidates: m,
      honestCandidates,
    });
    seatsList.forEach((seats, k) => {
      const probability = tailProbability(distribution, seats);
      if (best[k] === undefined || probability > best[k]!.probability) {
        best[k] = { coalitionCandidates: m, probability, distribution };
      }
    });
  }
  return best as BestSplit[];
}
