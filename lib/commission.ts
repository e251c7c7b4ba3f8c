/**
 * When a scheduled commission change takes effect: the pool's rule
 * (`ParameterLogic.commissionEffectiveBlock`), for the toolkit, the dApp, the test model and the
 * simulator's exact ledger. Changes land on a grid of `ceil(delay / 16)` blocks, so that however
 * many validators reschedule, at most 17 distinct switch blocks are pending under one delay.
 */

/** Divides the commission delay into the grid on which changes take effect (the pool's constant). */
export const SWITCH_GRID_DIVISOR = 16n;

/**
 * The block at which a change scheduled in `scheduledAtBlock` with a delay of `delayBlocks` takes
 * effect: the first multiple of `ceil(delayBlocks / 16)` at or after `scheduledAtBlock + delayBlocks`
 * (exactly that block for delays up to 16; the same block for a delay of 0, i.e. at once).
 */
export function commissionEffectiveBlock(scheduledAtBlock: bigint, delayBlocks: bigint): bigint {
  const gridBlocks = (delayBlocks + SWITCH_GRID_DIVISOR - 1n) / SWITCH_GRID_DIVISOR;
  const earliest = scheduledAtBlock + delayBlocks;
  if (gridBlocks <= 1n) return earliest;
  return ((earliest + gridBlocks - 1n) / gridBlocks) * gridBlocks;
}
