/**
 * StakeVotes' slots: a delegatee counts the stake of at most 16 validators (so reading its votes at a
 * snapshot is bounded), and nobody can lock it out with dust — a larger stake at a 17th validator takes
 * the smallest slot; a smaller one is not counted, and says so.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import { ETM, registerValidator, validatorsFixture } from "../shared/fixtures";
import { Parameter } from "../shared/poolHelpers";

/** `validatorsFixture` plus 16 more validators (op0, op1 and n[0..15]). */
async function manyValidatorsFixture() {
  const ctx = await validatorsFixture();
  const { pool, token, admin } = ctx;
  await pool.connect(admin).setParameter(Parameter.CandidateCap, 40);
  const newcomers = Array.from({ length: 16 }, () => ethers.Wallet.createRandom().connect(ethers.provider));
  for (const operator of newcomers) {
    await setBalance(operator.address, ETM);
    await token.connect(admin).transfer(operator.address, 1_000n * ETM);
    await token.connect(operator).approve(await pool.getAddress(), ethers.MaxUint256);
    await registerValidator(pool, operator, ethers.Wallet.createRandom(), 0n, 100n * ETM);
  }
  return { ...ctx, newcomers: newcomers.map((n) => n.address) };
}

describe("StakeVotes: slots", () => {
  it("16 slots of dust cannot lock a delegatee out: a larger stake at a 17th validator takes the smallest", async () => {
    const { pool, votes, alice, bob, carol, op0, op1, newcomers } = await loadFixture(manyValidatorsFixture);
    // carol (1,000 at op1) delegates to alice and spreads 1 ETM over 15 more validators: 16 slots.
    await votes.connect(carol).delegate(alice.address);
    for (const n of newcomers.slice(0, 15)) await pool.connect(carol).stake(n, ETM);
    const [held] = await votes.slotsOf(alice.address);
    expect(held).to.have.length(16);
    expect(await votes.getVotes(alice.address)).to.equal(1_015n * ETM);
    const beforeEviction = BigInt(await ethers.provider.getBlockNumber());

    // alice delegates her own 500 at op0 to herself: op0 is a 17th validator, worth more than 1 ETM.
    const tx = await votes.connect(alice).delegate(alice.address);
    await expect(tx).to.emit(votes, "VotesSlotEvicted").withArgs(alice.address, newcomers[0]!, ETM);
    expect(await votes.getVotes(alice.address)).to.equal(1_014n * ETM + 500n * ETM);
    const [validators] = await votes.slotsOf(alice.address);
    expect([...validators]).to.include(op0.address);
    expect([...validators]).to.not.include(newcomers[0]!);
    expect([...validators]).to.include(op1.address);
    // The evicted stake is no longer counted, and the history before the eviction is kept.
    expect(await votes.positionVotingUnits(carol.address, newcomers[0]!)).to.deep.equal([ETM, false]);
    await mine(1);
    expect(await votes.getPastVotes(alice.address, beforeEviction)).to.equal(1_015n * ETM);

    // A stake no larger than the smallest slot is not counted, and says so; re-syncing does not help.
    await votes.connect(bob).delegate(alice.address); // bob's 300 at op0: op0 has a slot
    expect(await votes.getVotes(alice.address)).to.equal(1_814n * ETM);
    await expect(pool.connect(bob).stake(newcomers[15]!, ETM))
      .to.emit(votes, "VotesNotCounted")
      .withArgs(bob.address, alice.address, newcomers[15]!);
    await expect(pool.syncVotingUnits(carol.address, newcomers[0]!))
      .to.emit(votes, "VotesNotCounted")
      .withArgs(carol.address, alice.address, newcomers[0]!);
    expect(await votes.getVotes(alice.address)).to.equal(1_814n * ETM);
    // Counted elsewhere: bob delegates to himself, and all his stake counts for him.
    await votes.connect(bob).delegate(bob.address);
    expect(await votes.getVotes(bob.address)).to.equal(301n * ETM);
    expect(await votes.getVotes(alice.address)).to.equal(1_514n * ETM);
    // Within the totals.
    const total = await votes.totalVotingUnits();
    expect(total).to.be.lessThanOrEqual(await pool.totalStaked());
    expect((await votes.getVotes(alice.address)) + (await votes.getVotes(bob.address))).to.be.lessThanOrEqual(
      total,
    );
  });

  it("a slot left empty is reused for the next validator without evicting anyone", async () => {
    const { pool, votes, alice, carol, newcomers } = await loadFixture(manyValidatorsFixture);
    await votes.connect(carol).delegate(alice.address);
    for (const n of newcomers.slice(0, 15)) await pool.connect(carol).stake(n, ETM);
    await pool.connect(carol).unstake(newcomers[4]!, ETM); // its slot now counts nothing
    const tx = await pool.connect(carol).stake(newcomers[15]!, 2n * ETM);
    await expect(tx).to.not.emit(votes, "VotesSlotEvicted");
    await expect(tx).to.not.emit(votes, "VotesNotCounted");
    const [validators, slotVotes] = await votes.slotsOf(alice.address);
    expect(validators[5]).to.equal(newcomers[15]!); // slot 0 is op1's, then n0..n14 in order
    expect(slotVotes[5]).to.equal(2n * ETM);
    expect(await votes.getVotes(alice.address)).to.equal(1_016n * ETM);
  });
});
