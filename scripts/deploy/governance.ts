/**
 * `installGovernance(system, options, deployer)`: deploys the governor and its timelock and hands
 * every role of the staking pool and the election to the timelock, in one step, leaving no
 * externally owned account with any role. `deploySystem({ governance: true })` calls it, and the
 * Ignition module `ETMSystemGoverned` (ignition/modules/ETMSystem.ts) sends the same transactions in
 * the same order. Importing this module has no side effects. Design: docs/governance.md.
 */
import type { Signer } from "ethers";
import type {
  DoubleSignEvidence,
  ETMGovernor,
  ETMTimelock,
  IStakingPool,
  StakeVotes,
  ValidatorElection,
} from "../../typechain-types";
import { ETMGovernor__factory, ETMTimelock__factory } from "../../typechain-types";
import { ADMIN_ROLES } from "../lib/roles";
import { poolParameterId } from "../../lib/poolParameters";
import { describeSlashPath, formatBlocks, slashPathBlocks, slashPathHolds } from "../../lib/slashPath";

const ETM = 10n ** 18n;
/** Blocks per day at 3-second blocks. */
export const BLOCKS_PER_DAY = 28_800;
const SECONDS_PER_DAY = 86_400;

/** The governor's and the timelock's settings. */
export interface GovernanceOptions {
  /** Blocks between a proposal and its snapshot (when voting power is fixed and voting opens). */
  votingDelay: number;
  /** Blocks during which votes are cast. */
  votingPeriod: number;
  /** Seconds between queueing a passed proposal and executing it (the timelock's clock is time). */
  timelockDelay: number;
  /** Voting power (wei of bonded stake) needed to propose. */
  proposalThreshold: bigint;
  /** Share of the total bonded stake that must vote for or abstain, wad. */
  quorum: bigint;
  /** Blocks voting stays open after the vote that reaches the quorum (late-quorum protection). */
  voteExtension: number;
  /**
   * Blocks added to the slowest path of a governed slash (the governor's immutable
   * `slashMarginBlocks`): time to notice an infraction and propose the slash, and the queue and
   * execute transactions. At least 1. The pool's `unbondingBlocks` must be longer than the path.
   */
  slashMargin: number;
}

/**
 * Defaults for 3-second blocks: a day to look at a proposal and bond stake before its snapshot, a
 * week to vote, two days between approval and execution (time to exit for who disagrees), 100,000
 * ETM of bonded stake to propose (0.01% of the default supply), a quorum of 4% of bonded stake, and
 * a day of margin on the slash path: 28,800 + 201,600 + 28,800 + 57,600 + 28,800 = 345,600 blocks
 * (12 days), which the default unbonding period (403,200 blocks = 14 days) outlasts.
 */
export const DEFAULT_GOVERNANCE_OPTIONS: GovernanceOptions = {
  votingDelay: BLOCKS_PER_DAY, // 1 day
  votingPeriod: 7 * BLOCKS_PER_DAY, // 7 days = 201,600 blocks
  timelockDelay: 2 * SECONDS_PER_DAY, // 2 days = 172,800 s ≈ 57,600 blocks
  proposalThreshold: 100_000n * ETM,
  quorum: ETM / 25n, // 4%
  voteExtension: BLOCKS_PER_DAY, // a day to answer a quorum reached at the last minute
  slashMargin: BLOCKS_PER_DAY, // a day to notice an infraction and propose its slash
};

/** Limits of the governor (OpenZeppelin's GovernorSettings types) checked before deploying. */
export const GOVERNANCE_LIMITS = {
  maxVotingDelay: 2 ** 48 - 1,
  minVotingPeriod: 1,
  maxVotingPeriod: 2 ** 32 - 1,
  maxQuorum: ETM,
} as const;

export interface DeployedGovernance {
  governor: ETMGovernor;
  timelock: ETMTimelock;
}

/** Every problem with `options`, each naming the field and the fix; empty when all are valid. */
export function governanceProblems(options: GovernanceOptions): string[] {
  const problems: string[] = [];
  const whole = (name: keyof GovernanceOptions, min: number, max: number) => {
    const value = options[name] as number;
    if (!Number.isSafeInteger(value) || value < min || value > max)
      problems.push(`${name}: ${value} is out of range; use a whole number from ${min} to ${max}`);
  };
  whole("votingDelay", 0, GOVERNANCE_LIMITS.maxVotingDelay);
  whole("votingPeriod", GOVERNANCE_LIMITS.minVotingPeriod, GOVERNANCE_LIMITS.maxVotingPeriod);
  whole("timelockDelay", 0, Number.MAX_SAFE_INTEGER);
  whole("voteExtension", 0, GOVERNANCE_LIMITS.maxVotingDelay);
  whole("slashMargin", 1, Number.MAX_SAFE_INTEGER);
  if (options.proposalThreshold < 0n) problems.push(`proposalThreshold: must not be negative`);
  if (options.quorum < 0n || options.quorum > GOVERNANCE_LIMITS.maxQuorum)
    problems.push(`quorum: ${options.quorum} is outside 0..1e18 (0%..100%); give a fraction of bonded stake`);
  return problems;
}

/**
 * The rule ETMGovernor enforces on chain (docs/governance.md; lib/slashPath.ts): the unbonding period
 * is longer than the slowest path of a governed slash, or stake could leave before the slash runs.
 * Returns the problem, naming both numbers and the fix, or undefined when the rule holds.
 */
export function slashPathProblem(unbondingBlocks: number, options: GovernanceOptions): string | undefined {
  if (slashPathHolds(unbondingBlocks, options)) return undefined;
  const path = slashPathBlocks(options);
  return (
    `unbondingBlocks: ${formatBlocks(unbondingBlocks)} blocks is not longer than the slowest path of a ` +
    `governed slash, ${formatBlocks(path)} blocks (${describeSlashPath(options)}), so stake could leave ` +
    `before a slash; raise unbondingBlocks to at least ${formatBlocks(path + 1n)} or shorten the governance durations`
  );
}

/**
 * Throws, before anything is sent, if the governance options are invalid or break the slash-path
 * rule against `unbondingBlocks`; the message names every problem and its fix.
 */
export function checkGovernanceOptions(options: GovernanceOptions, unbondingBlocks: number): void {
  const problems = governanceProblems(options);
  if (problems.length === 0) {
    const slowSlash = slashPathProblem(unbondingBlocks, options);
    if (slowSlash) problems.push(slowSlash);
  }
  if (problems.length > 0) throw new Error(`governance options: ${problems.join("; ")}`);
}

/**
 * Deploys ETMTimelock and ETMGovernor, then (all from `deployer`, which must hold the pool's and the
 * election's admin and parameter roles): the governor becomes the timelock's only proposer,
 * canceller and executor; the timelock becomes the treasury of the pool and the election and gets
 * every role the deployer had; the deployer renounces all of them, the timelock's admin role last.
 */
export async function installGovernance(
  contracts: {
    pool: IStakingPool;
    votes: StakeVotes;
    election: ValidatorElection;
    /** The double-sign evidence contract, if deployed: its roles go to the timelock too. */
    evidence?: DoubleSignEvidence;
  },
  options: GovernanceOptions,
  deployer: Signer,
): Promise<DeployedGovernance> {
  const { pool, votes, election, evidence } = contracts;
  // The pool's unbonding period as it is now (a parameter holder may have changed it since deployment).
  checkGovernanceOptions(options, Number(await pool.parameter(poolParameterId("unbondingBlocks"))));
  const deployerAddress = await deployer.getAddress();
  const send = async (tx: Promise<{ wait(): Promise<unknown> }>) => (await tx).wait();

  const timelock = await new ETMTimelock__factory(deployer).deploy(
    options.timelockDelay,
    [],
    [],
    deployerAddress,
  );
  await timelock.waitForDeployment();
  const timelockAddress = await timelock.getAddress();
  const governor = await new ETMGovernor__factory(deployer).deploy(
    await votes.getAddress(),
    timelockAddress,
    options.votingDelay,
    options.votingPeriod,
    options.proposalThreshold,
    options.quorum,
    options.voteExtension,
    options.slashMargin,
  );
  await governor.waitForDeployment();
  const governorAddress = await governor.getAddress();

  for (const role of [
    await timelock.PROPOSER_ROLE(),
    await timelock.CANCELLER_ROLE(),
    await timelock.EXECUTOR_ROLE(),
  ])
    await send(timelock.grantRole(role, governorAddress));
  await send(pool.setTreasury(timelockAddress));
  await send(election.setTreasury(timelockAddress));

  const poolRoles = await Promise.all(ADMIN_ROLES.pool.map((role) => pool[role]()));
  const electionRoles = await Promise.all(ADMIN_ROLES.election.map((role) => election[role]()));
  for (const role of poolRoles) await send(pool.grantRole(role, timelockAddress));
  for (const role of electionRoles) await send(election.grantRole(role, timelockAddress));
  for (const role of poolRoles) await send(pool.renounceRole(role, deployerAddress));
  for (const role of electionRoles) await send(election.renounceRole(role, deployerAddress));
  if (evidence) {
    const evidenceRoles = [await evidence.DEFAULT_ADMIN_ROLE(), await evidence.PARAMETER_ROLE()];
    for (const role of evidenceRoles) await send(evidence.grantRole(role, timelockAddress));
    for (const role of evidenceRoles) await send(evidence.renounceRole(role, deployerAddress));
  }
  await send(timelock.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), deployerAddress));
  return { governor, timelock };
}
