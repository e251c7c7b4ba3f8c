/**
 * A slash names the block of the infraction and follows the stake bonded then (issue 13, item 1):
 * stake that leaves after the infraction still pays from its unbonding bucket, stake bonded after it
 * does not raise the slash, stake unbonded in an earlier slash epoch pays nothing, and evidence older
 * than the unbonding period (or from the future) is refused. validatorsFixture: op0 has 1,000 ETM of
 * self-stake, alice 500 and bob 300 delegated (1,800 bonded); op1 3,000 (carol's 1,000 included).
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { ETM, WAD, validatorsFixture } from "../shared/fixtures";
import { blockOf, expectRevertNoChange, nextBlock, observed, Parameter } from "../shared/poolHelpers";

const REASON = ethers.encodeBytes32String("double-sign");
const SLASH_EPOCH_BLOCKS = 28_800n;

/** validatorsFixture with an unbonding period of 60,000 blocks (a little over two slash epochs). */
async function longUnbondingFixture() {
  const ctx = await validatorsFixture();
  await ctx.pool.connect(ctx.admin).setParameter(Parameter.UnbondingBlocks, 60_000n);
  return ctx;
}

/** Mines until the latest block is the last one of its slash epoch (the next block starts a new one). */
async function mineToEpochEnd(): Promise<void> {
  const latest = BigInt(await ethers.provider.getBlockNumber());
  const lastOfEpoch = (latest / SLASH_EPOCH_BLOCKS + 1n) * SLASH_EPOCH_BLOCKS - 1n;
  if (lastOfEpoch > latest) await mine(lastOfEpoch - latest);
}

/** The Slashed event's burned amounts of `tx`. */
async function burnedBy(ctx: Awaited<ReturnType<typeof longUnbondingFixture>>, tx: { hash: string }) {
  const receipt = (await ethers.provider.getTransactionReceipt(tx.hash))!;
  const event = receipt.logs
    .map((log) => ctx.pool.interface.parseLog(log))
    .find((parsed) => parsed?.name === "Slashed")!;
  return { bonded: event.args.bondedBurnedWei as bigint, unbonding: event.args.unbondingBurnedWei as bigint };
}

describe("StakingPool: a slash follows the stake bonded at the infraction", () => {
  it("everyone who leaves after the infraction still pays: 1,800 ETM unbonded, half of it burned", async () => {
    const ctx = await loadFixture(longUnbondingFixture);
    const { pool, token, admin, op0, alice, bob } = ctx;
    const infraction = BigInt(await ethers.provider.getBlockNumber());
    // The validator and its delegators see it coming and leave at once, a block after the infraction.
    await pool.connect(op0).deregisterValidator();
    await pool.connect(alice).unstake(op0.address, 500n * ETM);
    await pool.connect(bob).unstake(op0.address, 300n * ETM);
    expect(await pool.validatorStake(op0.address)).to.equal(0n);
    // The slash arrives two slash epochs later, still inside the unbonding period.
    await mine(2n * SLASH_EPOCH_BLOCKS);
    const tx = await pool.connect(admin).slash(op0.address, WAD / 2n, infraction, REASON);
    expect(await burnedBy(ctx, tx)).to.deep.equal({ bonded: 0n, unbonding: 900n * ETM });
    expect((await pool.validatorInfo(op0.address)).unbondingWei).to.equal(900n * ETM);
    await mine(60_000n);
    for (const [who, left] of [
      [op0, 500n * ETM],
      [alice, 250n * ETM],
      [bob, 150n * ETM],
    ] as const) {
      const before = await token.balanceOf(who.address);
      await pool.connect(who).withdraw();
      expect(await token.balanceOf(who.address)).to.equal(before + left);
    }
    expect((await pool.validatorInfo(op0.address)).unbondingWei).to.equal(0n);
  });

  it("stake bonded after the infraction does not raise the slash: 10% of the 1,800 ETM bonded then, spread over all", async () => {
    const { pool, admin, op0, alice, carol } = await loadFixture(longUnbondingFixture);
    const infraction = BigInt(await ethers.provider.getBlockNumber());
    await pool.connect(carol).stake(op0.address, 1_800n * ETM);
    expect(await pool.validatorStake(op0.address)).to.equal(3_600n * ETM);
    const tx = await pool.connect(admin).slash(op0.address, WAD / 10n, infraction, REASON);
    await expect(tx)
      .to.emit(pool, "Slashed")
      .withArgs(
        op0.address,
        WAD / 10n,
        infraction,
        180n * ETM, // not 360: carol's stake came after
        0n,
        REASON,
        (await blockOf(tx)) + 200n,
      );
    // Pro rata (as Cosmos): every bonded token pays 180 / 3,600 = 5%.
    expect(await pool.validatorStake(op0.address)).to.equal(3_420n * ETM);
    expect(await pool.stakeOf(alice.address, op0.address)).to.equal(475n * ETM);
    expect(await pool.stakeOf(carol.address, op0.address)).to.equal(1_710n * ETM);
  });

  it("the stake at the infraction is the stake the block before it was produced on: stake bonded in that block does not count", async () => {
    const ctx = await loadFixture(longUnbondingFixture);
    const { pool, admin, op0, carol } = ctx;
    const stakeTx = await pool.connect(carol).stake(op0.address, 1_800n * ETM);
    const tx = await pool.connect(admin).slash(op0.address, WAD / 10n, await blockOf(stakeTx), REASON);
    expect(await burnedBy(ctx, tx)).to.deep.equal({ bonded: 180n * ETM, unbonding: 0n });
  });

  it("stake unbonded in an earlier slash epoch pays nothing; stake unbonded earlier in the infraction's epoch pays (one-epoch granularity)", async () => {
    const ctx = await loadFixture(longUnbondingFixture);
    const { pool, token, admin, op0, alice, bob } = ctx;
    await mineToEpochEnd();
    await pool.connect(bob).unstake(op0.address, 300n * ETM); // first block of an epoch
    await mineToEpochEnd();
    await pool.connect(alice).unstake(op0.address, 200n * ETM); // first block of the next epoch
    await mine(10);
    const infraction = BigInt(await ethers.provider.getBlockNumber());
    expect((await nextBlock()) / SLASH_EPOCH_BLOCKS).to.equal(infraction / SLASH_EPOCH_BLOCKS);
    const tx = await pool.connect(admin).slash(op0.address, WAD / 10n, infraction, REASON);
    // Bonded at the infraction: 1,300 ETM (10% = 130). Alice's 200 left in the infraction's epoch,
    // before it: it pays too (20); bob's 300 left the epoch before: untouched.
    expect(await burnedBy(ctx, tx)).to.deep.equal({ bonded: 130n * ETM, unbonding: 20n * ETM });
    const [, , amounts] = await pool.unbondingOf(bob.address);
    expect(amounts).to.deep.equal([300n * ETM]);
    expect((await pool.unbondingOf(alice.address))[2]).to.deep.equal([180n * ETM]);
    await mine(60_000n);
    const before = await token.balanceOf(bob.address);
    await pool.connect(bob).withdraw();
    expect(await token.balanceOf(bob.address)).to.equal(before + 300n * ETM);
  });

  it("two slashes of one infraction compose: each takes its fraction of what is left of both parts", async () => {
    const ctx = await loadFixture(longUnbondingFixture);
    const { pool, admin, op0, alice } = ctx;
    const infraction = BigInt(await ethers.provider.getBlockNumber());
    await pool.connect(alice).unstake(op0.address, 500n * ETM);
    const first = await pool.connect(admin).slash(op0.address, WAD / 10n, infraction, REASON);
    // 1,300 ETM still bonded of the 1,800 bonded then: 130; alice's 500 in the bucket: 50.
    expect(await burnedBy(ctx, first)).to.deep.equal({ bonded: 130n * ETM, unbonding: 50n * ETM });
    const second = await pool.connect(admin).slash(op0.address, WAD / 10n, infraction, REASON);
    // The second slash of the same infraction takes 10% of what is left of each part.
    expect(await burnedBy(ctx, second)).to.deep.equal({ bonded: 117n * ETM, unbonding: 45n * ETM });
  });

  it("evidence unbondingBlocks - 1 old is taken; unbondingBlocks old is refused with InfractionTooOld and changes nothing", async () => {
    const ctx = await loadFixture(longUnbondingFixture);
    const { pool, admin, op0 } = ctx;
    const infraction = BigInt(await ethers.provider.getBlockNumber());
    await pool.connect(ctx.bob).unstake(op0.address, 300n * ETM);
    await mine(60_000n - 3n); // the next block is infraction + 59,999
    expect(await nextBlock()).to.equal(infraction + 59_999n);
    const taken = await pool.connect(admin).slash(op0.address, WAD / 10n, infraction, REASON);
    expect(await burnedBy(ctx, taken)).to.deep.equal({ bonded: 150n * ETM, unbonding: 30n * ETM });
    // In block infraction + 60,000 an entry unstaked in the infraction's block would be withdrawable:
    // a withdrawal ordered before the slash would escape it, so the slash is too late there.
    await expectRevertNoChange(
      ctx,
      observed(ctx),
      () => pool.connect(admin).slash(op0.address, WAD / 10n, infraction, REASON),
      pool,
      "InfractionTooOld",
      [infraction, infraction + 1n],
    );
  });

  it("stake bonded and unstaked in the infraction's own block cannot be withdrawn before the last slashable block, and pays", async () => {
    const ctx = await loadFixture(longUnbondingFixture);
    const { pool, admin, op0, carol } = ctx;
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      await pool.connect(carol).stake(op0.address, 1_800n * ETM);
      await pool.connect(carol).unstake(op0.address, 1_800n * ETM);
      await mine(1);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    const infraction = BigInt(await ethers.provider.getBlockNumber());
    const [, maturities] = await pool.unbondingOf(carol.address);
    expect(maturities).to.deep.equal([infraction + 60_000n]);
    await mine(60_000n - 2n); // the next block is the last in which the infraction can be slashed
    await expect(pool.connect(carol).withdraw.staticCall()).to.be.revertedWithCustomError(
      pool,
      "NothingToWithdraw",
    );
    const tx = await pool.connect(admin).slash(op0.address, WAD / 10n, infraction, REASON);
    // 10% of the 1,800 ETM bonded at the infraction, exactly: stake unbonded since the infraction pays
    // first (carol's round trip, in its bucket), the bonded stake only the rest (here nothing), as in
    // Cosmos, where the unbonding entries created after the infraction are slashed first.
    expect(await burnedBy(ctx, tx)).to.deep.equal({ bonded: 0n, unbonding: 180n * ETM });
  });

  it("refuses an infraction block after the current block with InfractionInFuture, changing nothing", async () => {
    const ctx = await loadFixture(longUnbondingFixture);
    const block = await nextBlock();
    await expectRevertNoChange(
      ctx,
      observed(ctx),
      () => ctx.pool.connect(ctx.admin).slash(ctx.op0.address, WAD / 10n, block + 1n, REASON),
      ctx.pool,
      "InfractionInFuture",
      [block + 1n, block],
    );
  });

  it("a 100% slash tombstones: it burns all the bonded stake and the buckets from the infraction's epoch, not earlier ones", async () => {
    const ctx = await loadFixture(longUnbondingFixture);
    const { pool, admin, op0, bob, carol } = ctx;
    await mineToEpochEnd();
    await pool.connect(bob).unstake(op0.address, 300n * ETM);
    await mine(SLASH_EPOCH_BLOCKS);
    const infraction = BigInt(await ethers.provider.getBlockNumber());
    await pool.connect(carol).stake(op0.address, 100n * ETM);
    const tx = await pool.connect(admin).slash(op0.address, WAD, infraction, REASON);
    expect(await burnedBy(ctx, tx)).to.deep.equal({ bonded: 1_600n * ETM, unbonding: 0n });
    expect((await pool.unbondingOf(bob.address))[2]).to.deep.equal([300n * ETM]);
    expect(await pool.stakeOf(carol.address, op0.address)).to.equal(0n);
  });
});
