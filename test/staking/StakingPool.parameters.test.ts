import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { deploySystem } from "../../scripts/deploy";
import { deployPoolImplementation, deployPoolLibraries, deployPoolProxy } from "../../scripts/deploy/proxies";
import { ERC1967Proxy__factory, IStakingPool__factory, StakingPool__factory } from "../../typechain-types";
import {
  ETM,
  SMALL_OPTIONS,
  WAD,
  dustStakeFixture,
  fundedSystemFixture,
  oneValidatorFixture,
  validatorsFixture,
} from "../shared/fixtures";
import { BLOCKS_PER_YEAR, mulDiv } from "../shared/emissionReference";
import {
  accruedEvents,
  blockOf,
  expectRevertNoChange,
  observed,
  Parameter,
  PENDING,
  nextBlock,
} from "../shared/poolHelpers";

const UINT96_MAX = 2n ** 96n - 1n;

/** Every parameter, its value in the small system, its bounds there, and a valid new value. */
const PARAMETERS = [
  { name: "Delta", id: Parameter.Delta, initial: 0n, min: 0n, max: WAD / 2n, valid: WAD / 4n },
  { name: "MinStake", id: Parameter.MinStake, initial: ETM, min: 1n, max: 100n * ETM, valid: 5n * ETM },
  {
    name: "MinSelfStake",
    id: Parameter.MinSelfStake,
    initial: 100n * ETM,
    min: ETM,
    max: UINT96_MAX,
    valid: 200n * ETM,
  },
  {
    name: "UnbondingBlocks",
    id: Parameter.UnbondingBlocks,
    initial: 100n,
    min: 1n,
    max: BLOCKS_PER_YEAR,
    valid: 7n,
  },
  { name: "JailBlocks", id: Parameter.JailBlocks, initial: 200n, min: 0n, max: BLOCKS_PER_YEAR, valid: 9n },
  {
    name: "CommissionDelayBlocks",
    id: Parameter.CommissionDelayBlocks,
    initial: 50n,
    min: 0n,
    max: BLOCKS_PER_YEAR,
    valid: 3n,
  },
  {
    name: "MaxCommissionChange",
    id: Parameter.MaxCommissionChange,
    initial: WAD / 10n,
    min: 0n,
    max: WAD / 2n,
    valid: WAD / 50n,
  },
  { name: "CandidateCap", id: Parameter.CandidateCap, initial: 8n, min: 4n, max: 1_500n, valid: 100n },
] as const;

describe("StakingPool: parameters", () => {
  describe("setParameter", () => {
    it("exposes the deployment values and the constants bounding them", async () => {
      const { pool, lens } = await loadFixture(validatorsFixture);
      for (const p of PARAMETERS) expect(await pool.parameter(p.id), p.name).to.equal(p.initial);
      expect(await lens.MAX_DELTA()).to.equal(WAD / 2n);
      expect(await lens.MAX_CANDIDATE_CAP()).to.equal(1_500n);
      expect(await pool.maxCommission()).to.equal(SMALL_OPTIONS.maxCommission);
    });

    for (const p of PARAMETERS) {
      it(`${p.name}: sets values in [${p.min}, ${p.max}] and emits ParameterChanged`, async () => {
        const { pool, admin } = await loadFixture(validatorsFixture);
        await expect(pool.connect(admin).setParameter(p.id, p.valid))
          .to.emit(pool, "ParameterChanged")
          .withArgs(p.id, p.initial, p.valid);
        expect(await pool.parameter(p.id)).to.equal(p.valid);
        await expect(pool.connect(admin).setParameter(p.id, p.max))
          .to.emit(pool, "ParameterChanged")
          .withArgs(p.id, p.valid, p.max);
        expect(await pool.parameter(p.id)).to.equal(p.max);
        await pool.connect(admin).setParameter(p.id, p.min);
        expect(await pool.parameter(p.id)).to.equal(p.min);
      });

      it(`${p.name}: reverts ParameterOutOfRange outside [${p.min}, ${p.max}] and changes nothing`, async () => {
        const ctx = await loadFixture(validatorsFixture);
        const outside = p.min > 0n ? [p.min - 1n, p.max + 1n] : [p.max + 1n];
        for (const value of outside) {
          await expectRevertNoChange(
            ctx,
            observed(ctx),
            () => ctx.pool.connect(ctx.admin).setParameter(p.id, value),
            ctx.pool,
            "ParameterOutOfRange",
            [p.id, value, p.min, p.max],
          );
        }
      });
    }

    it("bounds MinStake and MinSelfStake by each other", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin } = ctx;
      await pool.connect(admin).setParameter(Parameter.MinSelfStake, 50n * ETM);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => pool.connect(admin).setParameter(Parameter.MinStake, 50n * ETM + 1n),
        pool,
        "ParameterOutOfRange",
        [Parameter.MinStake, 50n * ETM + 1n, 1n, 50n * ETM],
      );
      await pool.connect(admin).setParameter(Parameter.MinStake, 50n * ETM);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => pool.connect(admin).setParameter(Parameter.MinSelfStake, 50n * ETM - 1n),
        pool,
        "ParameterOutOfRange",
        [Parameter.MinSelfStake, 50n * ETM - 1n, 50n * ETM, UINT96_MAX],
      );
    });

    it("reverts AccessControlUnauthorizedAccount without PARAMETER_ROLE", async () => {
      const ctx = await loadFixture(validatorsFixture);
      for (const caller of [ctx.outsider, ctx.election, ctx.op0]) {
        await expectRevertNoChange(
          ctx,
          observed(ctx),
          () => ctx.pool.connect(caller).setParameter(Parameter.Delta, 0n),
          ctx.pool,
          "AccessControlUnauthorizedAccount",
          [caller.address, await ctx.pool.PARAMETER_ROLE()],
        );
      }
    });

    it("Delta: accrues at the old value first, then splits new mints at the new one", async () => {
      const { pool, admin } = await loadFixture(oneValidatorFixture);
      await mine(50);
      const tx = await pool.connect(admin).setParameter(Parameter.Delta, WAD / 5n);
      await expect(tx)
        .to.emit(pool, "ParameterChanged")
        .withArgs(Parameter.Delta, 0n, WAD / 5n);
      const [before] = await accruedEvents(pool, tx);
      expect(before!.mintedWei).to.be.greaterThan(0n);
      expect(before!.toValidatorsWei).to.equal(0n);
      expect(before!.toStakersWei).to.equal(before!.mintedWei);
      expect(await pool.validatorRewardsOwed()).to.equal(0n);
      await mine(50);
      const [after] = await accruedEvents(pool, await pool.accrue());
      expect(after!.toValidatorsWei).to.equal(mulDiv(after!.mintedWei, WAD / 5n, WAD));
      expect(after!.toValidatorsWei).to.be.greaterThan(0n);
      expect(await pool.validatorRewardsOwed()).to.equal(after!.toValidatorsWei);
    });

    it("MinStake: applies to new and changed positions, not to untouched ones", async () => {
      const { pool, admin, op0, alice, carol } = await loadFixture(validatorsFixture);
      await pool.connect(admin).setParameter(Parameter.MinStake, 50n * ETM);
      await expect(pool.connect(carol).stake(op0.address, 49n * ETM))
        .to.be.revertedWithCustomError(pool, "PositionBelowMinimum")
        .withArgs(carol.address, op0.address, 49n * ETM, 50n * ETM);
      await expect(pool.connect(alice).unstake(op0.address, 451n * ETM))
        .to.be.revertedWithCustomError(pool, "PositionBelowMinimum")
        .withArgs(alice.address, op0.address, 49n * ETM, 50n * ETM);
      await pool.connect(alice).unstake(op0.address, 450n * ETM);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(50n * ETM);
    });

    it("MinSelfStake: binds an active operator's self-stake from then on", async () => {
      const { pool, admin, op0 } = await loadFixture(validatorsFixture);
      await pool.connect(admin).setParameter(Parameter.MinSelfStake, 600n * ETM);
      await expect(pool.connect(op0).unstake(op0.address, 401n * ETM))
        .to.be.revertedWithCustomError(pool, "SelfStakeBelowMinimum")
        .withArgs(op0.address, 599n * ETM, 600n * ETM);
      await pool.connect(op0).unstake(op0.address, 400n * ETM);
    });

    it("UnbondingBlocks, JailBlocks, CommissionDelayBlocks: new durations apply to new actions", async () => {
      const { pool, admin, op0, alice } = await loadFixture(validatorsFixture);
      await pool.connect(admin).setParameter(Parameter.UnbondingBlocks, 7);
      await pool.connect(admin).setParameter(Parameter.JailBlocks, 9);
      await pool.connect(admin).setParameter(Parameter.CommissionDelayBlocks, 3);
      const unstake = await pool.connect(alice).unstake(op0.address, ETM);
      await expect(unstake)
        .to.emit(pool, "Unstaked")
        .withArgs(alice.address, op0.address, ETM, (await blockOf(unstake)) + 7n);
      const commission = await pool.connect(op0).setCommission(0n);
      await expect(commission)
        .to.emit(pool, "CommissionChangeScheduled")
        .withArgs(op0.address, 0n, (await blockOf(commission)) + 3n);
      const slash = await pool.connect(admin).slash(op0.address, 0n, await nextBlock(), ethers.ZeroHash);
      await expect(slash)
        .to.emit(pool, "Jailed")
        .withArgs(op0.address, (await blockOf(slash)) + 9n);
    });
  });

  describe("setTreasury", () => {
    it("accrues to the old treasury first, then mints to the new one", async () => {
      const { pool, token, admin, treasury, outsider } = await loadFixture(fundedSystemFixture);
      await mine(50);
      const oldBefore = await token.balanceOf(treasury.address);
      const tx = await pool.connect(admin).setTreasury(outsider.address);
      await expect(tx).to.emit(pool, "TreasuryChanged").withArgs(treasury.address, outsider.address);
      const [first] = await accruedEvents(pool, tx);
      expect(await token.balanceOf(treasury.address)).to.equal(oldBefore + first!.mintedWei);
      expect(await pool.treasury()).to.equal(outsider.address);
      await mine(10);
      const [second] = await accruedEvents(pool, await pool.accrue());
      expect(await token.balanceOf(outsider.address)).to.equal(second!.mintedWei);
      expect(await token.balanceOf(treasury.address)).to.equal(oldBefore + first!.mintedWei);
    });

    it("reverts ZeroAddress and AccessControlUnauthorizedAccount", async () => {
      const ctx = await loadFixture(validatorsFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.admin).setTreasury(ethers.ZeroAddress),
        ctx.pool,
        "ZeroAddress",
        [],
      );
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.outsider).setTreasury(ctx.outsider.address),
        ctx.pool,
        "AccessControlUnauthorizedAccount",
        [ctx.outsider.address, await ctx.pool.PARAMETER_ROLE()],
      );
    });
  });

  describe("constructor checks (through deploySystem)", () => {
    it("rejects an initial inflation above 10%", async () => {
      const factory = { interface: IStakingPool__factory.createInterface() };
      await expect(deploySystem({ initialInflation: WAD / 10n + 1n }))
        .to.be.revertedWithCustomError(factory, "InflationRateTooHigh")
        .withArgs(WAD / 10n + 1n, WAD / 10n);
    });

    it("rejects a zero treasury and a maximum commission above 100%", async () => {
      const factory = { interface: IStakingPool__factory.createInterface() };
      await expect(deploySystem({ treasury: ethers.ZeroAddress })).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      await expect(deploySystem({ maxCommission: WAD + 1n, maxCommissionChange: 0n }))
        .to.be.revertedWithCustomError(factory, "CommissionAboveMax")
        .withArgs(WAD + 1n, WAD);
    });

    it("rejects parameters outside their bounds", async () => {
      const factory = { interface: IStakingPool__factory.createInterface() };
      const cases = [
        [{ delta: WAD / 2n + 1n }, [Parameter.Delta, WAD / 2n + 1n, 0n, WAD / 2n]],
        [{ minStake: 0n }, [Parameter.MinStake, 0n, 1n, 10_000n * ETM]],
        [{ unbondingBlocks: 0 }, [Parameter.UnbondingBlocks, 0n, 1n, BLOCKS_PER_YEAR]],
        [{ jailBlocks: 10_512_001 }, [Parameter.JailBlocks, 10_512_001n, 0n, BLOCKS_PER_YEAR]],
        [{ maxCommissionChange: WAD }, [Parameter.MaxCommissionChange, WAD, 0n, WAD / 2n]],
        [{ candidateCap: 3 }, [Parameter.CandidateCap, 3n, 4n, 1_500n]],
      ] as const;
      for (const [options, args] of cases) {
        await expect(
          deploySystem(options),
          JSON.stringify(options, (_k, v) => String(v)),
        )
          .to.be.revertedWithCustomError(factory, "ParameterOutOfRange")
          .withArgs(...args);
      }
    });

    it("rejects a zero token or a zero admin", async () => {
      const { token, admin, treasury } = await loadFixture(fundedSystemFixture);
      const factory = { interface: IStakingPool__factory.createInterface() };
      const config = {
        admin: admin.address,
        treasury: treasury.address,
        initialInflationWad: WAD / 10n,
        deltaWad: 0n,
        minStakeWei: ETM,
        minSelfStakeWei: 100n * ETM,
        unbondingBlocks: 100n,
        jailBlocks: 200n,
        maxCommissionWad: WAD / 2n,
        maxCommissionChangeWad: WAD / 10n,
        commissionDelayBlocks: 50n,
        candidateCap: 8n,
      };
      await expect(deployPoolImplementation(admin, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      // The implementation refuses a zero extension too (its token is read from the extension).
      await expect(
        new StakingPool__factory(await deployPoolLibraries(admin), admin).deploy(ethers.ZeroAddress),
      ).to.be.revertedWithCustomError(factory, "ZeroAddress");
      const tokenAddress = await token.getAddress();
      await expect(
        deployPoolProxy(admin, tokenAddress, { ...config, admin: ethers.ZeroAddress }),
      ).to.be.revertedWithCustomError(factory, "ZeroAddress");
      await expect(
        deployPoolProxy(admin, tokenAddress, { ...config, treasury: ethers.ZeroAddress }),
      ).to.be.revertedWithCustomError(factory, "ZeroAddress");
      // The StakeVotes implementation the pool's initializer puts behind its proxy.
      const init = IStakingPool__factory.createInterface().encodeFunctionData("initialize", [
        { ...config, votesImplementation: ethers.ZeroAddress },
      ]);
      const implementation = await deployPoolImplementation(admin, tokenAddress);
      await expect(
        new ERC1967Proxy__factory(admin).deploy(implementation, init),
      ).to.be.revertedWithCustomError(factory, "ZeroAddress");
      const pool = await deployPoolProxy(admin, tokenAddress, config);
      expect(await pool.treasury()).to.equal(treasury.address);
    });

    it("grants the admin the parameter, slasher and upgrader roles only", async () => {
      const { pool, admin } = await loadFixture(fundedSystemFixture);
      const { pool: fresh } = await deploySystem();
      for (const p of [pool, fresh]) {
        expect(await p.hasRole(await p.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
        expect(await p.hasRole(await p.PARAMETER_ROLE(), admin.address)).to.equal(true);
        expect(await p.hasRole(await p.SLASHER_ROLE(), admin.address)).to.equal(true);
        expect(await p.hasRole(await p.UPGRADER_ROLE(), admin.address)).to.equal(true);
        expect(await p.hasRole(await p.JAILER_ROLE(), admin.address)).to.equal(false);
        expect(await p.hasRole(await p.COLLECTOR_ROLE(), admin.address)).to.equal(false);
      }
    });
  });

  describe("dust minimums within the documented bounds", () => {
    // MinStake may be 1 wei and MinSelfStake anything >= MinStake (IStakingPool.Parameter). With a
    // total stake of 1,000 wei, one block of emission (~9 ETM) would raise the accumulator by
    // ~9e18 * 1e27 / 1e3 = 9e42 > 2^128 and overflow the uint128 fields. While the total stake is
    // zero or under supply / DUST_STAKE_DIVISOR, stakers earn nothing and the treasury takes the mint.
    it("an operator can always leave and get its deposit back (SAFETY: exit)", async () => {
      const { pool, lens, token, treasury, op0 } = await loadFixture(dustStakeFixture);
      expect(await lens.DUST_STAKE_DIVISOR()).to.equal(1_000_000n);
      expect((await pool.totalStaked()) * 1_000_000n).to.be.lessThan(await token.totalSupply());
      await mine(1);
      // The accumulator does not move while the stake is dust: nothing is owed to anyone.
      expect(await pool.rewardPerToken(PENDING)).to.equal(0n);
      expect(await pool.pendingReward(op0.address, op0.address, PENDING)).to.equal(0n);
      expect(await pool.pendingCommission(op0.address, PENDING)).to.equal(0n);
      const treasuryBefore = await token.balanceOf(treasury.address);
      const tx = await pool.connect(op0).deregisterValidator();
      await expect(tx).to.emit(pool, "ValidatorDeregistered").withArgs(op0.address);
      await expect(tx).not.to.emit(pool, "RewardPaid");
      const [accrued] = await accruedEvents(pool, tx);
      expect(accrued!.mintedWei).to.be.greaterThan(0n);
      expect(accrued!.toTreasuryWei).to.equal(accrued!.mintedWei);
      expect(accrued!.rewardPerTokenRay).to.equal(0n);
      expect(await token.balanceOf(treasury.address)).to.equal(treasuryBefore + accrued!.mintedWei);
      await mine(100);
      const before = await token.balanceOf(op0.address);
      await expect(pool.connect(op0).withdraw()).to.emit(pool, "Withdrawn").withArgs(op0.address, 1_000n, 1n);
      expect(await token.balanceOf(op0.address)).to.equal(before + 1_000n);
    });

    it("stakers earn nothing while the stake is dust (treasury takes the mint), again above supply/1e6", async () => {
      const { pool, token, treasury, op0, alice, poolAddress } = await loadFixture(dustStakeFixture);
      await mine(10);
      expect(await pool.rewardPerToken(PENDING)).to.equal(0n);
      expect(await pool.pendingCommission(op0.address, PENDING)).to.equal(0n);
      // Claims keep working: with nothing owed they revert NothingToClaim, not with an overflow.
      await expect(pool.connect(op0).claim(op0.address))
        .to.be.revertedWithCustomError(pool, "NothingToClaim")
        .withArgs(op0.address, op0.address);

      // Stake and unstake of dust keep working; every block's mint goes to the treasury.
      const dustCalls = [
        { call: () => pool.connect(alice).stake(op0.address, 1n), tokensIn: 1n },
        { call: () => pool.connect(alice).stake(op0.address, 999n), tokensIn: 999n },
        { call: () => pool.connect(alice).unstake(op0.address, 500n), tokensIn: 0n }, // now unbonding
        { call: () => pool.accrue(), tokensIn: 0n },
      ];
      for (const { call, tokensIn } of dustCalls) {
        await mine(5);
        const treasuryBefore = await token.balanceOf(treasury.address);
        const poolBefore = await token.balanceOf(poolAddress);
        const tx = await call();
        await expect(tx).not.to.emit(pool, "RewardPaid");
        const [accrued] = await accruedEvents(pool, tx);
        expect(accrued!.mintedWei).to.be.greaterThan(0n);
        expect([accrued!.toStakersWei, accrued!.toValidatorsWei]).to.deep.equal([0n, 0n]);
        expect(accrued!.toTreasuryWei).to.equal(accrued!.mintedWei);
        expect(accrued!.rewardPerTokenRay).to.equal(0n);
        expect(await token.balanceOf(treasury.address)).to.equal(treasuryBefore + accrued!.mintedWei);
        // The pool's balance moves only by the stake paid in, never by the mint.
        expect(await token.balanceOf(poolAddress)).to.equal(poolBefore + tokensIn);
      }
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(500n);
      expect(await pool.totalStaked()).to.equal(1_500n);
      expect(await pool.rewardPerToken()).to.equal(0n);
      expect(await pool.pendingReward(alice.address, op0.address, PENDING)).to.equal(0n);

      // Above supply / 1e6 stakers earn again, from the first accrual after the stake.
      const threshold = (await token.totalSupply()) / 1_000_000n;
      const amount = threshold + 10n * ETM;
      const raise = await pool.connect(alice).stake(op0.address, amount);
      const [last] = await accruedEvents(pool, raise);
      expect(last!.toTreasuryWei).to.equal(last!.mintedWei); // accrued on the dust stake before it
      expect((await pool.totalStaked()) * 1_000_000n).to.be.greaterThan(await token.totalSupply());
      await mine(10);
      const treasuryBefore = await token.balanceOf(treasury.address);
      const tx = await pool.accrue();
      const [earning] = await accruedEvents(pool, tx);
      expect(earning!.toTreasuryWei).to.equal(0n);
      expect(earning!.toStakersWei).to.equal(earning!.mintedWei);
      expect(earning!.rewardPerTokenRay).to.equal(
        mulDiv(earning!.mintedWei, 10n ** 27n, await pool.totalStaked()),
      );
      expect(await token.balanceOf(treasury.address)).to.equal(treasuryBefore);
      const reward = await pool.pendingReward(alice.address, op0.address, PENDING);
      expect(reward).to.be.greaterThan(0n);
      await expect(pool.connect(alice).claim(op0.address))
        .to.emit(pool, "RewardPaid")
        .withArgs(alice.address, op0.address, reward);
      // The operator's commission on alice's stake is claimable too.
      const commission = await pool.pendingCommission(op0.address, PENDING);
      expect(commission).to.be.greaterThan(0n);
      const own = await pool.pendingReward(op0.address, op0.address, PENDING);
      await expect(pool.connect(op0).claim(op0.address))
        .to.emit(pool, "RewardPaid")
        .withArgs(op0.address, op0.address, own + commission);
      expect(await pool.pendingCommission(op0.address)).to.equal(0n);
    });

    it("a near-100% slash that leaves dust bonded: the pool keeps working and the treasury takes the mint", async () => {
      const { pool, token, admin, treasury, op0, op1, alice, carol } = await loadFixture(validatorsFixture);
      await mine(10);
      // Slash both validators by 1 wei short of 100%: 1,800 and 3,000 wei stay bonded.
      await pool.connect(admin).slash(op0.address, WAD - 1n, await nextBlock(), ethers.ZeroHash);
      await pool.connect(admin).slash(op1.address, WAD - 1n, await nextBlock(), ethers.ZeroHash);
      expect(await pool.validatorStake(op0.address)).to.equal(1_800n);
      expect(await pool.validatorStake(op1.address)).to.equal(3_000n);
      expect(await pool.totalStaked()).to.equal(4_800n);
      const rewardPerToken = await pool.rewardPerToken();
      const aliceOwed = await pool.pendingReward(alice.address, op0.address);
      const carolOwed = await pool.pendingReward(carol.address, op1.address);
      const commissionOwed = await pool.pendingCommission(op0.address);
      const operatorOwed = await pool.pendingReward(op0.address, op0.address);
      expect(aliceOwed).to.be.greaterThan(0n);
      expect(commissionOwed).to.be.greaterThan(0n);

      // Blocks pass: nothing more is earned, the treasury takes every mint.
      await mine(50);
      expect(await pool.rewardPerToken(PENDING)).to.equal(rewardPerToken);
      expect(await pool.pendingReward(alice.address, op0.address, PENDING)).to.equal(aliceOwed);
      expect(await pool.pendingCommission(op0.address, PENDING)).to.equal(commissionOwed);
      expect(await pool.pendingReward(op0.address, op0.address, PENDING)).to.equal(operatorOwed);
      const treasuryBefore = await token.balanceOf(treasury.address);
      const [accrued] = await accruedEvents(pool, await pool.accrue());
      expect(accrued!.mintedWei).to.be.greaterThan(0n);
      expect(accrued!.toTreasuryWei).to.equal(accrued!.mintedWei);
      expect(accrued!.rewardPerTokenRay).to.equal(rewardPerToken);
      expect(await token.balanceOf(treasury.address)).to.equal(treasuryBefore + accrued!.mintedWei);

      // Rewards earned before the slash are paid; the slashed positions unstake and withdraw.
      await expect(pool.connect(alice).claim(op0.address))
        .to.emit(pool, "RewardPaid")
        .withArgs(alice.address, op0.address, aliceOwed);
      await expect(pool.connect(op0).claim(op0.address))
        .to.emit(pool, "RewardPaid")
        .withArgs(op0.address, op0.address, operatorOwed + commissionOwed);
      const aliceStake = await pool.stakeOf(alice.address, op0.address);
      expect(aliceStake).to.equal(500n);
      const unstake = await pool.connect(alice).unstake(op0.address, aliceStake);
      await expect(unstake)
        .to.emit(pool, "Unstaked")
        .withArgs(alice.address, op0.address, 500n, (await blockOf(unstake)) + 100n);
      await expect(pool.connect(carol).unstake(op1.address, 1_000n))
        .to.emit(pool, "RewardPaid")
        .withArgs(carol.address, op1.address, carolOwed);
      await expect(pool.connect(op1).deregisterValidator()).to.emit(pool, "ValidatorDeregistered");
      expect(await pool.totalStaked()).to.equal(1_300n);
      await mine(100);
      for (const [account, amount] of [
        [alice, 500n],
        [carol, 1_000n],
        [op1, 2_000n],
      ] as const) {
        const before = await token.balanceOf(account.address);
        await expect(pool.connect(account).withdraw())
          .to.emit(pool, "Withdrawn")
          .withArgs(account.address, amount, 1n);
        expect(await token.balanceOf(account.address)).to.equal(before + amount);
      }
      expect(await pool.rewardPerToken(PENDING)).to.equal(rewardPerToken);
    });
  });
});
