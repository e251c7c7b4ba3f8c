import { expect } from "chai";
import { registerValidator } from "../shared/signerProof";
import { ethers, network } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import {
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
  mineToNextRound,
  observed,
  Parameter,
  PENDING,
  Status,
  validatorSplit,
} from "../shared/poolHelpers";
import { absDiff } from "../shared/emissionReference";
import { commissionEffectiveBlock } from "../../lib/commission";

/** The fixtures' commission delay (test/shared/fixtures.ts). */
const COMMISSION_DELAY_BLOCKS = 50n;
/** Where a change scheduled in `block` takes effect under the fixtures' delay (the pool's grid rule). */
const effectiveAfter = (block: bigint) => commissionEffectiveBlock(block, COMMISSION_DELAY_BLOCKS);

/** Mines until the latest block is `block - 1`, so the next transaction runs in `block`. */
async function mineUntilNextIs(block: bigint) {
  const latest = BigInt(await ethers.provider.getBlockNumber());
  if (block - 1n > latest) await mine(block - 1n - latest);
}

describe("StakingPool: validators", () => {
  describe("registerValidator", () => {
    it("registers an operator: signer, commission, bonded self-stake, candidate list, votes", async () => {
      const { pool, token, votes, operators, poolAddress } = await loadFixture(fundedSystemFixture);
      const op0 = operators[0]!;
      const before = await token.balanceOf(op0.address);
      const poolBefore = await token.balanceOf(poolAddress);
      const tx = await registerValidator(pool, op0, SIGNERS[0]!, WAD / 10n, 1_000n * ETM);
      await expect(tx)
        .to.emit(pool, "ValidatorRegistered")
        .withArgs(op0.address, SIGNERS[0], WAD / 10n, 1_000n * ETM);
      await expect(tx)
        .to.emit(pool, "Staked")
        .withArgs(op0.address, op0.address, 1_000n * ETM, 1_000n * ETM);
      const [accrued] = await accruedEvents(pool, tx);
      // Nothing was staked before: the registration's accrual went to the treasury.
      expect(accrued!.toTreasuryWei).to.equal(accrued!.mintedWei);

      expect(await token.balanceOf(op0.address)).to.equal(before - 1_000n * ETM);
      expect(await token.balanceOf(poolAddress)).to.equal(poolBefore + 1_000n * ETM);
      expect([...(await pool.validatorInfo(op0.address))]).to.deep.equal([
        Status.Active,
        SIGNERS[0],
        0n,
        WAD / 10n,
        0n,
        0n,
        1_000n * ETM,
        0n,
      ]);
      expect(await pool.isCandidate(op0.address)).to.equal(true);
      expect(await pool.isJailed(op0.address)).to.equal(false);
      expect(await pool.signerOf(op0.address)).to.equal(SIGNERS[0]);
      expect(await pool.operatorOfSigner(SIGNERS[0]!)).to.equal(op0.address);
      expect(await pool.candidates()).to.deep.equal([op0.address]);
      expect(await pool.candidateCount()).to.equal(1n);
      expect(await pool.stakeOf(op0.address, op0.address)).to.equal(1_000n * ETM);
      expect(await pool.validatorStake(op0.address)).to.equal(1_000n * ETM);
      expect(await pool.totalStaked()).to.equal(1_000n * ETM);
      // The self-stake is voting units at once; they vote only once the operator delegates them.
      expect(await votes.votingUnitsOf(op0.address)).to.equal(1_000n * ETM);
      expect(await votes.delegates(op0.address)).to.equal(ethers.ZeroAddress);
      expect(await votes.getVotes(op0.address)).to.equal(0n);
      await votes.connect(op0).delegate(op0.address);
      expect(await votes.getVotes(op0.address)).to.equal(1_000n * ETM);
    });

    it("reverts ZeroAddress for a zero signer", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () =>
          ctx.pool
            .connect(ctx.operators[2]!)
            .registerValidator(ethers.ZeroAddress, 0n, 100n * ETM, ethers.ZeroHash, ethers.ZeroHash),
        ctx.pool,
        "ZeroAddress",
        [],
      );
    });

    it("reverts AlreadyRegistered for an operator registered before, also after it left", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => registerValidator(ctx.pool, ctx.op0, SIGNERS[5]!, 0n, 100n * ETM),
        ctx.pool,
        "AlreadyRegistered",
        [ctx.op0.address],
      );
      await ctx.pool.connect(ctx.op0).deregisterValidator();
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => registerValidator(ctx.pool, ctx.op0, SIGNERS[5]!, 0n, 100n * ETM),
        ctx.pool,
        "AlreadyRegistered",
        [ctx.op0.address],
      );
    });

    it("reverts SignerInUse with the operator using the signer", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => registerValidator(ctx.pool, ctx.operators[2]!, SIGNERS[1]!, 0n, 100n * ETM),
        ctx.pool,
        "SignerInUse",
        [SIGNERS[1], ctx.op1.address],
      );
    });

    it("reverts CommissionAboveMax above the immutable maximum", async () => {
      const ctx = await loadFixture(validatorsFixture);
      expect(await ctx.pool.maxCommission()).to.equal(WAD / 2n);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => registerValidator(ctx.pool, ctx.operators[2]!, SIGNERS[2]!, WAD / 2n + 1n, 100n * ETM),
        ctx.pool,
        "CommissionAboveMax",
        [WAD / 2n + 1n, WAD / 2n],
      );
      // Exactly the maximum is allowed.
      await registerValidator(ctx.pool, ctx.operators[2]!, SIGNERS[2]!, WAD / 2n, 100n * ETM);
      expect((await ctx.pool.validatorInfo(ctx.operators[2]!.address)).commissionWad).to.equal(WAD / 2n);
    });

    it("reverts SelfStakeBelowMinimum below minSelfStake, and ZeroAmount for no deposit", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const op2 = ctx.operators[2]!;
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => registerValidator(ctx.pool, op2, SIGNERS[2]!, 0n, 100n * ETM - 1n),
        ctx.pool,
        "SelfStakeBelowMinimum",
        [op2.address, 100n * ETM - 1n, 100n * ETM],
      );
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => registerValidator(ctx.pool, op2, SIGNERS[2]!, 0n, 0n),
        ctx.pool,
        "ZeroAmount",
        [],
      );
    });

    it("reverts CandidateListFull at the cap for a newcomer no bigger than the smallest; a departure frees a place", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, operators } = ctx;
      await pool.connect(admin).setParameter(Parameter.CandidateCap, 4);
      await registerValidator(pool, operators[2]!, SIGNERS[2]!, 0n, 100n * ETM);
      await registerValidator(pool, operators[3]!, SIGNERS[3]!, 0n, 100n * ETM);
      expect(await pool.candidateCount()).to.equal(4n);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => registerValidator(pool, operators[4]!, SIGNERS[4]!, 0n, 100n * ETM),
        pool,
        "CandidateListFull",
        // The smallest listed candidate is operators[2] (100 ETM, first in list order of the two).
        [4n, 100n * ETM, operators[2]!.address, 100n * ETM],
      );
      await pool.connect(ctx.op0).deregisterValidator();
      await expect(registerValidator(pool, operators[4]!, SIGNERS[4]!, 0n, 100n * ETM)).to.emit(
        pool,
        "ValidatorRegistered",
      );
      expect(await pool.candidateCount()).to.equal(4n);
    });
  });

  describe("setCommission", () => {
    it("schedules the change after commissionDelayBlocks; it applies from that block", async () => {
      const { pool, op0, alice } = await loadFixture(oneValidatorFixture);
      const tx = await pool.connect(op0).setCommission((WAD * 15n) / 100n);
      const effective = effectiveAfter(await blockOf(tx));
      await expect(tx)
        .to.emit(pool, "CommissionChangeScheduled")
        .withArgs(op0.address, (WAD * 15n) / 100n, effective);
      let info = await pool.validatorInfo(op0.address);
      expect([info.commissionWad, info.pendingCommissionWad, info.commissionEffectiveBlock]).to.deep.equal([
        WAD / 10n,
        (WAD * 15n) / 100n,
        effective,
      ]);
      // One block before: still the old rate.
      await mineUntilNextIs(effective - 1n);
      await expect(pool.connect(alice).claim(op0.address)).not.to.emit(pool, "CommissionChanged");
      // At the effective block the next settlement switches it.
      await expect(pool.connect(alice).claim(op0.address))
        .to.emit(pool, "CommissionChanged")
        .withArgs(op0.address, WAD / 10n, (WAD * 15n) / 100n);
      info = await pool.validatorInfo(op0.address);
      expect([info.commissionWad, info.commissionEffectiveBlock]).to.deep.equal([(WAD * 15n) / 100n, 0n]);
    });

    it("accrues at the old rate up to the switch and at the new one after (settled at the switch)", async () => {
      const { pool, op0, alice } = await loadFixture(oneValidatorFixture);
      const scheduleTx = await pool.connect(op0).setCommission((WAD * 15n) / 100n);
      const [scheduled] = await accruedEvents(pool, scheduleTx);
      const commissionBefore = await pool.pendingCommission(op0.address);
      await mineUntilNextIs(effectiveAfter(await blockOf(scheduleTx)));
      const switchTx = await pool.connect(alice).claim(op0.address);
      const [atSwitch] = await accruedEvents(pool, switchTx);
      await mine(1_000);
      const commissionAfter = await pool.pendingCommission(op0.address, PENDING);
      const claimTx = await pool.connect(op0).claim(op0.address);
      const [atClaim] = await accruedEvents(pool, claimTx);

      const oldRate = validatorSplit(
        1_500n * ETM,
        1_500n * ETM,
        WAD / 10n,
        atSwitch!.rewardPerTokenRay - scheduled!.rewardPerTokenRay,
      );
      const newRate = validatorSplit(
        1_500n * ETM,
        1_500n * ETM,
        (WAD * 15n) / 100n,
        atClaim!.rewardPerTokenRay - atSwitch!.rewardPerTokenRay,
      );
      expect(commissionAfter).to.equal(commissionBefore + oldRate.commissionWei + newRate.commissionWei);
      expect(newRate.commissionWei).to.be.greaterThan(0n);
      // The claim pays the operator exactly that commission on top of its own reward.
      const own = await pool.pendingReward(op0.address, op0.address, { blockTag: await blockOf(claimTx) });
      expect(own).to.equal(0n);
      const [paid] = await pool.queryFilter(pool.filters.RewardPaid(op0.address), claimTx.blockNumber!);
      expect(paid!.args.amountWei).to.be.greaterThan(commissionAfter);
    });

    it("charges the new rate from the effective block even if nobody touches the validator at that block", async () => {
      // Reference run: alice's claim settles the validator exactly at the effective block.
      let ctx = await loadFixture(oneValidatorFixture);
      let scheduleTx = await ctx.pool.connect(ctx.op0).setCommission((WAD * 15n) / 100n);
      const effective = effectiveAfter(await blockOf(scheduleTx));
      const settleAt = effective + 1_000n;
      await mineUntilNextIs(effective);
      await ctx.pool.connect(ctx.alice).claim(ctx.op0.address);
      await mineUntilNextIs(settleAt);
      const expected = await ctx.pool.pendingCommission(ctx.op0.address, PENDING);

      // Same blocks; nobody touches the validator between the scheduling and block `settleAt`.
      ctx = await loadFixture(oneValidatorFixture);
      scheduleTx = await ctx.pool.connect(ctx.op0).setCommission((WAD * 15n) / 100n);
      expect(effectiveAfter(await blockOf(scheduleTx))).to.equal(effective);
      await mineUntilNextIs(settleAt);
      const claimTx = await ctx.pool.connect(ctx.alice).claim(ctx.op0.address);
      expect(await blockOf(claimTx)).to.equal(settleAt);
      await expect(claimTx).to.emit(ctx.pool, "CommissionChanged");
      const actual = await ctx.pool.pendingCommission(ctx.op0.address);

      // SPEC section 4: rewards up to the change accrue at the old rate, the blocks after it at the
      // new one, whenever the next settlement happens (equal up to accrual rounding, 1e-15).
      expect(
        absDiff(actual, expected) <= expected / 10n ** 15n,
        `commission owed at block ${settleAt}: ${actual} wei, expected ${expected} wei ` +
          `(10% up to block ${effective}, 15% after); short by ${expected - actual} wei`,
      ).to.equal(true);
    });

    it("a new call replaces the scheduled change", async () => {
      const { pool, op0 } = await loadFixture(oneValidatorFixture);
      await pool.connect(op0).setCommission((WAD * 15n) / 100n);
      await mine(10);
      const tx = await pool.connect(op0).setCommission(WAD / 20n);
      const effective = effectiveAfter(await blockOf(tx));
      await expect(tx)
        .to.emit(pool, "CommissionChangeScheduled")
        .withArgs(op0.address, WAD / 20n, effective);
      const info = await pool.validatorInfo(op0.address);
      expect([info.commissionWad, info.pendingCommissionWad, info.commissionEffectiveBlock]).to.deep.equal([
        WAD / 10n,
        WAD / 20n,
        effective,
      ]);
      await mineUntilNextIs(effective);
      await expect(pool.connect(op0).claim(op0.address))
        .to.emit(pool, "CommissionChanged")
        .withArgs(op0.address, WAD / 10n, WAD / 20n);
      expect((await pool.validatorInfo(op0.address)).commissionWad).to.equal(WAD / 20n);
    });

    it("a due change is applied before the next one is checked against maxCommissionChange", async () => {
      const { pool, op0 } = await loadFixture(oneValidatorFixture);
      const first = await pool.connect(op0).setCommission(WAD / 5n); // 10% -> 20%
      await mineUntilNextIs(effectiveAfter(await blockOf(first)));
      // 20% -> 30% is one step from the (now applied) 20%.
      const tx = await pool.connect(op0).setCommission((WAD * 3n) / 10n);
      await expect(tx)
        .to.emit(pool, "CommissionChanged")
        .withArgs(op0.address, WAD / 10n, WAD / 5n);
      await expect(tx).to.emit(pool, "CommissionChangeScheduled");
    });

    it("reverts CommissionChangeTooLarge beyond maxCommissionChange (up or down)", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.op0).setCommission(WAD / 5n + 1n),
        ctx.pool,
        "CommissionChangeTooLarge",
        [WAD / 10n, WAD / 5n + 1n, WAD / 10n],
      );
      await ctx.pool.connect(ctx.op0).setCommission(WAD / 5n); // exactly the maximum change
      await ctx.pool.connect(ctx.op0).setCommission(0n); // down by exactly the maximum
      await ctx.pool.connect(ctx.admin).setParameter(Parameter.MaxCommissionChange, WAD / 100n);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.op1).setCommission(0n),
        ctx.pool,
        "CommissionChangeTooLarge",
        [WAD / 20n, 0n, WAD / 100n],
      );
    });

    it("reverts CommissionAboveMax above the immutable maximum", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await ctx.pool.connect(ctx.admin).setParameter(Parameter.MaxCommissionChange, WAD / 2n);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.op0).setCommission(WAD / 2n + 1n),
        ctx.pool,
        "CommissionAboveMax",
        [WAD / 2n + 1n, WAD / 2n],
      );
    });

    it("reverts UnknownValidator for a non-validator and ValidatorNotActive after leaving", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).setCommission(0n),
        ctx.pool,
        "UnknownValidator",
        [ctx.alice.address],
      );
      await ctx.pool.connect(ctx.op0).deregisterValidator();
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.op0).setCommission(0n),
        ctx.pool,
        "ValidatorNotActive",
        [ctx.op0.address, Status.Deregistered],
      );
    });
  });

  describe("deregisterValidator", () => {
    it("unbonds the self-stake, zeroes the commission, unlists the validator and frees the signer", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, token, votes, op0, op1 } = ctx;
      await votes.connect(op0).delegate(op0.address);
      expect(await votes.getVotes(op0.address)).to.equal(1_000n * ETM);
      await pool.connect(op0).setCommission(WAD / 5n); // a scheduled change is dropped too
      const reward = await pool.pendingReward(op0.address, op0.address, PENDING);
      const before = await token.balanceOf(op0.address);
      const tx = await pool.connect(op0).deregisterValidator();
      const maturity = (await blockOf(tx)) + 100n;
      await expect(tx)
        .to.emit(pool, "Unstaked")
        .withArgs(op0.address, op0.address, 1_000n * ETM, maturity);
      await expect(tx).to.emit(pool, "ValidatorDeregistered").withArgs(op0.address);
      await expect(tx).to.emit(pool, "RewardPaid").withArgs(op0.address, op0.address, reward);
      expect(await token.balanceOf(op0.address)).to.equal(before + reward);

      const info = await pool.validatorInfo(op0.address);
      expect([info.status, info.commissionWad, info.commissionEffectiveBlock]).to.deep.equal([
        Status.Deregistered,
        0n,
        0n,
      ]);
      expect([info.bondedWei, info.unbondingWei]).to.deep.equal([800n * ETM, 1_000n * ETM]);
      expect(await pool.stakeOf(op0.address, op0.address)).to.equal(0n);
      expect(await pool.totalStaked()).to.equal(3_800n * ETM);
      expect(await votes.votingUnitsOf(op0.address)).to.equal(0n);
      expect(await votes.getVotes(op0.address)).to.equal(0n);
      expect(await pool.isCandidate(op0.address)).to.equal(false);
      expect(await pool.candidates()).to.deep.equal([op1.address]);
      // Listed during this round (the fixture), op1 enters the draw from the next round on.
      expect((await pool.electableCandidates()).operators).to.deep.equal([]);
      await mineToNextRound(pool);
      expect((await pool.electableCandidates()).operators).to.deep.equal([op1.address]);
      expect(await pool.operatorOfSigner(SIGNERS[0]!)).to.equal(ethers.ZeroAddress);
      expect([...(await pool.unbondingOf(op0.address))].map((list) => [...list])).to.deep.equal([
        [op0.address],
        [maturity],
        [1_000n * ETM],
      ]);
      // The freed signer can be registered by another operator.
      await registerValidator(pool, ctx.operators[2]!, SIGNERS[0]!, 0n, 100n * ETM);
      expect(await pool.operatorOfSigner(SIGNERS[0]!)).to.equal(ctx.operators[2]!.address);
      // The deposit comes back after the unbonding period.
      await mineUntilNextIs(maturity);
      await expect(pool.connect(op0).withdraw())
        .to.emit(pool, "Withdrawn")
        .withArgs(op0.address, 1_000n * ETM, 1n);
    });

    it("accepts no new stake; delegators keep earning without commission and can unstake and claim", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, token, op0, alice, bob } = ctx;
      await mine(10);
      const deregisterTx = await pool.connect(op0).deregisterValidator();
      const [atDeregistration] = await accruedEvents(pool, deregisterTx);
      const aliceBefore = await pool.pendingReward(alice.address, op0.address, {
        blockTag: await blockOf(deregisterTx),
      });
      const commission = await pool.pendingCommission(op0.address);
      await expect(pool.connect(alice).stake(op0.address, ETM))
        .to.be.revertedWithCustomError(pool, "ValidatorNotActive")
        .withArgs(op0.address, Status.Deregistered);

      await mine(99);
      const tx = await pool.connect(alice).claim(op0.address);
      const [accrued] = await accruedEvents(pool, tx);
      // 800 delegated tokens (= shares), no commission: alice gets 500/800 of all op0 earned.
      const split = validatorSplit(
        800n * ETM,
        800n * ETM,
        0n,
        accrued!.rewardPerTokenRay - atDeregistration!.rewardPerTokenRay,
      );
      expect(split.commissionWei).to.equal(0n);
      const sinceDeregistration = (500n * ETM * split.rewardPerShareDeltaRay) / 10n ** 27n;
      const [paid] = await pool.queryFilter(pool.filters.RewardPaid(alice.address), tx.blockNumber!);
      // What was owed at the deregistration plus the commission-free share since (+1 wei of rounding).
      expect(paid!.args.amountWei - aliceBefore - sinceDeregistration).to.be.oneOf([0n, 1n]);
      expect(await pool.pendingCommission(op0.address)).to.equal(commission);

      // The operator still collects the commission earned before it left.
      expect(commission).to.be.greaterThan(0n);
      await expect(pool.connect(op0).claim(op0.address))
        .to.emit(pool, "RewardPaid")
        .withArgs(op0.address, op0.address, commission);

      const bobBefore = await token.balanceOf(bob.address);
      await pool.connect(bob).unstake(op0.address, 300n * ETM);
      await mine(100);
      await pool.connect(bob).withdraw();
      expect(await token.balanceOf(bob.address)).to.be.greaterThan(bobBefore + 300n * ETM);
      expect(await pool.validatorStake(op0.address)).to.equal(500n * ETM);
    });

    it("pays no reward when none is pending (claimed in the same block)", async () => {
      const { pool, token, op0 } = await loadFixture(validatorsFixture);
      await network.provider.send("evm_setAutomine", [false]);
      let deregisterTx;
      try {
        await pool.connect(op0).claim(op0.address, { gasLimit: 1_000_000 });
        deregisterTx = await pool.connect(op0).deregisterValidator({ gasLimit: 1_000_000 });
        await network.provider.send("evm_mine", []);
      } finally {
        await network.provider.send("evm_setAutomine", [true]);
      }
      const balance = await token.balanceOf(op0.address);
      await expect(deregisterTx).to.emit(pool, "ValidatorDeregistered").withArgs(op0.address);
      await expect(deregisterTx).not.to.emit(pool, "RewardPaid");
      await expect(deregisterTx).not.to.emit(token, "Transfer");
      expect(await token.balanceOf(op0.address, { blockTag: deregisterTx.blockNumber! - 1 })).to.be.lessThan(
        balance,
      );
    });

    it("reverts UnknownValidator for a non-validator and ValidatorNotActive the second time", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.alice).deregisterValidator(),
        ctx.pool,
        "UnknownValidator",
        [ctx.alice.address],
      );
      await ctx.pool.connect(ctx.op0).deregisterValidator();
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.op0).deregisterValidator(),
        ctx.pool,
        "ValidatorNotActive",
        [ctx.op0.address, Status.Deregistered],
      );
    });

    it("reverts TooManyUnbondingEntries when the operator's ring is full", async () => {
      const ctx = await loadFixture(validatorsFixture);
      for (let i = 0; i < 16; ++i) await ctx.pool.connect(ctx.op0).unstake(ctx.op0.address, ETM);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.op0).deregisterValidator(),
        ctx.pool,
        "TooManyUnbondingEntries",
        [ctx.op0.address, 16n],
      );
    });
  });

  describe("registry views", () => {
    it("electableCandidates lists unjailed listed candidates with their signers and bonded stake", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, operators, op0, op1, election } = ctx;
      const op2 = operators[2]!;
      await registerValidator(pool, op2, SIGNERS[2]!, 0n, 400n * ETM);
      // All three were listed during this round: the draw counts them from the next round on.
      expect((await pool.electableCandidates()).operators).to.deep.equal([]);
      await mineToNextRound(pool);
      let [ops, signers, stakes] = await pool.electableCandidates();
      expect([[...ops], [...signers], [...stakes]]).to.deep.equal([
        [op0.address, op1.address, op2.address],
        [SIGNERS[0], SIGNERS[1], SIGNERS[2]],
        [1_800n * ETM, 3_000n * ETM, 400n * ETM],
      ]);
      const until = BigInt(await ethers.provider.getBlockNumber()) + 20n;
      await pool.connect(election).jail(op1.address, until);
      await pool.connect(op0).deregisterValidator();
      // Swap-and-pop: op2 takes op0's place in the list.
      expect(await pool.candidates()).to.deep.equal([op2.address, op1.address]);
      // The draw keeps the round's order: op0 left and op1 was jailed after the round started, so
      // both keep their places and round-start stakes with a zero signer (set aside if drawn).
      [ops, signers, stakes] = await pool.electableCandidates();
      expect([[...ops], [...signers], [...stakes]]).to.deep.equal([
        [op0.address, op1.address, op2.address],
        [ethers.ZeroAddress, ethers.ZeroAddress, SIGNERS[2]],
        [1_800n * ETM, 3_000n * ETM, 400n * ETM],
      ]);
      expect(await pool.isCandidate(op1.address)).to.equal(true);
      expect(await pool.isJailed(op1.address)).to.equal(true);
      await mineUntilNextIs(until + 1n);
      expect(await pool.isJailed(op1.address)).to.equal(false);
      // Jailed during this round: set aside until the round ends, back in the draw from the next.
      [ops, signers] = await pool.electableCandidates();
      expect([...ops]).to.deep.equal([op0.address, op1.address, op2.address]);
      expect(signers[1]).to.equal(ethers.ZeroAddress);
      await mineToNextRound(pool);
      [ops] = await pool.electableCandidates();
      expect([...ops]).to.deep.equal([op2.address, op1.address]);
    });

    it("answers zero and false for addresses that never registered", async () => {
      const { pool, outsider } = await loadFixture(validatorsFixture);
      expect(await pool.isCandidate(outsider.address)).to.equal(false);
      expect(await pool.isJailed(outsider.address)).to.equal(false);
      expect(await pool.signerOf(outsider.address)).to.equal(ethers.ZeroAddress);
      expect(await pool.operatorOfSigner(outsider.address)).to.equal(ethers.ZeroAddress);
      expect([...(await pool.validatorInfo(outsider.address))]).to.deep.equal([
        Status.None,
        ethers.ZeroAddress,
        0n,
        0n,
        0n,
        0n,
        0n,
        0n,
      ]);
      expect(await pool.validatorStake(outsider.address)).to.equal(0n);
      expect(await pool.pendingCommission(outsider.address)).to.equal(0n);
      expect(await pool.pendingReward(outsider.address, outsider.address)).to.equal(0n);
      expect(await pool.stakeOf(outsider.address, outsider.address)).to.equal(0n);
      expect([...(await pool.unbondingOf(outsider.address))].map((list) => [...list])).to.deep.equal([
        [],
        [],
        [],
      ]);
    });

    it("validatorStake and totalStaked are the sums of the positions", async () => {
      const { pool, op0, op1, alice, bob, carol } = await loadFixture(validatorsFixture);
      const positions = async (validator: string, accounts: string[]) => {
        let sum = 0n;
        for (const account of accounts) sum += await pool.stakeOf(account, validator);
        return sum;
      };
      const all = [op0.address, op1.address, alice.address, bob.address, carol.address];
      expect(await pool.validatorStake(op0.address)).to.equal(await positions(op0.address, all));
      expect(await pool.validatorStake(op1.address)).to.equal(await positions(op1.address, all));
      expect(await pool.totalStaked()).to.equal(
        (await pool.validatorStake(op0.address)) + (await pool.validatorStake(op1.address)),
      );
      expect(await pool.totalStaked()).to.equal(4_800n * ETM);
    });
  });
});
