/**
 * The election's round grid as the pool holds it (`pool.roundGrid()`): rounds start at `anchorBlock`
 * and every `lengthBlocks` after it until `nextFromBlock`, then every `nextLengthBlocks` (0: no change
 * scheduled). The same arithmetic as the pool's `StakingLogic.roundStartBlock` and the election's
 * `ElectionLogic.currentRound`.
 */
export type RoundGridTuple = readonly [bigint, bigint, bigint, bigint];

/** First block of the round that contains `block` (the grid must be published: length > 0). */
export function roundStartBlock(grid: RoundGridTuple, block: bigint): bigint {
  const [anchorBlock, lengthBlocks, nextFromBlock, nextLengthBlocks] = grid;
  const switched = nextLengthBlocks !== 0n && block >= nextFromBlock;
  const anchor = switched ? nextFromBlock : anchorBlock;
  const length = switched ? nextLengthBlocks : lengthBlocks;
  return anchor + ((block - anchor) / length) * length;
}

/** First block of the round after the one that contains `block`. */
export function nextRoundStartBlock(grid: RoundGridTuple, block: bigint): bigint {
  const [, lengthBlocks, nextFromBlock, nextLengthBlocks] = grid;
  const start = roundStartBlock(grid, block);
  const switched = nextLengthBlocks !== 0n && block >= nextFromBlock;
  return start + (switched ? nextLengthBlocks : lengthBlocks);
}
