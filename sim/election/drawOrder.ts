/**
 * The election's draw, as the contract does it (contracts/libraries/WeightedSampling.sol and
 * Shuffle.sol), over any source of random words:
 *
 * - draw `d` (0, 1, 2, ...) takes `r = word(d) mod remaining` and picks the candidate (in list order,
 *   over those not drawn yet) whose cumulative stake interval contains `r`; it leaves the draw;
 * - the chosen are then shuffled by Fisher–Yates: for `i` from `n - 1` down to 1,
 *   `j = shuffleWord(i) mod (i + 1)`, swap.
 *
 * `exactElection.ts` feeds it the contract's keccak words and bigint stakes (seat by seat the
 * contract's set, tested against the chain); `fastElection.ts` feeds it a seeded generator and
 * floating-point stakes (the same law, a thousand times faster, for ensembles and Monte Carlo).
 */

/** A Fenwick tree over non-negative weights, generic over number and bigint. */
export interface Arithmetic<T> {
  zero: T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  lessThan(a: T, b: T): boolean;
}

export const NUMBER_ARITHMETIC: Arithmetic<number> = {
  zero: 0,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  lessThan: (a, b) => a < b,
};

export const BIGINT_ARITHMETIC: Arithmetic<bigint> = {
  zero: 0n,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  lessThan: (a, b) => a < b,
};

export class FenwickTree<T> {
  private readonly nodes: T[];
  private readonly weights: T[];
  private readonly topStep: number;
  total: T;

  constructor(
    weights: readonly T[],
    private readonly math: Arithmetic<T>,
  ) {
    const n = weights.length;
    this.weights = [...weights];
    this.nodes = new Array<T>(n + 1).fill(math.zero);
    let total = math.zero;
    for (let i = 1; i <= n; i++) {
      const node = math.add(this.nodes[i], weights[i - 1]);
      this.nodes[i] = node;
      total = math.add(total, weights[i - 1]);
      const parent = i + (i & -i);
      if (parent <= n) this.nodes[parent] = math.add(this.nodes[parent], node);
    }
    this.total = total;
    let step = 1;
    while (step <= n >> 1) step <<= 1;
    this.topStep = step;
  }

  /** Takes out the item whose cumulative interval holds `target` (< total) and returns its index. */
  removeAt(target: T): number {
    const { math, nodes, weights } = this;
    const n = weights.length;
    let position = 0;
    let rest = target;
    for (let step = this.topStep; step > 0; step >>= 1) {
      const next = position + step;
      if (next <= n && !math.lessThan(rest, nodes[next])) {
        position = next;
        rest = math.sub(rest, nodes[next]);
      }
    }
    // Exact arithmetic always lands on a live item; floating point can be a rounding off at an
    // interval's edge, and then the nearest live item is taken.
    if (position >= n || !math.lessThan(math.zero, weights[position])) position = this.nearestLive(position);
    const weight = weights[position];
    weights[position] = math.zero;
    for (let i = position + 1; i <= n; i += i & -i) nodes[i] = math.sub(nodes[i], weight);
    this.total = math.sub(this.total, weight);
    return position;
  }

  private nearestLive(position: number): number {
    const { math, weights } = this;
    for (let i = Math.min(position, weights.length - 1); i >= 0; i--)
      if (math.lessThan(math.zero, weights[i])) return i;
    for (let i = position + 1; i < weights.length; i++) if (math.lessThan(math.zero, weights[i])) return i;
    throw new RangeError("no weight left to draw");
  }
}

/** Fisher–Yates over `items` (a copy) with `j = pick(i)` in [0, i] for i = n-1..1. */
export function fisherYates<T>(items: readonly T[], pick: (i: number) => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i >= 1; i--) {
    const j = pick(i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
