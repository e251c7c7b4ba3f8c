/**
 * A pool upgraded from the version before slash epochs: unbonding entries without an epoch stay in
 * their validator's legacy pool (valued, withdrawn and slashed as before), and a validator without a
 * stake history is judged on its stake now until its first change seeds the history. The state is
 * recreated by LegacyUnbondingPoolMock (the pool plus two test-only functions), upgraded into the
 * proxy. validatorsFixture: op0 has 1,000 ETM of self-stake, alice 500 and bob 300 delegated.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { ETM, WAD, validatorsFixture } from "../shared/fixtures";
import { nextBlock } from "../shared/poolHelpers";
import { deployPoolLibraries } from "../../scripts/deploy/proxies";
import type { LegacyUnbondingPoolMock } from "../../typechain-types";

const REASON = ethers.encodeBytes32String("double-sign");

async function legacyFixture() {
  const ctx = await validatorsFixture();
  const { pool, admin } = ctx;
  const links = await deployPoolLibraries(admin);
  const short = Object.fromEntries(
    Object.entries(links as unknown as Record<string, string>).map(([key, address]) => [
      key.split(":")[1]!,
      address,
    ]),
  );
  const factory = await ethers.getContractFactory("LegacyUnbondingPoolMock", {
    libraries: { ValidatorLogic: short.ValidatorLogic!, UnbondingLogic: short.UnbondingLogic! },
    signer: admin,
  });
  const implementation = await factory.deploy(await pool.extension());
  await pool.connect(admin).upgradeToAndCall(await implementation.getAddress(), "0x");
  const mock = factory.attach(await pool.getAddress()) as LegacyUnbondingPoolMock;
  return { ...ctx, mock };
}

/** The Slashed event's burned amounts of `tx`. */
async function burnedBy(
  pool: { interface: { parseLog: typeof ethers.Interface.prototype.parseLog } },
  tx: { hash: string },
) {
  const receipt = (await ethers.provider.getTransactionReceipt(tx.hash))!;
  const event = receipt.logs.map((log) => pool.interface.parseLog(log)).find((e) => e?.name === "Slashed")!;
  return { bonded: event.args.bondedBurnedWei as bigint, unbonding: event.args.unbondingBurnedWei as bigint };
}

describe("StakingPool: unbonding and stake from before slash epochs (an upgraded pool)", () => {
  it("a legacy entry keeps its value, is slashed with its validator's legacy pool and withdraws what is left", async () => {
    const { pool, token, admin, mock, op0, alice } = await loadFixture(legacyFixture);
    await pool.connect(alice).unstake(op0.address, 100n * ETM);
    await mock.makeLegacy(alice.address, op0.address);
    expect((await pool.unbondingOf(alice.address))[2]).to.deep.equal([100n * ETM]);
    expect((await pool.validatorInfo(op0.address)).unbondingWei).to.equal(100n * ETM);
    // A legacy pool pays the fraction whatever the infraction block (the rule before epochs).
    const tx = await pool.connect(admin).slash(op0.address, WAD / 10n, await nextBlock(), REASON);
    expect(await burnedBy(pool, tx)).to.deep.equal({ bonded: 170n * ETM, unbonding: 10n * ETM });
    expect((await pool.unbondingOf(alice.address))[2]).to.deep.equal([90n * ETM]);
    await mine(100);
    const before = await token.balanceOf(alice.address);
    await pool.connect(alice).withdraw();
    expect(await token.balanceOf(alice.address)).to.equal(before + 90n * ETM);
    expect((await pool.validatorInfo(op0.address)).unbondingWei).to.equal(0n);
  });

  it("a tombstone voids the legacy pool's shares: its entries withdraw nothing", async () => {
    const { pool, token, admin, mock, op0, bob } = await loadFixture(legacyFixture);
    await pool.connect(bob).unstake(op0.address, 300n * ETM);
    await mock.makeLegacy(bob.address, op0.address);
    const tx = await pool.connect(admin).slash(op0.address, WAD, await nextBlock(), REASON);
    expect(await burnedBy(pool, tx)).to.deep.equal({ bonded: 1_500n * ETM, unbonding: 300n * ETM });
    expect((await pool.unbondingOf(bob.address))[2]).to.deep.equal([0n]);
    await mine(100);
    const before = await token.balanceOf(bob.address);
    await expect(pool.connect(bob).withdraw()).to.emit(pool, "Withdrawn").withArgs(bob.address, 0n, 1n);
    expect(await token.balanceOf(bob.address)).to.equal(before);
  });

  it("a validator without a history is judged on its stake now; its first change seeds the history with its stake before", async () => {
    const { pool, admin, mock, op0, carol } = await loadFixture(legacyFixture);
    await mock.forgetHistory(op0.address);
    const before = BigInt(await ethers.provider.getBlockNumber());
    await pool.connect(carol).stake(op0.address, 1_800n * ETM);
    // The stake seeded the history with the 1,800 ETM bonded before it (from block 0 on), so an
    // infraction before carol's stake takes 10% of 1,800, spread over the 3,600 bonded now.
    const first = await pool.connect(admin).slash(op0.address, WAD / 10n, before, REASON);
    expect(await burnedBy(pool, first)).to.deep.equal({ bonded: 180n * ETM, unbonding: 0n });
    // Without any history, the stake now (3,420 ETM) stands for the stake at the infraction.
    await mock.forgetHistory(op0.address);
    const second = await pool.connect(admin).slash(op0.address, WAD / 10n, before, REASON);
    expect(await burnedBy(pool, second)).to.deep.equal({ bonded: 342n * ETM, unbonding: 0n });
  });

  it("stake unbonded before the history begins is not subtracted twice: the history starts from bonded plus unbonded since", async () => {
    const ctx = await loadFixture(legacyFixture);
    const { pool, admin, mock, op0, alice, bob, carol } = ctx;
    await mock.forgetHistory(op0.address);
    // After the upgrade, before any bond: 800 of the 1,800 ETM leave.
    await pool.connect(alice).unstake(op0.address, 500n * ETM);
    await pool.connect(bob).unstake(op0.address, 300n * ETM);
    // The first bond starts the history: bonded 1,000 + unbonded 800.
    await pool.connect(carol).stake(op0.address, 800n * ETM);
    const infraction = await nextBlock();
    await mine(1);
    const tx = await pool.connect(admin).slash(op0.address, WAD / 10n, infraction, REASON);
    // 1,800 bonded at the infraction, all still bonded: 180 (not 100); the two unbonding entries
    // (this epoch) pay their 10% as well.
    expect(await burnedBy(pool, tx)).to.deep.equal({ bonded: 180n * ETM, unbonding: 80n * ETM });
  });
});
