/**
 * Gas of the staking pool's operations, each in a fresh block after at least one empty block, so
 * every figure includes the emission accrual (mint) that a real call pays.
 *
 *   npx hardhat run bench/pool.ts      (or `npm run bench` for every benchmark)
 */
import hre from "hardhat";
import { mine } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deploySystem } from "../scripts/deploy";
import { registerValidatorSigned } from "../scripts/lib/signerProof";
import { signPoolPermit } from "../lib/actions/permit";
import { ETM, WAD } from "../test/shared/units";
import { assertInProcessChain, benchWallet, gasOf, reportAndWriteBaseline } from "./lib";
import type { Measurement } from "./lib";

const BLOCKS_PER_YEAR = 10_512_000;

/** Measures the pool's operations and updates bench/pool-baseline.json. */
export async function benchPool(): Promise<void> {
  assertInProcessChain();
  const [admin, validatorA, validatorB, alice, bob, carol, dave] = await hre.ethers.getSigners();
  const system = await deploySystem({ unbondingBlocks: 100, commissionDelayBlocks: 10 });
  const { token, pool } = system;
  const poolAddress = await pool.getAddress();
  for (const user of [validatorA, validatorB, alice, bob, carol]) {
    await token.transfer(user.address, 1_000_000n * ETM);
    await token.connect(user).approve(poolAddress, hre.ethers.MaxUint256);
  }
  const measurements: Measurement[] = [];
  const measure = async (operation: string, conditions: string, send: () => Parameters<typeof gasOf>[0]) => {
    await mine(1); // a fresh block: the call pays the accrual of the blocks since the last one
    measurements.push({ operation, conditions, gasUsed: await gasOf(send()) });
  };

  await measure(
    "registerValidator (first)",
    "first validator, self-stake 10,000 ETM, nothing staked before",
    () => registerValidatorSigned(pool, validatorA, validatorA, WAD / 10n, 10_000n * ETM),
  );
  await measure("registerValidator", "second validator, pool already staked", () =>
    registerValidatorSigned(pool, validatorB, validatorB, WAD / 20n, 20_000n * ETM),
  );
  await measure("stake (new position)", "delegator's first stake, first-ever voting checkpoint", () =>
    pool.connect(alice).stake(validatorA.address, 1_000n * ETM),
  );
  await pool.connect(bob).stake(validatorA.address, 500n * ETM);
  await measure("stake (repeat)", "same position again; pending reward netted against the deposit", () =>
    pool.connect(alice).stake(validatorA.address, 1_000n * ETM),
  );
  // dave holds ETM and has never approved the pool: the permit and the stake in one transaction.
  await token.transfer(dave!.address, 1_000_000n * ETM);
  const permit = await signPoolPermit({ system, account: dave!.address, permitSigner: dave }, 1_000n * ETM);
  await measure(
    "stakeWithPermit (new position)",
    "no prior approve: the token's permit (nonce 0 -> 1, first allowance) and a first stake",
    () =>
      pool
        .connect(dave)
        .stakeWithPermit(validatorA.address, 1_000n * ETM, permit.deadline, permit.v, permit.r, permit.s),
  );
  await measure("claim", "delegator's reward", () => pool.connect(alice).claim(validatorA.address));
  await measure("claim (operator)", "operator's reward plus commission", () =>
    pool.connect(validatorA).claim(validatorA.address),
  );
  await measure("compound", "delegator restakes its reward", () =>
    pool.connect(alice).compound(validatorA.address),
  );
  await measure("unstake (partial)", "first unbonding entry of the account", () =>
    pool.connect(alice).unstake(validatorA.address, 300n * ETM),
  );
  await measure("unstake (partial, repeat)", "second entry; ring slot never used", () =>
    pool.connect(alice).unstake(validatorA.address, 300n * ETM),
  );
  await mine(100);
  await measure("withdraw (2 entries)", "two matured entries of one validator", () =>
    pool.connect(alice).withdraw(),
  );
  await measure("unstake (ring slot reused)", "entry slot written before (non-zero -> non-zero)", () =>
    pool.connect(alice).unstake(validatorA.address, 100n * ETM),
  );
  await mine(100);
  await measure("withdraw (1 entry)", "one matured entry", () => pool.connect(alice).withdraw());
  await measure("unstake (full exit)", "whole position of a delegator", () =>
    pool.connect(bob).unstake(validatorA.address, 500n * ETM),
  );
  await measure("accrue (1 block)", "nothing else since the previous block", () => pool.accrue());
  await mine(BLOCKS_PER_YEAR);
  await measure("accrue (1 year)", "first call after a whole year (crosses a year boundary)", () =>
    pool.accrue(),
  );
  // carol stakes with five validators: claim-all and compound-all walk her position list
  const extra = (await hre.ethers.getSigners()).slice(7, 10);
  for (const operator of extra) {
    await token.transfer(operator.address, 1_000_000n * ETM);
    await token.connect(operator).approve(poolAddress, hre.ethers.MaxUint256);
    await registerValidatorSigned(pool, operator, operator, WAD / 10n, 10_000n * ETM);
  }
  for (const validator of [validatorA, validatorB, ...extra])
    await pool.connect(carol).stake(validator.address, 1_000n * ETM);
  await mine(10);
  await measure("claimAll (5 positions)", "a delegator's rewards at five validators, one transfer", () =>
    pool.connect(carol).claimAll(),
  );
  await measure(
    "compoundAll (5 positions)",
    "the same five positions, each reward restaked to its validator",
    () => pool.connect(carol).compoundAll(),
  );
  await measure(
    "redelegate (existing destination position)",
    "carol moves 100 ETM from B to A, where she holds a position; her first redelegation entry",
    () => pool.connect(carol).redelegate(validatorB.address, validatorA.address, 100n * ETM),
  );
  await measure(
    "redelegate (new destination position)",
    "alice moves 100 ETM from A to a validator she has no position with; her first entry",
    () => pool.connect(alice).redelegate(validatorA.address, extra[0]!.address, 100n * ETM),
  );
  await measure(
    "unstake (1 maturing redelegation)",
    "alice unstakes at A with one redelegation entry to settle first (nothing owed)",
    () => pool.connect(alice).unstake(validatorA.address, 10n * ETM),
  );
  for (let i = 0; i < 6; ++i)
    await pool.connect(alice).redelegate(validatorA.address, extra[0]!.address, ETM);
  await measure(
    "unstake (7 maturing redelegations)",
    "the same with the most redelegation entries an account may have, none owing anything",
    () => pool.connect(alice).unstake(validatorA.address, 10n * ETM),
  );
  await measure("setCommission", "schedules a change after the delay", () =>
    pool.connect(validatorA).setCommission(WAD / 10n + WAD / 50n),
  );
  const infractionBlock = BigInt(await hre.ethers.provider.getBlockNumber()) - 50n;
  await measure(
    "slash (10%)",
    "slasher role; infraction 50 blocks ago, bonded stake and this epoch's unbonding burned, validator jailed",
    () =>
      pool.connect(admin).slash(validatorB.address, WAD / 10n, infractionBlock, hre.ethers.id("double-sign")),
  );
  await measure(
    "settleRedelegations (1 entry, slash owed)",
    "anyone settles carol's entry from B after B's 10% slash: 10 ETM burned from her position at A",
    () => pool.connect(bob).settleRedelegations(carol.address),
  );
  await measure("deregisterValidator", "self-stake into unbonding, unlisted", () =>
    pool.connect(validatorA).deregisterValidator(),
  );
  // Auto-compounding: carol's position at a fourth validator (1,000 ETM and its compounded rewards).
  const compounder = extra[1]!.address;
  await measure(
    "setCompounding (on)",
    "carol's 1,000 ETM position joins an empty compounding class; its pending reward paid",
    () => pool.connect(carol).setCompounding(compounder, true),
  );
  await measure(
    "settleValidator (class compounds)",
    "anyone settles the validator a block later: its class's reward bonded as new shares",
    () => pool.connect(bob).settleValidator(compounder),
  );
  await measure("stake (compounding position)", "carol stakes 100 ETM more into the class", () =>
    pool.connect(carol).stake(compounder, 100n * ETM),
  );
  await measure("unstake (compounding, partial)", "carol unstakes 10 ETM out of the class", () =>
    pool.connect(carol).unstake(compounder, 10n * ETM),
  );
  await measure(
    "setCompounding (off)",
    "carol's position leaves the class (its reward up to now bonded first), pays out again",
    () => pool.connect(carol).setCompounding(compounder, false),
  );
  // The switch alone: another account's transaction settled the validator (and the block's accrual)
  // earlier in the same block, as on a busy chain.
  const measureAfterSettlement = async (
    operation: string,
    conditions: string,
    send: () => Promise<Awaited<Parameters<typeof gasOf>[0]>>,
  ) => {
    await mine(1);
    await hre.network.provider.send("evm_setAutomine", [false]);
    try {
      await pool.connect(bob).settleValidator(compounder);
      const sent = await send();
      await mine(1);
      measurements.push({ operation, conditions, gasUsed: await gasOf(sent) });
    } finally {
      await hre.network.provider.send("evm_setAutomine", [true]);
    }
  };
  await measureAfterSettlement(
    "setCompounding (on, settled this block)",
    "the same switch after another transaction in the block accrued and settled the validator",
    () => pool.connect(carol).setCompounding(compounder, true),
  );
  await measureAfterSettlement(
    "setCompounding (off, settled this block)",
    "leaving the class after another transaction in the block accrued, settled and compounded it",
    () => pool.connect(carol).setCompounding(compounder, false),
  );

  await pool.connect(carol).setCompounding(compounder, true);
  await mine(10);
  await measure(
    "unstake (compounding, whole position)",
    "carol unstakes all of her compounding position: amount type(uint256).max, valued in the block",
    () => pool.connect(carol).unstake(compounder, hre.ethers.MaxUint256),
  );

  await measure("setInflationRate", "a future year", () =>
    pool.connect(admin).setInflationRate(3, WAD / 20n),
  );

  measurements.push(await slashAtTheBound());

  reportAndWriteBaseline(
    "pool",
    "Gas used by StakingPool operations (each in a fresh block, accrual included).",
    measurements,
  );
}

/**
 * The slash's bound: unbonding at its one-year maximum, an infraction exactly a year before the slash,
 * and a non-empty unbonding bucket in every slash epoch between them (365 buckets written, 366 read).
 */
async function slashAtTheBound(): Promise<Measurement> {
  const SLASH_EPOCH_BLOCKS = 28_800n;
  const [admin, operator] = await hre.ethers.getSigners();
  const system = await deploySystem({ unbondingBlocks: BLOCKS_PER_YEAR, commissionDelayBlocks: 10 });
  const { token, pool } = system;
  const poolAddress = await pool.getAddress();
  await token.transfer(operator!.address, 100_000n * ETM);
  await token.connect(operator).approve(poolAddress, hre.ethers.MaxUint256);
  await registerValidatorSigned(pool, operator!, operator!, WAD / 10n, 10_000n * ETM);
  // 23 delegators: 365 unbonding entries at 16 per account.
  const delegators = [];
  for (let i = 0; i < 23; ++i) {
    const wallet = benchWallet(`pool delegator ${i}`);
    await hre.network.provider.send("hardhat_setBalance", [wallet.address, "0x56BC75E2D63100000"]);
    await token.transfer(wallet.address, 1_000n * ETM);
    await token.connect(wallet).approve(poolAddress, hre.ethers.MaxUint256);
    await pool.connect(wallet).stake(operator!.address, 1_000n * ETM);
    delegators.push(wallet);
  }
  const latest = BigInt(await hre.ethers.provider.getBlockNumber());
  const infraction = (latest / SLASH_EPOCH_BLOCKS + 1n) * SLASH_EPOCH_BLOCKS; // first block of an epoch
  await mine(infraction - latest - 1n);
  for (let epoch = 0; epoch < 365; ++epoch) {
    const current = BigInt(await hre.ethers.provider.getBlockNumber()) + 1n;
    const target = infraction + BigInt(epoch) * SLASH_EPOCH_BLOCKS;
    if (target > current) await mine(target - current);
    await pool.connect(delegators[Math.floor(epoch / 16)]!).unstake(operator!.address, 10n * ETM);
  }
  // The last block the infraction is slashable in (the window is strict: H + unbondingBlocks - 1).
  const slashBlock = infraction + BigInt(BLOCKS_PER_YEAR) - 1n;
  await mine(slashBlock - BigInt(await hre.ethers.provider.getBlockNumber()) - 1n);
  return {
    operation: "slash (10%, at the bound)",
    conditions:
      "unbondingBlocks = 1 year, infraction in the window's last block, a non-empty unbonding bucket in each of " +
      "365 slash epochs (366 read)",
    gasUsed: await gasOf(
      pool.connect(admin).slash(operator!.address, WAD / 10n, infraction, hre.ethers.id("double-sign")),
    ),
  };
}

if (require.main === module) {
  benchPool().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
