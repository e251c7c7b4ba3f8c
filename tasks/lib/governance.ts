/**
 * What the governance tasks share: the governor and timelock of the selected network's deployment,
 * proposals found by id from the governor's ProposalCreated events, states and deadlines in words.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ETMGovernor, ETMTimelock } from "../../typechain-types";
import { LOGS_WINDOW_BLOCKS, SECONDS_PER_BLOCK } from "../../lib/constants";
import type { GovernedAddresses } from "../../lib/deployment";
import { task } from "hardhat/config";
import type { ProposalState } from "../../lib/proposalStates";
import { connect, runTask, type ConnectedSystem } from "./system";
import { UserInputError } from "./input";

export { PROPOSAL_STATES } from "../../lib/proposalStates";
import { PROPOSAL_STATES } from "../../lib/proposalStates";
import type { StepWords } from "../../lib/actions/governance";

export interface ConnectedGovernance extends ConnectedSystem {
  governor: ETMGovernor;
  timelock: ETMTimelock;
  addresses: GovernedAddresses;
  /** The governor's deployment block: proposals are searched from there. */
  fromBlock: number;
}

/** The deployed system with its governor; a clear error if it was deployed without governance. */
export async function connectGovernance(
  hre: HardhatRuntimeEnvironment,
  accountFlag?: string,
): Promise<ConnectedGovernance> {
  const system = await connect(hre, accountFlag);
  const { record } = system;
  const { governor: governorAddress, timelock: timelockAddress } = record.contracts;
  if (!governorAddress || !timelockAddress) {
    throw new UserInputError(
      `the system on network "${hre.network.name}" was deployed without governance (deployments/${hre.network.name}.json has no governor): ` +
        `its admin ${String(record.parameters.admin)} sets parameters directly. Deploy with governance (the deploy task's default) to vote on them`,
    );
  }
  const types = await import("../../typechain-types");
  const governor = types.ETMGovernor__factory.connect(governorAddress, system.account);
  const timelock = types.ETMTimelock__factory.connect(timelockAddress, system.account);
  return {
    ...system,
    governor,
    timelock,
    addresses: {
      token: record.contracts.token,
      pool: record.contracts.pool,
      election: record.contracts.election,
      governor: governorAddress,
      timelock: timelockAddress,
    },
    fromBlock: record.blocks.governor ?? 0,
  };
}

export interface FoundProposal {
  id: bigint;
  proposer: string;
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  descriptionHash: string;
  voteStart: bigint;
  voteEnd: bigint;
}

/** Every proposal of the governor, oldest first (GovernorStorage keeps them on chain). */
export async function listProposals(g: ConnectedGovernance): Promise<FoundProposal[]> {
  const count = await g.governor.proposalCount();
  const proposals: FoundProposal[] = [];
  for (let i = 0n; i < count; i++) {
    const [id, targets, values, calldatas, descriptionHash] = await g.governor.proposalDetailsAt(i);
    const proposer = await g.governor.proposalProposer(id);
    const voteStart = await g.governor.proposalSnapshot(id);
    const voteEnd = await g.governor.proposalDeadline(id);
    proposals.push({
      id,
      proposer,
      targets: [...targets],
      values: [...values],
      calldatas: [...calldatas],
      description: await descriptionOf(g, id, voteStart),
      descriptionHash,
      voteStart,
      voteEnd,
    });
  }
  return proposals;
}

/**
 * A proposal's text is only in its ProposalCreated event (the chain keeps its hash). It was made
 * `votingDelay` blocks before its snapshot if the delay has not changed since: look there first,
 * then back from the snapshot in windows of Besu's default log range (at most MAX_WINDOWS of them).
 */
async function descriptionOf(g: ConnectedGovernance, id: bigint, snapshot: bigint): Promise<string> {
  const guess = Number(snapshot - (await g.governor.votingDelay()));
  const windows: [number, number][] = [[guess, guess]];
  for (
    let to = Number(snapshot);
    to >= g.fromBlock && windows.length <= MAX_WINDOWS;
    to -= LOGS_WINDOW_BLOCKS
  )
    windows.push([Math.max(g.fromBlock, to - LOGS_WINDOW_BLOCKS + 1), to]);
  for (const [from, to] of windows) {
    if (from < 0) continue;
    const events = await g.governor.queryFilter(g.governor.filters.ProposalCreated(), from, to);
    const match = events.find((event) => event.args.proposalId === id);
    if (match) return match.args.description;
  }
  return "(description not found in the logs before its snapshot; its hash is on chain)";
}

/** Log windows searched for a description: 50 x 5,000 blocks, about 8.7 days of 3-second blocks. */
const MAX_WINDOWS = 50;

/** Parses `--id` (decimal, 0x hex, or a unique prefix of at least 6 digits as `etm:proposals` prints). */
export async function findProposal(
  g: ConnectedGovernance,
  idText: string | undefined,
): Promise<FoundProposal> {
  if (!idText) throw new UserInputError(`--id is required: the proposal id as \`etm:proposals\` lists it`);
  const text = idText.trim();
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(text))
    throw new UserInputError(
      `--id "${idText}" is not a proposal id: give the number \`etm:proposals\` prints`,
    );
  const proposals = await listProposals(g);
  const exact = proposals.find((p) => p.id === BigInt(text));
  if (exact) return exact;
  const byPrefix = /^\d{6,}$/.test(text) ? proposals.filter((p) => p.id.toString().startsWith(text)) : [];
  if (byPrefix.length === 1) return byPrefix[0];
  throw new UserInputError(
    byPrefix.length > 1
      ? `--id ${text} matches ${byPrefix.length} proposals: give more digits`
      : `no proposal ${text} on network "${g.network}": list them with \`npx hardhat etm:proposals --network ${g.network}\``,
  );
}

/** "block 1234 (in 5 blocks, ~15 s)" or "block 1200 (40 blocks ago)". */
export function describeBlock(block: bigint, now: bigint): string {
  if (block > now)
    return `block ${block} (in ${block - now} blocks, ~${humanSeconds(Number(block - now) * SECONDS_PER_BLOCK)})`;
  if (block === now) return `block ${block} (now)`;
  return `block ${block} (${now - block} blocks ago)`;
}

/** 90 -> "1 min 30 s"; 86400 -> "1 d". */
export function humanSeconds(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3_600],
    ["min", 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest} s`);
  return parts.slice(0, 2).join(" ");
}

/** lib's queue and execute refusals in the tasks' words (the next task to run, the wait from now). */
export const TASK_WORDS: StepWords = {
  waitHint: "wait until voting closes (etm:proposals)",
  queueHint: "queue it first (etm:queue)",
  wait: (seconds) => `${humanSeconds(seconds)} from now`,
  end: "",
};

export async function stateOf(g: ConnectedGovernance, id: bigint): Promise<(typeof PROPOSAL_STATES)[number]> {
  return PROPOSAL_STATES[Number(await g.governor.state(id))];
}

/**
 * Defines a task on one proposal (`--id`, `--account`): connects to the governance, finds the
 * proposal and its state, then runs `body`; failures are reported as every task's are.
 */
export function proposalTask(
  name: "etm:queue" | "etm:execute",
  description: string,
  accountHelp: string,
  body: (
    gov: ConnectedGovernance,
    proposal: FoundProposal,
    state: ProposalState,
    hre: HardhatRuntimeEnvironment,
  ) => Promise<void>,
): void {
  task(name, description)
    .addParam("id", "the proposal id (etm:proposals)")
    .addOptionalParam("account", accountHelp)
    .setAction(async (args: { id: string; account?: string }, hre) => {
      await runTask(
        name,
        async () => {
          const gov = await connectGovernance(hre, args.account);
          const proposal = await findProposal(gov, args.id);
          await body(gov, proposal, await stateOf(gov, proposal.id), hre);
        },
        name === "etm:queue" ? "queue" : "execute",
      );
    });
}
