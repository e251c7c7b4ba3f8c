/**
 * The account's own history, read from the chain's logs (nothing kept in the page, so a reload shows
 * it again): the pool's Staked, Unstaked, Withdrawn, RewardPaid and Compounded events and the votes
 * contract's DelegateChanged, each with the account as its first indexed argument, over the last
 * HISTORY_WINDOW_BLOCKS blocks, read HISTORY_CHUNK_BLOCKS at a time (one eth_getLogs per chunk for
 * both contracts and every event), then block by block as the chain grows. Each entry's time is its
 * block's timestamp, read once per block (eth_getBlockByNumber), only for the rows shown, at most
 * HISTORY_TIME_BATCH requests at a time: on load and when new entries come, never every block.
 */
import { getAddress, zeroPadValue } from "ethers";
import type { Log } from "ethers";
import type { System } from "./contracts";
import { chunks, LogWindow, logKey } from "./logWindow";
import type { LoggedEntry } from "./logWindow";

/** The pool's events of an account's own actions (IStakingPool's names). */
export const POOL_HISTORY_EVENTS = ["Staked", "Unstaked", "Withdrawn", "RewardPaid", "Compounded"] as const;
/** The votes contract's event of a delegation (OpenZeppelin's IVotes). */
export const VOTES_HISTORY_EVENTS = ["DelegateChanged"] as const;
export type HistoryEvent = (typeof POOL_HISTORY_EVENTS)[number] | (typeof VOTES_HISTORY_EVENTS)[number];

/** How far back the page looks: ~41 hours of 3-second blocks. */
export const HISTORY_WINDOW_BLOCKS = 50_000n;
/** Blocks per eth_getLogs request (nodes cap a request's range; Besu's default is 5,000 on some configs). */
export const HISTORY_CHUNK_BLOCKS = 5_000n;

export interface HistoryEntry extends LoggedEntry {
  event: HistoryEvent;
  validator?: string;
  amountWei?: bigint;
  /** Unstaked: the block the entry matures at. */
  maturityBlock?: bigint;
  /** Withdrawn: how many unbonding entries were paid out. */
  entries?: bigint;
  /** DelegateChanged: the new delegate. */
  delegate?: string;
}

/** Block headers read at once for the entries' times. */
export const HISTORY_TIME_BATCH = 10;

/** The blocks of `entries` whose time is not known yet, each once, newest first, at most `limit`. */
export function blocksToTime(
  entries: HistoryEntry[],
  known: ReadonlyMap<number, number>,
  limit: number,
): number[] {
  const blocks: number[] = [];
  for (const e of [...entries].sort((x, y) => y.block - x.block)) {
    if (blocks.length >= limit) break;
    if (!known.has(e.block) && !blocks.includes(e.block)) blocks.push(e.block);
  }
  return blocks;
}

export const historyKey = logKey;

/** Reads the account's entries in blocks `from`..`to` (inclusive). */
export async function readHistory(
  system: System,
  account: string,
  from: bigint,
  to: bigint,
): Promise<HistoryEntry[]> {
  const provider = system.pool.runner?.provider;
  if (!provider || to < from) return [];
  const [pool, votes] = [await system.pool.getAddress(), await system.votes.getAddress()];
  const topics = [
    ...POOL_HISTORY_EVENTS.map((name) => system.pool.interface.getEvent(name)!.topicHash),
    ...VOTES_HISTORY_EVENTS.map((name) => system.votes.interface.getEvent(name)!.topicHash),
  ];
  const accountTopic = zeroPadValue(account, 32);
  const entries: HistoryEntry[] = [];
  for (const [start, end] of chunks(from, to, HISTORY_CHUNK_BLOCKS)) {
    const logs = await provider.getLogs({
      address: [pool, votes],
      topics: [topics, accountTopic],
      fromBlock: start,
      toBlock: end,
    });
    for (const log of logs) {
      const entry = parse(system, log, getAddress(log.address) === getAddress(votes));
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

function parse(system: System, log: Log, fromVotes: boolean): HistoryEntry | undefined {
  const parsed = fromVotes ? system.votes.interface.parseLog(log) : system.pool.interface.parseLog(log);
  if (!parsed) return undefined;
  const base = { block: log.blockNumber, txHash: log.transactionHash, logIndex: log.index };
  const a = parsed.args;
  switch (parsed.name) {
    case "Staked":
    case "RewardPaid":
    case "Compounded":
      return { ...base, event: parsed.name, validator: getAddress(a.validator), amountWei: a.amountWei };
    case "Unstaked":
      return {
        ...base,
        event: "Unstaked",
        validator: getAddress(a.validator),
        amountWei: a.amountWei,
        maturityBlock: a.maturityBlock,
      };
    case "Withdrawn":
      // `entries` by name would be the Result's own entries() method.
      return {
        ...base,
        event: "Withdrawn",
        amountWei: a.amountWei,
        entries: a.getValue("entries") as bigint,
      };
    case "DelegateChanged":
      return { ...base, event: "DelegateChanged", delegate: getAddress(a.toDelegate) };
    default:
      return undefined;
  }
}

/**
 * The account's history as the page holds it: what was read, newest first, and up to which block.
 * A new session (account or chain) starts a new one.
 */
export class History extends LogWindow<HistoryEntry> {
  /** Each entry block's timestamp (seconds since 1970), read once. */
  readonly times = new Map<number, number>();
  private timing = false;

  constructor(
    private readonly system: System,
    private readonly account: string,
  ) {
    super(HISTORY_WINDOW_BLOCKS);
  }

  protected read(from: bigint, to: bigint): Promise<HistoryEntry[]> {
    return readHistory(this.system, this.account, from, to);
  }

  /**
   * Reads the block times of `shown` (the rows on screen) not known yet, HISTORY_TIME_BATCH blocks at
   * a time; false when there was nothing to read (or a read is running).
   */
  async readTimes(shown: HistoryEntry[]): Promise<boolean> {
    const provider = this.system.pool.runner?.provider;
    const blocks = blocksToTime(shown, this.times, shown.length);
    if (!provider || this.timing || blocks.length === 0) return false;
    this.timing = true;
    try {
      for (let i = 0; i < blocks.length; i += HISTORY_TIME_BATCH) {
        const batch = blocks.slice(i, i + HISTORY_TIME_BATCH);
        const headers = await Promise.all(batch.map((b) => provider.getBlock(b)));
        headers.forEach((header, j) => {
          if (header) this.times.set(batch[j], header.timestamp);
        });
      }
      return true;
    } finally {
      this.timing = false;
    }
  }
}
