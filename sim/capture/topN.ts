/**
 * The alternative the issue compares with: electing the `n` largest stakes (BNB Chain's way). It is
 * deterministic: a coalition with share `f` seats `s` candidates exactly when it can give `s`
 * candidates more stake each than the honest candidate ranked `n - s + 1` (each of its pieces then
 * outranks it), i.e. when `s · h[n-s+1] < f`, `h` the honest stakes largest first (0 past the
 * last honest candidate). The coalition's best is the largest such `s`.
 */

/** The seats a coalition with `coalitionShare` takes under top-`validatorCount` election. */
export function topNSeats(validatorCount: number, coalitionShare: number, honest: readonly number[]): number {
  const sorted = [...honest].sort((a, b) => b - a).map((share) => share * (1 - coalitionShare));
  let best = 0;
  for (let s = 1; s <= validatorCount; s++) {
    const rival = sorted[validatorCount - s] ?? 0; // rank n - s + 1, zero-based n - s
    if (s * rival < coalitionShare) best = s;
  }
  return best;
}

/**
 * The smallest coalition share that takes `seats` seats under top-`validatorCount` election:
 * `s·(1 - f)·z = f` at `s = seats`, `z` the honest share ranked `n - s + 1`, so `f = s·z / (1 + s·z)`
 * (strictly more is needed: equal stakes tie and the pool's order decides).
 */
export function topNShareNeeded(validatorCount: number, seats: number, honest: readonly number[]): number {
  const sorted = [...honest].sort((a, b) => b - a);
  let needed = Infinity;
  for (let s = seats; s <= validatorCount; s++) {
    const z = sorted[validatorCount - s] ?? 0;
    needed = Math.min(needed, (s * z) / (1 + s * z));
  }
  return needed;
}

/**
 * Nakamoto coefficient of a seated set, in operators: the fewest operators that together hold the
 * halt threshold. The coalition counts as one operator and every honest seat as its own.
 */
export function seatedNakamoto(coalitionSeats: number, haltSeats: number): number {
  return coalitionSeats >= haltSeats ? 1 : haltSeats - coalitionSeats + 1;
}
