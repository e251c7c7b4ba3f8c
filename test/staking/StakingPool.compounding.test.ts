/**
 * Opt-in auto-compounding (issue 15, item 1): a position may join its validator's compounding class,
 * whose reward every settlement of the validator bonds (no call per staker). validatorsFixture: op0 has
 * 1,000 ETM of self-stake (10% commission), alice 500 and bob 300 delegated; op1 2,000 (5%), carol 1,000.
 * Shares are 1:1 with wei at op0 (nothing was slashed): alice holds 500e18 shares.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import type { ContractTransactionResponse } from "ethers";
import { ETM, WAD, validatorsFixture } from "../shared/fixtures";
import { blockOf, expectRevertNoChange, nextBlock, observed, PENDING } from "../shared/poolHelpers";

const REASON = ethers.encodeBytes32String("downtime");

type Ctx = Awaited<ReturnType<typeof validatorsFixture>>;

/** The arguments of the first `name` event of `tx` from the pool. */
async function eventArgs(ctx: Ctx, tx: ContractTransactionResponse, name: string) {
  const receipt = (await tx.wait())!;
  const event = receipt.logs
    .map((log) => ctx.pool.interface.parseLog(log))
    .find((parsed) => parsed?.name === name);
  if (!event) throw new Error(`no ${name} event`);
  return event.args;
}

/** validatorsFixture with alice's position at op0 in the compounding class. */
async function aliceCompoundingFixture() {
  const ctx = await validatorsFixture();
  await ctx.pool.connect(ctx.alice).setCompounding(ctx.op0.address, true);
  return ctx;
}

describe("StakingPool: auto-compounding", () => {
  describe("switching", () => {
    it("into the class: pays the pending reward first; the value stays; nothing to claim after", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, op0, alice, token } = ctx;
      await mine(10);
      const balanceBefore = await token.balanceOf(alice.address);
      const tx = await pool.connect(alice).setCompounding(op0.address, true);
      const paid = (await eventArgs(ctx, tx, "RewardPaid")).amountWei as bigint;
      expect(paid).to.be.greaterThan(0n);
      expect(await token.balanceOf(alice.address)).to.equal(balanceBefore + paid);
      // The class was empty: its shares are the bonded shares put in, 1:1.
      await expect(tx)
        .to.emit(pool, "CompoundingSet")
        .withArgs(alice.address, op0.address, true, 500n * ETM);
      expect(await pool.isCompounding(alice.address, op0.address)).to.equal(true);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(500n * ETM);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
      await mine(5);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
      await expect(pool.connect(alice).claim(op0.address))
        .to.be.revertedWithCustomError(pool, "NothingToClaim")
        .withArgs(alice.address, op0.address);
      await expect(pool.connect(alice).compound(op0.address))
        .to.be.revertedWithCustomError(pool, "NothingToClaim")
        .withArgs(alice.address, op0.address);
    });

    it("out of the class: the position holds its part of the class and earns a claimable reward again", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, op0, alice } = ctx;
      await mine(20);
      const valueNext = await pool.stakeOf(alice.address, op0.address, PENDING);
      const tx = await pool.connect(alice).setCompounding(op0.address, false);
      // Nothing paid on leaving: the class's reward was bonded by the settlement the switch made.
      await expect(tx).not.to.emit(pool, "RewardPaid");
      const { valueWei } = await eventArgs(ctx, tx, "CompoundingSet");
      expect(valueWei).to.be.greaterThan(500n * ETM);
      // Its part of the class, in bonded shares rounded down: at most a wei under the preview.
      expect(valueNext - (valueWei as bigint)).to.be.lessThanOrEqual(1n);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(valueWei);
      expect(await pool.isCompounding(alice.address, op0.address)).to.equal(false);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
      await mine(3);
      expect(await pool.pendingReward(alice.address, op0.address)).to.be.greaterThan(0n);
      await expect(pool.connect(alice).claim(op0.address)).to.emit(pool, "RewardPaid");
    });

    it("an empty position may switch: its next stake goes into the class", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, op0, carol } = ctx;
      await expect(pool.connect(carol).setCompounding(op0.address, true))
        .to.emit(pool, "CompoundingSet")
        .withArgs(carol.address, op0.address, true, 0n);
      expect(await pool.positionsOf(carol.address)).to.deep.equal([ctx.op1.address]);
      await pool.connect(carol).stake(op0.address, 40n * ETM);
      expect(await pool.isCompounding(carol.address, op0.address)).to.equal(true);
      expect(await pool.stakeOf(carol.address, op0.address)).to.equal(40n * ETM);
      expect(await pool.positionsOf(carol.address)).to.deep.equal([ctx.op1.address, op0.address]);
      await mine(10);
      await pool.settleValidator(op0.address);
      expect(await pool.stakeOf(carol.address, op0.address)).to.be.greaterThan(40n * ETM);
    });

    it("refusals: the operator's own position, the mode it has, an unknown validator", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, op0, alice, outsider } = ctx;
      const seen = observed(ctx);
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(op0).setCompounding(op0.address, true),
        pool,
        "SelfStakeCannotCompound",
        [op0.address],
      );
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(alice).setCompounding(op0.address, false),
        pool,
        "CompoundingUnchanged",
        [alice.address, op0.address, false],
      );
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(alice).setCompounding(outsider.address, true),
        pool,
        "UnknownValidator",
        [outsider.address],
      );
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(outsider).settleValidator(outsider.address),
        pool,
        "UnknownValidator",
        [outsider.address],
      );
      await pool.connect(alice).setCompounding(op0.address, true);
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(alice).setCompounding(op0.address, true),
        pool,
        "CompoundingUnchanged",
        [alice.address, op0.address, true],
      );
    });
  });

  describe("class shares", () => {
    it("a stake worth less than one class share is refused (ZeroShares); an empty position switches back freely", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, op0, alice, carol } = ctx;
      await mine(10);
      await pool.settleValidator(op0.address); // a class share is now worth more than a bonded share
      // 1 wei buys one bonded share (op0's price is 1), which is less than a class share.
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => pool.connect(alice).stake(op0.address, 1n),
        pool,
        "ZeroShares",
        [op0.address, 1n],
      );
      await pool.connect(carol).setCompounding(op0.address, true);
      await expect(pool.connect(carol).setCompounding(op0.address, false))
        .to.emit(pool, "CompoundingSet")
        .withArgs(carol.address, op0.address, false, 0n);
      expect(await pool.positionsOf(carol.address)).to.deep.equal([ctx.op1.address]);
    });
  });

  describe("compounding", () => {
    it("a settlement bonds the class's reward: the reward per share the paying positions earn, on the class's shares", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, op0, alice, bob } = ctx;
      const from = await ethers.provider.getBlockNumber();
      const bobFrom = await pool.pendingReward(bob.address, op0.address, { blockTag: from });
      const stakeBefore = await pool.validatorStake(op0.address);
      const totalBefore = await pool.totalStaked();
      await mine(30);
      const previewed = await pool.stakeOf(alice.address, op0.address, PENDING);
      const tx = await pool.connect(bob).settleValidator(op0.address);
      const block = await blockOf(tx);
      const { amountWei } = await eventArgs(ctx, tx, "ClassCompounded");
      const compounded = amountWei as bigint;
      // Bob (300e18 shares) earned the same reward per share over the same blocks: both rounded down.
      const bobEarned = (await pool.pendingReward(bob.address, op0.address, { blockTag: block })) - bobFrom;
      expect(compounded * 300n - bobEarned * 500n).to.be.within(-500n, 500n);
      expect(await pool.validatorStake(op0.address)).to.equal(stakeBefore + compounded);
      expect(await pool.totalStaked()).to.equal(totalBefore + compounded);
      // The preview of the block it ran in is what it bonded (the class is alice's alone).
      const value = await pool.stakeOf(alice.address, op0.address);
      expect(value).to.equal(previewed);
      expect(500n * ETM + compounded - value).to.be.within(0n, 1n);
    });

    it("earns on what it compounded: more than a paying position of the same size over the same blocks", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, op0, alice, bob } = ctx;
      await pool.connect(bob).stake(op0.address, 200n * ETM); // bob: 500, paying; pays bob's reward so far
      const bobStart = await pool.pendingReward(bob.address, op0.address);
      const aliceStart = await pool.stakeOf(alice.address, op0.address);
      for (let i = 0; i < 5; i++) {
        await mine(50);
        await pool.settleValidator(op0.address);
      }
      const bobEarned = (await pool.pendingReward(bob.address, op0.address)) - bobStart;
      const aliceEarned = (await pool.stakeOf(alice.address, op0.address)) - aliceStart;
      expect(bobEarned).to.be.greaterThan(0n);
      // Bob's first block (his stake) is one alice had too; compounding adds interest on interest.
      expect(aliceEarned).to.be.greaterThan(bobEarned);
    });

    it("every action at the validator compounds it: a stake of another account bonds the class's reward", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, op0, carol } = ctx;
      await mine(10);
      await expect(pool.connect(carol).stake(op0.address, 10n * ETM)).to.emit(pool, "ClassCompounded");
      // In the same block nothing more to bond: the next settlement emits nothing.
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const first = await pool.connect(carol).settleValidator(op0.address);
        const second = await pool.connect(carol).settleValidator(op0.address);
        await mine(1);
        await expect(first).to.emit(pool, "ClassCompounded");
        await expect(second).not.to.emit(pool, "ClassCompounded");
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
    });
  });

  describe("a compounding position's stake", () => {
    it("stake, unstake and redelegate work on its part of the class", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, op0, op1, alice } = ctx;
      await mine(10);
      await pool.connect(alice).stake(op0.address, 100n * ETM);
      const afterStake = await pool.stakeOf(alice.address, op0.address);
      expect(afterStake).to.be.greaterThan(600n * ETM);
      await pool.connect(alice).unstake(op0.address, 50n * ETM);
      // Same block as nothing else: the unstake's own settlement bonded a block more first.
      const afterUnstake = await pool.stakeOf(alice.address, op0.address);
      expect(afterStake - 50n * ETM - afterUnstake).to.be.lessThan(0n); // grew by a block's reward
      const [, , amounts] = await pool.unbondingOf(alice.address);
      expect(amounts).to.deep.equal([50n * ETM]);
      // Redelegating moves stake into op1 as a paying position (the destination's own mode).
      await pool.connect(alice).redelegate(op0.address, op1.address, 100n * ETM);
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(100n * ETM);
      expect(await pool.isCompounding(alice.address, op1.address)).to.equal(false);
      // All of it: the position leaves the list; the mode stays for its next stake.
      const all = await pool.stakeOf(alice.address, op0.address, PENDING);
      await pool.connect(alice).unstake(op0.address, all);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(0n);
      expect(await pool.positionsOf(alice.address)).to.deep.equal([op1.address]);
      expect(await pool.isCompounding(alice.address, op0.address)).to.equal(true);
    });

    it("a paying position beside a class unstakes exactly what stakeOf shows (the class's bond moves the price)", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, op0, bob } = ctx;
      for (let i = 0; i < 3; i++) {
        await mine(97);
        await pool.settleValidator(op0.address);
      }
      await mine(13);
      // The unstake's own settlement bonds the class's reward first; stakeOf previews that.
      const all = await pool.stakeOf(bob.address, op0.address, PENDING);
      await pool.connect(bob).unstake(op0.address, all);
      expect(await pool.stakeOf(bob.address, op0.address)).to.equal(0n);
      const [, , amounts] = await pool.unbondingOf(bob.address);
      expect(amounts).to.deep.equal([all]);
    });

    it("the whole position (amount type(uint256).max) unstakes what it is worth in the block it runs; an amount read a block earlier leaves dust and is refused", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, op0, alice, token } = ctx;
      await mine(10);
      // What a client reads now is a block behind the transaction it sends: the class grows meanwhile.
      const readNow = await pool.stakeOf(alice.address, op0.address);
      const dustWei = (await pool.stakeOf(alice.address, op0.address, PENDING)) - readNow;
      expect(dustWei).to.be.greaterThan(0n);
      // One block's compounding here (~0.85 ETM) is below minStake: the position may not stay at it.
      // (Over more blocks it may exceed it: then the position would stay behind, as dust.)
      expect(dustWei, "the fixture's reward per block").to.be.lessThan(ETM);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => pool.connect(alice).unstake(op0.address, readNow),
        pool,
        "PositionBelowMinimum",
        [alice.address, op0.address, dustWei, ETM],
      );
      const wholeWei = await pool.stakeOf(alice.address, op0.address, PENDING);
      const balanceBefore = await token.balanceOf(alice.address);
      const tx = await pool.connect(alice).unstake(op0.address, ethers.MaxUint256);
      await expect(tx).to.emit(pool, "Unstaked").withArgs(alice.address, op0.address, wholeWei, anyValue);
      await expect(tx).not.to.emit(pool, "RewardPaid"); // a compounding position's reward is bonded
      expect(await token.balanceOf(alice.address)).to.equal(balanceBefore);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(0n);
      expect(await pool.positionsOf(alice.address)).to.deep.equal([]);
      const [, , amounts] = await pool.unbondingOf(alice.address);
      expect(amounts).to.deep.equal([wholeWei]);
      expect(await pool.isCompounding(alice.address, op0.address)).to.equal(true); // the mode stays
    });

    it("the whole position redelegates in the block it runs: all of it moves, the source position leaves the list", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, op0, op1, alice } = ctx;
      await mine(25);
      const wholeWei = await pool.stakeOf(alice.address, op0.address, PENDING);
      expect(wholeWei).to.be.greaterThan(500n * ETM);
      const tx = await pool.connect(alice).redelegate(op0.address, op1.address, ethers.MaxUint256);
      const { amountWei } = await eventArgs(ctx, tx, "Redelegated");
      expect(amountWei).to.equal(wholeWei);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(0n);
      // bonded at op1 as new shares, rounded down: at most a wei under what moved
      const atOp1 = await pool.stakeOf(alice.address, op1.address);
      expect(atOp1).to.be.lessThanOrEqual(wholeWei);
      expect(wholeWei - atOp1).to.be.lessThanOrEqual(1n);
      expect(await pool.positionsOf(alice.address)).to.deep.equal([op1.address]);
    });

    it("the whole position of a paying position is its stake, its reward paid; of no position, refused as InsufficientStake", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, op0, op1, bob, carol, outsider } = ctx;
      await mine(7);
      const tx = await pool.connect(bob).unstake(op0.address, ethers.MaxUint256);
      // Bob's shares are worth what stakeOf shows (the class's bond first moves the price: PENDING).
      const { amountWei } = await eventArgs(ctx, tx, "Unstaked");
      expect(amountWei).to.be.greaterThanOrEqual(300n * ETM);
      expect(amountWei - 300n * ETM).to.be.lessThanOrEqual(1n);
      await expect(tx).to.emit(pool, "RewardPaid");
      expect(await pool.stakeOf(bob.address, op0.address)).to.equal(0n);
      const seen = observed(ctx);
      for (const [who, validator] of [
        [outsider, op0],
        [carol, op0],
        [bob, op0],
      ] as const) {
        await expectRevertNoChange(
          ctx,
          seen,
          () => pool.connect(who).unstake(validator.address, ethers.MaxUint256),
          pool,
          "InsufficientStake",
          [who.address, validator.address, 0n, ethers.MaxUint256],
        );
      }
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(bob).redelegate(op0.address, op1.address, ethers.MaxUint256),
        pool,
        "InsufficientStake",
        [bob.address, op0.address, 0n, ethers.MaxUint256],
      );
    });

    it("is slashed like any bonded stake", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, admin, op0, alice } = ctx;
      await mine(10);
      await pool.settleValidator(op0.address);
      const before = await pool.stakeOf(alice.address, op0.address);
      const next = await pool.stakeOf(alice.address, op0.address, PENDING); // + the slash's own settlement
      await pool.connect(admin).slash(op0.address, WAD / 10n, await nextBlock(), REASON);
      const lost = next - (await pool.stakeOf(alice.address, op0.address));
      // The slash takes 10% of the validator's stake bonded at the infraction (the block before: the
      // reward bonded in the slash's own block is later stake), spread over the stake bonded now by the
      // share price: alice, whose part grew in that block, pays between 10% of her value then and now.
      expect(lost).to.be.greaterThanOrEqual(before / 10n);
      expect(lost).to.be.lessThanOrEqual(next / 10n + 1n);
    });

    it("redelegated into the class, it still pays its source's slash at settlement", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, carol } = ctx;
      const infraction = BigInt(await ethers.provider.getBlockNumber());
      await pool.connect(carol).redelegate(op1.address, op0.address, 500n * ETM);
      await pool.connect(carol).setCompounding(op0.address, true);
      await pool.connect(admin).slash(op1.address, WAD / 2n, infraction, REASON);
      const before = await pool.stakeOf(carol.address, op0.address, PENDING);
      const tx = await pool.settleRedelegations(carol.address);
      await expect(tx)
        .to.emit(pool, "RedelegationSlashed")
        .withArgs(carol.address, op1.address, op0.address, 250n * ETM);
      const after = await pool.stakeOf(carol.address, op0.address);
      expect(before - 250n * ETM - after).to.be.within(0n, 2n);
      expect(await pool.isCompounding(carol.address, op0.address)).to.equal(true);
    });

    it("counts in voting power from the position's next action, or syncVotingUnits by anyone", async () => {
      const ctx = await loadFixture(aliceCompoundingFixture);
      const { pool, votes, op0, alice, outsider } = ctx;
      await votes.connect(alice).delegate(alice.address);
      const votesBefore = await votes.getVotes(alice.address);
      expect(votesBefore).to.equal(500n * ETM);
      await mine(20);
      await pool.settleValidator(op0.address);
      expect(await votes.getVotes(alice.address)).to.equal(votesBefore);
      await pool.connect(outsider).syncVotingUnits(alice.address, op0.address);
      expect(await votes.getVotes(alice.address)).to.equal(await pool.stakeOf(alice.address, op0.address));
    });
  });
});
