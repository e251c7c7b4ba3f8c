/**
 * `deploySystem(options)`: deploys and wires the ETM staking system on the current Hardhat network
 * and returns typed handles. Importing this module has no side effects; tests call it through
 * `loadFixture`, and the devnet and deploy task build on it.
 */
import hre from "hardhat";
import type {
  DoubleSignEvidence,
  ETMGovernor,
  ETMTimelock,
  ETMToken,
  StakingLens,
  IStakingPool,
  StakeVotes,
  ValidatorElection,
} from "../typechain-types";
import { ETMToken__factory, StakeVotes__factory } from "../typechain-types";
import { DEFAULT_ELECTION_OPTIONS, deployElection } from "./deploy/election";
import { deployPoolProxy } from "./deploy/proxies";
import { ADMIN_ROLES, ELECTION_POOL_ROLES } from "./lib/roles";
import {
  DEFAULT_GOVERNANCE_OPTIONS,
  checkGovernanceOptions,
  installGovernance,
  type GovernanceOptions,
} from "./deploy/governance";
import { deployLens } from "./deploy/lens";
import { DEFAULT_EVIDENCE_OPTIONS, deployEvidence, type EvidenceOptions } from "./deploy/evidence";

const ETM = 10n ** 18n;

/** Every knob of a deployment. Fractions are wad (1e18 = 100%), amounts wei, durations blocks. */
export interface SystemOptions extends GovernanceOptions, EvidenceOptions {
  /**
   * Deploys the governor and its timelock and hands them every role (docs/governance.md): the
   * timelock becomes admin and treasury, and no externally owned account keeps any role. Then
   * `admin` and `treasury` must be left unset (they are the timelock).
   */
  governance: boolean;
  /** Holds every parameter role (without governance). */
  admin: string;
  /** Receives the emission while nothing is staked and the treasury's share of fees (without governance). */
  treasury: string;
  /** Receives `initialSupply` at deployment. */
  initialHolder: string;
  /** Supply minted at deployment, in wei. */
  initialSupply: bigint;
  /** Year-0 annual inflation, wad. */
  initialInflation: bigint;
  /** Share of each mint set aside for the active validators, wad. */
  delta: bigint;
  /** Size of the active validator set. */
  validatorCount: number;
  /** Blocks per election round. */
  roundLength: number;
  /** Blocks between `unstake` and `withdraw`. */
  unbondingBlocks: number;
  /** Smallest non-zero position, in wei. */
  minStake: bigint;
  /** Smallest self-stake (security deposit) of a validator, in wei. */
  minSelfStake: bigint;
  /** Immutable maximum commission, wad. */
  maxCommission: bigint;
  /** Largest change of one commission update, wad. */
  maxCommissionChange: bigint;
  /** Blocks before a new commission applies. */
  commissionDelayBlocks: number;
  /** Blocks a slashed validator stays jailed. */
  jailBlocks: number;
  /** Largest number of registered validators in the pool. */
  candidateCap: number;
  /** Candidates the election considers per draw, largest stakes first (bounds its cost). */
  maxCandidates: number;
  /** Share of transaction fees for the active set, wad; the rest goes to the treasury. */
  feeShare: bigint;
  /** Blocks a validator that committed a seed and did not reveal it is jailed. */
  nonRevealJailBlocks: number;
  /** Signer addresses of the active set before the first election. */
  initialValidators: string[];
}

/** Default values; addresses default to the first signer of the network. */
export const DEFAULT_OPTIONS = {
  initialSupply: 1_000_000_000n * ETM,
  initialInflation: ETM / 10n,
  delta: 0n,
  validatorCount: 21,
  roundLength: 28_800, // one day of 3-second blocks
  // 14 days: longer than the slowest governed slash with the default governance settings (345,600
  // blocks = 12 days; docs/governance.md), so stake cannot leave before a slash arrives.
  unbondingBlocks: 403_200,
  minStake: 1n * ETM,
  minSelfStake: 10_000n * ETM,
  maxCommission: ETM / 2n,
  maxCommissionChange: ETM / 20n, // 5 percentage points per update
  commissionDelayBlocks: 28_800, // one day
  jailBlocks: 86_400, // three days
  candidateCap: 1_000,
  maxCandidates: DEFAULT_ELECTION_OPTIONS.maxCandidates,
  feeShare: DEFAULT_ELECTION_OPTIONS.feeShare,
  nonRevealJailBlocks: DEFAULT_ELECTION_OPTIONS.nonRevealJailBlocks,
  governance: false,
  ...DEFAULT_GOVERNANCE_OPTIONS,
  ...DEFAULT_EVIDENCE_OPTIONS,
} as const;

export interface DeployedSystem {
  token: ETMToken;
  pool: IStakingPool;
  /** Voting power of stakers (OpenZeppelin Votes) behind its own proxy, deployed and written by the pool. */
  votes: StakeVotes;
  /** Rounds, the randomness beacon, the weighted draw, Besu's getValidators(), the active set's rewards. */
  election: ValidatorElection;
  /** Read-only: everything a front end shows per block in one eth_call (stateless, no roles). */
  lens: StakingLens;
  /** Permissionless double-sign proofs; holds the pool's SLASHER_ROLE (docs/evidence.md). */
  evidence: DoubleSignEvidence;
  /** With `governance: true`: the stake-weighted governor. */
  governor?: ETMGovernor;
  /** With `governance: true`: the timelock that holds every role and the treasury. */
  timelock?: ETMTimelock;
  options: SystemOptions;
}

/** Fills every unset option with its default. */
export async function resolveOptions(given: Partial<SystemOptions> = {}): Promise<SystemOptions> {
  // An option given as `undefined` takes its default, like one left out.
  const overrides = Object.fromEntries(
    Object.entries(given).filter(([, value]) => value !== undefined),
  ) as Partial<SystemOptions>;
  const [deployer] = await hre.ethers.getSigners();
  if (!deployer) throw new Error("The network has no account to deploy from: configure one (see README)");
  if (overrides.governance && (overrides.admin !== undefined || overrides.treasury !== undefined))
    throw new Error(
      "deploySystem: with governance the timelock is the admin and the treasury; leave admin and treasury unset",
    );
  // With governance the deployer wires everything, then installGovernance hands it all to the timelock.
  const admin = overrides.admin ?? deployer.address;
  return {
    ...DEFAULT_OPTIONS,
    admin,
    treasury: admin,
    initialHolder: admin,
    initialValidators: [deployer.address],
    ...overrides,
  };
}

/** Deploys the system with `overrides` on top of the defaults. */
export async function deploySystem(overrides: Partial<SystemOptions> = {}): Promise<DeployedSystem> {
  const options = await resolveOptions(overrides);
  // With governance, its options and the slash-path rule are checked before anything is deployed.
  if (options.governance) checkGovernanceOptions(options, options.unbondingBlocks);
  const [deployer] = await hre.ethers.getSigners();
  // The deployer is the token's admin only to set the minter, once, right below.
  const token = await new ETMToken__factory(deployer).deploy(
    deployer.address,
    options.initialHolder,
    options.initialSupply,
  );
  await token.waitForDeployment();
  // The deployer holds the pool's roles only to wire the election, then hands them to `admin`.
  // The pool is a proxy (UUPS); its initializer deploys the StakeVotes proxy.
  const pool = await deployPoolProxy(
    deployer,
    await token.getAddress(),
    poolConfig(options, deployer.address),
  );
  const poolAddress = await pool.getAddress();
  await (await token.setMinter(poolAddress)).wait();
  const election = await deployElection(
    poolAddress,
    await token.getAddress(),
    {
      admin: options.admin,
      treasury: options.treasury,
      validatorCount: options.validatorCount,
      roundLength: options.roundLength,
      initialValidators: options.initialValidators,
      maxCandidates: options.maxCandidates,
      feeShare: options.feeShare,
      nonRevealJailBlocks: options.nonRevealJailBlocks,
    },
    deployer,
  );
  const electionAddress = await election.getAddress();
  for (const role of ELECTION_POOL_ROLES)
    await (await pool.grantRole(await pool[role](), electionAddress)).wait();
  // The pool checkpoints each candidate's stake at the start of every round of the election's grid.
  await (await election.publishRoundGrid()).wait();
  // The evidence contract slashes on a proof alone: the pool's SLASHER_ROLE, granted while the
  // deployer still holds the pool's admin role. Its parameters belong to `admin` (or governance).
  const evidence = await deployEvidence(
    pool,
    electionAddress,
    options.governance ? deployer.address : options.admin,
    options,
    deployer,
  );
  await handOverPoolRoles(pool, deployer.address, options.admin);
  const votes = StakeVotes__factory.connect(await pool.votes(), deployer);
  // Read-only periphery: holds no role, so its place in the sequence does not matter.
  const lens = await deployLens(poolAddress, electionAddress, deployer);
  if (!options.governance) return { token, pool, votes, election, lens, evidence, options };
  const { governor, timelock } = await installGovernance(
    { pool, votes, election, evidence },
    options,
    deployer,
  );
  const timelockAddress = await timelock.getAddress();
  return {
    token,
    pool,
    votes,
    election,
    lens,
    evidence,
    governor,
    timelock,
    options: { ...options, admin: timelockAddress, treasury: timelockAddress },
  };
}

/** The pool's initializer settings for `options` (its StakeVotes implementation aside), with
 * `admin` holding its roles at first. */
export function poolConfig(options: SystemOptions, admin: string) {
  return {
    admin,
    treasury: options.treasury,
    initialInflationWad: options.initialInflation,
    deltaWad: options.delta,
    minStakeWei: options.minStake,
    minSelfStakeWei: options.minSelfStake,
    unbondingBlocks: options.unbondingBlocks,
    jailBlocks: options.jailBlocks,
    maxCommissionWad: options.maxCommission,
    maxCommissionChangeWad: options.maxCommissionChange,
    commissionDelayBlocks: options.commissionDelayBlocks,
    candidateCap: options.candidateCap,
  };
}

/** Gives `admin` the pool's admin roles (`ADMIN_ROLES.pool`) and removes them from `deployer`. */
async function handOverPoolRoles(pool: IStakingPool, deployer: string, admin: string): Promise<void> {
  if (deployer.toLowerCase() === admin.toLowerCase()) return;
  const roles = await Promise.all(ADMIN_ROLES.pool.map((role) => pool[role]()));
  for (const role of roles) await (await pool.grantRole(role, admin)).wait();
  for (const role of roles) await (await pool.renounceRole(role, deployer)).wait();
}
