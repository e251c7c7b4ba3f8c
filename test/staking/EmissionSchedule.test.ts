import { expect } from "chai";
import { registerValidator } from "../shared/signerProof";
import { ethers, network } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import {
  ETM,
  SIGNERS,
  WAD,
  deltaFixture,
  fundedSystemFixture,
  oneValidatorFixture,
  validatorsFixture,
} from "../shared/fixtures";
import {
  BLOCKS_PER_YEAR,
  RAY,
  REF,
  type ScheduleEntry,
  expRef,
  lnOnePlusRef,
  mulDiv,
  ratePerBlockRayFloor,
  relativeError,
  scheduleSupplyRef,
} from "../shared/emissionReference";
import {
  accruedEvents,
  blockOf,
  expectRevertNoChange,
  observed,
  Parameter,
  PENDING,
  nextBlock,
} from "../shared/poolHelpers";

type Context = Awaited<ReturnType<typeof fundedSystemFixture>>;

const TEN_PERCENT = WAD / 10n;

/** Mines until the latest block is `block - 1`, so the next transaction runs in `block`. */
async function mineUntilNextIs(block: bigint) {
  const latest = BigInt(await ethers.provider.getBlockNumber());
  if (block - 1n > latest) await mine(block - 1n - latest);
}

/** Supply and block right after the latest accrual (the latest block must have accrued). */
async function accrualPoint(ctx: Context) {
  await ctx.pool.accrue();
  return { supply: await ctx.token.totalSupply(), block: BigInt(await ethers.provider.getBlockNumber()) };
}

describe("EmissionSchedule (through StakingPool)", () => {
  describe("schedule views", () => {
    it("starts at the block that initialized the pool, with 10,512,000 blocks a year and 10% in year 0", async () => {
      const { pool, lens } = await loadFixture(fundedSystemFixture);
      const [initialized] = await pool.queryFilter(pool.filters.Initialized());
      expect(await pool.startBlock()).to.equal(BigInt(initialized!.blockNumber));
      // The pool's constants are published by the lens (the pool has no room for their getters).
      expect(await lens.BLOCKS_PER_YEAR()).to.equal(10_512_000n);
      expect(await lens.MAX_INFLATION()).to.equal(TEN_PERCENT);
      expect(await pool.inflationRate(0n)).to.equal(TEN_PERCENT);
      expect(await pool.inflationRate(1_000n)).to.equal(TEN_PERCENT);
      const schedule = await pool.inflationSchedule();
      expect(schedule.map((entry) => [...entry])).to.deep.equal([
        [0n, TEN_PERCENT, ratePerBlockRayFloor(TEN_PERCENT)],
      ]);
    });

    it("currentYear turns at startBlock + n * BLOCKS_PER_YEAR", async () => {
      const { pool } = await loadFixture(fundedSystemFixture);
      const start = await pool.startBlock();
      expect(await pool.currentYear()).to.equal(0n);
      await mine(start + BLOCKS_PER_YEAR - 1n - BigInt(await ethers.provider.getBlockNumber()));
      expect(await pool.currentYear()).to.equal(0n);
      await mine(1);
      expect(await pool.currentYear()).to.equal(1n);
      await mine(2n * BLOCKS_PER_YEAR);
      expect(await pool.currentYear()).to.equal(3n);
    });
  });

  describe("setInflationRate", () => {
    it("sets a future year and the years after it; earlier years keep their rate", async () => {
      const { pool, admin } = await loadFixture(fundedSystemFixture);
      const tx = await pool.connect(admin).setInflationRate(2n, WAD / 20n);
      await expect(tx)
        .to.emit(pool, "InflationRateSet")
        .withArgs(2n, WAD / 20n);
      expect(await accruedEvents(pool, tx)).to.have.length(1); // accrued at the old schedule first
      const rates = [];
      for (const year of [0n, 1n, 2n, 3n, 50n]) rates.push(await pool.inflationRate(year));
      expect(rates).to.deep.equal([TEN_PERCENT, TEN_PERCENT, WAD / 20n, WAD / 20n, WAD / 20n]);
    });

    it("inserts between set years, overwrites a set year, and keeps the schedule sorted", async () => {
      const { pool, admin } = await loadFixture(fundedSystemFixture);
      await pool.connect(admin).setInflationRate(5n, WAD / 50n); // 2% from year 5
      await pool.connect(admin).setInflationRate(2n, (WAD * 7n) / 100n); // 7% from year 2 (before)
      await pool.connect(admin).setInflationRate(3n, WAD / 25n); // 4% from year 3 (between)
      await pool.connect(admin).setInflationRate(9n, 0n); // 0% from year 9 (after)
      await pool.connect(admin).setInflationRate(5n, (WAD * 3n) / 100n); // overwrite year 5: 3%
      await pool.connect(admin).setInflationRate(1n, TEN_PERCENT); // the maximum, explicitly
      const expected: [bigint, bigint][] = [
        [0n, TEN_PERCENT],
        [1n, TEN_PERCENT],
        [2n, (WAD * 7n) / 100n],
        [3n, WAD / 25n],
        [5n, (WAD * 3n) / 100n],
        [9n, 0n],
      ];
      const schedule = await pool.inflationSchedule();
      expect(schedule.map((entry) => [...entry])).to.deep.equal(
        expected.map(([year, rate]) => [year, rate, ratePerBlockRayFloor(rate)]),
      );
      const byYear = [TEN_PERCENT, TEN_PERCENT, 7n, 4n, 4n, 3n, 3n, 3n, 3n, 0n, 0n].map((rate, year) =>
        year < 2 ? rate : (WAD * rate) / 100n,
      );
      for (const [year, rate] of byYear.entries()) {
        expect(await pool.inflationRate(BigInt(year)), `year ${year}`).to.equal(rate);
      }
    });

    it("reverts YearNotInFuture for the current and past years", async () => {
      const ctx = await loadFixture(fundedSystemFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.admin).setInflationRate(0n, WAD / 20n),
        ctx.pool,
        "YearNotInFuture",
        [0n, 0n],
      );
      await mine(BLOCKS_PER_YEAR);
      for (const year of [0n, 1n]) {
        await expectRevertNoChange(
          ctx,
          observed(ctx),
          () => ctx.pool.connect(ctx.admin).setInflationRate(year, WAD / 20n),
          ctx.pool,
          "YearNotInFuture",
          [year, 1n],
        );
      }
      await expect(ctx.pool.connect(ctx.admin).setInflationRate(2n, WAD / 20n)).to.emit(
        ctx.pool,
        "InflationRateSet",
      );
    });

    it("reverts InflationRateTooHigh above 10%", async () => {
      const ctx = await loadFixture(fundedSystemFixture);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.admin).setInflationRate(1n, TEN_PERCENT + 1n),
        ctx.pool,
        "InflationRateTooHigh",
        [TEN_PERCENT + 1n, TEN_PERCENT],
      );
    });

    it("reverts AccessControlUnauthorizedAccount without PARAMETER_ROLE", async () => {
      const ctx = await loadFixture(fundedSystemFixture);
      const role = await ctx.pool.PARAMETER_ROLE();
      expect(role).to.equal(ethers.id("PARAMETER_ROLE"));
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(ctx.outsider).setInflationRate(1n, WAD / 20n),
        ctx.pool,
        "AccessControlUnauthorizedAccount",
        [ctx.outsider.address, role],
      );
    });
  });

  describe("supply", () => {
    it("mints floor(B * i_n) for a single block", async () => {
      const ctx = await loadFixture(fundedSystemFixture);
      const { supply } = await accrualPoint(ctx);
      const tx = await ctx.pool.accrue();
      const [accrued] = await accruedEvents(ctx.pool, tx);
      expect(accrued!.mintedWei).to.equal(mulDiv(supply, ratePerBlockRayFloor(TEN_PERCENT), RAY));
      expect(await ctx.token.totalSupply()).to.equal(supply + accrued!.mintedWei);
    });

    it("totalSupply after accrue equals the closed-form schedule B * (1 + i_n)^k (1e-20 relative)", async () => {
      const ctx = await loadFixture(fundedSystemFixture);
      const schedule: ScheduleEntry[] = [{ fromYear: 0n, rateWad: TEN_PERCENT }];
      const start = await ctx.pool.startBlock();
      let point = await accrualPoint(ctx);
      for (const blocks of [1n, 2n, 100n, 28_800n, 1_000_000n]) {
        await mine(blocks - 1n);
        const tx = await ctx.pool.accrue();
        const [accrued] = await accruedEvents(ctx.pool, tx);
        expect(accrued!.fromBlock).to.equal(point.block);
        expect(accrued!.toBlock).to.equal(point.block + blocks);
        const expected = scheduleSupplyRef(point.supply, start, point.block, point.block + blocks, schedule);
        const actual = await ctx.token.totalSupply();
        expect(relativeError(actual * REF, expected), `${blocks} blocks`).to.be.below(1e-20);
        // Rounded down: never more than the schedule with the stored rate (beyond 1e-20).
        point = { supply: actual, block: point.block + blocks };
      }
    });

    it("splits at year boundaries, uses each year's rate and the last set rate for unset years", async () => {
      const ctx = await loadFixture(fundedSystemFixture);
      const { pool, admin } = ctx;
      await pool.connect(admin).setInflationRate(1n, WAD / 20n); // 5% in year 1 and 2
      await pool.connect(admin).setInflationRate(3n, WAD / 50n); // 2% from year 3
      const schedule: ScheduleEntry[] = [
        { fromYear: 0n, rateWad: TEN_PERCENT },
        { fromYear: 1n, rateWad: WAD / 20n },
        { fromYear: 3n, rateWad: WAD / 50n },
      ];
      const start = await pool.startBlock();
      const point = await accrualPoint(ctx);
      // One accrual over 3.5 years: four segments, each at its own year's rate.
      const target = start + (7n * BLOCKS_PER_YEAR) / 2n;
      await mineUntilNextIs(target);
      const tx = await pool.accrue();
      expect(await blockOf(tx)).to.equal(target);
      const actual = await ctx.token.totalSupply();
      const expected = scheduleSupplyRef(point.supply, start, point.block, target, schedule);
      expect(relativeError(actual * REF, expected)).to.be.below(1e-19);
      // Against the exact (not ray-rounded) per-block rates: well within SPEC's 1e-12.
      const exact = scheduleSupplyRef(point.supply, start, point.block, target, schedule, false);
      expect(relativeError(actual * REF, exact)).to.be.below(1e-18);
      // And against the annual rates themselves: 1.1 * 1.05^2 * 1.02^0.5, to 2e-9 (SPEC: 1 + i up to ~4e-10 a year).
      const annual = 1.1 * 1.05 ** 2 * Math.sqrt(1.02);
      const blocksBefore = point.block - start;
      const growth = Number((actual * 10n ** 18n) / point.supply) / 1e18;
      const priorGrowth = 1.1 ** (Number(blocksBefore) / 10_512_000);
      expect(growth * priorGrowth).to.be.closeTo(annual, 2e-9);
      expect(await pool.currentYear()).to.equal(3n);
    });

    it("mints the same supply however often accrue is called (1e-18 relative)", async () => {
      // Run 1: one accrual at the end.
      let ctx = await loadFixture(fundedSystemFixture);
      const start = await ctx.pool.startBlock();
      const end = start + 2n * BLOCKS_PER_YEAR + 12_345n;
      await mineUntilNextIs(end);
      await ctx.pool.accrue();
      const once = await ctx.token.totalSupply();
      // Run 2: 60 accruals every block, then yearly ones, crossing both year boundaries.
      ctx = await loadFixture(fundedSystemFixture);
      for (let i = 0; i < 60; ++i) await ctx.pool.accrue();
      for (const block of [
        start + BLOCKS_PER_YEAR - 1n,
        start + BLOCKS_PER_YEAR,
        start + 2n * BLOCKS_PER_YEAR + 1n,
      ]) {
        await mineUntilNextIs(block);
        await ctx.pool.accrue();
      }
      await mineUntilNextIs(end);
      await ctx.pool.accrue();
      const often = await ctx.token.totalSupply();
      expect(relativeError(often, once)).to.be.below(1e-18);
    });

    it("while nothing is staked the treasury receives the whole mint", async () => {
      const ctx = await loadFixture(fundedSystemFixture);
      const { pool, token, treasury } = ctx;
      const point = await accrualPoint(ctx);
      await mine(99);
      const before = await token.balanceOf(treasury.address);
      const tx = await pool.accrue();
      const [accrued] = await accruedEvents(pool, tx);
      await expect(tx)
        .to.emit(pool, "Accrued")
        .withArgs(point.block, point.block + 100n, accrued!.mintedWei, 0n, 0n, accrued!.mintedWei, 0n);
      expect(accrued!.mintedWei).to.be.greaterThan(0n);
      expect(await token.balanceOf(treasury.address)).to.equal(before + accrued!.mintedWei);
      expect(await pool.rewardPerToken()).to.equal(0n);
    });

    it("sends the mint to the treasury again once every position has left", async () => {
      const { pool, token, op0, alice, treasury } = await loadFixture(oneValidatorFixture);
      await pool.connect(alice).unstake(op0.address, 500n * ETM);
      await pool.connect(op0).deregisterValidator();
      expect(await pool.totalStaked()).to.equal(0n);
      const rewardPerToken = await pool.rewardPerToken();
      await mine(50);
      const before = await token.balanceOf(treasury.address);
      const tx = await pool.accrue();
      const [accrued] = await accruedEvents(pool, tx);
      expect(accrued!.toTreasuryWei).to.equal(accrued!.mintedWei);
      expect(await token.balanceOf(treasury.address)).to.equal(before + accrued!.mintedWei);
      expect(await pool.rewardPerToken()).to.equal(rewardPerToken);
    });

    it("accrue is idempotent within a block", async () => {
      const ctx = await loadFixture(fundedSystemFixture);
      await mine(10);
      await network.provider.send("evm_setAutomine", [false]);
      let first, second;
      try {
        first = await ctx.pool.accrue({ gasLimit: 500_000 });
        second = await ctx.pool.accrue({ gasLimit: 500_000 });
        await network.provider.send("evm_mine", []);
      } finally {
        await network.provider.send("evm_setAutomine", [true]);
      }
      expect(await blockOf(first)).to.equal(await blockOf(second));
      expect(await accruedEvents(ctx.pool, first)).to.have.length(1);
      expect(await accruedEvents(ctx.pool, second)).to.have.length(0);
      expect((await second.wait())!.logs).to.have.length(0);
    });

    it("mints nothing and emits nothing in a year at 0%", async () => {
      const ctx = await loadFixture(fundedSystemFixture);
      await ctx.pool.connect(ctx.admin).setInflationRate(1n, 0n);
      await mineUntilNextIs((await ctx.pool.startBlock()) + BLOCKS_PER_YEAR + 1n);
      await ctx.pool.accrue();
      const supply = await ctx.token.totalSupply();
      await mine(1_000);
      const tx = await ctx.pool.accrue();
      await expect(tx).not.to.emit(ctx.pool, "Accrued");
      expect(await ctx.token.totalSupply()).to.equal(supply);
    });

    it("total supply is initial + minted - burned", async () => {
      const { pool, token, admin, op0, options } = await loadFixture(validatorsFixture);
      await mine(100);
      await pool.connect(admin).slash(op0.address, WAD / 4n, await nextBlock(), ethers.ZeroHash);
      await mine(100);
      await pool.accrue();
      const events = await pool.queryFilter(pool.filters.Accrued(), 0);
      const minted = events.reduce((sum, event) => sum + event.args.mintedWei, 0n);
      const slashes = await pool.queryFilter(pool.filters.Slashed(), 0);
      const burned = slashes.reduce((sum, e) => sum + e.args.bondedBurnedWei + e.args.unbondingBurnedWei, 0n);
      expect(burned).to.equal(450n * ETM);
      expect(await token.totalSupply()).to.equal(options.initialSupply + minted - burned);
    });
  });

  describe("reward per token", () => {
    it("grows by floor(toStakers * RAY / S) at each accrual and never decreases", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice, bob, carol } = ctx;
      let last = await pool.rewardPerToken();
      let stored = last; // the fixture's last transaction accrued in the latest block
      const steps: (() => Promise<unknown>)[] = [
        () => mine(10),
        () => pool.connect(alice).stake(op1.address, 20n * ETM),
        () => pool.connect(bob).unstake(op0.address, 300n * ETM),
        async () => pool.connect(admin).slash(op1.address, WAD / 3n, await nextBlock(), ethers.ZeroHash),
        () => pool.connect(admin).setParameter(Parameter.Delta, WAD / 2n),
        () => mine(1_000),
        () => pool.connect(op0).deregisterValidator(),
        () => pool.connect(carol).claim(op1.address),
        async () => pool.connect(admin).slash(op1.address, WAD, await nextBlock(), ethers.ZeroHash),
        () => pool.connect(alice).unstake(op0.address, 500n * ETM),
        () => mine(10),
      ];
      for (const step of steps) {
        const stakedBefore = await pool.totalStaked();
        const result = await step();
        const now = await pool.rewardPerToken();
        expect(now).to.be.greaterThanOrEqual(last);
        if (result && typeof result === "object" && "wait" in result) {
          const tx = result as Awaited<ReturnType<typeof pool.accrue>>;
          for (const accrued of await accruedEvents(pool, tx)) {
            if (stakedBefore === 0n) continue;
            expect(accrued.rewardPerTokenRay - stored).to.equal(
              mulDiv(accrued.toStakersWei, RAY, stakedBefore),
            );
            stored = accrued.rewardPerTokenRay;
          }
        }
        last = now;
      }
      // Everything left: S = 0, and the accumulator stays where it was.
      expect(await pool.totalStaked()).to.equal(0n);
      await mine(100);
      expect(await pool.rewardPerToken()).to.equal(last);
    });
  });

  describe("estimatedAPY", () => {
    /** (1 + i)^((1 - delta) * B / S) - 1 in wad, from the 70-digit reference. */
    function apyRef(rateWad: bigint, deltaWad: bigint, supply: bigint, staked: bigint) {
      const exponentLn = (lnOnePlusRef(rateWad) * (WAD - deltaWad) * supply) / (WAD * staked);
      return ((expRef(exponentLn) - REF) * WAD) / REF;
    }

    it("is type(uint256).max while nothing is staked", async () => {
      const { pool } = await loadFixture(fundedSystemFixture);
      expect(await pool.estimatedAPY()).to.equal(ethers.MaxUint256);
    });

    it("is (1 + i)^(B / S) - 1 within 1e-12 of a bigint and a float reference", async () => {
      const { pool, token, admin, op0 } = await loadFixture(oneValidatorFixture);
      await token.connect(admin).approve(await pool.getAddress(), ethers.MaxUint256);
      await registerValidator(pool, admin, SIGNERS[8]!, 0n, 300_000_000n * ETM);
      for (const extra of [0n, 123_456_789n * ETM]) {
        if (extra) await pool.connect(admin).stake(admin.address, extra);
        await mine(7);
        // The view counts the mint pending up to its block: read it on the pending block, then
        // accrue in that very block, so B is the supply right after.
        const apy = await pool.estimatedAPY(PENDING);
        await pool.accrue();
        const supply = await token.totalSupply();
        const staked = await pool.totalStaked();
        const reference = apyRef(TEN_PERCENT, 0n, supply, staked);
        expect(relativeError(apy, reference), `S = ${staked}`).to.be.below(1e-12);
        const float = 1.1 ** (Number(supply) / Number(staked)) - 1;
        expect(Math.abs(Number(apy) / 1e18 - float) / float).to.be.below(1e-12);
        expect(apy).to.be.greaterThan(TEN_PERCENT);
      }
      expect(await pool.stakeOf(op0.address, op0.address)).to.equal(1_000n * ETM);
    });

    it("uses (1 - delta) in the exponent and the current year's rate", async () => {
      const { pool, token, admin } = await loadFixture(deltaFixture);
      await token.connect(admin).approve(await pool.getAddress(), ethers.MaxUint256);
      await registerValidator(pool, admin, SIGNERS[8]!, 0n, 400_000_000n * ETM);
      await pool.connect(admin).setInflationRate(1n, WAD / 25n);
      const apy = await pool.estimatedAPY();
      const supply = await token.totalSupply();
      const staked = await pool.totalStaked();
      expect(relativeError(apy, apyRef(TEN_PERCENT, WAD / 5n, supply, staked))).to.be.below(1e-12);
      // In year 1 the rate is 4%.
      await mineUntilNextIs((await pool.startBlock()) + BLOCKS_PER_YEAR);
      await pool.accrue();
      const apy1 = await pool.estimatedAPY();
      const supply1 = await token.totalSupply();
      expect(relativeError(apy1, apyRef(WAD / 25n, WAD / 5n, supply1, staked))).to.be.below(1e-12);
    });

    it("saturates at type(uint256).max when ln(1 + i) * (1 - delta) * B / S exceeds 131", async () => {
      const { pool } = await loadFixture(validatorsFixture);
      // B / S = 1e9 / 4,800: far beyond the exponent e^131 can hold.
      expect(await pool.estimatedAPY()).to.equal(ethers.MaxUint256);
    });

    it("is 0 in a year at 0% inflation", async () => {
      const { pool, admin } = await loadFixture(validatorsFixture);
      await pool.connect(admin).setInflationRate(1n, 0n);
      await mineUntilNextIs((await pool.startBlock()) + BLOCKS_PER_YEAR);
      expect(await pool.estimatedAPY(PENDING)).to.equal(0n);
    });
  });

  describe("delta share and collectValidatorRewards", () => {
    it("sets aside floor(minted * delta) at each accrual and pays it to the collector", async () => {
      const { pool, token, election, op0, alice } = await loadFixture(deltaFixture);
      await mine(100);
      await pool.connect(alice).claim(op0.address);
      await mine(100);
      const owed = await pool.validatorRewardsOwed(PENDING);
      const before = await token.balanceOf(election.address);
      expect(await pool.connect(election).collectValidatorRewards.staticCall(PENDING)).to.equal(owed);
      const tx = await pool.connect(election).collectValidatorRewards();
      await expect(tx).to.emit(pool, "ValidatorRewardsCollected").withArgs(election.address, owed);
      expect(await token.balanceOf(election.address)).to.equal(before + owed);
      expect(await pool.validatorRewardsOwed()).to.equal(0n);

      let sum = 0n;
      for (const event of await pool.queryFilter(pool.filters.Accrued(), 0)) {
        const { mintedWei, toStakersWei, toValidatorsWei, toTreasuryWei } = event.args;
        if (toTreasuryWei !== 0n) {
          // Nothing staked (before the first registration): no delta share.
          expect([toStakersWei, toValidatorsWei, toTreasuryWei]).to.deep.equal([0n, 0n, mintedWei]);
          continue;
        }
        expect(toValidatorsWei).to.equal(mulDiv(mintedWei, WAD / 5n, WAD));
        expect(toStakersWei).to.equal(mintedWei - toValidatorsWei);
        sum += toValidatorsWei;
      }
      expect(owed).to.equal(sum);
      expect(sum).to.be.greaterThan(0n);
    });

    it("collects 0 without a transfer when delta is 0", async () => {
      const { pool, token, election } = await loadFixture(validatorsFixture);
      await mine(10);
      const tx = await pool.connect(election).collectValidatorRewards();
      await expect(tx).to.emit(pool, "ValidatorRewardsCollected").withArgs(election.address, 0n);
      const transfers = await token.queryFilter(
        token.filters.Transfer(await pool.getAddress()),
        tx.blockNumber!,
      );
      expect(transfers).to.have.length(0);
    });

    it("reverts AccessControlUnauthorizedAccount without COLLECTOR_ROLE (the admin does not hold it)", async () => {
      const ctx = await loadFixture(fundedSystemFixture);
      const role = await ctx.pool.COLLECTOR_ROLE();
      expect(role).to.equal(ethers.id("COLLECTOR_ROLE"));
      for (const caller of [ctx.outsider, ctx.admin]) {
        await expectRevertNoChange(
          ctx,
          observed(ctx),
          () => ctx.pool.connect(caller).collectValidatorRewards(),
          ctx.pool,
          "AccessControlUnauthorizedAccount",
          [caller.address, role],
        );
      }
    });
  });
});
