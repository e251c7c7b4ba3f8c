/**
 * Precision of the emission and of the reward split, measured against exact arithmetic:
 * - the supply after any accrual pattern (every block, once after a year, across a year boundary
 *   with a rate change) is within 1e-12 (relative) of the exact schedule B0 * prod (1 + ln(1+i)/n)^k;
 * - each position's rewards never exceed its exact share and are within 1e-9 (relative) or a few wei.
 * The exact reference uses 60-decimal fixed point. Measured errors are printed for the closing note.
 */
import { expect } from "chai";
import { registerValidator } from "../shared/signerProof";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deploySystem } from "../../scripts/deploy";
import { BLOCKS_PER_YEAR, WAD, mintBetween, InflationSchedule } from "../../lib/poolAccounting";
import { ETM } from "../shared/units";

const P = 10n ** 60n;

/** ln(1 + x), x in wad, 60-decimal fixed point (atanh series to 1e-60). */
function lnOnePlusExact(xWad: bigint): bigint {
  const x = (xWad * P) / WAD;
  const z = (x * P) / (2n * P + x);
  const z2 = (z * z) / P;
  let sum = 0n;
  let power = z;
  for (let d = 1n; power !== 0n; d += 2n) {
    sum += power / d;
    power = (power * z2) / P;
  }
  return 2n * sum;
}

function powExact(base: bigint, exponent: bigint): bigint {
  let result = P;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) / P;
    base = (base * base) / P;
    exponent >>= 1n;
  }
  return result;
}

/** Exact supply (60 decimals, in wei * P) after `blocks` blocks from the start of year 0. */
function exactSupplyScaled(initialSupply: bigint, ratesByYear: bigint[], blocks: bigint): bigint {
  let supply = initialSupply * P;
  for (let year = 0n; blocks > 0n; year++) {
    const inYear = blocks < BLOCKS_PER_YEAR ? blocks : BLOCKS_PER_YEAR;
    const rate = ratesByYear[Math.min(Number(year), ratesByYear.length - 1)];
    const perBlock = lnOnePlusExact(rate) / BLOCKS_PER_YEAR;
    supply = (supply * powExact(P + perBlock, inYear)) / P;
    blocks -= inYear;
  }
  return supply;
}

/** |actual - exact| / exact as a float, with exact given in wei * P. */
function relativeError(actualWei: bigint, exactScaled: bigint): number {
  const diff = actualWei * P - exactScaled;
  const abs = diff < 0n ? -diff : diff;
  return Number((abs * 10n ** 30n) / exactScaled) / 1e30;
}

const report: string[] = [];

async function stakedSystem() {
  const [admin, alice, bob, carol] = await hre.ethers.getSigners();
  const system = await deploySystem({ minSelfStake: 1_000n * ETM, commissionDelayBlocks: 0 });
  const { token, pool } = system;
  for (const user of [alice, bob, carol]) {
    await token.transfer(user.address, 1_000_000n * ETM);
    await token.connect(user).approve(await pool.getAddress(), hre.ethers.MaxUint256);
  }
  await registerValidator(pool, alice, alice.address, WAD / 10n, 100_000n * ETM);
  await pool.connect(bob).stake(alice.address, 250_000n * ETM);
  await pool.connect(carol).stake(alice.address, 3_333n * ETM + 7n);
  return { ...system, admin, alice, bob, carol };
}

describe("Emission precision against exact arithmetic", function () {
  this.timeout(0);

  after(() => {
    if (report.length) console.log(`\n    Measured precision:\n      ${report.join("\n      ")}`);
  });

  it("accrue every block (2,000 blocks): supply within 1e-12 of the exact schedule", async () => {
    const { token, pool, options } = await loadFixture(stakedSystem);
    const start = await pool.startBlock();
    for (let i = 0; i < 2_000; i++) await pool.accrue();
    const blocks = BigInt(await hre.ethers.provider.getBlockNumber()) - start;
    const error = relativeError(
      await token.totalSupply(),
      exactSupplyScaled(options.initialSupply, [WAD / 10n], blocks),
    );
    report.push(`every block for ${blocks} blocks: relative supply error ${error.toExponential(3)}`);
    expect(error).to.be.lessThan(1e-12);
  });

  // ~40 s of bigint steps: defined only in `npm run test:long` (ETM_PRECISION_LONG=1), not of the quick run.
  if (process.env.ETM_PRECISION_LONG)
    it("accrue every block for a whole year (contract arithmetic, mirrored): within 1e-12", () => {
      // 10,512,000 single-block accruals cannot be sent as transactions in a test; the model repeats the
      // contract's exact integer steps (checked equal to the chain by the property tests).
      const schedule = new InflationSchedule(WAD / 10n);
      let supply = 1_000_000_000n * ETM;
      const initial = supply;
      const started = Date.now();
      for (let block = 0n; block < BLOCKS_PER_YEAR; block++)
        supply += mintBetween(schedule, 0n, supply, block, block + 1n).mintedWei;
      const error = relativeError(supply, exactSupplyScaled(initial, [WAD / 10n], BLOCKS_PER_YEAR));
      report.push(
        `every block for one year (model of the contract's steps, ${Date.now() - started} ms): relative error ${error.toExponential(3)}`,
      );
      expect(error).to.be.lessThan(1e-12);
      // And the year's growth is 1 + i up to ~4e-10 (SPEC section 2).
      const growth = Number((supply * 10n ** 15n) / initial) / 1e15;
      expect(Math.abs(growth - 1.1)).to.be.lessThan(1e-9);
    });

  it("one accrual after a full year: within 1e-12; the year's growth is 1 + i", async () => {
    const { token, pool, options } = await loadFixture(stakedSystem);
    const start = await pool.startBlock();
    const now = BigInt(await hre.ethers.provider.getBlockNumber());
    await mine(start + BLOCKS_PER_YEAR - now - 1n);
    await pool.accrue();
    const supply = await token.totalSupply();
    const error = relativeError(
      supply,
      exactSupplyScaled(options.initialSupply, [WAD / 10n], BLOCKS_PER_YEAR),
    );
    report.push(`one accrual after exactly one year: relative error ${error.toExponential(3)}`);
    expect(error).to.be.lessThan(1e-12);
  });

  it("across a year boundary with a rate change, in uneven steps: within 1e-12", async () => {
    const { token, pool, options } = await loadFixture(stakedSystem);
    await pool.setInflationRate(1, (WAD * 4n) / 100n);
    await pool.setInflationRate(3, (WAD * 7n) / 100n);
    const start = await pool.startBlock();
    const steps = [BLOCKS_PER_YEAR - 1_000n, 999n, 2n, 5n, BLOCKS_PER_YEAR / 3n, BLOCKS_PER_YEAR * 2n, 17n];
    let target = start;
    for (const step of steps) {
      target += step;
      const now = BigInt(await hre.ethers.provider.getBlockNumber());
      if (target - now - 1n > 0n) await mine(target - now - 1n);
      await pool.accrue();
      target = BigInt(await hre.ethers.provider.getBlockNumber());
    }
    const blocks = target - start;
    const rates = [WAD / 10n, (WAD * 4n) / 100n, (WAD * 4n) / 100n, (WAD * 7n) / 100n];
    const error = relativeError(
      await token.totalSupply(),
      exactSupplyScaled(options.initialSupply, rates, blocks),
    );
    report.push(
      `uneven accruals over ${blocks} blocks, 4 years, rates 10/4/4/7%: relative error ${error.toExponential(3)}`,
    );
    expect(error).to.be.lessThan(1e-12);
  });

  it("each position's reward is within 1e-9 of its exact share, above it by less than a wei per settlement", async () => {
    const { pool, alice, bob, carol } = await loadFixture(stakedSystem);
    // Accruals at irregular intervals, some every block.
    for (const gap of [1, 1, 1, 7, 100, 12_345, 1, 999_999, 3]) {
      await mine(gap);
      await pool.accrue();
    }
    // Replay the pool's history exactly (rationals): each accrual's stakers' mint is shared pro rata
    // to the stake held at that moment; the delegators' part is (1 - commission).
    const accrued = await pool.queryFilter(pool.filters.Accrued());
    const staked = await pool.queryFilter(pool.filters.Staked());
    const history = [...accrued, ...staked].sort(
      (a, b) => a.blockNumber - b.blockNumber || a.index - b.index,
    );
    const stakeOf = new Map<string, bigint>();
    const exactScaledOf = new Map<string, bigint>(); // wei * P
    const commission = WAD / 10n;
    for (const event of history) {
      if (event.fragment.name === "Staked") {
        const [account, , amountWei] = event.args as unknown as [string, string, bigint];
        stakeOf.set(account, (stakeOf.get(account) ?? 0n) + amountWei);
        continue;
      }
      const toStakersWei = (event.args as unknown as { toStakersWei: bigint }).toStakersWei;
      const total = [...stakeOf.values()].reduce((a, b) => a + b, 0n);
      if (total === 0n) continue;
      for (const [account, stakeWei] of stakeOf) {
        const share = (toStakersWei * stakeWei * (WAD - commission) * P) / (total * WAD);
        exactScaledOf.set(account, (exactScaledOf.get(account) ?? 0n) + share);
      }
    }
    // Each settlement of the validator rounds its commission down (`mulDiv(earned, commission, WAD)`),
    // so what it credits to its delegators is up to 1 wei more than the exact (1 - commission) share
    // of what it earned (the operator's commission is that much less; together they never exceed
    // what was earned). A position can therefore be above its exact share by less than 1 wei per
    // settlement: one per stake on the validator (registration included), one for this preview.
    const settlements = BigInt(staked.length) + 1n;
    let worst = 0;
    for (const account of [alice.address, bob.address, carol.address]) {
      const exactScaled = exactScaledOf.get(account) ?? 0n;
      const pending = await pool.pendingReward(account, alice.address);
      expect(
        pending * P < exactScaled + settlements * P,
        `${account}: reward ${pending} above its exact share ${exactScaled / P} by a wei or more per settlement`,
      ).to.equal(true);
      const shortfallWei = pending * P > exactScaled ? 0n : (exactScaled - pending * P) / P;
      const relative = relativeError(pending, exactScaled);
      worst = Math.max(worst, relative);
      expect(
        relative < 1e-9 || shortfallWei <= 3n,
        `${account}: shortfall ${shortfallWei} wei (${relative})`,
      ).to.equal(true);
    }
    report.push(
      `position rewards vs exact share over ${accrued.length} accruals: worst relative shortfall ${worst.toExponential(3)}`,
    );
  });
});
