import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { ETM, SIGNERS, WAD, validatorsFixture } from "../shared/fixtures";
import {
  accruedEvents,
  blockOf,
  expectRevertNoChange,
  mineToNextRound,
  observed,
  Parameter,
  PENDING,
  Status,
  validatorSplit,
  nextBlock,
  seatableCandidates,
} from "../shared/poolHelpers";

const REASON = ethers.encodeBytes32String("double-sign");

describe("StakingPool: slashing and jail", () => {
  describe("slash", () => {
    it("burns the fraction of bonded and unbonding stake, keeps shares, jails, lowers the supply", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, token, admin, op0, op1, alice, bob, poolAddress } = ctx;
      // Listed in the fixture's round: electable from the next round on (stake checkpoints).
      await mineToNextRound(pool);
      const unstakeTx = await pool.connect(alice).unstake(op0.address, 100n * ETM);
      const [atUnstake] = await accruedEvents(pool, unstakeTx);
      const commissionBefore = await pool.pendingCommission(op0.address);
      const supplyBefore = await token.totalSupply();
      const poolBefore = await token.balanceOf(poolAddress);

      const at = await nextBlock();
      const tx = await pool.connect(admin).slash(op0.address, WAD / 10n, at, REASON);
      const until = (await blockOf(tx)) + 200n;
      const [accrued] = await accruedEvents(pool, tx);
      await expect(tx)
        .to.emit(pool, "Slashed")
        .withArgs(op0.address, WAD / 10n, at, 170n * ETM, 10n * ETM, REASON, until);
      await expect(tx).to.emit(pool, "Jailed").withArgs(op0.address, until);
      // Burned, not moved: the supply drops by exactly the slashed amount (plus this block's mint).
      expect(await token.totalSupply()).to.equal(supplyBefore + accrued!.mintedWei - 180n * ETM);
      expect(await token.balanceOf(poolAddress)).to.equal(poolBefore + accrued!.mintedWei - 180n * ETM);

      // Every position and the unbonding entry lose the same 10%, in O(1) through the shares.
      expect(await pool.stakeOf(op0.address, op0.address)).to.equal(900n * ETM);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(360n * ETM);
      expect(await pool.stakeOf(bob.address, op0.address)).to.equal(270n * ETM);
      expect((await pool.unbondingOf(alice.address))[2]).to.deep.equal([90n * ETM]);
      expect(await pool.validatorStake(op0.address)).to.equal(1_530n * ETM);
      expect(await pool.totalStaked()).to.equal(4_530n * ETM);
      const info = await pool.validatorInfo(op0.address);
      expect([info.status, info.jailedUntilBlock, info.bondedWei, info.unbondingWei]).to.deep.equal([
        Status.Active,
        until,
        1_530n * ETM,
        90n * ETM,
      ]);
      expect(await pool.isJailed(op0.address)).to.equal(true);
      expect(await pool.isCandidate(op0.address)).to.equal(true);
      expect(await seatableCandidates(pool)).to.deep.equal([op1.address]);
      expect(await pool.validatorStake(op1.address)).to.equal(3_000n * ETM);

      // The rewards up to the slash were settled on the stake before it (1,700 tokens, 10%).
      const split = validatorSplit(
        1_700n * ETM,
        1_700n * ETM,
        WAD / 10n,
        accrued!.rewardPerTokenRay - atUnstake!.rewardPerTokenRay,
      );
      expect(await pool.pendingCommission(op0.address)).to.equal(commissionBefore + split.commissionWei);
    });

    it("composes successive fractions multiplicatively", async () => {
      const { pool, admin, op0, alice } = await loadFixture(validatorsFixture);
      await pool.connect(admin).slash(op0.address, WAD / 10n, await nextBlock(), REASON);
      await pool.connect(admin).slash(op0.address, WAD / 5n, await nextBlock(), REASON);
      // 500 * 0.9 * 0.8
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(360n * ETM);
      expect(await pool.validatorStake(op0.address)).to.equal((1_800n * ETM * 72n) / 100n);
    });

    it("a 0 fraction burns nothing but jails", async () => {
      const { pool, token, admin, op0, alice } = await loadFixture(validatorsFixture);
      const supplyBefore = await token.totalSupply();
      const at = await nextBlock();
      const tx = await pool.connect(admin).slash(op0.address, 0n, at, REASON);
      const until = (await blockOf(tx)) + 200n;
      const [accrued] = await accruedEvents(pool, tx);
      await expect(tx).to.emit(pool, "Slashed").withArgs(op0.address, 0n, at, 0n, 0n, REASON, until);
      await expect(tx).to.emit(pool, "Jailed").withArgs(op0.address, until);
      expect(await token.totalSupply()).to.equal(supplyBefore + accrued!.mintedWei);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(500n * ETM);
      expect(await pool.isJailed(op0.address)).to.equal(true);
    });

    it("100% tombstones: every share worthless, no shares without tokens, unlisted, signer freed", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, token, votes, admin, op0, op1, alice, bob } = ctx;
      await votes.connect(alice).delegate(alice.address);
      await pool.connect(bob).unstake(op0.address, 100n * ETM);
      await mine(10);
      const aliceReward = await pool.pendingReward(alice.address, op0.address, PENDING);
      const supplyBefore = await token.totalSupply();
      const at = await nextBlock();
      const tx = await pool.connect(admin).slash(op0.address, WAD, at, REASON);
      const [accrued] = await accruedEvents(pool, tx);
      const until = (await blockOf(tx)) + 200n;
      await expect(tx)
        .to.emit(pool, "Slashed")
        .withArgs(op0.address, WAD, at, 1_700n * ETM, 100n * ETM, REASON, until);
      expect(await token.totalSupply()).to.equal(supplyBefore + accrued!.mintedWei - 1_800n * ETM);

      const info = await pool.validatorInfo(op0.address);
      expect([info.status, info.bondedWei, info.unbondingWei]).to.deep.equal([Status.Tombstoned, 0n, 0n]);
      for (const account of [op0, alice, bob]) {
        expect(await pool.stakeOf(account.address, op0.address)).to.equal(0n);
      }
      expect((await pool.unbondingOf(bob.address))[2]).to.deep.equal([0n]);
      expect(await pool.totalStaked()).to.equal(3_000n * ETM);
      expect(await pool.isCandidate(op0.address)).to.equal(false);
      expect(await pool.candidates()).to.deep.equal([op1.address]);
      expect(await pool.operatorOfSigner(SIGNERS[0]!)).to.equal(ethers.ZeroAddress);

      // Old shares buy nothing: no unstake, no new stake, no rewards after the slash.
      await expect(pool.connect(alice).unstake(op0.address, 1n))
        .to.be.revertedWithCustomError(pool, "InsufficientStake")
        .withArgs(alice.address, op0.address, 0n, 1n);
      await expect(pool.connect(alice).stake(op0.address, ETM))
        .to.be.revertedWithCustomError(pool, "ValidatorNotActive")
        .withArgs(op0.address, Status.Tombstoned);
      // Rewards earned before the slash stay claimable (accrued at the slash block, not later).
      await mine(100);
      const owed = await pool.pendingReward(alice.address, op0.address);
      expect(owed).to.equal(aliceReward);
      expect(owed).to.be.greaterThan(0n);
      await expect(pool.connect(alice).claim(op0.address))
        .to.emit(pool, "RewardPaid")
        .withArgs(alice.address, op0.address, owed);
      await mine(100);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
      // Voting power fell to zero with the slash, nobody calling anything (issue 13 item 7).
      expect(await votes.getVotes(alice.address)).to.equal(0n);
      expect(await votes.votingUnitsOf(alice.address)).to.equal(0n);
      await pool.syncVotingUnits(alice.address, op0.address);
      expect(await votes.getVotes(alice.address)).to.equal(0n);
    });

    it("a deregistered validator's unbonding deposit stays slashable", async () => {
      const { pool, token, admin, op0, alice } = await loadFixture(validatorsFixture);
      const tx = await pool.connect(op0).deregisterValidator();
      const maturity = (await blockOf(tx)) + 100n;
      const at = await nextBlock();
      await expect(pool.connect(admin).slash(op0.address, WAD / 2n, at, REASON))
        .to.emit(pool, "Slashed")
        .withArgs(op0.address, WAD / 2n, at, 400n * ETM, 500n * ETM, REASON, (await blockOf(tx)) + 1n + 200n);
      expect((await pool.unbondingOf(op0.address))[2]).to.deep.equal([500n * ETM]);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(250n * ETM);
      await mine(maturity - BigInt(await ethers.provider.getBlockNumber()));
      const before = await token.balanceOf(op0.address);
      await pool.connect(op0).withdraw();
      expect(await token.balanceOf(op0.address)).to.equal(before + 500n * ETM);
    });

    it("100% of a deregistered validator tombstones it and burns its unbonding deposit", async () => {
      const { pool, token, admin, op0, op1 } = await loadFixture(validatorsFixture);
      await pool.connect(op0).deregisterValidator();
      expect(await pool.candidates()).to.deep.equal([op1.address]);
      const supplyBefore = await token.totalSupply();
      const at = await nextBlock();
      const tx = await pool.connect(admin).slash(op0.address, WAD, at, REASON);
      const [accrued] = await accruedEvents(pool, tx);
      await expect(tx)
        .to.emit(pool, "Slashed")
        .withArgs(op0.address, WAD, at, 800n * ETM, 1_000n * ETM, REASON, (await blockOf(tx)) + 200n);
      expect(await token.totalSupply()).to.equal(supplyBefore + accrued!.mintedWei - 1_800n * ETM);
      expect((await pool.validatorInfo(op0.address)).status).to.equal(Status.Tombstoned);
      expect(await pool.candidates()).to.deep.equal([op1.address]);
      expect(await pool.operatorOfSigner(SIGNERS[1]!)).to.equal(op1.address);
      expect((await pool.unbondingOf(op0.address))[2]).to.deep.equal([0n]);
    });

    it("extends but never shortens the jail", async () => {
      const { pool, admin, election, op0 } = await loadFixture(validatorsFixture);
      const first =
        (await blockOf(await pool.connect(admin).slash(op0.address, 0n, await nextBlock(), REASON))) + 200n;
      await mine(50);
      const tx = await pool.connect(admin).slash(op0.address, 0n, await nextBlock(), REASON);
      const second = (await blockOf(tx)) + 200n;
      await expect(tx).to.emit(pool, "Jailed").withArgs(op0.address, second);
      await pool.connect(admin).setParameter(Parameter.JailBlocks, 10);
      const at = await nextBlock();
      const tx2 = await pool.connect(admin).slash(op0.address, 0n, at, REASON);
      await expect(tx2).not.to.emit(pool, "Jailed");
      await expect(tx2).to.emit(pool, "Slashed").withArgs(op0.address, 0n, at, 0n, 0n, REASON, second);
      await pool.connect(election).jail(op0.address, first);
      expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.equal(second);
    });

    it("reverts SlashFractionTooLarge above 100%", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        async () => ctx.pool.connect(ctx.admin).slash(ctx.op0.address, WAD + 1n, await nextBlock(), REASON),
        ctx.pool,
        "SlashFractionTooLarge",
        [WAD + 1n],
      );
    });

    it("reverts AccessControlUnauthorizedAccount for an account without SLASHER_ROLE", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const role = await ctx.pool.SLASHER_ROLE();
      expect(role).to.equal(ethers.id("SLASHER_ROLE"));
      for (const caller of [ctx.outsider, ctx.election, ctx.op0]) {
        await expectRevertNoChange(
          ctx,
          observed(ctx),
          async () => ctx.pool.connect(caller).slash(ctx.op0.address, WAD / 10n, await nextBlock(), REASON),
          ctx.pool,
          "AccessControlUnauthorizedAccount",
          [caller.address, role],
        );
      }
    });

    it("reverts UnknownValidator for an address that never registered", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        async () =>
          ctx.pool.connect(ctx.admin).slash(ctx.outsider.address, WAD / 10n, await nextBlock(), REASON),
        ctx.pool,
        "UnknownValidator",
        [ctx.outsider.address],
      );
    });
  });

  describe("jail", () => {
    it("jails until the given block: no stake, not electable, still a candidate", async () => {
      const { pool, election, op0, op1, alice } = await loadFixture(validatorsFixture);
      // Listed in the fixture's round: electable from the next round on (stake checkpoints).
      await mineToNextRound(pool);
      const until = BigInt(await ethers.provider.getBlockNumber()) + 30n;
      await expect(pool.connect(election).jail(op0.address, until))
        .to.emit(pool, "Jailed")
        .withArgs(op0.address, until);
      expect(await pool.isJailed(op0.address)).to.equal(true);
      expect(await pool.isCandidate(op0.address)).to.equal(true);
      expect(await seatableCandidates(pool)).to.deep.equal([op1.address]);
      await expect(pool.connect(alice).stake(op0.address, ETM))
        .to.be.revertedWithCustomError(pool, "ValidatorJailed")
        .withArgs(op0.address, until);
      // Delegators can still leave and collect while the validator is jailed.
      await expect(pool.connect(alice).unstake(op0.address, 100n * ETM)).to.emit(pool, "Unstaked");
      await expect(pool.connect(alice).claim(op0.address)).to.emit(pool, "RewardPaid");
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(400n * ETM);
      // Jailed while block.number < until.
      await mine(until - BigInt(await ethers.provider.getBlockNumber()) - 1n);
      expect(await pool.isJailed(op0.address)).to.equal(true);
      await mine(1);
      expect(await pool.isJailed(op0.address)).to.equal(false);
      // Jailed during this round: back in the election's draw from the next round.
      expect(await seatableCandidates(pool)).to.deep.equal([op1.address]);
      await mineToNextRound(pool);
      expect(await seatableCandidates(pool)).to.deep.equal([op0.address, op1.address]);
    });

    it("never shortens an existing jail", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, election, op0 } = ctx;
      const until = BigInt(await ethers.provider.getBlockNumber()) + 100n;
      await pool.connect(election).jail(op0.address, until);
      await expect(pool.connect(election).jail(op0.address, until - 50n)).not.to.emit(pool, "Jailed");
      await expect(pool.connect(election).jail(op0.address, until)).not.to.emit(pool, "Jailed");
      expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.equal(until);
      await expect(pool.connect(election).jail(op0.address, until + 1n))
        .to.emit(pool, "Jailed")
        .withArgs(op0.address, until + 1n);
    });

    it("reverts AccessControlUnauthorizedAccount without JAILER_ROLE (the admin does not hold it)", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const role = await ctx.pool.JAILER_ROLE();
      expect(role).to.equal(ethers.id("JAILER_ROLE"));
      for (const caller of [ctx.outsider, ctx.admin]) {
        await expectRevertNoChange(
          ctx,
          observed(ctx),
          () => ctx.pool.connect(caller).jail(ctx.op0.address, 10_000n),
          ctx.pool,
          "AccessControlUnauthorizedAccount",
          [caller.address, role],
        );
      }
    });

    it("reverts UnknownValidator for an address that never registered", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.election).jail(ctx.outsider.address, 10_000n),
        ctx.pool,
        "UnknownValidator",
        [ctx.outsider.address],
      );
    });
  });
});
