/**
 * The slash-path rule (docs/governance.md, "A slash cannot be escaped by leaving first"), as
 * ETMGovernor enforces it on chain (`slashPathBlocks()`, `UnbondingShorterThanSlashPath`): the pool's
 * unbonding period must be longer than the slowest path of a slashing proposal,
 * votingDelay + votingPeriod + voteExtension + ceil(timelockDelay / 3 s) + slashMargin, in blocks.
 * The deploy scripts and `etm:propose` check it here before sending anything.
 */
import { SECONDS_PER_BLOCK } from "./constants";

/** The governance durations the path is made of: blocks, except `timelockDelay` in seconds. */
export interface SlashPathSettings {
  votingDelay: bigint | number;
  votingPeriod: bigint | number;
  voteExtension: bigint | number;
  /** Seconds (the timelock's clock is time). */
  timelockDelay: bigint | number;
  slashMargin: bigint | number;
}

/** The timelock's delay in blocks of `SECONDS_PER_BLOCK` seconds, rounded up. */
export function timelockDelayBlocks(timelockDelaySeconds: bigint | number): bigint {
  const seconds = BigInt(timelockDelaySeconds);
  const perBlock = BigInt(SECONDS_PER_BLOCK);
  return (seconds + perBlock - 1n) / perBlock;
}

/** The slowest path, in blocks, from a slashing proposal to its execution. */
export function slashPathBlocks(s: SlashPathSettings): bigint {
  return (
    BigInt(s.votingDelay) +
    BigInt(s.votingPeriod) +
    BigInt(s.voteExtension) +
    timelockDelayBlocks(s.timelockDelay) +
    BigInt(s.slashMargin)
  );
}

/** "votingDelay 28800 + votingPeriod 201600 + voteExtension 28800 + timelockDelay 172800 s = 57600 blocks + slashMargin 28800". */
export function describeSlashPath(s: SlashPathSettings): string {
  return (
    `votingDelay ${s.votingDelay} + votingPeriod ${s.votingPeriod} + voteExtension ${s.voteExtension} + ` +
    `timelockDelay ${s.timelockDelay} s = ${timelockDelayBlocks(s.timelockDelay)} blocks + slashMargin ${s.slashMargin}`
  );
}

/** Whole blocks with thousands separators: 345,600. */
export function formatBlocks(value: bigint | number): string {
  return BigInt(value).toLocaleString("en-US");
}

/** True when stake that starts unbonding as a slash is proposed cannot leave before it runs. */
export function slashPathHolds(unbondingBlocks: bigint | number, s: SlashPathSettings): boolean {
  return BigInt(unbondingBlocks) > slashPathBlocks(s);
}
