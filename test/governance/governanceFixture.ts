/** A governed system with stakers who vote, and the helpers that take a proposal through its life. */
import hre from "hardhat";
import { registerValidator } from "../shared/signerProof";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { id } from "ethers";
import type { ContractTransactionReceipt } from "ethers";
import { deploySystem } from "../../scripts/deploy";
import type { DeployedSystem } from "../../scripts/deploy";
import { encodeSettings, type GovernanceCall, type GovernedAddresses } from "../../lib/governanceSettings";
import type { ETMGovernor, ETMTimelock } from "../../typechain-types";
export { ETM } from "../shared/units";
import { ETM } from "../shared/units";

/**
 * Short periods so a whole proposal fits in a test; the structure is the production one. The
 * slash-path rule holds as in production: 4 + 30 + 10 + 200 (600 s) + 10 = 254 blocks < 2,000, with
 * room for the lifecycle tests' changes (timelockDelay=3600 makes the path 1,254 blocks).
 */
export const GOVERNED_OPTIONS = {
  governance: true,
  votingDelay: 4,
  votingPeriod: 30,
  timelockDelay: 600, // seconds
  proposalThreshold: 1_000n * ETM,
  quorum: ETM / 25n, // 4% of bonded stake
  voteExtension: 10, // blocks
  slashMargin: 10, // blocks
  unbondingBlocks: 2_000,
  commissionDelayBlocks: 5,
  minSelfStake: 10_000n * ETM,
} as const;

export interface GovernedFixture {
  system: DeployedSystem & { governor: ETMGovernor; timelock: ETMTimelock };
  addresses: GovernedAddresses;
  deployer: HardhatEthersSigner;
  /** Validator operator (self-stake 10,000 ETM, votes delegated to itself). */
  operator: HardhatEthersSigner;
  /** Delegators with votes: alice 100,000 ETM, bob 50,000 ETM bonded; carol 500 ETM (below the threshold). */
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  /** Holds 200,000 ETM unstaked: the late staker of the attack tests. */
  dave: HardhatEthersSigner;
  /** Holds nothing. */
  eve: HardhatEthersSigner;
}

export async function governedFixture(): Promise<GovernedFixture> {
  const [deployer, operator, alice, bob, carol, dave, eve] = await hre.ethers.getSigners();
  const system = (await deploySystem(GOVERNED_OPTIONS)) as GovernedFixture["system"];
  const { token, pool, votes, election, governor, timelock } = system;
  const poolAddress = await pool.getAddress();
  const fund = async (who: HardhatEthersSigner, amount: bigint) => {
    await (await token.transfer(who.address, amount)).wait();
    await (await token.connect(who).approve(poolAddress, amount)).wait();
  };
  await fund(operator, 10_000n * ETM);
  await fund(alice, 100_000n * ETM);
  await fund(bob, 50_000n * ETM);
  await fund(carol, 500n * ETM);
  await fund(dave, 200_000n * ETM);
  await (await registerValidator(pool, operator, operator.address, ETM / 10n, 10_000n * ETM)).wait();
  for (const [who, amount] of [
    [alice, 100_000n * ETM],
    [bob, 50_000n * ETM],
    [carol, 500n * ETM],
  ] as const)
    await (await pool.connect(who).stake(operator.address, amount)).wait();
  for (const who of [operator, alice, bob, carol])
    await (await votes.connect(who).delegate(who.address)).wait();
  await mine(1);
  const addresses: GovernedAddresses = {
    token: await token.getAddress(),
    pool: poolAddress,
    election: await election.getAddress(),
    governor: await governor.getAddress(),
    timelock: await timelock.getAddress(),
  };
  return { system, addresses, deployer, operator, alice, bob, carol, dave, eve };
}

export interface Proposal {
  id: bigint;
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  descriptionHash: string;
}

/** Proposes `calls` from `proposer`. */
export async function propose(
  governor: ETMGovernor,
  proposer: HardhatEthersSigner,
  calls: GovernanceCall[],
  description: string,
): Promise<Proposal> {
  const targets = calls.map((c) => c.target);
  const values = calls.map((c) => c.value);
  const calldatas = calls.map((c) => c.calldata);
  await (await governor.connect(proposer).propose(targets, values, calldatas, description)).wait();
  const descriptionHash = id(description);
  const proposalId = await governor.hashProposal(targets, values, calldatas, descriptionHash);
  return { id: proposalId, targets, values, calldatas, description, descriptionHash };
}

/** Mines to the first block in which votes are accepted (the block after the snapshot). */
export async function openVoting(governor: ETMGovernor, proposal: Proposal): Promise<void> {
  const snapshot = await governor.proposalSnapshot(proposal.id);
  const now = BigInt(await hre.ethers.provider.getBlockNumber());
  // The next transaction lands in block now + 1; voting opens at snapshot + 1.
  if (now < snapshot) await mine(snapshot - now);
}

/** Mines past the deadline. */
export async function closeVoting(governor: ETMGovernor, proposal: Proposal): Promise<void> {
  const deadline = await governor.proposalDeadline(proposal.id);
  const now = BigInt(await hre.ethers.provider.getBlockNumber());
  if (now <= deadline) await mine(deadline - now + 1n);
}

export async function queue(governor: ETMGovernor, p: Proposal) {
  return (
    await governor["queue(address[],uint256[],bytes[],bytes32)"](
      p.targets,
      p.values,
      p.calldatas,
      p.descriptionHash,
    )
  ).wait();
}

export async function execute(governor: ETMGovernor, p: Proposal): Promise<ContractTransactionReceipt> {
  const receipt = await (
    await governor["execute(address[],uint256[],bytes[],bytes32)"](
      p.targets,
      p.values,
      p.calldatas,
      p.descriptionHash,
    )
  ).wait();
  if (!receipt) throw new Error("execute: no receipt");
  return receipt;
}

/** `calls` proposed by alice, voted for by alice and bob, queued, and the timelock's delay waited out. */
export async function passAndQueue(
  f: GovernedFixture,
  calls: GovernanceCall[],
  description: string,
): Promise<Proposal> {
  const { governor } = f.system;
  const proposal = await propose(governor, f.alice, calls, description);
  await openVoting(governor, proposal);
  await (await governor.connect(f.alice).castVote(proposal.id, 1)).wait();
  await (await governor.connect(f.bob).castVote(proposal.id, 1)).wait();
  await closeVoting(governor, proposal);
  await queue(governor, proposal);
  await time.increase(GOVERNED_OPTIONS.timelockDelay);
  return proposal;
}

/** `--set` changes proposed by alice, voted for by alice and bob, queued, delayed, executed. */
export async function passAndExecute(
  f: GovernedFixture,
  settings: string[],
  description = `change ${settings.join(", ")}`,
): Promise<{ proposal: Proposal; receipt: ContractTransactionReceipt }> {
  const proposal = await passAndQueue(f, encodeSettings(settings, f.addresses), description);
  const receipt = await execute(f.system.governor, proposal);
  return { proposal, receipt };
}
