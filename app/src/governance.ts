/**
 * Governance as the page shows it: the governor's settings and its proposals (kept on chain by
 * GovernorStorage), each with its state, tallies, voting window and whether the account voted.
 */
import type { ETMGovernor } from "../../typechain-types";

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

export async function readGovernance(
  governor: ETMGovernor,
  at: { blockTag: number },
  account?: string,
): Promise<GovernanceSnapshot> {
  const [votingDelayBlocks, votingPeriodBlocks, thresholdWei, count] = await Promise.all([
    governor.votingDelay(at),
    governor.votingPeriod(at),
    governor.proposalThreshold(at),
    governor.proposalCount(at),
  ]);
  const first = count > SHOWN ? count - SHOWN : 0n;
  const indexes = Array.from({ length: Number(count - first) }, (_, i) => count - 1n - BigInt(i));
  const proposals = await Promise.all(
    indexes.map(async (index): Promise<Proposal> => {
      const [id] = await governor.proposalDetailsAt(index, at);
      const [state, votes, snapshotBlock, deadlineBlock, voted] = await Promise.all([
        governor.state(id, at),
        governor.proposalVotes(id, at),
        governor.proposalSnapshot(id, at),
        governor.proposalDeadline(id, at),
        account ? governor.hasVoted(id, account, at) : Promise.resolve(false),
      ]);
      return {
        id,
        description: await descriptionOf(governor, id, snapshotBlock, votingDelayBlocks),
        state: PROPOSAL_STATES[Number(state)],
        againstWei: votes.againstVotes,
        forWei: votes.forVotes,
        abstainWei: votes.abstainVotes,
        snapshotBlock,
        deadlineBlock,
        voted,
      };
    }),
  );
  return {
    address: await governor.getAddress(),
    votingDelayBlocks,
    votingPeriodBlocks,
    thresholdWei,
    proposals,
  };
}

/** "0x1234…" of a proposal id (a uint256 hash). */
export function shortProposalId(id: bigint): string {
  return `${id.toString(16).padStart(64, "0").slice(0, 8)}…`;
}
