/**
 * A validator's page reads its history from the chain's logs (validatorPage.ts shows it): the pool's
 * events with the validator as their first indexed argument — registered, commission scheduled and
 * changed, slashed, jailed, self-stake short, displaced, relisted, deregistered, profile set — and the
 * election's heartbeats, over the last HISTORY_WINDOW_BLOCKS blocks (one eth_getLogs per chunk for
 * both contracts, then one per block while the page is open). Its uptime is the heartbeats it sent
 * over the last UPTIME_ROUNDS completed rounds (a heartbeat in round r makes it electable at r + 1).
 */
import { decodeBytes32String, getAddress, zeroPadValue } from "ethers";
import type { Log } from "ethers";
import type { System } from "./contracts";
import { HISTORY_CHUNK_BLOCKS, HISTORY_WINDOW_BLOCKS } from "./history";
import { chunks, LogWindow } from "./logWindow";
import type { LoggedEntry } from "./logWindow";

/** The pool's events of a validator's life (IStakingPool's names), the validator first indexed. */
export const POOL_VALIDATOR_EVENTS = [
  "ValidatorRegistered",
  "CommissionChangeScheduled",
  "CommissionChanged",
  "Slashed",
  "Jailed",
  "SelfStakeShortfall",
  "ValidatorDisplaced",
  "ValidatorRelisted",
  "ValidatorDeregistered",
  "ProfileSet",
] as const;
export type ValidatorEventName = (typeof POOL_VALIDATOR_EVENTS)[number] | "Heartbeat";

/** Rounds the uptime counts (the completed ones before the current round). */
export const UPTIME_ROUNDS = 10n;

export interface ValidatorEntry extends LoggedEntry {
  event: ValidatorEventName;
  /** Heartbeat: its round. */
  round?: bigint;
  commissionWad?: bigint;
  /** CommissionChangeScheduled: when it applies; CommissionChanged: the rate before. */
  effectiveBlock?: bigint;
  oldCommissionWad?: bigint;
  selfStakeWei?: bigint;
  /** Jailed, Slashed: until which block (2^40 - 1: until a top-up). */
  untilBlock?: bigint;
  /** ValidatorDisplaced: what it had bonded, and who took its place. */
  bondedWei?: bigint;
  newcomer?: string;
  name?: string;
  slash?: Slash;
}

export interface Slash {
  fractionWad: bigint;
  infractionBlock: bigint;
  bondedBurnedWei: bigint;
  unbondingBurnedWei: bigint;
  /** The reason as text when it is a short string (e.g. "double-sign"), else its hex. */
  reason: string;
}

/** Reads `validator`'s entries in blocks `from`..`to` (inclusive). */
export async function readValidatorHistory(
  system: System,
  validator: string,
  from: bigint,
  to: bigint,
): Promise<ValidatorEntry[]> {
  const provider = system.pool.runner?.provider;
  if (!provider || to < from) return [];
  const [pool, election] = [await system.pool.getAddress(), await system.election.getAddress()];
  const topics = [
    ...POOL_VALIDATOR_EVENTS.map((name) => system.pool.interface.getEvent(name)!.topicHash),
    system.election.interface.getEvent("Heartbeat")!.topicHash,
  ];
  const entries: ValidatorEntry[] = [];
  for (const [start, end] of chunks(from, to, HISTORY_CHUNK_BLOCKS)) {
    const logs = await provider.getLogs({
      address: [pool, election],
      topics: [topics, zeroPadValue(validator, 32)],
      fromBlock: start,
      toBlock: end,
    });
    for (const log of logs) {
      const entry = parse(system, log, getAddress(log.address) === getAddress(election));
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

function reasonText(reason: string): string {
  try {
    return decodeBytes32String(reason);
  } catch {
    return reason;
  }
}

function parse(system: System, log: Log, fromElection: boolean): ValidatorEntry | undefined {
  const parsed = fromElection ? system.election.interface.parseLog(log) : system.pool.interface.parseLog(log);
  if (!parsed) return undefined;
  const base = { block: log.blockNumber, txHash: log.transactionHash, logIndex: log.index };
  const a = parsed.args;
  switch (parsed.name) {
    case "Heartbeat":
      return { ...base, event: "Heartbeat", round: a.round };
    case "ValidatorRegistered":
      return { ...base, event: parsed.name, commissionWad: a.commissionWad, selfStakeWei: a.selfStakeWei };
    case "CommissionChangeScheduled":
      return {
        ...base,
        event: parsed.name,
        commissionWad: a.commissionWad,
        effectiveBlock: a.effectiveBlock,
      };
    case "CommissionChanged":
      return {
        ...base,
        event: parsed.name,
        oldCommissionWad: a.oldCommissionWad,
        commissionWad: a.newCommissionWad,
      };
    case "Slashed":
      return {
        ...base,
        event: "Slashed",
        untilBlock: a.jailedUntilBlock,
        slash: {
          fractionWad: a.fractionWad,
          infractionBlock: a.infractionBlock,
          bondedBurnedWei: a.bondedBurnedWei,
          unbondingBurnedWei: a.unbondingBurnedWei,
          reason: reasonText(a.reason),
        },
      };
    case "Jailed":
      return { ...base, event: "Jailed", untilBlock: a.untilBlock };
    case "SelfStakeShortfall":
      return { ...base, event: parsed.name, selfStakeWei: a.selfStakeWei };
    case "ValidatorDisplaced":
      return { ...base, event: parsed.name, bondedWei: a.bondedWei, newcomer: getAddress(a.newcomer) };
    case "ProfileSet":
      return { ...base, event: "ProfileSet", name: a.name };
    case "ValidatorRelisted":
    case "ValidatorDeregistered":
      return { ...base, event: parsed.name };
    default:
      return undefined;
  }
}

/** A validator's history as its page holds it; a new page (another validator) starts a new one. */
export class ValidatorHistory extends LogWindow<ValidatorEntry> {
  constructor(
    private readonly system: System,
    readonly validator: string,
  ) {
    super(HISTORY_WINDOW_BLOCKS);
  }

  protected read(from: bigint, to: bigint): Promise<ValidatorEntry[]> {
    return readValidatorHistory(this.system, this.validator, from, to);
  }
}

/** Heartbeats over the last UPTIME_ROUNDS completed rounds before the current one (fewer early on). */
export interface Uptime {
  firstRound: bigint;
  lastRound: bigint;
  rounds: number;
  withHeartbeat: number;
}

/**
 * The uptime from `entries` read since `fromBlock`, in round `currentRound` (which started at
 * `roundStartBlock`, rounds `roundLength` long): only rounds that started inside the window read count,
 * so a heartbeat before it is never missed. Undefined before the first round completes.
 */
export function uptimeOf(
  entries: readonly ValidatorEntry[],
  at: { currentRound: bigint; roundStartBlock: bigint; roundLength: bigint; fromBlock: bigint },
): Uptime | undefined {
  const { currentRound, roundStartBlock, roundLength, fromBlock } = at;
  if (currentRound === 0n || roundLength === 0n) return undefined;
  const lastRound = currentRound - 1n;
  let firstRound = currentRound > UPTIME_ROUNDS ? currentRound - UPTIME_ROUNDS : 0n;
  // Round r started at roundStartBlock - (currentRound - r) * roundLength: keep those inside the window.
  const inWindow = roundStartBlock >= fromBlock ? (roundStartBlock - fromBlock) / roundLength : 0n;
  if (currentRound - firstRound > inWindow) firstRound = currentRound - inWindow;
  if (firstRound > lastRound) return undefined;
  const beats = new Set(
    entries
      .filter((e) => e.event === "Heartbeat" && e.round! >= firstRound && e.round! <= lastRound)
      .map((e) => e.round),
  );
  return { firstRound, lastRound, rounds: Number(lastRound - firstRound + 1n), withHeartbeat: beats.size };
}
