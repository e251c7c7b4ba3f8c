/**
 * The draw's stake rule (docs/election.md, "Stake fixed before the seed"), written from the rule and
 * not from the contract: the election run in a round draws on each candidate's bonded stake at the
 * start of that round. Fed with what each transaction changed (bonded stake and list membership per
 * validator, before and after), it answers what `electableCandidates()` must report.
 */

/** The election's round grid as the pool holds it (`pool.roundGrid()`). */
export interface RoundGrid {
  anchorBlock: bigint;
  lengthBlocks: bigint;
  nextFromBlock: bigint;
  nextLengthBlocks: bigint;
}

/** What one validator looked like before and after a transaction. */
export interface ValidatorChange {
  bondedBeforeWei: bigint;
  bondedAfterWei: bigint;
  listedBefore: boolean;
  listedAfter: boolean;
  /** Its operator's top-up ended a self-stake shortfall jail in this transaction. */
  shortfallEnded: boolean;
}

export class ElectionStakeModel {
  /** Per validator: the stake it had when the round starting at `roundStart` began. */
  private readonly atRoundStart = new Map<string, { roundStart: bigint; stakeWei: bigint }>();

  constructor(private readonly grid: RoundGrid) {}

  /** First block of the round that contains `block`. */
  roundStart(block: bigint): bigint {
    const { anchorBlock, lengthBlocks, nextFromBlock, nextLengthBlocks } = this.grid;
    const switched = nextLengthBlocks !== 0n && block >= nextFromBlock;
    const anchor = switched ? nextFromBlock : anchorBlock;
    const length = switched ? nextLengthBlocks : lengthBlocks;
    return anchor + ((block - anchor) / length) * length;
  }

  /** Records what a transaction in `block` did to `validator`. */
  observe(block: bigint, validator: string, change: ValidatorChange): void {
    const roundStart = this.roundStart(block);
    const known = this.atRoundStart.get(validator);
    if (change.bondedAfterWei !== change.bondedBeforeWei && known?.roundStart !== roundStart)
      this.atRoundStart.set(validator, { roundStart, stakeWei: change.bondedBeforeWei });
    // Not on the list when the round started: no stake in this round's draw.
    // Not on the list when the round started, or jailed then (a top-up ending a self-stake shortfall
    // jail): no stake in this round's draw; it enters from the next.
    if ((!change.listedBefore && change.listedAfter) || change.shortfallEnded)
      this.atRoundStart.set(validator, { roundStart, stakeWei: 0n });
  }

  /**
   * The stake `validator` (bonded `bondedNowWei` now, jailed until `jailedUntilBlock`) enters a draw
   * run in `block` with: none if it is jailed at the round's start (or now).
   */
  stakeFor(validator: string, bondedNowWei: bigint, jailedUntilBlock: bigint, block: bigint): bigint {
    const roundStart = this.roundStart(block);
    if (jailedUntilBlock > roundStart) return 0n;
    const known = this.atRoundStart.get(validator);
    return known?.roundStart === roundStart ? known.stakeWei : bondedNowWei;
  }
}
