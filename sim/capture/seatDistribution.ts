/**
 * The exact distribution of a coalition's seats when the election draws `validatorCount` candidates
 * one after another, each with probability proportional to stake among those not drawn yet (the
 * contract's weighted sampling without replacement; the shuffle does not change who is seated).
 *
 * The candidates: the coalition's stake share `f` split equally over `coalitionCandidates` (m)
 * candidates, and the rest split equally over `honestCandidates` (H). After `c` coalition and `h`
 * honest candidates have been drawn, the next draw is the coalition's with probability
 * `(m - c)·f/m / ((m - c)·f/m + (H - h)·(1 - f)/H)`, whichever of its candidates it is. A dynamic
 * programme over (draws, c) is therefore exact: O(n²). `Infinity` for m (or H) is the limit of a
 * stake split into infinitely many pieces, which are never used up: the share stays `f` (or `1 - f`).
 * With both infinite the seats are Binomial(n, f).
 */

export interface SplitPopulation {
  /** Seats drawn (the election's `validatorCount`). */
  validatorCount: number;
  /** The coalition's share of the electable stake, in (0, 1). */
  coalitionShare: number;
  /** Candidates the coalition splits its stake over, equally; `Infinity` for the limit. */
  coalitionCandidates: number;
  /** Honest candidates, equal stakes; `Infinity` for the limit. */
  honestCandidates: number;
}

function checkPopulation(p: SplitPopulation): void {
  if (!(p.coalitionShare > 0 && p.coalitionShare < 1)) {
    throw new RangeError(`coalitionShare must be in (0, 1), got ${p.coalitionShare}`);
  }
  for (const [name, value] of [
    ["validatorCount", p.validatorCount],
    ["coalitionCandidates", p.coalitionCandidates],
    ["honestCandidates", p.honestCandidates],
  ] as const) {
    if (!(value === Infinity || (Number.isInteger(value) && value >= 1))) {
      throw new RangeError(`${name} must be a positive integer or Infinity, got ${value}`);
    }
  }
  if (p.validatorCount === Infinity) throw new RangeError("validatorCount must be finite");
}

/** `P(X = x)` for x = 0..validatorCount, X the coalition's seats (seats beyond the candidates: 0). */
export function seatDistribution(population: SplitPopulation): Float64Array {
  checkPopulation(population);
  const { validatorCount: n, coalitionShare: f, coalitionCandidates: m, honestCandidates: H } = population;
  const draws = Math.min(n, m + H);
  const coalitionLeft = (c: number) => (m === Infinity ? f : ((m - c) * f) / m);
  const honestLeft = (h: number) => (H === Infinity ? 1 - f : ((H - h) * (1 - f)) / H);
  let probability = new Float64Array(n + 1);
  probability[0] = 1;
  for (let d = 0; d < draws; d++) {
    const next = new Float64Array(n + 1);
    for (let c = 0; c <= d; c++) {
      const mass = probability[c];
      if (mass === 0) continue;
      const a = coalitionLeft(c);
      const b = honestLeft(d - c);
      const toCoalition = a / (a + b);
      next[c + 1] += mass * toCoalition;
      next[c] += mass * (1 - toCoalition);
    }
    probability = next;
  }
  return probability;
}

/** `P(X >= seats)` from a distribution, summed from the small end of the tail (no cancellation). */
export function tailProbability(distribution: ArrayLike<number>, seats: number): number {
  let sum = 0;
  for (let x = distribution.length - 1; x >= Math.max(0, seats); x--) sum += distribution[x];
  return Math.min(1, sum);
}

/** `P(X >= seats)` for Binomial(n, p), by the same summation (the closed form of the double limit). */
export function binomialTail(n: number, p: number, seats: number): number {
  const distribution = new Float64Array(n + 1);
  let logChoose = 0;
  for (let x = 0; x <= n; x++) {
    if (x > 0) logChoose += Math.log(n - x + 1) - Math.log(x);
    distribution[x] = Math.exp(logChoose + x * Math.log(p) + (n - x) * Math.log1p(-p));
  }
  return tailProbability(distribution, seats);
}
