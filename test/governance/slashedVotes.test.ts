/**
 * Issue 13 item 7: votes never exceed bonded stake at any snapshot, slashes included, without anyone
 * having to call anything. Before StakeVotes v2 a slash left voting power as it was until someone
 * called `syncVotingUnits`: a tombstoned operator kept its votes for 0 bonded, and the delegators of a
 * slashed validator voted with their stake as it was before the slash.
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroHash } from "ethers";
import { encodeSettings } from "../../lib/governanceSettings";
import {
  ETM,
  GOVERNED_OPTIONS,
  governedFixture,
  openVoting,
  passAndExecute,
  propose,
  type GovernedFixture,
} from "./governanceFixture";
import { WAD } from "../shared/units";

const FOR = 1;

/** Governance makes eve a slasher (the DAO's own path), so the tests can slash at a chosen block. */
async function withSlasher(): Promise<GovernedFixture> {
  const f = await loadFixture(governedFixture);
  await passAndExecute(f, [`slasher=${f.eve.address}`]);
  return f;
}

async function blockNumber(): Promise<bigint> {
  return BigInt(await hre.ethers.provider.getBlockNumber());
}

describe("Governance: votes of slashed stake (issue 13 item 7)", () => {
  it("a tombstoned operator keeps no votes: 0 bonded, 0 votes, in the slash's own block, nobody syncing", async () => {
    const f = await withSlasher();
    const { pool, votes } = f.system;
    const before = await votes.getVotes(f.operator.address);
    expect(before).to.equal(await pool.stakeOf(f.operator.address, f.operator.address));
    expect(before).to.be.greaterThan(0n);
    const slash = await pool
      .connect(f.eve)
      .slash(f.operator.address, WAD, (await blockNumber()) - 1n, ZeroHash);
    const slashBlock = BigInt((await slash.wait())!.blockNumber);
    expect(await pool.stakeOf(f.operator.address, f.operator.address)).to.equal(0n);
    for (const who of [f.operator, f.alice, f.bob, f.carol]) {
      expect(await votes.getVotes(who.address), `votes of ${who.address}`).to.equal(0n);
    }
    await mine(1);
    expect(await votes.getPastVotes(f.operator.address, slashBlock)).to.equal(0n);
    expect(await votes.getPastTotalSupply(slashBlock)).to.equal(0n);
    // The history before the slash is kept: a proposal snapshotted then counts the stake as it was.
    expect(await votes.getPastVotes(f.operator.address, slashBlock - 1n)).to.equal(before);
    // A position re-counted at the index 0 counts nothing and opens no slot when its owner delegates.
    await pool.syncVotingUnits(f.alice.address, f.operator.address);
    expect(await votes.positionVotingUnits(f.alice.address, f.operator.address)).to.deep.equal([0n, false]);
    expect(await pool.positionsOf(f.alice.address)).to.deep.equal([f.operator.address]);
    await votes.connect(f.alice).delegate(f.eve.address);
    expect((await votes.slotsOf(f.eve.address))[0]).to.deep.equal([]);
  });

  it("delegators of a slashed validator vote with what is left, on a proposal made after the slash", async () => {
    const f = await withSlasher();
    const { pool, votes, governor } = f.system;
    await pool.connect(f.eve).slash(f.operator.address, WAD / 2n, (await blockNumber()) - 1n, ZeroHash);
    // Nobody calls syncVotingUnits: alice's votes are already half.
    const aliceStake = await pool.stakeOf(f.alice.address, f.operator.address);
    expect(aliceStake).to.equal(50_000n * ETM);
    const proposal = await propose(
      governor,
      f.alice,
      encodeSettings(["delta=0.05"], f.addresses),
      "delta after the slash",
    );
    await openVoting(governor, proposal);
    await expect(governor.connect(f.alice).castVote(proposal.id, FOR))
      .to.emit(governor, "VoteCast")
      .withArgs(f.alice.address, proposal.id, FOR, aliceStake, "");
    // The quorum is of the bonded stake after the slash.
    const snapshot = await governor.proposalSnapshot(proposal.id);
    const bonded = await pool.totalStaked();
    expect(await votes.getPastTotalSupply(snapshot - 1n)).to.be.lessThanOrEqual(bonded);
    expect(bonded - (await votes.getPastTotalSupply(snapshot - 1n))).to.be.lessThanOrEqual(4n); // a wei per position
    expect(await governor.quorum(snapshot)).to.equal(
      ((await votes.getPastTotalSupply(snapshot - 1n)) * GOVERNED_OPTIONS.quorum) / WAD,
    );
  });

  it("a slash during the vote does not change a proposal snapshotted before it (votes are read at the snapshot)", async () => {
    const f = await withSlasher();
    const { pool, governor } = f.system;
    const proposal = await propose(
      governor,
      f.alice,
      encodeSettings(["delta=0.05"], f.addresses),
      "delta before the slash",
    );
    await openVoting(governor, proposal);
    await pool.connect(f.eve).slash(f.operator.address, WAD / 2n, (await blockNumber()) - 1n, ZeroHash);
    await expect(governor.connect(f.bob).castVote(proposal.id, FOR))
      .to.emit(governor, "VoteCast")
      .withArgs(f.bob.address, proposal.id, FOR, 50_000n * ETM, "");
  });

  it("a delegatee's votes from a slashed validator fall with it, while its stake elsewhere keeps its weight", async () => {
    const f = await withSlasher();
    const { pool, votes, token } = f.system;
    // dave stakes at a second validator and delegates to alice, who holds stake at the first.
    const [, , , , , , , second] = await hre.ethers.getSigners();
    await (await token.transfer(second!.address, 10_000n * ETM)).wait();
    await (await token.connect(second!).approve(await pool.getAddress(), 10_000n * ETM)).wait();
    const { registerValidator } = await import("../shared/signerProof");
    await (await registerValidator(pool, second!, second!.address, ETM / 10n, 10_000n * ETM)).wait();
    await (await pool.connect(f.dave).stake(second!.address, 20_000n * ETM)).wait();
    await (await votes.connect(f.dave).delegate(f.alice.address)).wait();
    expect(await votes.getVotes(f.alice.address)).to.equal(120_000n * ETM);
    await pool.connect(f.eve).slash(f.operator.address, WAD / 4n, (await blockNumber()) - 1n, ZeroHash);
    expect(await votes.getVotes(f.alice.address)).to.equal(75_000n * ETM + 20_000n * ETM);
    const [validators, slotVotes] = await votes.slotsOf(f.alice.address);
    expect([...validators]).to.deep.equal([f.operator.address, second!.address]);
    expect([...slotVotes]).to.deep.equal([75_000n * ETM, 20_000n * ETM]);
  });
});
