/**
 * `stakeWithPermit`: one signature and one transaction instead of approve + stake (EIP-2612 on the
 * ETM token). The permit is applied, then the stake runs exactly as `stake`; a permit that fails is
 * ignored and the transfer decides.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { ETM, validatorsFixture } from "../shared/fixtures";
import { signPermit } from "../shared/permit";

type Context = Awaited<ReturnType<typeof validatorsFixture>>;

/** The validators fixture plus an outsider holding 1,000 ETM and no allowance for the pool. */
async function permitFixture() {
  const c = await validatorsFixture();
  await c.token.connect(c.admin).transfer(c.outsider.address, 1_000n * ETM);
  return c;
}

async function deadlineIn(seconds: bigint): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + seconds;
}

/** The outsider's permit for the pool of `value` wei. */
async function outsiderPermit(c: Context, value: bigint, deadline?: bigint) {
  const signed = await signPermit(c.token, c.outsider, {
    spender: c.poolAddress,
    value,
    deadline: deadline ?? (await deadlineIn(3_600n)),
  });
  return split(signed);
}

/** `permit`'s last four arguments of a signed permit. */
function split(signed: Awaited<ReturnType<typeof signPermit>>) {
  const { v, r, s } = signed.signature;
  return { deadline: signed.message.deadline, v, r, s };
}

/** What stakeWithPermit may change, for before/after comparisons. */
async function observed(c: Context) {
  return {
    staked: await c.pool.stakeOf(c.outsider.address, c.op0.address),
    balance: await c.token.balanceOf(c.outsider.address),
    allowance: await c.token.allowance(c.outsider.address, c.poolAddress),
    nonce: await c.token.nonces(c.outsider.address),
    total: await c.pool.totalStaked(),
  };
}

describe("StakingPool: stakeWithPermit", () => {
  it("stakes in one transaction with no prior approval, using the whole permit", async () => {
    const c = await loadFixture(permitFixture);
    expect(await c.token.allowance(c.outsider.address, c.poolAddress)).to.equal(0n);
    const before = await observed(c);
    const p = await outsiderPermit(c, 100n * ETM);
    await expect(
      c.pool.connect(c.outsider).stakeWithPermit(c.op0.address, 100n * ETM, p.deadline, p.v, p.r, p.s),
    )
      .to.emit(c.pool, "Staked")
      .withArgs(c.outsider.address, c.op0.address, 100n * ETM, (shares: bigint) => shares > 0n);
    const after = await observed(c);
    expect(after.staked).to.equal(100n * ETM);
    expect(after.balance).to.equal(before.balance - 100n * ETM);
    expect(after.allowance).to.equal(0n);
    expect(after.nonce).to.equal(before.nonce + 1n);
    expect(after.total).to.be.greaterThanOrEqual(before.total + 100n * ETM);
  });

  it("still stakes when the permit was used first by someone who copied it (front-run)", async () => {
    const c = await loadFixture(permitFixture);
    const p = await outsiderPermit(c, 100n * ETM);
    // Anyone may submit the signed permit to the token; the allowance it sets is the same.
    await c.token
      .connect(c.carol)
      .permit(c.outsider.address, c.poolAddress, 100n * ETM, p.deadline, p.v, p.r, p.s);
    await c.pool.connect(c.outsider).stakeWithPermit(c.op0.address, 100n * ETM, p.deadline, p.v, p.r, p.s);
    expect(await c.pool.stakeOf(c.outsider.address, c.op0.address)).to.equal(100n * ETM);
    expect(await c.token.allowance(c.outsider.address, c.poolAddress)).to.equal(0n);
  });

  it("an invalid permit and no allowance: reverts on the allowance and changes nothing", async () => {
    const c = await loadFixture(permitFixture);
    const before = await observed(c);
    const expired = await outsiderPermit(c, 100n * ETM, await deadlineIn(-1n));
    const tooSmall = await outsiderPermit(c, 99n * ETM);
    // Signed by carol for the outsider's tokens: the token recovers carol, not the owner.
    const forged = await signPermit(c.token, c.carol, {
      owner: c.outsider.address,
      spender: c.poolAddress,
      value: 100n * ETM,
      deadline: await deadlineIn(3_600n),
    });
    const attempts = [expired, tooSmall, split(forged)];
    for (const p of attempts) {
      await expect(
        c.pool.connect(c.outsider).stakeWithPermit(c.op0.address, 100n * ETM, p.deadline, p.v, p.r, p.s),
      ).to.be.revertedWithCustomError(c.token, "ERC20InsufficientAllowance");
    }
    expect(await observed(c)).to.deep.equal(before);
  });

  it("a failed permit does not stop a stake the existing allowance covers", async () => {
    const c = await loadFixture(permitFixture);
    await c.token.connect(c.outsider).approve(c.poolAddress, 100n * ETM);
    const expired = await outsiderPermit(c, 100n * ETM, await deadlineIn(-1n));
    await c.pool
      .connect(c.outsider)
      .stakeWithPermit(c.op0.address, 100n * ETM, expired.deadline, expired.v, expired.r, expired.s);
    expect(await c.pool.stakeOf(c.outsider.address, c.op0.address)).to.equal(100n * ETM);
    expect(await c.token.nonces(c.outsider.address)).to.equal(0n);
  });

  it("a stake the pool refuses reverts the permit with it: nonce and allowance unchanged", async () => {
    const c = await loadFixture(permitFixture);
    const before = await observed(c);
    const p = await outsiderPermit(c, 100n * ETM);
    await expect(
      c.pool.connect(c.outsider).stakeWithPermit(c.carol.address, 100n * ETM, p.deadline, p.v, p.r, p.s),
    ).to.be.revertedWithCustomError(c.pool, "UnknownValidator");
    const minStakeBelow = await outsiderPermit(c, 1n);
    await expect(
      c.pool
        .connect(c.outsider)
        .stakeWithPermit(
          c.op0.address,
          1n,
          minStakeBelow.deadline,
          minStakeBelow.v,
          minStakeBelow.r,
          minStakeBelow.s,
        ),
    ).to.be.revertedWithCustomError(c.pool, "PositionBelowMinimum");
    expect(await observed(c)).to.deep.equal(before);
  });

  it("nets a pending reward against the deposit as stake does: that much of the allowance stays", async () => {
    const c = await loadFixture(permitFixture);
    const first = await outsiderPermit(c, 100n * ETM);
    await c.pool
      .connect(c.outsider)
      .stakeWithPermit(c.op0.address, 100n * ETM, first.deadline, first.v, first.r, first.s);
    await mine(10);
    const balanceBefore = await c.token.balanceOf(c.outsider.address);
    const second = await outsiderPermit(c, 50n * ETM);
    const tx = c.pool
      .connect(c.outsider)
      .stakeWithPermit(c.op0.address, 50n * ETM, second.deadline, second.v, second.r, second.s);
    const receipt = await (await tx).wait();
    const [paid] = receipt!.logs
      .map((log) => c.pool.interface.parseLog(log))
      .filter((event) => event?.name === "RewardPaid")
      .map((event) => event!.args.amountWei as bigint);
    expect(paid).to.be.greaterThan(0n);
    expect(await c.pool.stakeOf(c.outsider.address, c.op0.address)).to.equal(150n * ETM);
    expect(await c.token.balanceOf(c.outsider.address)).to.equal(balanceBefore - 50n * ETM + paid!);
    expect(await c.token.allowance(c.outsider.address, c.poolAddress)).to.equal(paid);
  });
});
