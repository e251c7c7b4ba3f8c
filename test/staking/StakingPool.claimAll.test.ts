/**
 * Issue 15, item 4: claim and compound every position in one call. Each account's positions are kept
 * in a list of at most 16 validators (`positionsOf`), which `claimAll` and `compoundAll` walk.
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import { ETM, WAD, registerValidator, validatorsFixture } from "../shared/fixtures";
import { PENDING, Parameter, nextBlock } from "../shared/poolHelpers";
import { SHORTFALL_JAIL } from "../../lib/validatorStatus";

const { ethers } = hre;

describe("StakingPool: claimAll and compoundAll", () => {
  describe("position lists", () => {
    it("a validator joins at the first stake and leaves when the position is fully unstaked", async () => {
      const { pool, alice, op0, op1 } = await loadFixture(validatorsFixture);
      expect(await pool.positionsOf(alice.address)).to.deep.equal([op0.address]);
      expect(await pool.positionsOf(op0.address)).to.deep.equal([op0.address]); // the self-stake
      await pool.connect(alice).stake(op1.address, 100n * ETM);
      await pool.connect(alice).stake(op1.address, 100n * ETM); // same position: listed once
      expect(await pool.positionsOf(alice.address)).to.deep.equal([op0.address, op1.address]);
      await pool.connect(alice).unstake(op0.address, 100n * ETM); // partial: stays
      expect(await pool.positionsOf(alice.address)).to.deep.equal([op0.address, op1.address]);
      await pool.connect(alice).unstake(op0.address, await pool.stakeOf(alice.address, op0.address));
      expect(await pool.positionsOf(alice.address)).to.deep.equal([op1.address]);
      await pool.connect(alice).stake(op0.address, 50n * ETM);
      expect(await pool.positionsOf(alice.address)).to.deep.equal([op1.address, op0.address]);
      // an operator's deregistration ends its self-position
      await pool.connect(op0).deregisterValidator();
      expect(await pool.positionsOf(op0.address)).to.deep.equal([]);
    });

    it("at 16 positions a 17th is refused with TooManyPositions; a tombstoned validator's position makes room", async () => {
      const { pool, token, admin, alice } = await loadFixture(validatorsFixture);
      await pool.connect(admin).setParameter(Parameter.CandidateCap, 40);
      const signers = await ethers.getSigners();
      const newcomers = Array.from({ length: 15 }, () =>
        ethers.Wallet.createRandom().connect(ethers.provider),
      );
      for (const operator of newcomers) {
        await setBalance(operator.address, ETM);
        await token.connect(admin).transfer(operator.address, 1_000n * ETM);
        await token.connect(operator).approve(await pool.getAddress(), ethers.MaxUint256);
        await registerValidator(pool, operator, ethers.Wallet.createRandom(), 0n, 100n * ETM);
      }
      // alice holds op0's position and now 15 more: 16 in all
      for (const operator of newcomers) await pool.connect(alice).stake(operator.address, ETM);
      expect(await pool.positionsOf(alice.address)).to.have.length(16);
      const [, op1] = [signers[2]!, signers[3]!];
      await expect(pool.connect(alice).stake(op1.address, ETM))
        .to.be.revertedWithCustomError(pool, "TooManyPositions")
        .withArgs(alice.address, 16);
      // a tombstone leaves a position worth nothing: it gives way to the next one
      await pool.connect(admin).slash(newcomers[3]!.address, WAD, await nextBlock(), ethers.ZeroHash);
      await pool.connect(alice).stake(op1.address, ETM);
      const list = await pool.positionsOf(alice.address);
      expect(list).to.have.length(16);
      expect(list).to.include(op1.address);
      expect(list).to.not.include(newcomers[3]!.address);
    });
  });

  describe("claimAll", () => {
    it("pays every position's reward in one transfer, equal to the sum of the pending rewards", async () => {
      const { pool, token, alice, op0, op1 } = await loadFixture(validatorsFixture);
      await pool.connect(alice).stake(op1.address, 200n * ETM);
      await mine(50);
      // the next block's pending rewards: what claimAll pays in it
      const expected0 = await pool.pendingReward(alice.address, op0.address, PENDING);
      const expected1 = await pool.pendingReward(alice.address, op1.address, PENDING);
      expect(expected0 * expected1).to.not.equal(0n);
      const balanceBefore = await token.balanceOf(alice.address);
      const tx = pool.connect(alice).claimAll();
      await expect(tx)
        .to.emit(pool, "RewardPaid")
        .withArgs(alice.address, op0.address, expected0)
        .and.to.emit(pool, "RewardPaid")
        .withArgs(alice.address, op1.address, expected1);
      expect(await token.balanceOf(alice.address)).to.equal(balanceBefore + expected0 + expected1);
      expect(await pool.pendingReward(alice.address, op0.address)).to.equal(0n);
      expect(await pool.pendingReward(alice.address, op1.address)).to.equal(0n);
    });

    it("an operator gets its commission too, also after deregistering (no self-position left)", async () => {
      const { pool, token, alice, op0 } = await loadFixture(validatorsFixture);
      await mine(30);
      const reward = await pool.pendingReward(op0.address, op0.address, PENDING);
      const commission = await pool.pendingCommission(op0.address, PENDING);
      const before = await token.balanceOf(op0.address);
      await pool.connect(op0).claimAll();
      expect(await token.balanceOf(op0.address)).to.equal(before + reward + commission);
      // deregistered: the delegators' stake still earns commission until they leave
      await pool.connect(op0).deregisterValidator();
      await mine(30);
      expect(await pool.positionsOf(op0.address)).to.deep.equal([]);
      const owed = await pool.pendingCommission(op0.address, PENDING);
      const afterExit = await token.balanceOf(op0.address);
      await expect(pool.connect(op0).claimAll())
        .to.emit(pool, "RewardPaid")
        .withArgs(op0.address, op0.address, owed);
      expect(await token.balanceOf(op0.address)).to.equal(afterExit + owed);
      void alice;
    });

    it("reverts with NothingToClaim(account, 0) when there is nothing, and changes nothing", async () => {
      const { pool, outsider, alice } = await loadFixture(validatorsFixture);
      await expect(pool.connect(outsider).claimAll())
        .to.be.revertedWithCustomError(pool, "NothingToClaim")
        .withArgs(outsider.address, ethers.ZeroAddress);
      await expect(pool.connect(outsider).compoundAll())
        .to.be.revertedWithCustomError(pool, "NothingToClaim")
        .withArgs(outsider.address, ethers.ZeroAddress);
      // in the same block as a claim, every reward is zero
      await hre.network.provider.send("evm_setAutomine", [false]);
      try {
        const first = await pool.connect(alice).claimAll();
        const second = await pool.connect(alice).claimAll({ gasLimit: 1_000_000 });
        await mine(1);
        await first.wait();
        await expect(second.wait()).to.be.rejected;
      } finally {
        await hre.network.provider.send("evm_setAutomine", [true]);
      }
    });
  });

  describe("compoundAll", () => {
    it("restakes each reward to its validator; nothing is paid", async () => {
      const { pool, token, alice, op0, op1 } = await loadFixture(validatorsFixture);
      await pool.connect(alice).stake(op1.address, 200n * ETM);
      await mine(40);
      const reward0 = await pool.pendingReward(alice.address, op0.address, PENDING);
      const reward1 = await pool.pendingReward(alice.address, op1.address, PENDING);
      const stake0 = await pool.stakeOf(alice.address, op0.address);
      const stake1 = await pool.stakeOf(alice.address, op1.address);
      const total = await pool.totalStaked();
      const balance = await token.balanceOf(alice.address);
      await expect(pool.connect(alice).compoundAll())
        .to.emit(pool, "Compounded")
        .withArgs(alice.address, op0.address, reward0)
        .and.to.emit(pool, "Compounded")
        .withArgs(alice.address, op1.address, reward1);
      expect(await token.balanceOf(alice.address)).to.equal(balance);
      expect(await pool.totalStaked()).to.equal(total + reward0 + reward1);
      // shares are minted rounded down: each position grows by its reward, at most a wei less
      for (const [validator, before, reward] of [
        [op0.address, stake0, reward0],
        [op1.address, stake1, reward1],
      ] as const) {
        const after = await pool.stakeOf(alice.address, validator);
        expect(after <= before + reward && after + 1n >= before + reward, `stake at ${validator}`).to.equal(
          true,
        );
      }
    });

    /**
     * alice holds positions at op0 and op1; after 40 blocks `stopTaking` leaves op1 unable to take
     * stake: compoundAll restakes the reward at op0 and pays op1's, whose stake stays as it was.
     */
    async function expectPaidWhereNoStakeIsTaken(
      stopTaking: (ctx: Awaited<ReturnType<typeof validatorsFixture>>) => Promise<unknown>,
    ) {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, token, alice, op0, op1 } = ctx;
      await pool.connect(alice).stake(op1.address, 200n * ETM);
      await mine(40);
      await stopTaking(ctx);
      const stake1 = await pool.stakeOf(alice.address, op1.address);
      const reward0 = await pool.pendingReward(alice.address, op0.address, PENDING);
      const reward1 = await pool.pendingReward(alice.address, op1.address, PENDING);
      expect(reward1 > 0n).to.equal(true);
      const balance = await token.balanceOf(alice.address);
      await expect(pool.connect(alice).compoundAll())
        .to.emit(pool, "Compounded")
        .withArgs(alice.address, op0.address, reward0)
        .and.to.emit(pool, "RewardPaid")
        .withArgs(alice.address, op1.address, reward1);
      expect(await token.balanceOf(alice.address)).to.equal(balance + reward1);
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(stake1);
    }

    it("pays instead where the validator cannot take the reward (jailed), and restakes the rest", async () => {
      await expectPaidWhereNoStakeIsTaken(async ({ pool, election, op1 }) =>
        pool.connect(election).jail(op1.address, BigInt(await ethers.provider.getBlockNumber()) + 1_000n),
      );
    });

    it("pays the reward at a validator that has deregistered (it takes no stake), and restakes the rest", async () => {
      await expectPaidWhereNoStakeIsTaken(({ pool, op1 }) => pool.connect(op1).deregisterValidator());
    });

    it("pays an operator whose self-stake a slash left below the minimum, if restaking would not bring it back", async () => {
      const { pool, token, admin, op0 } = await loadFixture(validatorsFixture);
      await mine(10);
      // 99% of op0's 1,000 ETM self-stake: 10 ETM left, below the small system's 100 ETM minimum.
      await pool
        .connect(admin)
        .slash(op0.address, (WAD * 99n) / 100n, await nextBlock(), ethers.encodeBytes32String("test"));
      expect(await pool.stakeOf(op0.address, op0.address)).to.equal(10n * ETM);
      const owed =
        (await pool.pendingReward(op0.address, op0.address, PENDING)) +
        (await pool.pendingCommission(op0.address, PENDING));
      expect(owed > 0n && owed < 90n * ETM, "restaking would leave it below the minimum").to.equal(true);
      const balance = await token.balanceOf(op0.address);
      const tx = pool.connect(op0).compoundAll();
      await expect(tx).to.emit(pool, "RewardPaid").withArgs(op0.address, op0.address, owed);
      await expect(tx).not.to.emit(pool, "Compounded");
      expect(await token.balanceOf(op0.address)).to.equal(balance + owed);
      expect(await pool.stakeOf(op0.address, op0.address)).to.equal(10n * ETM);
      expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.equal(SHORTFALL_JAIL);
    });

    it("restakes an operator's reward that brings its self-stake back to the minimum, which ends the shortfall jail", async () => {
      const { pool, token, admin, op0 } = await loadFixture(validatorsFixture);
      await mine(40);
      // 95%: 50 ETM left; the reward and commission owed (over 50 ETM) restore the 100 ETM minimum.
      await pool
        .connect(admin)
        .slash(op0.address, (WAD * 95n) / 100n, await nextBlock(), ethers.encodeBytes32String("test"));
      const owed =
        (await pool.pendingReward(op0.address, op0.address, PENDING)) +
        (await pool.pendingCommission(op0.address, PENDING));
      expect(owed >= 50n * ETM, "restaking brings it back to the minimum").to.equal(true);
      const balance = await token.balanceOf(op0.address);
      const tx = pool.connect(op0).compoundAll();
      await expect(tx).to.emit(pool, "Compounded").withArgs(op0.address, op0.address, owed);
      await expect(tx).not.to.emit(pool, "RewardPaid");
      expect(await token.balanceOf(op0.address)).to.equal(balance);
      const stake = await pool.stakeOf(op0.address, op0.address);
      expect(stake <= 50n * ETM + owed && stake + 1n >= 50n * ETM + owed).to.equal(true);
      expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.not.equal(SHORTFALL_JAIL);
    });
  });
});
