/**
 * Entries read from the chain's logs over a window of recent blocks (nothing kept in the page, so a
 * reload reads them again): the window's start the first time, then block by block as the chain
 * grows, one read at a time. The account's history (history.ts) and a validator's page
 * (validatorHistory.ts) each hold one.
 */

/** Where a log is: its block, transaction and index in the block. */
export interface LoggedEntry {
  block: number;
  txHash: string;
  logIndex: number;
}

export const logKey = (e: LoggedEntry): string => `${e.txHash}-${e.logIndex}`;

/** The block ranges [from, to] to read, `chunk` blocks at a time, newest first. */
export function chunks(from: bigint, to: bigint, chunk: bigint): [bigint, bigint][] {
  const ranges: [bigint, bigint][] = [];
  for (let end = to; end >= from; end -= chunk) {
    const start = end - chunk + 1n > from ? end - chunk + 1n : from;
    ranges.push([start, end]);
  }
  return ranges;
}

export abstract class LogWindow<E extends LoggedEntry> {
  private readonly byKey = new Map<string, E>();
  /** The first block of the window read, and the last block read (-1: nothing yet). */
  fromBlock = 0n;
  readUpTo = -1n;
  private reading = false;

  constructor(private readonly windowBlocks: bigint) {}

  /** The entries logged in blocks `from`..`to` (inclusive). */
  protected abstract read(from: bigint, to: bigint): Promise<E[]>;

  /** Newest first. */
  get entries(): E[] {
    return [...this.byKey.values()].sort((x, y) => y.block - x.block || y.logIndex - x.logIndex);
  }

  /** Reads what is new up to `block` (the window's start the first time); false if a read is running. */
  async update(block: bigint): Promise<boolean> {
    if (this.reading || block <= this.readUpTo) return false;
    this.reading = true;
    try {
      let from = this.readUpTo + 1n;
      if (this.readUpTo < 0n) {
        from = block - this.windowBlocks + 1n;
        if (from < 0n) from = 0n;
        this.fromBlock = from;
      }
      for (const entry of await this.read(from, block)) this.byKey.set(logKey(entry), entry);
      this.readUpTo = block;
      return true;
    } finally {
      this.reading = false;
    }
  }
}
