/**
 * A plain TypeScript model of the on-chain election (contracts/election/ValidatorElection.sol and
 * contracts/libraries/{WeightedSampling,Shuffle}.sol), with bigint arithmetic and the same hashes.
 *
 * It is written independently of the Solidity: the draw scans the remaining weights linearly
 * (O(N) per draw) where the contract walks a Fenwick tree (O(log N)), and the candidate cap sorts
 * where the contract keeps a heap. Both must give the same result for every seed; the tests check it.
 */
import { AbiCoder, keccak256, toUtf8Bytes, zeroPadValue, toBeHex } from "ethers";

const coder = AbiCoder.defaultAbiCoder();

/** Domain separator of the shuffle seed: `keccak256("ETM.election.shuffle")`. */
export const SHUFFLE_DOMAIN = keccak256(toUtf8Bytes("ETM.election.shuffle"));
/** The reveal mix at the start of every beacon round. */
export const REVEAL_MIX_START = zeroPadValue("0x01", 32);
/** Fewest eligible candidates for which a new set is installed. */
export const MIN_ELECTED = 4;
/** Offline candidates drawn and set aside before the draw filters every remaining candidate. */
export const MAX_OFFLINE_DRAWS = 64;
export const ZERO_HASH = zeroPadValue("0x00", 32);

/** `uint256(keccak256(abi.encode(seed, counter)))`. */
export function randomWord(seed: string, counter: bigint | number): bigint {
  return BigInt(keccak256(coder.encode(["bytes32", "uint256"], [seed, counter])));
}

/**
 * Draws up to `count` distinct indices, each draw proportional to weight among those not drawn yet:
 * draw `d` takes `r = randomWord(seed, d) % remaining` and picks the item whose cumulative interval
 * (in index order, over the items left) contains `r`. Zero weights are never drawn.
 */
export function sampleWithoutReplacement(weights: readonly bigint[], count: number, seed: string): number[] {
  const left = weights.map((w) => w);
  let total = left.reduce((a, b) => a + b, 0n);
  const drawn: number[] = [];
  const draws = Math.min(count, weights.length);
  while (drawn.length < draws && total > 0n) {
    let target = randomWord(seed, drawn.length) % total;
    let index = 0;
    for (; index < left.length; index++) {
      if (target < left[index]) break;
      target -= left[index];
    }
    drawn.push(index);
    total -= left[index];
    left[index] = 0n;
  }
  return drawn;
}

/** Fisher–Yates from `seed`: for i = n-1..1, j = randomWord(seed, i) % (i+1), swap. Returns a copy. */
export function shuffle<T>(items: readonly T[], seed: string): T[] {
  const out = [...items];
  for (let i = out.length - 1; i >= 1; i--) {
    const j = Number(randomWord(seed, i) % BigInt(i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The seed the shuffle of an election uses: `keccak256(abi.encode(seed, SHUFFLE_DOMAIN))`. */
export function shuffleSeed(seed: string): string {
  return keccak256(coder.encode(["bytes32", "bytes32"], [seed, SHUFFLE_DOMAIN]));
}

/** The election seed: `keccak256(abi.encode(previousSeed, revealMix, lastBlockHash, round))`. */
export function deriveSeed(
  previousSeed: string,
  revealMix: string,
  lastBlockHash: string,
  round: bigint | number,
): string {
  return keccak256(
    coder.encode(
      ["bytes32", "bytes32", "bytes32", "uint256"],
      [previousSeed, revealMix, lastBlockHash, round],
    ),
  );
}

/** The deployment seed: `keccak256(abi.encode(chainId, electionAddress, parentBlockHash))`. */
export function initialSeed(chainId: bigint | number, election: string, parentHash: string): string {
  return keccak256(coder.encode(["uint256", "address", "bytes32"], [chainId, election, parentHash]));
}

/** The commitment an operator publishes: `keccak256(abi.encode(operator, round, secret))`. */
export function commitmentOf(operator: string, round: bigint | number, secret: string): string {
  return keccak256(coder.encode(["address", "uint256", "bytes32"], [operator, round, secret]));
}

/** What a reveal XORs into the mix: `keccak256(abi.encode(operator, secret))`. */
export function revealContribution(operator: string, secret: string): string {
  return keccak256(coder.encode(["address", "bytes32"], [operator, secret]));
}

export function xor32(a: string, b: string): string {
  return zeroPadValue(toBeHex(BigInt(a) ^ BigInt(b)), 32);
}

/** The `k`-th largest value and how many values equal to it are among the `k` largest (by sorting). */
export function topThreshold(values: readonly bigint[], k: number): { threshold: bigint; quota: number } {
  const sorted = [...values].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const threshold = sorted[k - 1];
  const above = values.filter((v) => v > threshold).length;
  return { threshold, quota: k - above };
}

/** A candidate as the election sees it: the pool's entry plus the election's heartbeat marks (round + 1, 0 = none). */
export interface ModelCandidate {
  operator: string;
  signer: string;
  stake: bigint;
  lastMark: number;
  previousMark: number;
}

/** Whether a heartbeat mark counts for the election run in `round` (heartbeat in round-1 or round-2). */
export function markCounts(mark: number, round: number): boolean {
  const low = round > 1 ? round - 1 : 1;
  return mark >= low && mark <= round;
}

/**
 * Whether `candidate` has a heartbeat that counts for the election run in `round`. A candidate with a
 * zero signer (it left the pool's list after the round started) is never live: set aside if drawn.
 */
export function isLive(candidate: ModelCandidate, round: number): boolean {
  if (BigInt(candidate.signer) === 0n) return false;
  return markCounts(candidate.lastMark, round) || markCounts(candidate.previousMark, round);
}

/**
 * The pool an election draws from, in the registry's order: non-zero stake, and at most `cap`
 * candidates, the largest stakes (ties: registry order). Liveness is not checked here (a zero
 * signer stays in the draw and is never live).
 */
export function candidatePool(candidates: readonly ModelCandidate[], cap: number): ModelCandidate[] {
  let threshold = 0n;
  let quota = 0;
  if (candidates.length > cap)
    ({ threshold, quota } = topThreshold(
      candidates.map((c) => c.stake),
      cap,
    ));
  const kept: ModelCandidate[] = [];
  for (const c of candidates) {
    if (c.stake === 0n || c.stake < threshold) continue;
    if (c.stake === threshold) {
      if (quota === 0) continue;
      quota--;
    }
    kept.push(c);
  }
  return kept;
}

/** The candidates that could be drawn in `round`: the pool's live members. */
export function eligibleCandidates(
  candidates: readonly ModelCandidate[],
  round: number,
  cap: number,
): ModelCandidate[] {
  return candidatePool(candidates, cap).filter((c) => isLive(c, round));
}

export type ElectionOutcome =
  | {
      installed: true;
      operators: string[];
      signers: string[];
      candidates: number;
      skippedOffline: number;
    }
  | { installed: false; eligible: number };

/**
 * The outcome of an election in `round` with `seed` (the derived election seed): draws from the
 * whole pool by stake without replacement (draw counter 0, 1, 2, ...), sets aside drawn candidates
 * that are not live, until `validatorCount` live ones are found or the pool is exhausted; after
 * MAX_OFFLINE_DRAWS set aside, every remaining offline candidate leaves the draw at once. Fewer than
 * MIN_ELECTED keeps the previous set; otherwise the chosen are shuffled.
 */
export function electionOutcome(
  candidates: readonly ModelCandidate[],
  round: number,
  cap: number,
  validatorCount: number,
  seed: string,
): ElectionOutcome {
  const pool = candidatePool(candidates, cap);
  const left = pool.map((c) => c.stake);
  let total = left.reduce((a, b) => a + b, 0n);
  const seats = Math.min(validatorCount, pool.length);
  const chosen: number[] = [];
  let skippedOffline = 0;
  for (let draw = 0; chosen.length < seats && total > 0n; draw++) {
    let target = randomWord(seed, draw) % total;
    let index = 0;
    for (; index < left.length; index++) {
      if (target < left[index]) break;
      target -= left[index];
    }
    total -= left[index];
    left[index] = 0n;
    if (isLive(pool[index], round)) chosen.push(index);
    else if (++skippedOffline === MAX_OFFLINE_DRAWS) {
      // from here on only live candidates remain in the draw
      pool.forEach((c, i) => {
        if (!isLive(c, round)) left[i] = 0n;
      });
      total = left.reduce((a, b) => a + b, 0n);
    }
  }
  if (chosen.length < MIN_ELECTED) return { installed: false, eligible: chosen.length };
  const order = shuffle(chosen, shuffleSeed(seed));
  return {
    installed: true,
    operators: order.map((i) => pool[i].operator),
    signers: order.map((i) => pool[i].signer),
    candidates: pool.length,
    skippedOffline,
  };
}
