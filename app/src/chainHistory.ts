/**
 * The chain's key figures over recent blocks, for the charts (staking ratio, estimated APY, supply):
 * a point per block the page read — taken from the lens snapshot the page reads anyway, no call of
 * its own — plus, once per session, a bounded back-fill of older blocks read with one small lens call
 * each (no candidates, no account). No DOM here.
 */
import type { Snapshot } from "./snapshot";
import { apyIsInfinite, stakingRatioWad } from "./snapshot";

/** The figures the charts draw, exact, at one block. */
export interface ChainPoint {
  block: bigint;
  supplyWei: bigint;
  stakedWei: bigint;
  /** The pool's estimated APY, wad; MAX_UINT256 while nothing is staked (drawn as a gap). */
  apyWad: bigint;
  /** Staking ratio S/B, wad: the headline's figure. */
  ratioWad: bigint;
  /** `apyWad` is the pool's "infinite" (nothing staked). */
  apyInfinite: boolean;
}

/** The charts span this many blocks up to the latest read (6 minutes of 3-second blocks). */
export const CHART_WINDOW_BLOCKS = 120n;
/** The back-fill reads one block in this many over the window before the first block read. */
export const BACKFILL_STEP_BLOCKS = 5n;

/** The figures of a snapshot (or of the back-fill's small read) as the headline shows them. */
export function pointOf(s: Pick<Snapshot, "block" | "supplyWei" | "stakedWei" | "apyWad">): ChainPoint {
  return {
    block: s.block,
    supplyWei: s.supplyWei,
    stakedWei: s.stakedWei,
    apyWad: s.apyWad,
    ratioWad: stakingRatioWad(s),
    apyInfinite: apyIsInfinite(s),
  };
}

/** The points of one session, by block (oldest first), within CHART_WINDOW_BLOCKS of the newest. */
export class ChainHistory {
  private readonly byBlock = new Map<bigint, ChainPoint>();
  private sorted: ChainPoint[] = [];

  /** Adds (or replaces) the point of its block and drops the points that left the window. */
  add(point: ChainPoint): void {
    this.byBlock.set(point.block, point);
    const newest = this.sorted.length > 0 ? this.sorted[this.sorted.length - 1].block : point.block;
    const latest = point.block > newest ? point.block : newest;
    for (const block of this.byBlock.keys())
      if (block <= latest - CHART_WINDOW_BLOCKS) this.byBlock.delete(block);
    this.sorted = [...this.byBlock.values()].sort((a, b) =>
      a.block < b.block ? -1 : a.block > b.block ? 1 : 0,
    );
  }

  get points(): readonly ChainPoint[] {
    return this.sorted;
  }

  get latest(): ChainPoint | undefined {
    return this.sorted[this.sorted.length - 1];
  }
}

/**
 * The older blocks to back-fill before `firstBlock` (the first the session read): one in
 * BACKFILL_STEP_BLOCKS over the window, newest first, none before block 1 — at most
 * CHART_WINDOW_BLOCKS / BACKFILL_STEP_BLOCKS − 1 (23) reads, once per session.
 */
export function backfillBlocks(firstBlock: bigint): bigint[] {
  const blocks: bigint[] = [];
  for (let back = BACKFILL_STEP_BLOCKS; back < CHART_WINDOW_BLOCKS; back += BACKFILL_STEP_BLOCKS) {
    if (firstBlock - back < 1n) break;
    blocks.push(firstBlock - back);
  }
  return blocks;
}

/** A wad (1e18 = 100%) as a percentage number for a chart's axis (32.38 for 32.38%). */
export function wadToPercent(wad: bigint): number {
  return Number(wad / 10n ** 12n) / 1e4;
}

/** Wei as ETM, a number for a chart's axis (to 1e-4 ETM). */
export function weiToEtm(wei: bigint): number {
  return Number(wei / 10n ** 14n) / 1e4;
}
