/**
 * Governance as the page shows it: the governor's settings and its proposals (kept on chain by
 * GovernorStorage), each with its state, tallies, voting window and whether the account voted, and
 * its timeline (created, voting, queued with its eta, executed or canceled) from the governor's events.
 */
import { getBigInt, toBeHex, zeroPadValue } from "ethers";
import type { ETMGovernor, StakingLens } from "../../typechain-types";
import { LOGS_WINDOW_BLOCKS } from "../../lib/constants";
import type { ProposalState } from "../../lib/proposalStates";
import { formatUtc } from "./units";

export { PROPOSAL_STATES } from "../../lib/proposalStates";
import { PROPOSAL_STATES } from "../../lib/proposalStates";

/** Proposals shown: the most recent ones. */
const SHOWN = 10n;

export interface Proposal {
  id: bigint;
  description: string;
  state: (typeof PROPOSAL_STATES)[number];
  forWei: bigint;
  againstWei: bigint;
  abstainWei: bigint;
  snapshotBlock: bigint;
  deadlineBlock: bigint;
  voted: boolean;
  /** The block of its ProposalCreated event, when found. */
  createdBlock?: number;
}

export interface GovernanceSnapshot {
  address: string;
  votingDelayBlocks: bigint;
  votingPeriodBlocks: bigint;
  thresholdWei: bigint;
  proposals: Proposal[];
}

/**
 * A proposal's text is only in its ProposalCreated event (hostile text: the page shows it as text
 * only); it does not change, so it is kept, with the block it was made in.
 */
const descriptions = new Map<string, { text: string; block?: number }>();

async function descriptionOf(
  governor: ETMGovernor,
  id: bigint,
  snapshot: bigint,
  delay: bigint,
): Promise<{ text: string; block?: number }> {
  const key = `${await governor.getAddress()}-${id}`;
  const known = descriptions.get(key);
  if (known !== undefined) return known;
  // Made `votingDelay` blocks before its snapshot (while the delay is unchanged): one block to search.
  const block = Number(snapshot - delay);
  const events = await governor.queryFilter(governor.filters.ProposalCreated(), block, block);
  const event = events.find((e) => e.args.proposalId === id);
  const found = event
    ? { text: event.args.description, block: event.blockNumber }
    : { text: `(its text was not found in block ${block})` };
  descriptions.set(key, found);
  return found;
}

/** The governance panel at `at`, in one eth_call to the lens (descriptions from logs, once each). */
export async function readGovernance(
  lens: StakingLens,
  governor: ETMGovernor,
  at: { blockTag: number },
  account?: string,
): Promise<GovernanceSnapshot> {
  const g = await lens.governanceView(
    await governor.getAddress(),
    account ?? "0x0000000000000000000000000000000000000000",
    SHOWN,
    at,
  );
  const proposals = await Promise.all(
    g.proposals.map(async (p): Promise<Proposal> => {
      const created = await descriptionOf(governor, p.id, p.snapshotBlock, g.votingDelayBlocks);
      return {
        id: p.id,
        description: created.text,
        createdBlock: created.block,
        state: PROPOSAL_STATES[Number(p.state)],
        againstWei: p.againstWei,
        forWei: p.forWei,
        abstainWei: p.abstainWei,
        snapshotBlock: p.snapshotBlock,
        deadlineBlock: p.deadlineBlock,
        voted: p.voted,
      };
    }),
  );
  return {
    address: g.governor,
    votingDelayBlocks: g.votingDelayBlocks,
    votingPeriodBlocks: g.votingPeriodBlocks,
    thresholdWei: g.proposalThresholdWei,
    proposals,
  };
}

/** "0x1234…" of a proposal id (a uint256 hash). */
export function shortProposalId(id: bigint): string {
  return `${id.toString(16).padStart(64, "0").slice(0, 8)}…`;
}

/** What the governor's events say happened to a proposal after its vote. */
export interface Timeline {
  queuedBlock?: number;
  /** When the timelock lets it run (seconds since 1970): the ProposalQueued event's eta. */
  etaSeconds?: bigint;
  executedBlock?: number;
  canceledBlock?: number;
  /** The state the events were last read for: read again only when the state changes. */
  readFor?: ProposalState;
}

/** States whose steps are in the events (queued, executed, canceled), not in the lens's view. */
const EVENT_STATES: readonly ProposalState[] = ["Queued", "Executed", "Canceled", "Expired"];

/** Whether a proposal's events must be read (again): its state has steps there it was not read for. */
export function needsEvents(state: ProposalState, timeline: Timeline | undefined): boolean {
  return EVENT_STATES.includes(state) && timeline?.readFor !== state;
}

/** Log windows searched per proposal: 20 x 5,000 blocks (about 3.5 days of 3-second blocks). */
export const TIMELINE_MAX_WINDOWS = 20;

/** A proposal's timeline in words, oldest step first. */
export function timelineSteps(p: Proposal, t: Timeline | undefined): string[] {
  const steps = [
    p.createdBlock !== undefined ? `Created in block ${p.createdBlock}` : "Created (block not found)",
    `Voting from block ${p.snapshotBlock + 1n} to block ${p.deadlineBlock}`,
  ];
  if (t?.queuedBlock !== undefined)
    steps.push(
      `Queued in block ${t.queuedBlock}; executable from ${t.etaSeconds !== undefined ? formatUtc(t.etaSeconds) : "(eta unknown)"}`,
    );
  if (t?.executedBlock !== undefined) steps.push(`Executed in block ${t.executedBlock}`);
  if (t?.canceledBlock !== undefined) steps.push(`Canceled in block ${t.canceledBlock}`);
  return steps;
}

/**
 * The timelines of the proposals shown, read from the governor's ProposalQueued, ProposalExecuted and
 * ProposalCanceled events (one eth_getLogs per 5,000 blocks for the three), only for a proposal
 * whose state changed since its last read: on load and when a step happens, never every block.
 */
export class Timelines {
  private readonly byId = new Map<string, Timeline>();
  private reading = false;

  constructor(private readonly governor: ETMGovernor) {}

  get(id: bigint): Timeline | undefined {
    return this.byId.get(id.toString());
  }

  /** Reads what changed up to `block`; false when nothing was read (or a read is running). */
  async update(proposals: Proposal[], block: number): Promise<boolean> {
    const due = proposals.filter((p) => needsEvents(p.state, this.get(p.id)));
    if (this.reading || due.length === 0) return false;
    this.reading = true;
    try {
      for (const p of due) this.byId.set(p.id.toString(), await this.read(p, block));
      return true;
    } finally {
      this.reading = false;
    }
  }

  private async read(p: Proposal, block: number): Promise<Timeline> {
    const provider = this.governor.runner?.provider;
    const t: Timeline = { readFor: p.state };
    if (!provider) return t;
    const iface = this.governor.interface;
    const topics = (["ProposalQueued", "ProposalExecuted", "ProposalCanceled"] as const).map(
      (name) => iface.getEvent(name)!.topicHash,
    );
    const address = await this.governor.getAddress();
    const start = p.createdBlock ?? Number(p.snapshotBlock);
    const from = Math.max(start, block - TIMELINE_MAX_WINDOWS * LOGS_WINDOW_BLOCKS + 1);
    const idWord = zeroPadValue(toBeHex(p.id), 32).toLowerCase();
    for (let low = from; low <= block; low += LOGS_WINDOW_BLOCKS) {
      const logs = await provider.getLogs({
        address,
        topics: [topics],
        fromBlock: low,
        toBlock: Math.min(block, low + LOGS_WINDOW_BLOCKS - 1),
      });
      for (const log of logs) {
        // None of the three indexes the id: it is the first word of the data.
        if (log.data.slice(0, 66).toLowerCase() !== idWord) continue;
        const parsed = iface.parseLog(log);
        if (parsed?.name === "ProposalQueued") {
          t.queuedBlock = log.blockNumber;
          t.etaSeconds = getBigInt(parsed.args[1] as bigint);
        } else if (parsed?.name === "ProposalExecuted") t.executedBlock = log.blockNumber;
        else if (parsed?.name === "ProposalCanceled") t.canceledBlock = log.blockNumber;
      }
    }
    return t;
  }
}
