import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { HDNodeWallet } from "ethers";
import { ETM, WAD, deploySmallSystem } from "../shared/fixtures";
import { blockOf } from "../shared/poolHelpers";
import { registerValidator } from "../shared/signerProof";
import { UNDER_COVERAGE } from "../shared/coverage";
import { SWITCH_GRID_DIVISOR, commissionEffectiveBlock } from "../../lib/commission";

/** A delay long enough for a coarse grid: ceil(1,000 / 16) = 63 blocks. */
const DELAY_BLOCKS = 1_000n;
/**
 * Validators of the crowding attack: more than the 32 distinct switch blocks the old queue held.
 * Under coverage 12 reach the same lines (each transaction is traced there, ~5 s apiece).
 */
const CROWD = UNDER_COVERAGE ? 12 : 40;

/** Mines until the latest block is `block - 1`, so the next transaction runs in `block`. */
async function mineUntilNextIs(block: bigint) {
  const latest = BigInt(await ethers.provider.getBlockNumber());
  if (block - 1n > latest) await mine(block - 1n - latest);
}

/** The small system with a 1,000-block commission delay and CROWD + 1 funded, registered validators. */
async function crowdFixture() {
  const system = await deploySmallSystem({ commissionDelayBlocks: Number(DELAY_BLOCKS), candidateCap: 64 });
  const { pool, token, admin, poolAddress } = system;
  const operators: HDNodeWallet[] = [];
  for (let i = 0; i <= CROWD; i++) {
    const operator = ethers.Wallet.createRandom().connect(ethers.provider);
    await setBalance(operator.address, 10n ** 20n);
    await token.connect(admin).transfer(operator.address, 1_000n * ETM);
    await token.connect(operator).approve(poolAddress, ethers.MaxUint256);
    await registerValidator(pool, operator, ethers.Wallet.createRandom(), WAD / 10n, 1_000n * ETM);
    operators.push(operator);
  }
  return { ...system, crowd: operators.slice(0, CROWD), victim: operators[CROWD]!, alice: system.alice };
}

describe("StakingPool: nobody can block another validator's commission change", () => {
  it("the grid rule: exact for delays up to 16, then the first multiple of ceil(delay / 16)", () => {
    expect(commissionEffectiveBlock(100n, 0n)).to.equal(100n);
    expect(commissionEffectiveBlock(100n, 5n)).to.equal(105n);
    expect(commissionEffectiveBlock(100n, 16n)).to.equal(116n);
    // delay 17 -> grid 2: 117 rounds up to 118.
    expect(commissionEffectiveBlock(100n, 17n)).to.equal(118n);
    // delay 28,800 (one day) -> grid 1,800 (1.5 hours): 1,000 + 28,800 = 29,800 -> 30,600.
    expect(commissionEffectiveBlock(1_000n, 28_800n)).to.equal(30_600n);
    expect(commissionEffectiveBlock(30_600n - 28_800n, 28_800n)).to.equal(30_600n);
    // Never earlier than the delay, never later than delay + grid - 1.
    for (const delay of [17n, 50n, 1_000n, 28_800n, 201_600n]) {
      const grid = (delay + SWITCH_GRID_DIVISOR - 1n) / SWITCH_GRID_DIVISOR;
      for (const at of [0n, 1n, 7n, 12_345n, 999_999n]) {
        const effective = commissionEffectiveBlock(at, delay);
        expect(effective - at >= delay && effective - at < delay + grid, `${at}+${delay}`).to.equal(true);
        expect(effective % grid).to.equal(0n);
      }
    }
  });

  it(`${CROWD} validators rescheduling in ${CROWD} blocks share at most 17 switch blocks; a newcomer's change still lands exactly`, async () => {
    const { pool, crowd, victim, alice } = await loadFixture(crowdFixture);
    // The attack: one change per block, each validator in its own block (under the old shared queue
    // of 32 distinct blocks, the 33rd was refused and so was every honest validator after it).
    const effectiveBlocks = new Set<bigint>();
    for (const [i, operator] of crowd.entries()) {
      const tx = await pool.connect(operator).setCommission(i % 2 === 0 ? WAD / 20n : WAD / 5n);
      const effective = commissionEffectiveBlock(await blockOf(tx), DELAY_BLOCKS);
      await expect(tx)
        .to.emit(pool, "CommissionChangeScheduled")
        .withArgs(operator.address, i % 2 === 0 ? WAD / 20n : WAD / 5n, effective);
      effectiveBlocks.add(effective);
    }
    expect(effectiveBlocks.size).to.be.at.most(Number(SWITCH_GRID_DIVISOR) + 1);
    expect(effectiveBlocks.size).to.be.at.least(1);

    // Rescheduling again, every block, moves changes later but never widens the set beyond the bound.
    for (const operator of crowd.slice(0, 10)) {
      const tx = await pool.connect(operator).setCommission(WAD / 20n);
      effectiveBlocks.add(commissionEffectiveBlock(await blockOf(tx), DELAY_BLOCKS));
    }
    const span = [...effectiveBlocks].sort((a, b) => (a < b ? -1 : 1));
    const grid = (DELAY_BLOCKS + SWITCH_GRID_DIVISOR - 1n) / SWITCH_GRID_DIVISOR;
    expect(span.every((b) => b % grid === 0n)).to.equal(true);

    // The honest validator schedules after all that, and its change applies exactly at its block.
    const tx = await pool.connect(victim).setCommission(WAD / 5n);
    const effective = commissionEffectiveBlock(await blockOf(tx), DELAY_BLOCKS);
    await expect(tx)
      .to.emit(pool, "CommissionChangeScheduled")
      .withArgs(victim.address, WAD / 5n, effective);
    await pool.connect(alice).stake(victim.address, 10n * ETM);
    await mineUntilNextIs(effective - 1n);
    await expect(pool.connect(alice).claim(victim.address)).not.to.emit(pool, "CommissionChanged");
    await expect(pool.connect(alice).claim(victim.address))
      .to.emit(pool, "CommissionChanged")
      .withArgs(victim.address, WAD / 10n, WAD / 5n);
  });

  it("a crowd's switches crossed in one accrual are each recorded: every validator switches at its own block", async () => {
    const { pool, crowd } = await loadFixture(crowdFixture);
    const scheduled: { operator: HardhatEthersSigner | HDNodeWallet; effective: bigint }[] = [];
    for (const operator of crowd.slice(0, CROWD / 2)) {
      const tx = await pool.connect(operator).setCommission(WAD / 5n);
      scheduled.push({ operator, effective: commissionEffectiveBlock(await blockOf(tx), DELAY_BLOCKS) });
      await mine(30); // spread them over several grid cells
    }
    const last = scheduled[scheduled.length - 1]!.effective;
    await mineUntilNextIs(last + 10n);
    // One accrual crosses every switch; each validator's next settlement applies its own change.
    await pool.accrue();
    for (const { operator, effective } of scheduled) {
      const info = await pool.validatorInfo(operator.address);
      expect(info.commissionEffectiveBlock).to.equal(effective);
      await expect(pool.connect(operator).claim(operator.address))
        .to.emit(pool, "CommissionChanged")
        .withArgs(operator.address, WAD / 10n, WAD / 5n);
    }
  });
});
