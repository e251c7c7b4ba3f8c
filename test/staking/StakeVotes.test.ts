import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { DELEGATIONS, ETM, WAD, validatorsFixture } from "../shared/fixtures";
import { blockOf, expectRevertNoChange, observed, PENDING, nextBlock } from "../shared/poolHelpers";

/** Sends `calls` in one block (automine off), then mines it. */
async function inOneBlock(calls: (() => Promise<unknown>)[]) {
  await network.provider.send("evm_setAutomine", [false]);
  try {
    for (const call of calls) await call();
    await network.provider.send("evm_mine", []);
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
  return BigInt(await ethers.provider.getBlockNumber());
}

const GAS = { gasLimit: 1_000_000 };

describe("StakeVotes", () => {
  it("is deployed by the pool, counts in block numbers, and starts empty", async () => {
    const { pool, votes } = await loadFixture(validatorsFixture);
    expect(await votes.pool()).to.equal(await pool.getAddress());
    expect(await pool.votes()).to.equal(await votes.getAddress());
    expect(await votes.clock()).to.equal(BigInt(await ethers.provider.getBlockNumber()));
    expect(await votes.CLOCK_MODE()).to.equal("mode=blocknumber&from=default");
  });

  it("votingUnitsOf follows bonded stake through stake, unstake and compound, without any delegation", async () => {
    const { pool, votes, op0, op1, alice } = await loadFixture(validatorsFixture);
    // No automatic self-delegation: the first stake gave units, not votes.
    expect(await votes.delegates(alice.address)).to.equal(ethers.ZeroAddress);
    expect(await votes.votingUnitsOf(alice.address)).to.equal(DELEGATIONS.alice);
    await pool.connect(alice).stake(op1.address, 70n * ETM);
    expect(await votes.votingUnitsOf(alice.address)).to.equal(570n * ETM);
    await pool.connect(alice).unstake(op0.address, 120n * ETM);
    expect(await votes.votingUnitsOf(alice.address)).to.equal(450n * ETM);
    await mine(20);
    const reward = await pool.pendingReward(alice.address, op1.address, PENDING);
    expect(reward).to.be.greaterThan(0n);
    await pool.connect(alice).compound(op1.address);
    expect(await votes.votingUnitsOf(alice.address)).to.equal(450n * ETM + reward);
    expect(await votes.votingUnitsOf(alice.address)).to.equal(
      (await pool.stakeOf(alice.address, op0.address)) + (await pool.stakeOf(alice.address, op1.address)),
    );
    // Units without a delegate are nobody's votes, but they are in the voting supply.
    expect(await votes.getVotes(alice.address)).to.equal(0n);
    expect(await votes.delegates(alice.address)).to.equal(ethers.ZeroAddress);
    await mine(1);
    expect(await votes.getPastTotalSupply((await votes.clock()) - 1n)).to.equal(await pool.totalStaked());
  });

  it("getVotes is 0 until delegate(self), then follows bonded stake through stake, unstake and compound", async () => {
    const { pool, votes, op0, op1, alice } = await loadFixture(validatorsFixture);
    expect(await votes.getVotes(alice.address)).to.equal(0n);
    await expect(votes.connect(alice).delegate(alice.address))
      .to.emit(votes, "DelegateChanged")
      .withArgs(alice.address, ethers.ZeroAddress, alice.address);
    expect(await votes.getVotes(alice.address)).to.equal(DELEGATIONS.alice);
    await pool.connect(alice).stake(op1.address, 70n * ETM);
    expect(await votes.getVotes(alice.address)).to.equal(570n * ETM);
    await pool.connect(alice).unstake(op0.address, 120n * ETM);
    expect(await votes.getVotes(alice.address)).to.equal(450n * ETM);
    await mine(20);
    const reward = await pool.pendingReward(alice.address, op1.address, PENDING);
    expect(reward).to.be.greaterThan(0n);
    await pool.connect(alice).compound(op1.address);
    expect(await votes.getVotes(alice.address)).to.equal(450n * ETM + reward);
    expect(await votes.getVotes(alice.address)).to.equal(await votes.votingUnitsOf(alice.address));
    expect(await votes.votingUnitsOf(alice.address)).to.equal(
      (await pool.stakeOf(alice.address, op0.address)) + (await pool.stakeOf(alice.address, op1.address)),
    );
    // Unbonding stake does not vote.
    expect((await pool.unbondingOf(alice.address))[2]).to.deep.equal([120n * ETM]);
  });

  it("an undelegated staker has units but no votes; delegating later moves all its units at once", async () => {
    const { pool, votes, admin, op0, op1, carol } = await loadFixture(validatorsFixture);
    await pool.connect(carol).stake(op0.address, 40n * ETM);
    await pool.connect(admin).slash(op0.address, WAD / 10n, await nextBlock(), ethers.ZeroHash);
    // Syncing an undelegated account moves units only: nobody's votes change.
    const sync = await pool.syncVotingUnits(carol.address, op0.address);
    const units = DELEGATIONS.carol + 36n * ETM;
    expect(await votes.votingUnitsOf(carol.address)).to.equal(units);
    expect(await votes.getVotes(carol.address)).to.equal(0n);
    const [noValidators, noVotes] = await votes.slotsOf(carol.address);
    expect([noValidators.length, noVotes.length]).to.deep.equal([0, 0]);
    const beforeDelegation = await blockOf(sync);

    // One delegation moves every unit, from both validators: one slot per validator.
    const tx = await votes.connect(carol).delegate(carol.address);
    await expect(tx)
      .to.emit(votes, "DelegateChanged")
      .withArgs(carol.address, ethers.ZeroAddress, carol.address);
    const [validators, slotVotes] = await votes.slotsOf(carol.address);
    expect([...validators]).to.have.members([op0.address, op1.address]);
    expect([...slotVotes].reduce((sum, x) => sum + x, 0n)).to.equal(units);
    const delegation = await blockOf(tx);
    expect(await votes.getVotes(carol.address)).to.equal(units);
    await mine(1);
    expect(await votes.getPastVotes(carol.address, beforeDelegation)).to.equal(0n);
    expect(await votes.getPastVotes(carol.address, delegation)).to.equal(units);
    // Stake added later counts at once.
    await pool.connect(carol).stake(op1.address, 4n * ETM);
    expect(await votes.getVotes(carol.address)).to.equal(units + 4n * ETM);
    expect(await votes.votingUnitsOf(carol.address)).to.equal(units + 4n * ETM);
  });

  it("a first stake does not delegate: a delegate chosen before staking receives the stake", async () => {
    const { pool, votes, operators, op0, bob } = await loadFixture(validatorsFixture);
    // A funded account that never staked chooses bob first; its first stake counts for bob.
    const newcomer = operators[4]!;
    expect(await votes.delegates(newcomer.address)).to.equal(ethers.ZeroAddress);
    await votes.connect(newcomer).delegate(bob.address);
    await pool.connect(newcomer).stake(op0.address, 10n * ETM);
    expect(await votes.delegates(newcomer.address)).to.equal(bob.address);
    expect(await votes.votingUnitsOf(newcomer.address)).to.equal(10n * ETM);
    expect(await votes.getVotes(newcomer.address)).to.equal(0n);
    // bob has not delegated his own 300: only the newcomer's stake votes for him.
    expect(await votes.getVotes(bob.address)).to.equal(10n * ETM);
    await votes.connect(bob).delegate(bob.address);
    expect(await votes.getVotes(bob.address)).to.equal(DELEGATIONS.bob + 10n * ETM);
    // Without a choice, the first stake leaves the delegate unset.
    const other = operators[3]!;
    await pool.connect(other).stake(op0.address, 10n * ETM);
    expect(await votes.delegates(other.address)).to.equal(ethers.ZeroAddress);
    expect(await votes.votingUnitsOf(other.address)).to.equal(10n * ETM);
    expect(await votes.getVotes(other.address)).to.equal(0n);
  });

  it("delegate moves the voting power to another account, including later stake", async () => {
    const { pool, votes, op0, alice, carol } = await loadFixture(validatorsFixture);
    await votes.connect(carol).delegate(carol.address);
    expect(await votes.getVotes(carol.address)).to.equal(DELEGATIONS.carol);
    await expect(votes.connect(alice).delegate(carol.address))
      .to.emit(votes, "DelegateChanged")
      .withArgs(alice.address, ethers.ZeroAddress, carol.address);
    expect(await votes.getVotes(alice.address)).to.equal(0n);
    expect(await votes.getVotes(carol.address)).to.equal(DELEGATIONS.carol + DELEGATIONS.alice);
    await pool.connect(alice).stake(op0.address, 25n * ETM);
    expect(await votes.getVotes(carol.address)).to.equal(DELEGATIONS.carol + DELEGATIONS.alice + 25n * ETM);
    expect(await votes.votingUnitsOf(alice.address)).to.equal(525n * ETM);
    expect(await votes.votingUnitsOf(carol.address)).to.equal(DELEGATIONS.carol);
    await expect(votes.connect(alice).delegate(alice.address))
      .to.emit(votes, "DelegateChanged")
      .withArgs(alice.address, carol.address, alice.address);
    expect(await votes.getVotes(alice.address)).to.equal(525n * ETM);
    expect(await votes.getVotes(carol.address)).to.equal(DELEGATIONS.carol);
  });

  it("reverts NotPool when anyone but the pool moves voting units", async () => {
    const ctx = await loadFixture(validatorsFixture);
    for (const caller of [ctx.alice, ctx.admin]) {
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.votes.connect(caller).setVotingUnits(caller.address, ctx.op0.address, ETM),
        ctx.votes,
        "NotPool",
        [caller.address],
      );
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.votes.connect(caller).recordSlash(ctx.op0.address, ETM, 0n),
        ctx.votes,
        "NotPool",
        [caller.address],
      );
    }
  });

  it("getPastVotes: stake counts from its block on; a stake and unstake inside one block never counts", async () => {
    const { pool, votes, op0, alice, bob } = await loadFixture(validatorsFixture);
    const delegated = await blockOf(await votes.connect(alice).delegate(alice.address));
    await votes.connect(bob).delegate(bob.address);
    const tx = await pool.connect(alice).stake(op0.address, 100n * ETM);
    const block = await blockOf(tx);
    await mine(1);
    // Before the delegation alice's 500 were units, not votes.
    expect(await votes.getPastVotes(alice.address, delegated - 1n)).to.equal(0n);
    expect(await votes.getPastVotes(alice.address, delegated)).to.equal(500n * ETM);
    expect(await votes.getPastVotes(alice.address, block - 1n)).to.equal(500n * ETM);
    expect(await votes.getPastVotes(alice.address, block)).to.equal(600n * ETM);

    const flash = await inOneBlock([
      () => pool.connect(bob).stake(op0.address, 10_000n * ETM, GAS),
      () => pool.connect(bob).unstake(op0.address, 10_000n * ETM, GAS),
    ]);
    await mine(1);
    expect(await votes.getPastVotes(bob.address, flash)).to.equal(DELEGATIONS.bob);
    expect(await votes.getPastTotalSupply(flash)).to.equal(
      await pool.totalStaked({ blockTag: Number(flash) }),
    );
    // The current block cannot be queried (no flash-borrowed weight): ERC5805FutureLookup.
    const now = await votes.clock();
    await expect(votes.getPastVotes(alice.address, now))
      .to.be.revertedWithCustomError(votes, "ERC5805FutureLookup")
      .withArgs(now, now);
  });

  it("unstake then restake cannot double count at a past block", async () => {
    const { pool, votes, op0, op1, alice, bob, carol } = await loadFixture(validatorsFixture);
    const accounts = [alice, bob, carol, op0, op1];
    // Every staker votes with its own stake, so every bonded unit is someone's vote.
    for (const account of accounts) await votes.connect(account).delegate(account.address);
    const blocks: bigint[] = [];
    // Same block: leave op0 and re-enter at op1 with the same amount.
    blocks.push(
      await inOneBlock([
        () => pool.connect(alice).unstake(op0.address, 500n * ETM, GAS),
        () => pool.connect(alice).stake(op1.address, 500n * ETM, GAS),
      ]),
    );
    // Next blocks: delegate away, unstake, restake, delegate back.
    await votes.connect(alice).delegate(bob.address);
    blocks.push(BigInt(await ethers.provider.getBlockNumber()));
    await pool.connect(alice).unstake(op1.address, 500n * ETM);
    blocks.push(BigInt(await ethers.provider.getBlockNumber()));
    await pool.connect(alice).stake(op0.address, 500n * ETM);
    blocks.push(BigInt(await ethers.provider.getBlockNumber()));
    await votes.connect(alice).delegate(alice.address);
    blocks.push(BigInt(await ethers.provider.getBlockNumber()));
    await mine(1);

    for (const block of blocks) {
      // Every unit of bonded stake votes exactly once at every past block.
      let votesSum = 0n;
      for (const account of accounts) votesSum += await votes.getPastVotes(account.address, block);
      const bonded = await pool.totalStaked({ blockTag: Number(block) });
      expect(votesSum, `block ${block}`).to.equal(bonded);
      expect(await votes.getPastTotalSupply(block)).to.equal(bonded);
    }
    expect(await votes.getPastVotes(alice.address, blocks[0]!)).to.equal(500n * ETM);
    expect(await votes.getPastVotes(bob.address, blocks[1]!)).to.equal(800n * ETM);
    expect(await votes.getPastVotes(bob.address, blocks[2]!)).to.equal(300n * ETM);
    expect(await votes.getPastVotes(bob.address, blocks[3]!)).to.equal(800n * ETM);
    expect(await votes.getPastVotes(alice.address, blocks[4]!)).to.equal(500n * ETM);
  });

  it("a slash lowers every delegator's votes in its own block, with nobody calling anything (issue 13 item 7)", async () => {
    const { pool, votes, admin, outsider, op0, op1, alice, bob, carol } =
      await loadFixture(validatorsFixture);
    const accounts = [alice, bob, carol, op0, op1];
    for (const account of accounts) await votes.connect(account).delegate(account.address);
    const slash = await pool.connect(admin).slash(op0.address, WAD / 10n, await nextBlock(), ethers.ZeroHash);
    await expect(slash)
      .to.emit(votes, "SlashIndexLowered")
      .withArgs(op0.address, (10n ** 27n * 9n) / 10n);
    // The slash is O(1): no position is re-read, the validator's index falls.
    expect(await votes.getVotes(alice.address)).to.equal(450n * ETM);
    expect(await votes.votingUnitsOf(alice.address)).to.equal(450n * ETM);
    await mine(1);
    const slashBlock = await blockOf(slash);
    expect(await votes.getPastVotes(alice.address, slashBlock - 1n)).to.equal(500n * ETM);
    expect(await votes.getPastVotes(alice.address, slashBlock)).to.equal(450n * ETM);
    expect(await votes.slashIndexAt(op0.address, slashBlock - 1n)).to.equal(10n ** 27n);
    // Before anyone syncs, the votes' total is within the bonded stake.
    expect(await votes.getPastTotalSupply(slashBlock)).to.be.lessThanOrEqual(await pool.totalStaked());
    // Re-reading the position changes nothing (idempotent), and nothing for an account without one.
    await pool.connect(outsider).syncVotingUnits(alice.address, op0.address);
    expect(await votes.getVotes(alice.address)).to.equal(450n * ETM);
    await pool.syncVotingUnits(outsider.address, op0.address);
    expect(await votes.votingUnitsOf(outsider.address)).to.equal(0n);
    // Nor for an address that is no validator: nothing is recorded for it.
    await pool.syncVotingUnits(outsider.address, outsider.address);
    expect(await votes.positionVotingUnits(outsider.address, outsider.address)).to.deep.equal([0n, false]);
    expect(await votes.slashIndexAt(outsider.address, await ethers.provider.getBlockNumber())).to.equal(
      10n ** 27n,
    );
    // The index now (a block not yet past) is the latest: 0.9.
    expect(await votes.slashIndexAt(op0.address, (await votes.clock()) + 1n)).to.equal(
      (10n ** 27n * 9n) / 10n,
    );
    // Any stake movement syncs too.
    await pool.connect(bob).unstake(op0.address, 70n * ETM);
    // 270 - 70, less the 1 wei the share rounding keeps in the pool; the votes, counted in units of the
    // slashed validator's index (rounded down), are at most 1 wei below the stake, never above.
    expect(await pool.stakeOf(bob.address, op0.address)).to.equal(200n * ETM - 1n);
    expect(await votes.getVotes(bob.address)).to.equal(200n * ETM - 2n);
    await pool.syncVotingUnits(op0.address, op0.address);
    await mine(1);
    // Once every position is synced the votes are the bonded stake again, less the wei of share rounding
    // that belongs to no position and at most a wei for each position re-counted at the slashed index
    // (bob's and op0's here): never more (SAFETY: the sum of votes never exceeds total bonded).
    const votingTotal = await votes.getPastTotalSupply((await votes.clock()) - 1n);
    const bonded = await pool.totalStaked();
    expect(votingTotal).to.be.lessThanOrEqual(bonded);
    expect(bonded - votingTotal).to.be.lessThanOrEqual(3n);
    // Everyone delegated to itself: the votes add up to the voting total.
    let votesSum = 0n;
    for (const account of accounts) votesSum += await votes.getVotes(account.address);
    expect(votesSum).to.equal(votingTotal);
    // Delegating to address 0 takes an account's votes away and counts them nowhere.
    await votes.connect(alice).delegate(ethers.ZeroAddress);
    expect(await votes.getVotes(alice.address)).to.equal(0n);
    expect(await votes.getVotes(ethers.ZeroAddress)).to.equal(0n);
    expect((await votes.positionVotingUnits(alice.address, op0.address))[1]).to.equal(false);
  });
});
