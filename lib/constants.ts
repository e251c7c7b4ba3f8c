/**
 * The chain's fixed numbers that off-chain code needs before it can ask the chain. Each one that
 * the contracts also hold is checked against them by test/toolkit/lib.test.ts, so they cannot drift.
 */

/** Seconds per block: QBFT's block period on ETM/P and on the devnet. */
import { MAX_UINT256 } from "./units";

export const SECONDS_PER_BLOCK = 3;
/** Blocks in a year of 3-second blocks: the lens's `BLOCKS_PER_YEAR` (the pool's constant). */
export const BLOCKS_PER_YEAR = 10_512_000;
/** Besu's default `--rpc-max-logs-range`: event queries are cut into windows of this many blocks. */
export const LOGS_WINDOW_BLOCKS = 5_000;
/** The chain id of the local devnet (`npm start`) and of the in-process Hardhat chain. */
export const DEVNET_CHAIN_ID = 7357;
/**
 * Candidates that may join the pool's list in one election round (`MAX_LIST_JOINS_PER_ROUND`; the
 * next registration is refused with `CandidateJoinsThisRoundFull(roundStartBlock, 64)`). Checked
 * against the pool by test/election/stakeCheckpoint.test.ts.
 */
export const MAX_LIST_JOINS_PER_ROUND = 64;
/**
 * Redelegations an account may have maturing at once (`MAX_REDELEGATIONS`; the next one is refused
 * with `TooManyRedelegations(account, 7)`), as Cosmos' `MaxEntries`. Checked against the pool by
 * test/staking/StakingPool.redelegation.test.ts.
 */
export const MAX_REDELEGATIONS = 7;
/**
 * The amount that asks `unstake` and `redelegate` for the whole position, valued in the block the
 * transaction runs in (`PoolConstants.WHOLE_POSITION`, `type(uint256).max`). "all" sends it: an amount
 * read beforehand is a block or more old by then, and a compounding position grows every block.
 */
export const WHOLE_POSITION = MAX_UINT256;
