/**
 * Governance as the page shows it: the governor's settings and its proposals (kept on chain by
 * GovernorStorage), each with its state, tallies, voting window and whether the account voted.
 */
import type { ETMGovernor, StakingLens } from "../../typechain-types";

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
}

export interface GovernanceSnapshot {
  address: string;
  votingDelayBlocks: bigint;
  votingPeriodBlocks: bigint;
  thresholdWei: bigint;
  proposals: Proposal[];
}

/** A proposal's text is only in its ProposalCreated event; it does not change, so it is kept. */
const descriptions = new Map<string, string>();

async function descriptionOf(
  governor: ETMGovernor,
  id: bigint,
  snapshot: bigint,
  delay: bigint,
): Promise<string> {
  const key = `${await governor.getAddress()}-${id}`;
  const known = descriptions.get(key);
  if (known !== undefined) return known;
  // Made `votingDelay` blocks before its snapshot (while the delay is unchanged): one block to search.
  const block = Number(snapshot - delay);
  const events = await governor.queryFilter(governor.filters.ProposalCreated(), block, block);
  const event = events.find((e) => e.args.proposalId === id);
  const text = event ? event.args.description : `(its text was not found in block ${block})`;
  descriptions.set(key, text);
  return text;
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
    g.proposals.map(async (p): Promise<Proposal> => ({
      id: p.id,
      description: await descriptionOf(governor, p.id, p.snapshotBlock, g.votingDelayBlocks),
      state: PROPOSAL_STATES[Number(p.state)],
      againstWei: p.againstWei,
      forWei: p.forWei,
      abstainWei: p.abstainWei,
      snapshotBlock: p.snapshotBlock,
      deadlineBlock: p.deadlineBlock,
      voted: p.voted,
    })),
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
