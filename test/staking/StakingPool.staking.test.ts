import { expect } from "chai";
import { registerValidator } from "../shared/signerProof";
import { ethers, network } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import {
  DELEGATIONS,
  ETM,
  SIGNERS,
  WAD,
  fundedSystemFixture,
  oneValidatorFixture,
  validatorsFixture,
} from "../shared/fixtures";
import {
  accruedEvents,
  blockOf,
  expectRevertNoChange,
  observed,
  PENDING,
  positionReward,
  Status,
  validatorSplit,
  nextBlock,
} from "../shared/poolHelpers";

/** Every account and validator of `validatorsFixture`, for "a rejected call changes nothing". */

/** Sends `calls` in one block (automine off), then mines it; returns the responses. */
async function inOneBlock<T>(calls: (() => Promise<T>)[]): Promise<T[]> {
  await network.provider.send("evm_setAutomine", [false]);
  try {
    const sent: T[] = [];
    for (const call of calls) sent.push(await call());
    await network.provider.send("evm_mine", []);
    return sent;
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
}

/** Fixed gas for transactions sent while automine is off (no estimate against a pending block). */
const GAS = { gasLimit: 1_000_000 };

describe("StakingPool: staking", () => {
  describe("stake", () => {
    it("opens a position: 1:1 shares, tokens in, totals, event, voting units (votes once delegated)", async () => {
      const { pool, token, votes, operators, alice, poolAddress } = await loadFixture(fundedSystemFixture);
      const op0 = operators[0]!;
      // 2,000 ETM: above the dust threshold (supply / 1e6), so the accrual pays stakers, not the treasury.
      await registerValidator(pool, op0, SIGNERS[0]!, WAD / 10n, 2_000n * ETM);
      const amount = 500n * ETM;
      expect(await pool.connect(alice).stake.staticCall(op0.address, amount, PENDING)).to.equal(amount);

      const aliceBefore = await token.balanceOf(alice.address);
      const poolBefore = await token.balanceOf(poolAddress);
      const tx = await pool.connect(alice).stake(op0.address, amount);
      await expect(tx).to.emit(pool, "Staked").withArgs(alice.address, op0.address, amount, amount);
      await expect(tx).not.to.emit(pool, "RewardPaid");
      const [accrued] = await accruedEvents(pool, tx);

      expect(await token.balanceOf(alice.address)).to.equal(aliceBefore - amount);
      expect(await token.balanceOf(poolAddress)).to.equal(poolBefore + amount + accrued!.mintedWei);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(amount);
      expect(await pool.validatorStake(op0.address)).to.equal(2_500n * ETM);
      expect(await pool.totalStaked()).to.equal(2_500n * ETM);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
      // The stake is voting units at once; they vote only once alice delegates them.
      expect(await votes.votingUnitsOf(alice.address)).to.equal(amount);
      expect(await votes.delegates(alice.address)).to.equal(ethers.ZeroAddress);
      expect(await votes.getVotes(alice.address)).to.equal(0n);
      await votes.connect(alice).delegate(alice.address);
      expect(await votes.getVotes(alice.address)).to.equal(amount);
    });

    it("repeat stake pays the pending reward, netted against the transfer (reward < amount)", async () => {
      const { pool, token, op0, alice } = await loadFixture(oneValidatorFixture);
      const rewardPerTokenBefore = await pool.rewardPerToken();
      const expected = await pool.pendingReward(alice.address, op0.address, PENDING);
      const balanceBefore = await token.balanceOf(alice.address);

      const tx = await pool.connect(alice).stake(op0.address, 10n * ETM);
      const [accrued] = await accruedEvents(pool, tx);
      // The validator (1,500 tokens = 1,500 shares, 10%) settles once; alice holds 500 shares.
      const split = validatorSplit(
        1_500n * ETM,
        1_500n * ETM,
        WAD / 10n,
        accrued!.rewardPerTokenRay - rewardPerTokenBefore,
      );
      const reward = positionReward(500n * ETM, split.rewardPerShareDeltaRay);
      expect(reward).to.equal(expected);
      expect(reward)
        .to.be.greaterThan(0n)
        .and.lessThan(10n * ETM);

      await expect(tx).to.emit(pool, "RewardPaid").withArgs(alice.address, op0.address, reward);
      await expect(tx)
        .to.emit(pool, "Staked")
        .withArgs(alice.address, op0.address, 10n * ETM, 10n * ETM);
      expect(await token.balanceOf(alice.address)).to.equal(balanceBefore - (10n * ETM - reward));
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(510n * ETM);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
    });

    it("repeat stake pays out the excess when the pending reward exceeds the amount", async () => {
      const { pool, token, op0, alice } = await loadFixture(oneValidatorFixture);
      await mine(200);
      const reward = await pool.pendingReward(alice.address, op0.address, PENDING);
      expect(reward).to.be.greaterThan(5n * ETM);
      const balanceBefore = await token.balanceOf(alice.address);
      const tx = await pool.connect(alice).stake(op0.address, 5n * ETM);
      await expect(tx).to.emit(pool, "RewardPaid").withArgs(alice.address, op0.address, reward);
      expect(await token.balanceOf(alice.address)).to.equal(balanceBefore + reward - 5n * ETM);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(505n * ETM);
    });

    it("repeat stake with a reward exactly equal to the amount moves no tokens", async () => {
      const { pool, token, op0, alice } = await loadFixture(oneValidatorFixture);
      await mine(10);
      const reward = await pool.pendingReward(alice.address, op0.address, PENDING);
      const balanceBefore = await token.balanceOf(alice.address);
      const tx = await pool.connect(alice).stake(op0.address, reward);
      await expect(tx).to.emit(pool, "RewardPaid").withArgs(alice.address, op0.address, reward);
      expect(await token.balanceOf(alice.address)).to.equal(balanceBefore);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(500n * ETM + reward);
    });

    it("reverts ZeroAmount for 0 and changes nothing", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).stake(ctx.op0.address, 0n),
        ctx.pool,
        "ZeroAmount",
        [],
      );
    });

    it("reverts UnknownValidator for an address that never registered", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).stake(ctx.outsider.address, ETM),
        ctx.pool,
        "UnknownValidator",
        [ctx.outsider.address],
      );
    });

    it("reverts ValidatorJailed for a jailed validator, with the jail's end", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const until = BigInt(await ethers.provider.getBlockNumber()) + 50n;
      await ctx.pool.connect(ctx.election).jail(ctx.op0.address, until);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).stake(ctx.op0.address, ETM),
        ctx.pool,
        "ValidatorJailed",
        [ctx.op0.address, until],
      );
      // From block `until` on the validator accepts stake again.
      await mine(until - BigInt(await ethers.provider.getBlockNumber()) - 1n);
      await expect(ctx.pool.connect(ctx.alice).stake(ctx.op0.address, ETM)).to.emit(ctx.pool, "Staked");
    });

    it("reverts ValidatorNotActive(Deregistered) for a validator that left", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await ctx.pool.connect(ctx.op0).deregisterValidator();
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).stake(ctx.op0.address, ETM),
        ctx.pool,
        "ValidatorNotActive",
        [ctx.op0.address, Status.Deregistered],
      );
    });

    it("reverts ValidatorNotActive(Tombstoned) after a 100% slash, also once the jail is over", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await ctx.pool.connect(ctx.admin).slash(ctx.op0.address, WAD, await nextBlock(), ethers.ZeroHash);
      await mine(1_000);
      expect(await ctx.pool.isJailed(ctx.op0.address)).to.equal(false);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).stake(ctx.op0.address, ETM),
        ctx.pool,
        "ValidatorNotActive",
        [ctx.op0.address, Status.Tombstoned],
      );
    });

    it("reverts PositionBelowMinimum for a new position below minStake", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.carol).stake(ctx.op0.address, ETM - 1n),
        ctx.pool,
        "PositionBelowMinimum",
        [ctx.carol.address, ctx.op0.address, ETM - 1n, ETM],
      );
      // Exactly minStake is accepted; then any top-up, even 1 wei, keeps the position above it.
      await ctx.pool.connect(ctx.carol).stake(ctx.op0.address, ETM);
      await ctx.pool.connect(ctx.carol).stake(ctx.op0.address, 1n);
      expect(await ctx.pool.stakeOf(ctx.carol.address, ctx.op0.address)).to.equal(ETM + 1n);
    });

    it("mints floor(amount * shares / tokens) after a slash; ZeroShares is unreachable (price <= 1)", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, alice, bob, op0 } = ctx;
      await pool.connect(admin).setParameter(4, 0); // JailBlocks = 0: the slash does not block staking
      await pool.connect(admin).slash(op0.address, (WAD * 3n) / 10n, await nextBlock(), ethers.ZeroHash); // 1,800 -> 1,260 tokens
      // Odd partial unstakes round their share burns up, nudging the price towards 1 from below.
      await pool.connect(alice).unstake(op0.address, 7n);
      await pool.connect(bob).unstake(op0.address, 13n);
      const [, , , , , , bonded] = await pool.validatorInfo(op0.address);
      expect(bonded).to.equal(1_260n * ETM - 20n);
      // A 1-wei top-up still mints at least one share: amount * shares / tokens >= amount.
      const shares = await pool.connect(alice).stake.staticCall(op0.address, 1n, PENDING);
      expect(shares).to.be.greaterThanOrEqual(1n);
      const tx = await pool.connect(alice).stake(op0.address, 10n * ETM);
      // 1,800 shares minus the burned ones over 1,260 tokens minus 20 wei: 10 ETM buys 14.2857 shares.
      const expectedShares = (10n * ETM * (1_800n * ETM - 10n - 19n)) / (1_260n * ETM - 20n);
      await expect(tx)
        .to.emit(pool, "Staked")
        .withArgs(alice.address, op0.address, 10n * ETM, expectedShares);
    });
  });

  describe("unstake", () => {
    it("partially unstakes: stops earning at once, queues unbonding maturing after unbondingBlocks", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, token, votes, alice, op0 } = ctx;
      await votes.connect(alice).delegate(alice.address);
      expect(await votes.getVotes(alice.address)).to.equal(500n * ETM);
      const reward = await pool.pendingReward(alice.address, op0.address, PENDING);
      const balanceBefore = await token.balanceOf(alice.address);
      const maturity = BigInt(await ethers.provider.getBlockNumber()) + 1n + 100n;
      expect(await pool.connect(alice).unstake.staticCall(op0.address, 200n * ETM, PENDING)).to.equal(
        maturity,
      );

      const tx = await pool.connect(alice).unstake(op0.address, 200n * ETM);
      expect(await blockOf(tx)).to.equal(maturity - 100n);
      await expect(tx)
        .to.emit(pool, "Unstaked")
        .withArgs(alice.address, op0.address, 200n * ETM, maturity);
      await expect(tx).to.emit(pool, "RewardPaid").withArgs(alice.address, op0.address, reward);
      expect(await token.balanceOf(alice.address)).to.equal(balanceBefore + reward);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(300n * ETM);
      expect(await pool.validatorStake(op0.address)).to.equal(1_600n * ETM);
      expect(await pool.totalStaked()).to.equal(4_600n * ETM);
      expect(await votes.votingUnitsOf(alice.address)).to.equal(300n * ETM);
      expect(await votes.getVotes(alice.address)).to.equal(300n * ETM);
      const [validators, maturities, amounts] = await pool.unbondingOf(alice.address);
      expect([...validators]).to.deep.equal([op0.address]);
      expect([...maturities]).to.deep.equal([maturity]);
      expect([...amounts]).to.deep.equal([200n * ETM]);
      const [, , , , , , bonded, unbonding] = await pool.validatorInfo(op0.address);
      expect([bonded, unbonding]).to.deep.equal([1_600n * ETM, 200n * ETM]);

      // From now on alice earns on 300, not 500: her reward over 10 blocks is 300/1,600 of op0's
      // delegators' share, computed from the accumulator the next accrual reports.
      const rewardPerTokenBefore = await pool.rewardPerToken();
      await mine(9);
      const tx2 = await pool.connect(alice).claim(op0.address);
      const [accrued] = await accruedEvents(pool, tx2);
      const split = validatorSplit(
        1_600n * ETM,
        1_600n * ETM,
        WAD / 10n,
        accrued!.rewardPerTokenRay - rewardPerTokenBefore,
      );
      await expect(tx2)
        .to.emit(pool, "RewardPaid")
        .withArgs(alice.address, op0.address, positionReward(300n * ETM, split.rewardPerShareDeltaRay));
    });

    it("fully unstakes a position to zero", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, votes, alice, op0 } = ctx;
      await votes.connect(alice).delegate(alice.address);
      expect(await votes.getVotes(alice.address)).to.equal(DELEGATIONS.alice);
      await pool.connect(alice).unstake(op0.address, DELEGATIONS.alice);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(0n);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
      expect(await votes.votingUnitsOf(alice.address)).to.equal(0n);
      expect(await votes.getVotes(alice.address)).to.equal(0n);
      expect(await pool.validatorStake(op0.address)).to.equal(1_300n * ETM);
      await mine(10);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
      await expect(pool.connect(alice).claim(op0.address))
        .to.be.revertedWithCustomError(pool, "NothingToClaim")
        .withArgs(alice.address, op0.address);
    });

    it("reverts InsufficientStake with the staked and requested amounts", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).unstake(ctx.op0.address, DELEGATIONS.alice + 1n),
        ctx.pool,
        "InsufficientStake",
        [ctx.alice.address, ctx.op0.address, DELEGATIONS.alice, DELEGATIONS.alice + 1n],
      );
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.outsider).unstake(ctx.op0.address, 1n),
        ctx.pool,
        "InsufficientStake",
        [ctx.outsider.address, ctx.op0.address, 0n, 1n],
      );
    });

    it("reverts ZeroAmount and UnknownValidator", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).unstake(ctx.op0.address, 0n),
        ctx.pool,
        "ZeroAmount",
        [],
      );
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).unstake(ctx.outsider.address, ETM),
        ctx.pool,
        "UnknownValidator",
        [ctx.outsider.address],
      );
    });

    it("reverts PositionBelowMinimum when a dust remainder would stay", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).unstake(ctx.op0.address, DELEGATIONS.alice - ETM / 2n),
        ctx.pool,
        "PositionBelowMinimum",
        [ctx.alice.address, ctx.op0.address, ETM / 2n, ETM],
      );
      // Leaving exactly minStake is fine.
      await ctx.pool.connect(ctx.alice).unstake(ctx.op0.address, DELEGATIONS.alice - ETM);
      expect(await ctx.pool.stakeOf(ctx.alice.address, ctx.op0.address)).to.equal(ETM);
    });

    it("reverts SelfStakeBelowMinimum when an active operator would go below minSelfStake (or to 0)", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.op0).unstake(ctx.op0.address, 901n * ETM),
        ctx.pool,
        "SelfStakeBelowMinimum",
        [ctx.op0.address, 99n * ETM, 100n * ETM],
      );
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.op0).unstake(ctx.op0.address, 1_000n * ETM),
        ctx.pool,
        "SelfStakeBelowMinimum",
        [ctx.op0.address, 0n, 100n * ETM],
      );
      await ctx.pool.connect(ctx.op0).unstake(ctx.op0.address, 900n * ETM);
      expect(await ctx.pool.stakeOf(ctx.op0.address, ctx.op0.address)).to.equal(100n * ETM);
    });

    it("reverts TooManyUnbondingEntries at 16 entries; withdrawing frees the ring", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, lens, alice, op0, op1 } = ctx;
      expect(await lens.MAX_UNBONDING_ENTRIES()).to.equal(16n);
      for (let i = 0; i < 16; ++i) await pool.connect(alice).unstake(op0.address, ETM);
      expect((await pool.unbondingOf(alice.address))[0]).to.have.length(16);
      await pool.connect(alice).stake(op1.address, 10n * ETM);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => pool.connect(alice).unstake(op1.address, ETM),
        pool,
        "TooManyUnbondingEntries",
        [alice.address, 16n],
      );
      await mine(100);
      await expect(pool.connect(alice).withdraw())
        .to.emit(pool, "Withdrawn")
        .withArgs(alice.address, 16n * ETM, 16n);
      // The ring wraps around: 16 more entries fit.
      for (let i = 0; i < 16; ++i) await pool.connect(alice).unstake(op0.address, ETM);
      const [validators, , amounts] = await pool.unbondingOf(alice.address);
      expect(validators).to.have.length(16);
      expect(amounts.every((amount) => amount === ETM)).to.equal(true);
      await mine(100);
      await expect(pool.connect(alice).withdraw())
        .to.emit(pool, "Withdrawn")
        .withArgs(alice.address, 16n * ETM, 16n);
    });

    it("keeps entries maturing in order when unbondingBlocks is lowered", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, alice, op0 } = ctx;
      const tx = await pool.connect(alice).unstake(op0.address, ETM);
      const first = (await blockOf(tx)) + 100n;
      await pool.connect(admin).setParameter(3, 10); // UnbondingBlocks = 10
      const tx2 = await pool.connect(alice).unstake(op0.address, ETM);
      await expect(tx2).to.emit(pool, "Unstaked").withArgs(alice.address, op0.address, ETM, first);
      // Another account is not held back by alice's queue.
      const tx3 = await pool.connect(ctx.bob).unstake(op0.address, ETM);
      await expect(tx3)
        .to.emit(pool, "Unstaked")
        .withArgs(ctx.bob.address, op0.address, ETM, (await blockOf(tx3)) + 10n);
    });
  });

  describe("withdraw", () => {
    it("reverts NothingToWithdraw(account, 0) without entries", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).withdraw(),
        ctx.pool,
        "NothingToWithdraw",
        [ctx.alice.address, 0n],
      );
    });

    it("reverts NothingToWithdraw with the next maturity until the entry matures, then pays it", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, token, alice, op0 } = ctx;
      const maturity = (await blockOf(await pool.connect(alice).unstake(op0.address, 200n * ETM))) + 100n;
      await mine(98); // the next transaction runs in block maturity - 1
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => pool.connect(alice).withdraw(),
        pool,
        "NothingToWithdraw",
        [alice.address, maturity],
      );
      // Hardhat mined the failed call in block maturity - 1: the next transaction runs at `maturity`.
      expect(await pool.connect(alice).withdraw.staticCall(PENDING)).to.equal(200n * ETM);
      const balanceBefore = await token.balanceOf(alice.address);
      const tx = await pool.connect(alice).withdraw();
      expect(await blockOf(tx)).to.equal(maturity);
      await expect(tx)
        .to.emit(pool, "Withdrawn")
        .withArgs(alice.address, 200n * ETM, 1n);
      expect(await token.balanceOf(alice.address)).to.equal(balanceBefore + 200n * ETM);
      expect((await pool.unbondingOf(alice.address))[0]).to.have.length(0);
      const [, , , , , , , unbonding] = await pool.validatorInfo(op0.address);
      expect(unbonding).to.equal(0n);
    });

    it("withdraws only matured entries, oldest first", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, token, alice, op0, op1 } = ctx;
      await pool.connect(alice).stake(op1.address, 50n * ETM);
      const m1 = (await blockOf(await pool.connect(alice).unstake(op0.address, 10n * ETM))) + 100n;
      await mine(20);
      const m2 = (await blockOf(await pool.connect(alice).unstake(op1.address, 20n * ETM))) + 100n;
      const m3 = (await blockOf(await pool.connect(alice).unstake(op0.address, 30n * ETM))) + 100n;
      await mine(m1 - BigInt(await ethers.provider.getBlockNumber()) - 1n);
      const before = await token.balanceOf(alice.address);
      await expect(pool.connect(alice).withdraw())
        .to.emit(pool, "Withdrawn")
        .withArgs(alice.address, 10n * ETM, 1n);
      expect(await token.balanceOf(alice.address)).to.equal(before + 10n * ETM);
      const [validators, maturities, amounts] = await pool.unbondingOf(alice.address);
      expect([...validators]).to.deep.equal([op1.address, op0.address]);
      expect([...maturities]).to.deep.equal([m2, m3]);
      expect([...amounts]).to.deep.equal([20n * ETM, 30n * ETM]);
      await expect(pool.connect(alice).withdraw())
        .to.be.revertedWithCustomError(pool, "NothingToWithdraw")
        .withArgs(alice.address, m2);
      await mine(m3 - BigInt(await ethers.provider.getBlockNumber()));
      await expect(pool.connect(alice).withdraw())
        .to.emit(pool, "Withdrawn")
        .withArgs(alice.address, 50n * ETM, 2n);
    });

    it("pays the unbonding amount reduced by a slash", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, alice, bob, op0 } = ctx;
      await pool.connect(alice).unstake(op0.address, 100n * ETM);
      await pool.connect(bob).unstake(op0.address, 33n * ETM);
      await pool.connect(admin).slash(op0.address, WAD / 10n, await nextBlock(), ethers.ZeroHash);
      expect((await pool.unbondingOf(alice.address))[2]).to.deep.equal([90n * ETM]);
      await mine(100);
      await expect(pool.connect(alice).withdraw())
        .to.emit(pool, "Withdrawn")
        .withArgs(alice.address, 90n * ETM, 1n);
      await expect(pool.connect(bob).withdraw())
        .to.emit(pool, "Withdrawn")
        .withArgs(bob.address, (33n * ETM * 9n) / 10n, 1n);
      const [, , , , , , , unbonding] = await pool.validatorInfo(op0.address);
      expect(unbonding).to.equal(0n);
    });

    it("yields 0 (and consumes the entry) after a 100% slash", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, token, admin, alice, op0, op1 } = ctx;
      await pool.connect(alice).stake(op1.address, 10n * ETM);
      await pool.connect(alice).unstake(op0.address, 100n * ETM);
      await pool.connect(alice).unstake(op1.address, 10n * ETM);
      await pool.connect(admin).slash(op0.address, WAD, await nextBlock(), ethers.ZeroHash);
      expect((await pool.unbondingOf(alice.address))[2]).to.deep.equal([0n, 10n * ETM]);
      await mine(100);
      const before = await token.balanceOf(alice.address);
      await expect(pool.connect(alice).withdraw())
        .to.emit(pool, "Withdrawn")
        .withArgs(alice.address, 10n * ETM, 2n);
      expect(await token.balanceOf(alice.address)).to.equal(before + 10n * ETM);
      expect((await pool.unbondingOf(alice.address))[0]).to.have.length(0);
    });

    it("a matured entry of a tombstoned validator alone yields 0 without a transfer", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, token, admin, alice, op0 } = ctx;
      await pool.connect(alice).unstake(op0.address, 100n * ETM);
      await pool.connect(admin).slash(op0.address, WAD, await nextBlock(), ethers.ZeroHash);
      await mine(100);
      const before = await token.balanceOf(alice.address);
      const tx = await pool.connect(alice).withdraw();
      await expect(tx).to.emit(pool, "Withdrawn").withArgs(alice.address, 0n, 1n);
      await expect(tx).not.to.emit(token, "Transfer");
      expect(await token.balanceOf(alice.address)).to.equal(before);
      expect((await pool.unbondingOf(alice.address))[0]).to.have.length(0);
    });
  });

  describe("claim", () => {
    it("pays a delegator its share of the validator's reward after commission, exactly", async () => {
      const { pool, token, op0, alice } = await loadFixture(oneValidatorFixture);
      const rewardPerTokenBefore = await pool.rewardPerToken();
      await mine(1_000);
      const expected = await pool.pendingReward(alice.address, op0.address, PENDING);
      expect(await pool.connect(alice).claim.staticCall(op0.address, PENDING)).to.equal(expected);
      const before = await token.balanceOf(alice.address);
      const tx = await pool.connect(alice).claim(op0.address);
      const [accrued] = await accruedEvents(pool, tx);
      const split = validatorSplit(
        1_500n * ETM,
        1_500n * ETM,
        WAD / 10n,
        accrued!.rewardPerTokenRay - rewardPerTokenBefore,
      );
      const reward = positionReward(500n * ETM, split.rewardPerShareDeltaRay);
      expect(reward).to.equal(expected);
      await expect(tx).to.emit(pool, "RewardPaid").withArgs(alice.address, op0.address, reward);
      expect(await token.balanceOf(alice.address)).to.equal(before + reward);
      // Sanity of the magnitudes: alice holds 1/3 of the only validator and keeps 90% of it.
      const toStakers = accrued!.toStakersWei;
      expect(reward).to.be.closeTo((toStakers * 3n) / 10n, toStakers / 10n ** 15n + 10n);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
    });

    it("pays the operator its own reward plus the commission", async () => {
      const { pool, token, operators, alice } = await loadFixture(fundedSystemFixture);
      const op0 = operators[0]!;
      // 2,000 ETM: above the dust threshold (supply / 1e6), so the validator earns.
      await registerValidator(pool, op0, SIGNERS[0]!, WAD / 10n, 2_000n * ETM);
      // Registration accrued with nothing staked: the accumulator is still 0 for op0.
      expect(await pool.rewardPerToken()).to.equal(0n);
      await mine(500);
      const commission = await pool.pendingCommission(op0.address, PENDING);
      const ownReward = await pool.pendingReward(op0.address, op0.address, PENDING);
      const before = await token.balanceOf(op0.address);
      const tx = await pool.connect(op0).claim(op0.address);
      const [accrued] = await accruedEvents(pool, tx);
      const split = validatorSplit(2_000n * ETM, 2_000n * ETM, WAD / 10n, accrued!.rewardPerTokenRay);
      expect(commission).to.be.greaterThan(0n);
      expect(split.commissionWei).to.equal(commission);
      expect(positionReward(2_000n * ETM, split.rewardPerShareDeltaRay)).to.equal(ownReward);
      await expect(tx)
        .to.emit(pool, "RewardPaid")
        .withArgs(op0.address, op0.address, ownReward + commission);
      expect(await token.balanceOf(op0.address)).to.equal(before + ownReward + commission);
      expect(await pool.pendingCommission(op0.address)).to.equal(0n);
      // A delegator never receives the commission.
      await pool.connect(alice).stake(op0.address, 100n * ETM);
      await mine(10);
      const aliceReward = await pool.pendingReward(alice.address, op0.address, PENDING);
      await expect(pool.connect(alice).claim(op0.address))
        .to.emit(pool, "RewardPaid")
        .withArgs(alice.address, op0.address, aliceReward);
      expect(await pool.pendingCommission(op0.address)).to.be.greaterThan(0n);
    });

    it("pays an operator at 0% commission only its own reward", async () => {
      const { pool, operators, alice } = await loadFixture(fundedSystemFixture);
      const op0 = operators[0]!;
      await registerValidator(pool, op0, SIGNERS[0]!, 0n, 1_000n * ETM);
      await pool.connect(alice).stake(op0.address, 1_000n * ETM);
      await mine(20);
      expect(await pool.pendingCommission(op0.address, PENDING)).to.equal(0n);
      const own = await pool.pendingReward(op0.address, op0.address, PENDING);
      await expect(pool.connect(op0).claim(op0.address))
        .to.emit(pool, "RewardPaid")
        .withArgs(op0.address, op0.address, own);
      // Equal stakes, no commission: alice has earned what the operator earned after her stake.
      expect(await pool.pendingReward(alice.address, op0.address)).to.be.closeTo(own, own / 10n);
    });

    it("reverts NothingToClaim without a position or reward, and UnknownValidator", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.outsider).claim(ctx.op0.address),
        ctx.pool,
        "NothingToClaim",
        [ctx.outsider.address, ctx.op0.address],
      );
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.carol).claim(ctx.op0.address),
        ctx.pool,
        "NothingToClaim",
        [ctx.carol.address, ctx.op0.address],
      );
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).claim(ctx.outsider.address),
        ctx.pool,
        "UnknownValidator",
        [ctx.outsider.address],
      );
    });

    it("reverts NothingToClaim at a 0% inflation rate (nothing minted)", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, alice, op0 } = ctx;
      await pool.connect(admin).setInflationRate(1n, 0n);
      await mine(10_512_000);
      await pool.connect(alice).claim(op0.address); // rewards of year 0 up to its end
      await mine(100);
      expect(await pool.pendingReward(alice.address, op0.address, PENDING)).to.equal(0n);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => pool.connect(alice).claim(op0.address),
        pool,
        "NothingToClaim",
        [alice.address, op0.address],
      );
    });
  });

  describe("compound", () => {
    it("restakes the reward: stake, totals and voting power grow by it; no token leaves the pool", async () => {
      const { pool, token, votes, op0, alice, poolAddress } = await loadFixture(oneValidatorFixture);
      await votes.connect(alice).delegate(alice.address);
      await mine(300);
      const reward = await pool.pendingReward(alice.address, op0.address, PENDING);
      expect(await pool.connect(alice).compound.staticCall(op0.address, PENDING)).to.equal(reward);
      const aliceBefore = await token.balanceOf(alice.address);
      const poolBefore = await token.balanceOf(poolAddress);
      const tx = await pool.connect(alice).compound(op0.address);
      const [accrued] = await accruedEvents(pool, tx);
      await expect(tx).to.emit(pool, "Compounded").withArgs(alice.address, op0.address, reward);
      await expect(tx).to.emit(pool, "Staked").withArgs(alice.address, op0.address, reward, reward);
      await expect(tx).not.to.emit(pool, "RewardPaid");
      expect(await token.balanceOf(alice.address)).to.equal(aliceBefore);
      expect(await token.balanceOf(poolAddress)).to.equal(poolBefore + accrued!.mintedWei);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(500n * ETM + reward);
      expect(await pool.validatorStake(op0.address)).to.equal(1_500n * ETM + reward);
      expect(await pool.totalStaked()).to.equal(1_500n * ETM + reward);
      expect(await votes.votingUnitsOf(alice.address)).to.equal(500n * ETM + reward);
      expect(await votes.getVotes(alice.address)).to.equal(500n * ETM + reward);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
    });

    it("compounds the operator's commission into its self-stake", async () => {
      const { pool, votes, op0 } = await loadFixture(oneValidatorFixture);
      await votes.connect(op0).delegate(op0.address);
      await mine(100);
      const amount =
        (await pool.pendingReward(op0.address, op0.address, PENDING)) +
        (await pool.pendingCommission(op0.address, PENDING));
      await expect(pool.connect(op0).compound(op0.address))
        .to.emit(pool, "Compounded")
        .withArgs(op0.address, op0.address, amount);
      expect(await pool.stakeOf(op0.address, op0.address)).to.equal(1_000n * ETM + amount);
      expect(await votes.votingUnitsOf(op0.address)).to.equal(1_000n * ETM + amount);
      expect(await votes.getVotes(op0.address)).to.equal(1_000n * ETM + amount);
      expect(await pool.pendingCommission(op0.address)).to.equal(0n);
    });

    it("reverts NothingToClaim, UnknownValidator, and ValidatorJailed for a jailed validator", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.outsider).compound(ctx.op0.address),
        ctx.pool,
        "NothingToClaim",
        [ctx.outsider.address, ctx.op0.address],
      );
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).compound(ctx.outsider.address),
        ctx.pool,
        "UnknownValidator",
        [ctx.outsider.address],
      );
      const until = BigInt(await ethers.provider.getBlockNumber()) + 10n;
      await ctx.pool.connect(ctx.election).jail(ctx.op0.address, until);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).compound(ctx.op0.address),
        ctx.pool,
        "ValidatorJailed",
        [ctx.op0.address, until],
      );
    });
  });

  describe("same block", () => {
    it("stake and unstake in the same block earn nothing", async () => {
      const { pool, token, op0, bob } = await loadFixture(oneValidatorFixture);
      await mine(50);
      const before = await token.balanceOf(bob.address);
      const [stakeTx, unstakeTx] = await inOneBlock([
        () => pool.connect(bob).stake(op0.address, 400n * ETM, GAS),
        () => pool.connect(bob).unstake(op0.address, 400n * ETM, GAS),
      ]);
      expect(await blockOf(stakeTx!)).to.equal(await blockOf(unstakeTx!));
      await expect(unstakeTx).not.to.emit(pool, "RewardPaid");
      await expect(unstakeTx).not.to.emit(pool, "Accrued");
      expect(await pool.stakeOf(bob.address, op0.address)).to.equal(0n);
      await mine(100);
      expect(await pool.pendingReward(bob.address, op0.address)).to.equal(0n);
      await pool.connect(bob).withdraw();
      expect(await token.balanceOf(bob.address)).to.equal(before);
    });
  });
});
