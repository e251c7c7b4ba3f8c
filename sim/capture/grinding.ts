/**
 * The last proposer's grinding (docs/election.md, "Remaining bias" 1). The hash of a round's last
 * block enters the next seed, and that block's proposer can try many block variants and publish the
 * one whose seed seats the most of its coalition. When the coalition holds `x` of the `n` seats, it
 * proposes the round's last block with probability `x/n` (the proposer rotation over a set in
 * random order), and then the next set is the best of `tries` independent draws:
 * `P(X' <= y) = F(y)^tries`. Otherwise the next set is one fresh draw, `F`.
 *
 * A Markov chain over the coalition's seats, absorbing once it reaches `seats` (a halted set cannot
 * elect its successor; a controlling one keeps itself). The first election is an honest draw.
 * `tries = 1` is exactly the independent-elections formula `1 - (1 - p)^R` (tested).
 */
import { tailProbability } from "./seatDistribution";

/** The distribution of the best of `tries` independent draws from `distribution`. */
export function bestOfDistribution(distribution: ArrayLike<number>, tries: number): Float64Array {
  const n = distribution.length - 1;
  const out = new Float64Array(n + 1);
  let cumulative = 0;
  let previousPower = 0;
  for (let y = 0; y <= n; y++) {
    cumulative = y === n ? 1 : Math.min(1, cumulative + distribution[y]);
    const power = Math.pow(cumulative, tries);
    out[y] = Math.max(0, power - previousPower);
    previousPower = power;
  }
  return out;
}

/**
 * The chance that the coalition holds at least `seats` seats in some election among the first
 * `elections`, when the proposer of each round's last block grinds `tries` seeds if it is the
 * coalition's. `elections` is rounded up to a whole number.
 */
export function captureWithGrinding(
  distribution: ArrayLike<number>,
  seats: number,
  tries: number,
  elections: number,
): number {
  const n = distribution.length - 1;
  if (seats > n) return 0;
  const ground = bestOfDistribution(distribution, tries);
  let state = new Float64Array(seats);
  for (let x = 0; x < seats; x++) state[x] = distribution[x];
  const freshTail = tailProbability(distribution, seats);
  const groundTail = tailProbability(ground, seats);
  let captured = freshTail;
  const rounds = Math.ceil(elections);
  for (let r = 1; r < rounds; r++) {
    const next = new Float64Array(seats);
    let newlyCaptured = 0;
    for (let x = 0; x < seats; x++) {
      const mass = state[x];
      if (mass === 0) continue;
      const grind = x / n;
      for (let y = 0; y < seats; y++) next[y] += mass * (grind * ground[y] + (1 - grind) * distribution[y]);
      newlyCaptured += mass * (grind * groundTail + (1 - grind) * freshTail);
    }
    state = next;
    captured += newlyCaptured;
  }
  return Math.min(1, captured);
}
