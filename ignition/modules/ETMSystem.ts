/**
 * Hardhat Ignition modules that deploy and wire the ETM staking system exactly as `deploySystem`
 * (scripts/deploy.ts) does, so that a real-network deployment is journaled and resumable:
 *
 *   1. ETMToken(admin = deployer, initialHolder, initialSupply)
 *   2. the pool (scripts/deploy/proxies.ts): its libraries ValidatorLogic, ParameterLogic, PoolViews, UnbondingLogic,
 *      SlashingLogic;
 *      the StakeVotes implementation; the StakingPoolExtension (token) and the StakingPool
 *      implementation (extension); and the pool's
 *      ERC1967Proxy, initialized in its constructor with the config (admin = deployer). The
 *      initializer deploys the StakeVotes proxy (`pool.votes()`).
 *   3. token.setMinter(pool)
 *   4. the election: its libraries ElectionSetup, BeaconLogic; the ValidatorElection implementation
 *      (pool, token); its ERC1967Proxy, initialized with the config (the final admin)
 *   5. pool.grantRole(JAILER_ROLE, election), pool.grantRole(COLLECTOR_ROLE, election),
 *      election.publishRoundGrid() (the pool's stake checkpoints follow the election's rounds)
 *   5b. StakingLens(pool, election): read-only periphery, no roles (a new one can be deployed any time)
 *   5c. DoubleSignEvidence(pool, election, admin, doubleSignSlash, reporterShare), then
 *       pool.grantRole(SLASHER_ROLE, evidence): anyone proves a double sign, the contract slashes
 *   6. only when admin != deployer (module `ETMSystemHandOver`): grant the pool's admin roles
 *      (ADMIN_ROLES.pool in scripts/lib/roles.ts) to admin, then renounce the deployer's.
 *
 * Step 6 is a module of its own because Ignition modules cannot branch on parameter values:
 * `npm run deploy` (tasks/deploy.ts) deploys `ETMSystemHandOver` when the admin differs from the
 * deployer and `ETMSystem` otherwise; both share the futures of `ETMSystem` in one journal.
 *
 * Parameters (module `ETMSystem`; fractions wad, amounts wei, durations blocks, as SystemOptions):
 * admin, treasury, initialHolder (default: the deployer, account 0), initialSupply, initialInflation,
 * delta, validatorCount, roundLength, unbondingBlocks, minStake, minSelfStake, maxCommission,
 * maxCommissionChange, commissionDelayBlocks, jailBlocks, candidateCap, maxCandidates, feeShare,
 * nonRevealJailBlocks, doubleSignSlash, reporterShare (defaults: DEFAULT_OPTIONS) and initialValidators
 * (required: the QBFT signers).
 * Module `ETMSystemHandOver` takes one parameter, `admin` (required).
 *
 * With governance (the deploy task's default), module `ETMSystemGoverned` (below) runs ETMSystem with
 * the deployer as admin and treasury, then deploys the governor and its timelock and hands them
 * everything; see its comment.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Future } from "@nomicfoundation/ignition-core";
import { DEFAULT_OPTIONS } from "../../scripts/deploy";
import { DEFAULT_GOVERNANCE_OPTIONS } from "../../scripts/deploy/governance";
import { ADMIN_ROLES } from "../../scripts/lib/roles";

export const ETMSystemModule = buildModule("ETMSystem", (m) => {
  const deployer = m.getAccount(0);
  const admin = m.getParameter("admin", deployer);
  const treasury = m.getParameter("treasury", deployer);
  const initialHolder = m.getParameter("initialHolder", deployer);
  const p = <T extends bigint | number>(name: keyof typeof DEFAULT_OPTIONS) =>
    m.getParameter<T>(name, DEFAULT_OPTIONS[name] as T);

  // The deployer is the token's admin only to set the minter, once, below.
  const token = m.contract("ETMToken", [deployer, initialHolder, p<bigint>("initialSupply")]);

  // The deployer holds the pool's roles only to wire the election (and, in ETMSystemHandOver, hand them over).
  const poolLibraries = {
    ValidatorLogic: m.library("ValidatorLogic"),
    ParameterLogic: m.library("ParameterLogic"),
    PoolViews: m.library("PoolViews"),
    UnbondingLogic: m.library("UnbondingLogic"),
    SlashingLogic: m.library("SlashingLogic"),
  };
  // The pool's implementation runs the staking hot paths and forwards every other selector to its
  // extension (docs/architecture.md); initialize is one of those, so it is encoded from the extension.
  const poolExtension = m.contract("StakingPoolExtension", [token], {
    id: "StakingPoolExtension",
    libraries: poolLibraries,
  });
  const poolImplementation = m.contract("StakingPool", [poolExtension], {
    id: "StakingPoolImplementation",
    libraries: { ValidatorLogic: poolLibraries.ValidatorLogic, UnbondingLogic: poolLibraries.UnbondingLogic },
  });
  const poolInit = m.encodeFunctionCall(poolExtension, "initialize", [
    {
      admin: deployer,
      treasury,
      votesImplementation: m.contract("StakeVotes", [], { id: "StakeVotesImplementation" }),
      initialInflationWad: p<bigint>("initialInflation"),
      deltaWad: p<bigint>("delta"),
      minStakeWei: p<bigint>("minStake"),
      minSelfStakeWei: p<bigint>("minSelfStake"),
      unbondingBlocks: p<number>("unbondingBlocks"),
      jailBlocks: p<number>("jailBlocks"),
      maxCommissionWad: p<bigint>("maxCommission"),
      maxCommissionChangeWad: p<bigint>("maxCommissionChange"),
      commissionDelayBlocks: p<number>("commissionDelayBlocks"),
      candidateCap: p<number>("candidateCap"),
    },
  ]);
  const poolProxy = m.contract("ERC1967Proxy", [poolImplementation, poolInit], { id: "StakingPoolProxy" });
  const pool = m.contractAt("IStakingPool", poolProxy, { id: "StakingPool" });
  const votesAddress = m.staticCall(pool, "votes", [], 0, { id: "StakingPool_votes" });
  const votes = m.contractAt("StakeVotes", votesAddress);

  const setMinter = m.call(token, "setMinter", [pool]);

  const electionImplementation = m.contract("ValidatorElection", [pool, token], {
    id: "ValidatorElectionImplementation",
    libraries: { ElectionSetup: m.library("ElectionSetup"), BeaconLogic: m.library("BeaconLogic") },
  });
  const electionInit = m.encodeFunctionCall(electionImplementation, "initialize", [
    {
      admin,
      treasury,
      validatorCount: p<number>("validatorCount"),
      roundLengthBlocks: p<number>("roundLength"),
      maxCandidates: p<number>("maxCandidates"),
      feeShareWad: p<bigint>("feeShare"),
      nonRevealJailBlocks: p<number>("nonRevealJailBlocks"),
      initialValidators: m.getParameter<string[]>("initialValidators"),
    },
  ]);
  const electionProxy = m.contract("ERC1967Proxy", [electionImplementation, electionInit], {
    id: "ValidatorElectionProxy",
    after: [setMinter],
  });
  const election = m.contractAt("ValidatorElection", electionProxy, { id: "ValidatorElection" });

  const jailerRole = m.staticCall(pool, "JAILER_ROLE", [], 0, { id: "StakingPool_JAILER_ROLE" });
  const collectorRole = m.staticCall(pool, "COLLECTOR_ROLE", [], 0, { id: "StakingPool_COLLECTOR_ROLE" });
  const grantJailer = m.call(pool, "grantRole", [jailerRole, election], { id: "grantJailerRoleToElection" });
  const grantCollector = m.call(pool, "grantRole", [collectorRole, election], {
    id: "grantCollectorRoleToElection",
    after: [grantJailer],
  });
  // With the collector role, the election can publish its round grid: the pool checkpoints stake per round.
  m.call(election, "publishRoundGrid", [], { id: "publishRoundGrid", after: [grantCollector] });

  // Read-only periphery (no state, no roles): IStakingLens.
  const lens = m.contract("StakingLens", [pool, election]);

  // Double-sign proofs slash without a vote: the pool's SLASHER_ROLE (docs/evidence.md).
  const evidence = m.contract("DoubleSignEvidence", [
    pool,
    election,
    admin,
    p<bigint>("doubleSignSlash"),
    p<bigint>("reporterShare"),
  ]);
  const slasherRole = m.staticCall(pool, "SLASHER_ROLE", [], 0, {
    id: "StakingPool_SLASHER_ROLE_ForEvidence",
  });
  m.call(pool, "grantRole", [slasherRole, evidence], {
    id: "grantSlasherRoleToEvidence",
    after: [grantCollector],
  });

  return { token, pool, votes, election, lens, evidence };
});

/** ETMSystem, then the pool's admin roles (ADMIN_ROLES.pool) move from the deployer to `admin`. */
export const ETMSystemHandOverModule = buildModule("ETMSystemHandOver", (m) => {
  const system = m.useModule(ETMSystemModule);
  const { pool } = system;
  const deployer = m.getAccount(0);
  const admin = m.getParameter<string>("admin");
  const roles = ADMIN_ROLES.pool.map(
    (name) =>
      [name.replace(/_ROLE$/, ""), m.staticCall(pool, name, [], 0, { id: `StakingPool_${name}` })] as const,
  );
  // Same order as deploySystem: every grant first, then every renounce (DEFAULT_ADMIN last of each).
  let previous: Future = m.call(pool, "grantRole", [roles[0][1], admin], {
    id: `grant${roles[0][0]}RoleToAdmin`,
  });
  for (const [name, role] of roles.slice(1)) {
    previous = m.call(pool, "grantRole", [role, admin], { id: `grant${name}RoleToAdmin`, after: [previous] });
  }
  for (const [name, role] of roles) {
    previous = m.call(pool, "renounceRole", [role, deployer], {
      id: `renounce${name}RoleOfDeployer`,
      after: [previous],
    });
  }
  return system;
});

export default ETMSystemModule;

/**
 * ETMSystem (deployed with the deployer as admin and treasury), then governance, exactly as
 * installGovernance (scripts/deploy/governance.ts) does it: ETMTimelock and ETMGovernor; the governor
 * becomes the timelock's proposer, canceller and executor; the timelock becomes the treasury of the
 * pool and the election and takes every role of both; the deployer renounces all of its roles, the
 * timelock's admin role last (the evidence contract's roles move to the timelock too). Parameters: votingDelay, votingPeriod (blocks), timelockDelay
 * (seconds), proposalThreshold (wei), quorum (wad), voteExtension and slashMargin (blocks); defaults
 * DEFAULT_GOVERNANCE_OPTIONS. The governor's constructor refuses (UnbondingShorterThanSlashPath) an
 * unbonding period that is not longer than the slowest slash path; `npm run deploy` checks the rule
 * before deploying anything (scripts/lib/deployParameters.ts).
 */
export const ETMSystemGovernedModule = buildModule("ETMSystemGoverned", (m) => {
  const system = m.useModule(ETMSystemModule);
  const { pool, votes, election, evidence } = system;
  const deployer = m.getAccount(0);
  const g = <T extends bigint | number>(name: keyof typeof DEFAULT_GOVERNANCE_OPTIONS) =>
    m.getParameter<T>(name, DEFAULT_GOVERNANCE_OPTIONS[name] as T);

  // After every step of ETMSystem (its role grants to the election included), so the hand-over below
  // can never run before the system's own wiring.
  const timelock = m.contract("ETMTimelock", [g<number>("timelockDelay"), [], [], deployer], {
    after: [ETMSystemModule],
  });
  const governor = m.contract("ETMGovernor", [
    votes,
    timelock,
    g<number>("votingDelay"),
    g<number>("votingPeriod"),
    g<bigint>("proposalThreshold"),
    g<bigint>("quorum"),
    g<number>("voteExtension"),
    g<number>("slashMargin"),
  ]);

  // One chain of calls in a fixed order, so a resumed run sends exactly what is missing.
  let previous: Future = governor;
  const call = (
    contract: typeof pool | typeof election | typeof timelock | typeof evidence,
    method: string,
    args: Parameters<typeof m.call>[2],
    id: string,
  ) => {
    previous = m.call(contract, method, args, { id, after: [previous] });
  };
  const role = (
    contract: typeof pool | typeof election | typeof timelock | typeof evidence,
    name: string,
    prefix: string,
  ) => m.staticCall(contract, name, [], 0, { id: `${prefix}_${name}` });

  for (const name of ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"])
    call(timelock, "grantRole", [role(timelock, name, "ETMTimelock"), governor], `grant${name}ToGovernor`);
  call(pool, "setTreasury", [timelock], "setPoolTreasuryToTimelock");
  call(election, "setTreasury", [timelock], "setElectionTreasuryToTimelock");
  const poolRoles = ADMIN_ROLES.pool.map((name) => [name, role(pool, name, "StakingPool")] as const);
  const electionRoles = ADMIN_ROLES.election.map(
    (name) => [name, role(election, name, "ValidatorElection")] as const,
  );
  for (const [name, id] of poolRoles) call(pool, "grantRole", [id, timelock], `grantPool${name}ToTimelock`);
  for (const [name, id] of electionRoles)
    call(election, "grantRole", [id, timelock], `grantElection${name}ToTimelock`);
  for (const [name, id] of poolRoles)
    call(pool, "renounceRole", [id, deployer], `renouncePool${name}OfDeployer`);
  for (const [name, id] of electionRoles)
    call(election, "renounceRole", [id, deployer], `renounceElection${name}OfDeployer`);
  const evidenceRoles = ADMIN_ROLES.evidence.map(
    (name) => [name, role(evidence, name, "DoubleSignEvidence")] as const,
  );
  for (const [name, id] of evidenceRoles)
    call(evidence, "grantRole", [id, timelock], `grantEvidence${name}ToTimelock`);
  for (const [name, id] of evidenceRoles)
    call(evidence, "renounceRole", [id, deployer], `renounceEvidence${name}OfDeployer`);
  call(
    timelock,
    "renounceRole",
    [role(timelock, "DEFAULT_ADMIN_ROLE", "ETMTimelock"), deployer],
    "renounceTimelockDEFAULT_ADMIN_ROLEOfDeployer",
  );
  return { ...system, governor, timelock };
});
