/**
 * Issue 13, item 1 (first half): a governed slash cannot be escaped by leaving first. The pool's
 * unbonding period is always longer than the slowest path of a slashing proposal (ETMGovernor's
 * `slashPathBlocks()`): at deployment (the scripts before anything is sent, the governor's
 * constructor on chain) and after every executed proposal (docs/governance.md).
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionReceipt } from "ethers";
import { deploySystem, DEFAULT_OPTIONS } from "../../scripts/deploy";
import type { DeployedSystem } from "../../scripts/deploy";
import {
  checkGovernanceOptions,
  DEFAULT_GOVERNANCE_OPTIONS,
  installGovernance,
  slashPathProblem,
} from "../../scripts/deploy/governance";
import { slashPathBlocks } from "../../lib/slashPath";
import { checkDeployParameters, DeployParametersError } from "../../scripts/lib/deployParameters";
import { DEVNET_OPTIONS } from "../../scripts/devnet/setup";
import { encodeSettings } from "../../lib/governanceSettings";
import { describeRevert } from "../../lib/errors";
import {
  ETMGovernor__factory,
  ETMTimelock__factory,
  type ETMGovernor,
  type ETMTimelock,
} from "../../typechain-types";
import {
  ETM,
  GOVERNED_OPTIONS,
  execute,
  governedFixture,
  openVoting,
  passAndQueue,
  propose,
  queue,
  type GovernedFixture,
  type Proposal,
} from "./governanceFixture";
import { registerValidator } from "../shared/signerProof";

const FOR = 1;
const ABSTAIN = 2;
const UNBONDING = 3; // IStakingPool.Parameter.UnbondingBlocks
/** The fixture's path: 4 + 30 + 10 + ceil(600 / 3) + 10. */
const FIXTURE_PATH = 254n;

/** The slowest path with the default settings: 28,800 + 201,600 + 28,800 + 57,600 + 28,800. */
const DEFAULT_PATH = 345_600n;

type Governed = DeployedSystem & { governor: ETMGovernor; timelock: ETMTimelock };

/** Logs of `receipt` emitted by the pool, parsed. */
function poolEvents(system: DeployedSystem, receipt: ContractTransactionReceipt, name: string) {
  return receipt.logs
    .map((log) => {
      try {
        return system.pool.interface.parseLog(log);
      } catch {
        return null;
      }
    })
    .filter((parsed) => parsed?.name === name)
    .map((parsed) => parsed!.args);
}

/**
 * The production defaults (governance: true, nothing else changed): an honest validator H with
 * alice's 2,000,000 ETM behind it, and the attacker's validator V with 1,100,000 ETM bonded
 * (100,000 self-stake, 600,000 from d1, 400,000 from d2).
 */
async function defaultsFixture() {
  const signers = await hre.ethers.getSigners();
  const [, honest, alice, mallory, d1, d2, accomplice] = signers;
  const system = (await deploySystem({ governance: true })) as Governed;
  const { token, pool, votes } = system;
  const poolAddress = await pool.getAddress();
  const fund = async (who: HardhatEthersSigner, amount: bigint) => {
    await (await token.transfer(who.address, amount)).wait();
    await (await token.connect(who).approve(poolAddress, amount)).wait();
  };
  await fund(honest, 10_000n * ETM);
  await fund(alice, 2_000_000n * ETM);
  await fund(mallory, 100_000n * ETM);
  await fund(d1, 600_000n * ETM);
  await fund(d2, 400_000n * ETM);
  await fund(accomplice, 200_000n * ETM);
  await (await registerValidator(pool, honest, honest.address, ETM / 10n, 10_000n * ETM)).wait();
  await (await registerValidator(pool, mallory, mallory.address, ETM / 10n, 100_000n * ETM)).wait();
  await (await pool.connect(alice).stake(honest.address, 2_000_000n * ETM)).wait();
  await (await pool.connect(d1).stake(mallory.address, 600_000n * ETM)).wait();
  await (await pool.connect(d2).stake(mallory.address, 400_000n * ETM)).wait();
  await (await pool.connect(accomplice).stake(honest.address, 200_000n * ETM)).wait();
  for (const who of [alice, mallory, d1, d2, accomplice])
    await (await votes.connect(who).delegate(who.address)).wait();
  await mine(2); // the proposer's power is read two blocks back
  const addresses = {
    token: await token.getAddress(),
    pool: poolAddress,
    election: await system.election.getAddress(),
    governor: await system.governor.getAddress(),
    timelock: await system.timelock.getAddress(),
  };
  return { system, addresses, honest, alice, mallory, d1, d2, accomplice };
}

/** Mines until the latest block is `block`. */
async function mineTo(block: bigint) {
  const now = BigInt(await hre.ethers.provider.getBlockNumber());
  if (block > now) await mine(block - now);
}

/** Queues `proposal` in the block right after its (possibly extended) deadline. */
async function queueAtOnce(governor: ETMGovernor, proposal: Proposal) {
  await mineTo(await governor.proposalDeadline(proposal.id));
  return (await queue(governor, proposal))!;
}

/**
 * Waits out the default timelock delay (172,800 s) as the chain would, in 3-second blocks: the next
 * block, 57,600 blocks after the queue, is the first in which the proposal can execute.
 */
async function waitOutTimelock(queued: ContractTransactionReceipt) {
  const queuedAt = (await hre.ethers.provider.getBlock(queued.blockNumber))!.timestamp;
  await mine(57_600 - 1, { interval: 3 });
  await time.setNextBlockTimestamp(queuedAt + 172_800);
}

describe("Governance: a slash cannot be escaped by leaving first", () => {
  describe("the defaults", () => {
    it("the default unbonding period (403,200 blocks = 14 days) outlasts the slowest slash (345,600 blocks)", async () => {
      expect(DEFAULT_OPTIONS.unbondingBlocks).to.equal(403_200);
      expect(slashPathBlocks(DEFAULT_GOVERNANCE_OPTIONS)).to.equal(DEFAULT_PATH);
      const { system } = await loadFixture(defaultsFixture);
      expect(await system.governor.slashPathBlocks()).to.equal(DEFAULT_PATH);
      expect(await system.governor.slashMarginBlocks()).to.equal(28_800n);
      expect(await system.governor.SECONDS_PER_BLOCK()).to.equal(3n);
      expect(await system.governor.stakingPool()).to.equal(await system.pool.getAddress());
      expect(await system.pool.parameter(UNBONDING)).to.equal(403_200n);
    });

    it("the devnet's short durations satisfy the rule too (125 < 200 blocks)", () => {
      const devnet = { ...DEFAULT_GOVERNANCE_OPTIONS, ...DEVNET_OPTIONS };
      expect(slashPathBlocks(devnet)).to.equal(125n);
      expect(slashPathProblem(DEVNET_OPTIONS.unbondingBlocks!, devnet)).to.equal(undefined);
    });
  });

  describe("the attack of the issue, with the default settings", () => {
    it("V (1,100,000 ETM bonded) leaves when the 50% slash is proposed: nothing is withdrawn before the slowest execution, and the slash burns 550,000 ETM", async () => {
      const { system, addresses, alice, mallory, d1, d2 } = await loadFixture(defaultsFixture);
      const { pool, governor, token } = system;
      expect(await pool.validatorStake(mallory.address)).to.equal(1_100_000n * ETM);
      // The infraction is the block before the proposal: everything bonded then pays.
      const infraction = BigInt(await hre.ethers.provider.getBlockNumber());
      const calls = encodeSettings([`slash:${mallory.address}@${infraction}=0.5`], addresses);
      const proposal = await propose(governor, alice, calls, "slash V by 50%");
      const proposedAt = BigInt(await hre.ethers.provider.getBlockNumber());

      // V sees the proposal and leaves at once; its delegators unstake everything.
      const left = new Map<string, bigint>();
      for (const [who, send] of [
        [mallory, () => pool.connect(mallory).deregisterValidator()],
        [d1, () => pool.connect(d1).unstake(mallory.address, 600_000n * ETM)],
        [d2, () => pool.connect(d2).unstake(mallory.address, 400_000n * ETM)],
      ] as const) {
        const receipt = (await (await send()).wait())!;
        const [unstaked] = poolEvents(system, receipt, "Unstaked");
        expect(unstaked.maturityBlock).to.equal(BigInt(receipt.blockNumber) + 403_200n);
        left.set(who.address, unstaked.maturityBlock as bigint);
      }
      expect(await pool.validatorStake(mallory.address)).to.equal(0n);

      // The slowest path: alice's vote reaches the quorum in the last block of the vote, which
      // extends it by a day; the proposal is queued at once and executed as soon as the timelock allows.
      const deadline = await governor.proposalDeadline(proposal.id);
      expect(deadline).to.equal(proposedAt + 28_800n + 201_600n);
      await mineTo(deadline - 1n);
      await (await governor.connect(alice).castVote(proposal.id, FOR)).wait();
      expect(await governor.proposalDeadline(proposal.id)).to.equal(deadline + 28_800n);
      const queued = await queueAtOnce(governor, proposal);
      expect(BigInt(queued.blockNumber)).to.equal(deadline + 28_800n + 1n);
      await waitOutTimelock(queued);

      // Every attempt to withdraw before the slash is refused: nothing has matured.
      for (const who of [mallory, d1, d2])
        await expect(pool.connect(who).withdraw.staticCall())
          .to.be.revertedWithCustomError(pool, "NothingToWithdraw")
          .withArgs(who.address, left.get(who.address)!);

      const supplyBefore = await token.totalSupply();
      const executed = await execute(governor, proposal);
      const executedAt = BigInt(executed.blockNumber);
      expect(executedAt).to.equal(proposedAt + 28_800n + 201_600n + 28_800n + 1n + 57_600n);
      // V, the first to leave (in the block after the proposal), matures 403,200 + 1 - 316,801 blocks
      // after the execution; with the former 7-day unbonding it would have matured 115,200 blocks before.
      expect(left.get(mallory.address)! - executedAt).to.equal(86_400n);
      expect(executedAt - (proposedAt + 1n + 201_600n)).to.equal(115_200n);
      const [slashed] = poolEvents(system, executed, "Slashed");
      expect(slashed.validator).to.equal(mallory.address);
      expect(slashed.bondedBurnedWei).to.equal(0n);
      expect(slashed.unbondingBurnedWei).to.equal(550_000n * ETM);
      // The burn is the slash's (the execution also accrued the emission, minted to stakers).
      const [accrued] = poolEvents(system, executed, "Accrued");
      expect(await token.totalSupply()).to.equal(supplyBefore + accrued.mintedWei - 550_000n * ETM);

      // At maturity each gets exactly half of what it unbonded.
      const latest = [...left.values()].reduce((a, b) => (a > b ? a : b));
      await mine(latest - executedAt);
      let withdrawn = 0n;
      for (const [who, expected] of [
        [mallory, 50_000n * ETM],
        [d1, 300_000n * ETM],
        [d2, 200_000n * ETM],
      ] as const) {
        const receipt = (await (await pool.connect(who).withdraw()).wait())!;
        const [w] = poolEvents(system, receipt, "Withdrawn");
        expect(w.amountWei).to.equal(expected);
        withdrawn += w.amountWei as bigint;
      }
      expect(withdrawn).to.equal(550_000n * ETM); // of 1,100,000: half left, not all of it
    });

    it("the honest staker is untouched: alice's stake at the honest validator is whole after the slash", async () => {
      const { system, addresses, alice, honest, mallory } = await loadFixture(defaultsFixture);
      const { pool, governor } = system;
      const infraction = BigInt(await hre.ethers.provider.getBlockNumber());
      const proposal = await propose(
        governor,
        alice,
        encodeSettings([`slash:${mallory.address}@${infraction}=0.5`], addresses),
        "slash V",
      );
      await openVoting(governor, proposal);
      await (await governor.connect(alice).castVote(proposal.id, FOR)).wait();
      await waitOutTimelock(await queueAtOnce(governor, proposal));
      await execute(governor, proposal);
      expect(await pool.stakeOf(alice.address, honest.address)).to.equal(2_000_000n * ETM);
      expect(await pool.validatorStake(mallory.address)).to.equal(550_000n * ETM);
    });
  });

  describe("attack: unstake a day before the proposal, then stall it with a last-minute abstain", () => {
    it("stake unstaked a margin (one day) before the proposal, slashed through the slowest path (quorum first reached by an accomplice's abstain in the last block): caught", async () => {
      const { system, addresses, alice, mallory, d1, accomplice } = await loadFixture(defaultsFixture);
      const { pool, governor } = system;
      // The infraction comes first; d1 unstakes in the next block, a day before anyone proposes.
      const infraction = BigInt(await hre.ethers.provider.getBlockNumber());
      const unstaked = (await (await pool.connect(d1).unstake(mallory.address, 600_000n * ETM)).wait())!;
      const maturity = BigInt(unstaked.blockNumber) + 403_200n;
      await mine(28_800n - 1n);
      const proposal = await propose(
        governor,
        alice,
        encodeSettings([`slash:${mallory.address}@${infraction}=0.5`], addresses),
        "slash V by half, stalled",
      );
      const proposedAt = BigInt(await hre.ethers.provider.getBlockNumber());
      expect(proposedAt - BigInt(unstaked.blockNumber)).to.equal(28_800n);
      const deadline = await governor.proposalDeadline(proposal.id);
      // The accomplice's abstain (200,000 ETM, above the 4% quorum of the 2,710,000 ETM bonded at
      // the snapshot) is the first vote and comes in the deadline block: the quorum is reached late,
      // so voting is extended by a day. Alice answers in the last block of the extension.
      await mineTo(deadline - 1n);
      await (await governor.connect(accomplice).castVote(proposal.id, ABSTAIN)).wait();
      const extended = await governor.proposalDeadline(proposal.id);
      expect(extended).to.equal(deadline + 28_800n);
      await mineTo(extended - 1n);
      await (await governor.connect(alice).castVote(proposal.id, FOR)).wait();
      await waitOutTimelock(await queueAtOnce(governor, proposal));
      await expect(pool.connect(d1).withdraw.staticCall())
        .to.be.revertedWithCustomError(pool, "NothingToWithdraw")
        .withArgs(d1.address, maturity);
      const executed = await execute(governor, proposal);
      const executedAt = BigInt(executed.blockNumber);
      expect(executedAt - proposedAt).to.equal(28_800n + 201_600n + 28_800n + 1n + 57_600n);
      // Unstaked a day before the proposal, slashed through the slowest path: 57,599 blocks to spare.
      expect(maturity - executedAt).to.equal(57_599n);
      const [slashed] = poolEvents(system, executed, "Slashed");
      expect(slashed.unbondingBurnedWei).to.equal(300_000n * ETM);
    });
  });

  describe("a proposal that breaks the rule fails at execution and changes nothing", () => {
    async function expectRefused(f: GovernedFixture, settings: string[], unbonding: bigint, path: bigint) {
      const { governor, pool, timelock } = f.system;
      const before = {
        unbonding: await pool.parameter(UNBONDING),
        votingDelay: await governor.votingDelay(),
        votingPeriod: await governor.votingPeriod(),
        extension: await governor.lateQuorumVoteExtension(),
        delay: await timelock.getMinDelay(),
      };
      const proposal = await passAndQueue(f, encodeSettings(settings, f.addresses), settings.join(", "));
      await expect(
        governor["execute(address[],uint256[],bytes[],bytes32)"](
          proposal.targets,
          proposal.values,
          proposal.calldatas,
          proposal.descriptionHash,
        ),
      )
        .to.be.revertedWithCustomError(governor, "UnbondingShorterThanSlashPath")
        .withArgs(unbonding, path);
      expect({
        unbonding: await pool.parameter(UNBONDING),
        votingDelay: await governor.votingDelay(),
        votingPeriod: await governor.votingPeriod(),
        extension: await governor.lateQuorumVoteExtension(),
        delay: await timelock.getMinDelay(),
      }).to.deep.equal(before);
      expect(await governor.state(proposal.id)).to.equal(5n); // still Queued
      return proposal;
    }

    it("lowering unbondingBlocks to the path (254) is refused; 255 is accepted", async () => {
      const f = await loadFixture(governedFixture);
      expect(await f.system.governor.slashPathBlocks()).to.equal(FIXTURE_PATH);
      await expectRefused(f, ["unbondingBlocks=254"], 254n, FIXTURE_PATH);
      const ok = await passAndQueue(f, encodeSettings(["unbondingBlocks=255"], f.addresses), "255");
      await execute(f.system.governor, ok);
      expect(await f.system.pool.parameter(UNBONDING)).to.equal(255n);
    });

    it("raising votingPeriod so the path reaches the unbonding (2,000) is refused; one block less is accepted", async () => {
      const f = await loadFixture(governedFixture);
      await expectRefused(f, ["votingPeriod=1776"], 2_000n, 2_000n);
      const ok = await passAndQueue(f, encodeSettings(["votingPeriod=1775"], f.addresses), "1775");
      await execute(f.system.governor, ok);
      expect(await f.system.governor.slashPathBlocks()).to.equal(1_999n);
    });

    it("raising votingDelay past the rule is refused", async () => {
      const f = await loadFixture(governedFixture);
      await expectRefused(f, ["votingDelay=5000"], 2_000n, 5_250n);
    });

    it("raising the late-quorum extension (with the voting period it is bounded by) past the rule is refused", async () => {
      const f = await loadFixture(governedFixture);
      // 4 + 1760 + 26 + 200 + 10 = 2,000; the extension alone is capped at the voting period.
      await expectRefused(f, ["votingPeriod=1760", "voteExtension=26"], 2_000n, 2_000n);
      const ok = await passAndQueue(
        f,
        encodeSettings(["votingPeriod=1760", "voteExtension=25"], f.addresses),
        "25",
      );
      await execute(f.system.governor, ok);
      expect(await f.system.governor.lateQuorumVoteExtension()).to.equal(25n);
    });

    it("raising the timelock delay past the rule is refused, its seconds rounded up to blocks", async () => {
      const f = await loadFixture(governedFixture);
      // ceil(5836 / 3) = 1946: 4 + 30 + 10 + 1946 + 10 = 2,000.
      await expectRefused(f, ["timelockDelay=5836"], 2_000n, 2_000n);
      const ok = await passAndQueue(f, encodeSettings(["timelockDelay=5835"], f.addresses), "5835");
      await execute(f.system.governor, ok);
      expect(await f.system.timelock.getMinDelay()).to.equal(5_835n);
      expect(await f.system.governor.slashPathBlocks()).to.equal(1_999n);
    });

    it("a refused proposal runs once a later proposal has made room for it", async () => {
      const f = await loadFixture(governedFixture);
      const refused = await expectRefused(f, ["timelockDelay=7200"], 2_000n, 2_454n);
      const room = await passAndQueue(f, encodeSettings(["unbondingBlocks=3000"], f.addresses), "room");
      await execute(f.system.governor, room);
      await execute(f.system.governor, refused);
      expect(await f.system.timelock.getMinDelay()).to.equal(7_200n);
    });

    it("lengthening the unbonding and the vote in one proposal is accepted when the result fits", async () => {
      const f = await loadFixture(governedFixture);
      const ok = await passAndQueue(
        f,
        encodeSettings(["unbondingBlocks=10000", "votingPeriod=9000"], f.addresses),
        "both",
      );
      await execute(f.system.governor, ok);
      expect(await f.system.governor.slashPathBlocks()).to.equal(9_224n);
    });

    it("the error reads as a sentence naming both numbers and the fix", async () => {
      const { governor } = (await loadFixture(governedFixture)).system;
      const data = governor.interface.encodeErrorResult("UnbondingShorterThanSlashPath", [254n, 254n]);
      expect(describeRevert({ data })).to.equal(
        "The contract refused: the unbonding period (254 blocks) would not be longer than the slowest path of a " +
          "slashing proposal (254 blocks: voting delay + voting period + vote extension + timelock delay + margin), " +
          "so stake could leave before a slash; raise unbondingBlocks above it or shorten the governance durations " +
          "(docs/governance.md) (UnbondingShorterThanSlashPath).",
      );
    });
  });

  describe("at deployment", () => {
    it("the governor's constructor refuses a combination that breaks the rule, naming both numbers", async () => {
      const f = await loadFixture(governedFixture);
      const [deployer] = await hre.ethers.getSigners();
      const factory = new ETMGovernor__factory(deployer);
      const votes = await f.system.votes.getAddress();
      const timelock = await f.system.timelock.getAddress();
      const args = [votes, timelock, 4, 30, 1_000n * ETM, ETM / 25n, 10] as const;
      // unbonding 2,000; path 4 + 30 + 10 + 200 + margin.
      await expect(factory.deploy(...args, 1_756))
        .to.be.revertedWithCustomError(factory, "UnbondingShorterThanSlashPath")
        .withArgs(2_000n, 2_000n);
      const ok = await factory.deploy(...args, 1_755);
      expect(await ok.slashPathBlocks()).to.equal(1_999n);
    });

    it("deploySystem refuses the old 7-day unbonding with governance before sending anything", async () => {
      const [deployer] = await hre.ethers.getSigners();
      const nonce = await deployer.getNonce();
      await expect(deploySystem({ governance: true, unbondingBlocks: 201_600 })).to.be.rejectedWith(
        "governance options: unbondingBlocks: 201,600 blocks is not longer than the slowest path of a governed slash, " +
          "345,600 blocks (votingDelay 28800 + votingPeriod 201600 + voteExtension 28800 + timelockDelay 172800 s " +
          "= 57600 blocks + slashMargin 28800), so stake could leave before a slash; raise unbondingBlocks to at " +
          "least 345,601 or shorten the governance durations",
      );
      expect(await deployer.getNonce()).to.equal(nonce);
      // The boundary: one block more than the path deploys.
      const system = await deploySystem({ governance: true, unbondingBlocks: 345_601 });
      expect(await system.governor!.slashPathBlocks()).to.equal(345_600n);
    });

    it("deploySystem refuses a margin of 0 (the queue block would let stake out in the slash's block)", async () => {
      await expect(deploySystem({ governance: true, slashMargin: 0 })).to.be.rejectedWith(
        /^governance options: slashMargin: 0 is out of range; use a whole number from 1/,
      );
    });

    it("the parameter file of npm run deploy is refused with the message, the fix and both numbers", () => {
      const deployer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
      const base = { initialValidators: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"] };
      expect(() => checkDeployParameters({ ...base, unbondingBlocks: 201_600 }, deployer)).to.throw(
        DeployParametersError,
        /unbondingBlocks: 201,600 blocks is not longer than the slowest path of a governed slash, 345,600 blocks .* raise unbondingBlocks to at least 345,601 or shorten the governance durations/,
      );
      expect(() =>
        checkDeployParameters({ ...base, unbondingBlocks: 345_601, votingPeriod: 259_201 }, deployer),
      ).to.throw(DeployParametersError, /slowest path of a governed slash, 403,201 blocks/);
      // Without governance there is no governed path: the admin slashes at once.
      expect(
        checkDeployParameters({ ...base, unbondingBlocks: 201_600, governance: false }, deployer)
          .unbondingBlocks,
      ).to.equal(201_600);
      expect(checkDeployParameters(base, deployer).unbondingBlocks).to.equal(403_200);
    });

    it("a parameter holder that lowered the unbonding before the hand-over is caught: installGovernance sends nothing, the constructor reverts", async () => {
      const [deployer] = await hre.ethers.getSigners();
      const system = await deploySystem({ unbondingBlocks: 2_000 });
      await (await system.pool.setParameter(UNBONDING, 200)).wait();
      const options = { ...DEFAULT_GOVERNANCE_OPTIONS, ...GOVERNED_OPTIONS };
      const nonce = await deployer.getNonce();
      await expect(
        installGovernance(
          { pool: system.pool, votes: system.votes, election: system.election },
          options,
          deployer,
        ),
      ).to.be.rejectedWith(
        /unbondingBlocks: 200 blocks is not longer than the slowest path of a governed slash, 254 blocks/,
      );
      expect(await deployer.getNonce()).to.equal(nonce);
      expect(() => checkGovernanceOptions(options, 255)).to.not.throw();
      // Bypassing the script, the governor itself refuses to be deployed.
      const timelock = await new ETMTimelock__factory(deployer).deploy(600, [], [], deployer.address);
      const factory = new ETMGovernor__factory(deployer);
      await expect(
        factory.deploy(
          await system.votes.getAddress(),
          await timelock.getAddress(),
          4,
          30,
          1_000n * ETM,
          ETM / 25n,
          10,
          10,
        ),
      )
        .to.be.revertedWithCustomError(factory, "UnbondingShorterThanSlashPath")
        .withArgs(200n, 254n);
    });
  });
});
