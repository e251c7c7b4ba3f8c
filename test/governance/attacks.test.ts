/**
 * What governance must resist (SAFETY.md): flash-staked votes, double counting after unstake and
 * re-stake, proposals below the threshold, execution of anything but the approved calldata, skipping
 * the timelock, out-of-range values, and externally owned accounts keeping power after the hand-over.
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroHash } from "ethers";
import { encodeSettings } from "../../lib/governanceSettings";
import { governedHoldingProblems, inventoryRoles } from "../../scripts/lib/roles";
import {
  ETM,
  GOVERNED_OPTIONS,
  closeVoting,
  execute,
  governedFixture,
  openVoting,
  passAndExecute,
  propose,
  queue,
  type GovernedFixture,
} from "./governanceFixture";
import { WAD } from "../shared/units";

const FOR = 1;

async function proposeDelta(f: GovernedFixture, delta = "0.05") {
  return propose(
    f.system.governor,
    f.alice,
    encodeSettings([`delta=${delta}`], f.addresses),
    `delta ${delta}`,
  );
}

/** Sends `sends` in one block (automine off for their duration) and returns that block's number. */
async function inOneBlock(sends: (() => Promise<unknown>)[]): Promise<number> {
  await hre.network.provider.send("evm_setAutomine", [false]);
  try {
    for (const send of sends) await send();
    await mine(1);
  } finally {
    await hre.network.provider.send("evm_setAutomine", [true]);
  }
  return hre.ethers.provider.getBlockNumber();
}

describe("Governance: attacks", () => {
  describe("voting power is fixed before the snapshot block", () => {
    for (const [label, offset, counts] of [
      ["the block before the snapshot counts", -1n, true],
      ["the snapshot block does not count", 0n, false],
      ["the block after the snapshot (voting open) does not count", 1n, false],
    ] as const) {
      it(`stake bonded and delegated in ${label}`, async () => {
        const f = await loadFixture(governedFixture);
        const { governor, pool, votes, token } = f.system;
        await (await token.connect(f.dave).approve(f.addresses.pool, 200_000n * ETM)).wait();
        const proposal = await proposeDelta(f);
        const snapshot = await governor.proposalSnapshot(proposal.id);
        const target = snapshot + offset;
        await mine(target - 1n - BigInt(await hre.ethers.provider.getBlockNumber()));
        const block = await inOneBlock([
          () => pool.connect(f.dave).stake(f.operator.address, 200_000n * ETM, { gasLimit: 1_000_000 }),
          () => votes.connect(f.dave).delegate(f.dave.address, { gasLimit: 400_000 }),
        ]);
        expect(BigInt(block)).to.equal(target);
        expect(await votes.getVotes(f.dave.address)).to.equal(200_000n * ETM); // the stake is real
        await openVoting(governor, proposal);
        await expect(governor.connect(f.dave).castVote(proposal.id, FOR))
          .to.emit(governor, "VoteCast")
          .withArgs(f.dave.address, proposal.id, FOR, counts ? 200_000n * ETM : 0n, "");
        const [, forVotes] = await governor.proposalVotes(proposal.id);
        expect(forVotes).to.equal(counts ? 200_000n * ETM : 0n);
      });
    }

    it("the quorum is read at the same block as the votes: 4% of the bonded stake before the snapshot", async () => {
      const f = await loadFixture(governedFixture);
      const { governor, pool } = f.system;
      const proposal = await proposeDelta(f);
      const snapshot = await governor.proposalSnapshot(proposal.id);
      await openVoting(governor, proposal);
      const bonded = await pool.totalStaked();
      expect(await governor.quorum(snapshot)).to.equal((bonded * GOVERNED_OPTIONS.quorum) / WAD);
    });

    it("a proposal only carol (below quorum) votes for is defeated", async () => {
      const f = await loadFixture(governedFixture);
      const { governor } = f.system;
      const proposal = await proposeDelta(f);
      await openVoting(governor, proposal);
      await (await governor.connect(f.carol).castVote(proposal.id, FOR)).wait();
      await closeVoting(governor, proposal);
      expect(await governor.state(proposal.id)).to.equal(3n); // Defeated
      await expect(queue(governor, proposal)).to.be.revertedWithCustomError(
        governor,
        "GovernorUnexpectedProposalState",
      );
    });
  });

  describe("a quorum reached at the last minute", () => {
    it("keeps voting open voteExtension blocks from that vote, so it can be answered", async () => {
      const f = await loadFixture(governedFixture);
      const { governor } = f.system;
      const proposal = await proposeDelta(f);
      const deadline = await governor.proposalDeadline(proposal.id);
      await openVoting(governor, proposal);
      // The last block of voting is the deadline itself: bob's vote for reaches the quorum there.
      await mine(deadline - 1n - BigInt(await hre.ethers.provider.getBlockNumber()));
      const extended = deadline + BigInt(GOVERNED_OPTIONS.voteExtension);
      await expect(governor.connect(f.bob).castVote(proposal.id, FOR))
        .to.emit(governor, "ProposalExtended")
        .withArgs(proposal.id, extended);
      expect(await governor.proposalDeadline(proposal.id)).to.equal(extended);
      // Alice answers against in the last extended block, and her stake turns the outcome.
      await mine(GOVERNED_OPTIONS.voteExtension - 1);
      await (await governor.connect(f.alice).castVote(proposal.id, 0)).wait();
      expect(BigInt(await hre.ethers.provider.getBlockNumber())).to.equal(extended);
      await expect(governor.connect(f.carol).castVote(proposal.id, FOR)).to.be.revertedWithCustomError(
        governor,
        "GovernorUnexpectedProposalState",
      );
      expect(await governor.state(proposal.id)).to.equal(3n); // Defeated: 100,000 against, 50,000 for
    });

    it("a quorum reached early leaves the deadline as it was", async () => {
      const f = await loadFixture(governedFixture);
      const { governor } = f.system;
      const proposal = await proposeDelta(f);
      const deadline = await governor.proposalDeadline(proposal.id);
      await openVoting(governor, proposal);
      await expect(governor.connect(f.alice).castVote(proposal.id, FOR)).to.not.emit(
        governor,
        "ProposalExtended",
      );
      expect(await governor.proposalDeadline(proposal.id)).to.equal(deadline);
    });
  });

  it("unstake, withdraw, move the tokens, re-stake and vote again: counted once", async () => {
    const f = await loadFixture(governedFixture);
    const { governor, pool, votes, token } = f.system;
    const proposal = await proposeDelta(f);
    await openVoting(governor, proposal);
    await (await governor.connect(f.alice).castVote(proposal.id, FOR)).wait();
    const unstaked = await (await pool.connect(f.alice).unstake(f.operator.address, 100_000n * ETM)).wait();
    const maturity = BigInt(unstaked!.blockNumber + GOVERNED_OPTIONS.unbondingBlocks);
    // The unbonding period outlasts the vote (the slash-path rule, test/governance/slashPath.test.ts):
    // the stake that voted cannot leave the pool while the proposal is open.
    expect(maturity > (await governor.proposalDeadline(proposal.id))).to.equal(true);
    expect(await governor.state(proposal.id)).to.equal(1n); // still Active
    await expect(pool.connect(f.alice).withdraw())
      .to.be.revertedWithCustomError(pool, "NothingToWithdraw")
      .withArgs(f.alice.address, maturity);
    await expect(governor.connect(f.alice).castVote(proposal.id, FOR))
      .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
      .withArgs(f.alice.address);
    // Once it matures, the same tokens moved to eve and re-staked vote nothing on the proposal.
    await mine(GOVERNED_OPTIONS.unbondingBlocks);
    await (await pool.connect(f.alice).withdraw()).wait();
    const moved = 100_000n * ETM;
    await (await token.connect(f.alice).transfer(f.eve.address, moved)).wait();
    await (await token.connect(f.eve).approve(f.addresses.pool, moved)).wait();
    await (await pool.connect(f.eve).stake(f.operator.address, moved)).wait();
    await (await votes.connect(f.eve).delegate(f.eve.address)).wait();
    const snapshot = await governor.proposalSnapshot(proposal.id);
    expect(await governor.getVotes(f.eve.address, snapshot)).to.equal(0n);
    expect(await votes.getVotes(f.eve.address)).to.equal(moved);
    await expect(governor.connect(f.eve).castVote(proposal.id, FOR)).to.be.revertedWithCustomError(
      governor,
      "GovernorUnexpectedProposalState",
    );
    const [, forVotes] = await governor.proposalVotes(proposal.id);
    expect(forVotes).to.equal(100_000n * ETM); // alice's stake at the snapshot, once
  });

  it("delegating to another voter after voting moves no weight into the proposal", async () => {
    const f = await loadFixture(governedFixture);
    const { governor, votes } = f.system;
    const proposal = await proposeDelta(f);
    await openVoting(governor, proposal);
    await (await governor.connect(f.alice).castVote(proposal.id, FOR)).wait();
    await (await votes.connect(f.alice).delegate(f.bob.address)).wait();
    await (await governor.connect(f.bob).castVote(proposal.id, FOR)).wait();
    const [, forVotes] = await governor.proposalVotes(proposal.id);
    expect(forVotes).to.equal(150_000n * ETM);
  });

  it("a proposer below the threshold is refused; exactly at the threshold accepted", async () => {
    const f = await loadFixture(governedFixture);
    const { governor, pool, votes, token } = f.system;
    const calls = encodeSettings(["delta=0.05"], f.addresses);
    const args: [string[], bigint[], string[]] = [
      calls.map((c) => c.target),
      [0n],
      calls.map((c) => c.calldata),
    ];
    await expect(governor.connect(f.carol).propose(...args, "carol"))
      .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
      .withArgs(f.carol.address, 500n * ETM, GOVERNED_OPTIONS.proposalThreshold);
    const threshold = GOVERNED_OPTIONS.proposalThreshold;
    await (await token.connect(f.dave).approve(f.addresses.pool, threshold)).wait();
    await (await pool.connect(f.dave).stake(f.operator.address, threshold - 1n)).wait();
    await (await votes.connect(f.dave).delegate(f.dave.address)).wait();
    await mine(2); // the proposer's power is read two blocks back
    await expect(governor.connect(f.dave).propose(...args, "dave"))
      .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
      .withArgs(f.dave.address, threshold - 1n, threshold);
    // The last wei is bonded in block S. A proposal in block S + 1 reads the end of S - 1: refused;
    // one in block S + 2 reads the end of S: accepted. The boundary is exact.
    const staked = await (await pool.connect(f.dave).stake(f.operator.address, 1n)).wait();
    const s = staked!.blockNumber;
    await expect(governor.connect(f.dave).propose(...args, "dave"))
      .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
      .withArgs(f.dave.address, threshold - 1n, threshold);
    expect(await hre.ethers.provider.getBlockNumber()).to.equal(s + 1); // mined, reverted, in S + 1
    const proposed = await (await governor.connect(f.dave).propose(...args, "dave")).wait();
    expect(proposed!.blockNumber).to.equal(s + 2);
    expect(
      proposed!.logs.some((log) => governor.interface.parseLog(log)?.name === "ProposalCreated"),
    ).to.equal(true);
  });

  it("execution runs exactly the approved calldata", async () => {
    const f = await loadFixture(governedFixture);
    const { governor, pool, timelock } = f.system;
    const proposal = await proposeDelta(f, "0.05");
    await openVoting(governor, proposal);
    await (await governor.connect(f.alice).castVote(proposal.id, FOR)).wait();
    await closeVoting(governor, proposal);
    await queue(governor, proposal);
    await time.increase(GOVERNED_OPTIONS.timelockDelay);
    const other = encodeSettings(["delta=0.5"], f.addresses)[0].calldata;
    await expect(
      governor["execute(address[],uint256[],bytes[],bytes32)"](
        proposal.targets,
        proposal.values,
        [other],
        proposal.descriptionHash,
      ),
    ).to.be.revertedWithCustomError(governor, "GovernorNonexistentProposal");
    // Nobody but the governor executes through the timelock, nor sets a parameter directly.
    await expect(timelock.connect(f.alice).execute(f.addresses.pool, 0n, other, ZeroHash, ZeroHash))
      .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
      .withArgs(f.alice.address, await timelock.EXECUTOR_ROLE());
    await expect(pool.connect(f.deployer).setParameter(0, WAD / 2n))
      .to.be.revertedWithCustomError(pool, "AccessControlUnauthorizedAccount")
      .withArgs(f.deployer.address, await pool.PARAMETER_ROLE());
    await execute(governor, proposal);
    expect(await pool.parameter(0)).to.equal(WAD / 20n);
  });

  it("the timelock delay is enforced to the second", async () => {
    const f = await loadFixture(governedFixture);
    const { governor, timelock } = f.system;
    const proposal = await proposeDelta(f);
    await openVoting(governor, proposal);
    await (await governor.connect(f.alice).castVote(proposal.id, FOR)).wait();
    await closeVoting(governor, proposal);
    await queue(governor, proposal);
    const eta = await governor.proposalEta(proposal.id);
    await expect(execute(governor, proposal)).to.be.revertedWithCustomError(
      timelock,
      "TimelockUnexpectedOperationState",
    );
    await time.setNextBlockTimestamp(eta - 1n);
    await expect(execute(governor, proposal)).to.be.revertedWithCustomError(
      timelock,
      "TimelockUnexpectedOperationState",
    );
    await time.setNextBlockTimestamp(eta);
    await execute(governor, proposal);
    expect(await governor.state(proposal.id)).to.equal(7n); // Executed
  });

  describe("out-of-range values revert even when governance approves them", () => {
    it("delta above 50%", async () => {
      const f = await loadFixture(governedFixture);
      await expect(passAndExecute(f, ["delta=0.6"]))
        .to.be.revertedWithCustomError(f.system.pool, "ParameterOutOfRange")
        .withArgs(0, 6n * 10n ** 17n, 0n, WAD / 2n);
    });
    it("inflation above the 10% cap", async () => {
      const f = await loadFixture(governedFixture);
      await expect(passAndExecute(f, ["inflation:1=0.11"]))
        .to.be.revertedWithCustomError(f.system.pool, "InflationRateTooHigh")
        .withArgs(11n * 10n ** 16n, WAD / 10n);
    });
    it("inflation of the current year", async () => {
      const f = await loadFixture(governedFixture);
      await expect(passAndExecute(f, ["inflation:0=0.05"]))
        .to.be.revertedWithCustomError(f.system.pool, "YearNotInFuture")
        .withArgs(0n, 0n);
    });
    it("fewer than 4 validators", async () => {
      const f = await loadFixture(governedFixture);
      await expect(passAndExecute(f, ["validatorCount=3"]))
        .to.be.revertedWithCustomError(f.system.election, "ValidatorCountOutOfRange")
        .withArgs(3n, 4n, 100n);
    });
    it("a quorum above 100%", async () => {
      const f = await loadFixture(governedFixture);
      const calls = [
        {
          target: f.addresses.governor,
          value: 0n,
          calldata: f.system.governor.interface.encodeFunctionData("updateQuorumNumerator", [WAD + 1n]),
          summary: "",
        },
      ];
      const { governor } = f.system;
      const proposal = await propose(governor, f.alice, calls, "quorum 100% + 1 wei");
      await openVoting(governor, proposal);
      await (await governor.connect(f.alice).castVote(proposal.id, FOR)).wait();
      await closeVoting(governor, proposal);
      await queue(governor, proposal);
      await time.increase(GOVERNED_OPTIONS.timelockDelay);
      await expect(execute(governor, proposal))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidQuorumFraction")
        .withArgs(WAD + 1n, WAD);
    });
  });

  describe("after the hand-over", () => {
    it("no externally owned account holds any role; the timelock holds them all and is the treasury", async () => {
      const f = await loadFixture(governedFixture);
      const { pool, election, timelock, governor } = f.system;
      const report = await inventoryRoles(hre.ethers.provider, {
        ...f.addresses,
        votes: await f.system.votes.getAddress(),
        evidence: await f.system.evidence.getAddress(),
      });
      expect(report.accountHoldings).to.deep.equal([]);
      expect(governedHoldingProblems(report)).to.deep.equal([]);
      const held = report.holdings
        .filter((h) => h.contract !== "token")
        .map((h) => `${h.contract}.${h.role}=${h.holderName}`)
        .sort();
      expect(held).to.deep.equal(
        [
          "election.DEFAULT_ADMIN_ROLE=timelock",
          "election.PARAMETER_ROLE=timelock",
          "election.UPGRADER_ROLE=timelock",
          "evidence.DEFAULT_ADMIN_ROLE=timelock",
          "evidence.PARAMETER_ROLE=timelock",
          "governor.executor (timelock)=timelock",
          "pool.COLLECTOR_ROLE=election",
          "pool.DEFAULT_ADMIN_ROLE=timelock",
          "pool.JAILER_ROLE=election",
          "pool.PARAMETER_ROLE=timelock",
          "pool.SLASHER_ROLE=evidence",
          "pool.SLASHER_ROLE=timelock",
          "pool.UPGRADER_ROLE=timelock",
          "timelock.CANCELLER_ROLE=governor",
          "timelock.DEFAULT_ADMIN_ROLE=timelock",
          "timelock.EXECUTOR_ROLE=governor",
          "timelock.PROPOSER_ROLE=governor",
        ].sort(),
      );
      for (const role of [
        await pool.DEFAULT_ADMIN_ROLE(),
        await pool.PARAMETER_ROLE(),
        await pool.SLASHER_ROLE(),
      ])
        expect(await pool.hasRole(role, f.deployer.address)).to.equal(false);
      for (const role of [await election.DEFAULT_ADMIN_ROLE(), await election.PARAMETER_ROLE()])
        expect(await election.hasRole(role, f.deployer.address)).to.equal(false);
      expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), f.deployer.address)).to.equal(false);
      expect(await pool.treasury()).to.equal(f.addresses.timelock);
      expect(await election.treasury()).to.equal(f.addresses.timelock);
      expect(await governor.timelock()).to.equal(f.addresses.timelock);
      expect(f.system.options.admin).to.equal(f.addresses.timelock);
    });

    it("block 0 has no voting power and no quorum (nothing is bonded before the chain starts)", async () => {
      const f = await loadFixture(governedFixture);
      const { governor } = f.system;
      expect(await governor.getVotes(f.alice.address, 0)).to.equal(0n);
      expect(await governor.quorum(0)).to.equal(0n);
      // one block later than a timepoint: the governor reads the block before it
      const now = BigInt(await hre.ethers.provider.getBlockNumber());
      expect(await governor.getVotes(f.alice.address, now)).to.equal(
        await f.system.votes.getPastVotes(f.alice.address, now - 1n),
      );
    });

    it("the allowlist of holdings reports a role governance later gives to an account", async () => {
      const f = await loadFixture(governedFixture);
      await passAndExecute(f, [`slasher=${f.eve.address}`]);
      const report = await inventoryRoles(hre.ethers.provider, {
        ...f.addresses,
        votes: await f.system.votes.getAddress(),
        evidence: await f.system.evidence.getAddress(),
      });
      expect(governedHoldingProblems(report)).to.deep.equal([
        `${f.eve.address} (an account) holds pool SLASHER_ROLE`,
      ]);
      expect(report.accountHoldings.map((h) => h.holder)).to.deep.equal([f.eve.address]);
    });

    it("the governor's settings are the deployed options", async () => {
      const f = await loadFixture(governedFixture);
      const { governor } = f.system;
      expect(await governor.votingDelay()).to.equal(BigInt(GOVERNED_OPTIONS.votingDelay));
      expect(await governor.votingPeriod()).to.equal(BigInt(GOVERNED_OPTIONS.votingPeriod));
      expect(await governor.proposalThreshold()).to.equal(GOVERNED_OPTIONS.proposalThreshold);
      expect(await governor["quorumNumerator()"]()).to.equal(GOVERNED_OPTIONS.quorum);
      expect(await governor.quorumDenominator()).to.equal(WAD);
      expect(await governor.CLOCK_MODE()).to.equal("mode=blocknumber&from=default");
      expect(await governor.token()).to.equal(await f.system.votes.getAddress());
      expect(await governor.proposalNeedsQueuing(0n)).to.equal(true); // every proposal goes through the timelock
    });

    it("deploySystem refuses admin or treasury together with governance", async () => {
      const { deploySystem } = await import("../../scripts/deploy");
      const [, someone] = await hre.ethers.getSigners();
      for (const key of ["admin", "treasury"] as const)
        await expect(deploySystem({ governance: true, [key]: someone.address })).to.be.rejectedWith(
          "deploySystem: with governance the timelock is the admin and the treasury; leave admin and treasury unset",
        );
    });
  });
});
