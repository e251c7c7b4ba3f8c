/**
 * The contract's election draw, bit for bit: bigint stakes (wei), keccak words
 * `uint256(keccak256(abi.encode(seed, counter)))`, the shuffle seeded with
 * `keccak256(abi.encode(seed, keccak256("ETM.election.shuffle")))`. Liveness, jails and the
 * candidate cap are the caller's (pass the candidates the contract would draw from, in pool order).
 * test/sim/election.crosscheck.test.ts compares it with the chain seat by seat.
 */
import { AbiCoder, keccak256, toUtf8Bytes } from "ethers";
import { BIGINT_ARITHMETIC, FenwickTree, fisherYates } from "./drawOrder";

const coder = AbiCoder.defaultAbiCoder();

export const SHUFFLE_DOMAIN = keccak256(toUtf8Bytes("ETM.election.shuffle"));

/** `uint256(keccak256(abi.encode(seed, counter)))`. */
export function electionWord(seed: string, counter: number): bigint {
  return BigInt(keccak256(coder.encode(["bytes32", "uint256"], [seed, counter])));
}

export function shuffleSeedOf(seed: string): string {
  return keccak256(coder.encode(["bytes32", "bytes32"], [seed, SHUFFLE_DOMAIN]));
}

/** The indices drawn, in draw order: `min(count, non-zero stakes)` of them. */
export function drawExact(stakesWei: readonly bigint[], count: number, seed: string): number[] {
  const tree = new FenwickTree(stakesWei, BIGINT_ARITHMETIC);
  const drawn: number[] = [];
  const draws = Math.min(count, stakesWei.length);
  for (let d = 0; drawn.length < draws && tree.total > 0n; d++) {
    drawn.push(tree.removeAt(electionWord(seed, d) % tree.total));
  }
  return drawn;
}

/** The seated set in the contract's shuffled order (indices into `stakesWei`). */
export function electExact(stakesWei: readonly bigint[], count: number, seed: string): number[] {
  const drawn = drawExact(stakesWei, count, seed);
  const shuffleSeed = shuffleSeedOf(seed);
  return fisherYates(drawn, (i) => Number(electionWord(shuffleSeed, i) % BigInt(i + 1)));
}
