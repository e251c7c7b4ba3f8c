import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { HDNodeWallet } from "ethers";
import { ETM, WAD, validatorsFixture } from "../shared/fixtures";
import { Parameter, Status, mineToNextRound } from "../shared/poolHelpers";
import { registerValidator } from "../shared/signerProof";

/** The small system's candidate cap (test/shared/fixtures.ts SMALL_OPTIONS). */
const CAP = 8;
/** The self-stake of each idle candidate filling the list: the minimum. */
const IDLE_STAKE = 100n * ETM;

/** A funded operator with its own signer key. */
async function newOperator(system: Awaited<ReturnType<typeof validatorsFixture>>, funds: bigint) {
  const operator = ethers.Wallet.createRandom().connect(ethers.provider);
  await setBalance(operator.address, 10n ** 20n);
  await system.token.connect(system.admin).transfer(operator.address, funds);
  await system.token.connect(operator).approve(system.poolAddress, ethers.MaxUint256);
  return { operator, signerKey: ethers.Wallet.createRandom() };
}

/**
 * The lock-out: the two validators of `validatorsFixture` (1,800 and 3,000 ETM bonded), then
 * six idle candidates at the self-stake minimum fill the list to the cap. They never heartbeat.
 */
async function fullListFixture() {
  const system = await validatorsFixture();
  const idle: HDNodeWallet[] = [];
  for (let i = 0; i < CAP - 2; i++) {
    const { operator, signerKey } = await newOperator(system, 1_000n * ETM);
    await registerValidator(system.pool, operator, signerKey, 0n, IDLE_STAKE + BigInt(i) * ETM);
    idle.push(operator);
  }
  return { ...system, idle };
}

async function listed(pool: Awaited<ReturnType<typeof fullListFixture>>["pool"]) {
  return [...(await pool.candidates())];
}

describe("StakingPool: the candidate list cannot be locked (displacement)", () => {
  it("a newcomer with more stake than the smallest candidate takes its place; the displaced keeps everything", async () => {
    const ctx = await loadFixture(fullListFixture);
    const { pool, idle, alice } = ctx;
    expect(await pool.candidateCount()).to.equal(BigInt(CAP));
    const smallest = idle[0]!; // 100 ETM
    // Before: a delegation to the soon-displaced candidate, to show it survives. With it, idle[0] and
    // idle[1] both have 101 ETM: the tie goes to the first in list order.
    await pool.connect(alice).stake(smallest.address, 1n * ETM);
    const { operator: newcomer, signerKey } = await newOperator(ctx, 1_000_000n * ETM);
    // The numbers: 5,000 times the stake of an idle candidate.
    const tx = await registerValidator(pool, newcomer, signerKey, WAD / 10n, 5_000n * IDLE_STAKE);
    await expect(tx)
      .to.emit(pool, "ValidatorDisplaced")
      .withArgs(smallest.address, newcomer.address, IDLE_STAKE + 1n * ETM);
    await expect(tx).to.emit(pool, "ValidatorRegistered");
    const candidates = await listed(pool);
    expect(candidates).to.have.length(CAP);
    expect(candidates).to.include(newcomer.address);
    expect(candidates).to.not.include(smallest.address);
    const [electable] = await pool.electableCandidates();
    expect([...electable]).to.not.include(smallest.address);

    // The displaced validator keeps its status, stake, delegations, signer and rewards.
    const info = await pool.validatorInfo(smallest.address);
    expect(info.status).to.equal(Status.Active);
    expect(info.bondedWei).to.equal(IDLE_STAKE + 1n * ETM);
    expect(await pool.stakeOf(alice.address, smallest.address)).to.equal(1n * ETM);
    expect(await pool.operatorOfSigner(info.signer)).to.equal(smallest.address);
    await mine(10);
    expect(await pool.pendingReward(alice.address, smallest.address)).to.be.greaterThan(0n);
    await expect(pool.connect(alice).unstake(smallest.address, 1n * ETM)).to.emit(pool, "Unstaked");
  });

  it("refuses a newcomer that does not bring more than the smallest, naming what it must beat", async () => {
    const ctx = await loadFixture(fullListFixture);
    const { pool, idle } = ctx;
    const { operator, signerKey } = await newOperator(ctx, 1_000n * ETM);
    const before = await listed(pool);
    await expect(registerValidator(pool, operator, signerKey, 0n, IDLE_STAKE))
      .to.be.revertedWithCustomError(pool, "CandidateListFull")
      .withArgs(BigInt(CAP), IDLE_STAKE, idle[0]!.address, IDLE_STAKE);
    expect(await listed(pool)).to.deep.equal(before);
    // One wei more is enough.
    await expect(registerValidator(pool, operator, signerKey, 0n, IDLE_STAKE + 1n))
      .to.emit(pool, "ValidatorDisplaced")
      .withArgs(idle[0]!.address, operator.address, IDLE_STAKE);
  });

  it("a displaced validator comes back when its operator stakes enough to it, displacing the new smallest", async () => {
    const ctx = await loadFixture(fullListFixture);
    const { pool, idle, alice } = ctx;
    const first = idle[0]!; // 100 ETM
    const { operator: newcomer, signerKey } = await newOperator(ctx, 1_000n * ETM);
    await registerValidator(pool, newcomer, signerKey, 0n, 500n * ETM);
    expect(await listed(pool)).to.not.include(first.address);
    // A delegation alone does not relist it (its operator decides), even when it would qualify.
    await expect(pool.connect(alice).stake(first.address, 50n * ETM)).not.to.emit(pool, "ValidatorRelisted");
    // Not in the round it left the list in (its place in this round's draw is kept, set aside).
    await expect(pool.connect(first).stake(first.address, 1n * ETM)).not.to.emit(pool, "ValidatorRelisted");
    expect(await listed(pool)).to.not.include(first.address);
    await mineToNextRound(pool);
    // Its operator stakes: 151 + 1 = 152 ETM beats the smallest listed (idle[1], 101 ETM).
    const back = pool.connect(first).stake(first.address, 1n * ETM);
    await expect(back)
      .to.emit(pool, "ValidatorDisplaced")
      .withArgs(idle[1]!.address, first.address, 101n * ETM);
    await expect(back).to.emit(pool, "ValidatorRelisted").withArgs(first.address);
    expect(await listed(pool)).to.include(first.address);
    expect(await listed(pool)).to.have.length(CAP);
    // Not enough: the stake is taken, the validator stays off the list (no revert, no relisting).
    const second = idle[1]!; // 101 ETM, now displaced; the smallest listed is idle[2] with 102 ETM
    await expect(pool.connect(second).stake(second.address, 1n * ETM)).not.to.emit(pool, "ValidatorRelisted");
    expect(await listed(pool)).to.not.include(second.address);
    expect(await pool.stakeOf(second.address, second.address)).to.equal(102n * ETM);
  });

  it("a displaced validator can leave: deregistration frees its signer and unbonds its self-stake", async () => {
    const ctx = await loadFixture(fullListFixture);
    const { pool, idle } = ctx;
    const first = idle[0]!;
    const { operator: newcomer, signerKey } = await newOperator(ctx, 1_000n * ETM);
    await registerValidator(pool, newcomer, signerKey, 0n, 500n * ETM);
    const { signer } = await pool.validatorInfo(first.address);
    const candidatesBefore = await listed(pool);
    await expect(pool.connect(first).deregisterValidator()).to.emit(pool, "ValidatorDeregistered");
    expect(await listed(pool)).to.deep.equal(candidatesBefore);
    expect(await pool.operatorOfSigner(signer)).to.equal(ethers.ZeroAddress);
    expect((await pool.validatorInfo(first.address)).status).to.equal(Status.Deregistered);
  });

  it("after governance lowers the cap below the list, only departures make room", async () => {
    const ctx = await loadFixture(fullListFixture);
    const { pool, admin, idle } = ctx;
    // First a displacement, so that a displaced validator waits to come back.
    const { operator: first, signerKey: firstKey } = await newOperator(ctx, 1_000n * ETM);
    await registerValidator(pool, first, firstKey, 0n, 500n * ETM);
    await pool.connect(admin).setParameter(Parameter.CandidateCap, CAP - 2);
    const { operator, signerKey } = await newOperator(ctx, 1_000_000n * ETM);
    await expect(registerValidator(pool, operator, signerKey, 0n, 100_000n * ETM))
      .to.be.revertedWithCustomError(pool, "CandidateCapReached")
      .withArgs(BigInt(CAP - 2));
    // The displaced validator's operator stakes far more than anyone: it still waits (the list is over the cap).
    const displaced = idle[0]!;
    await expect(pool.connect(displaced).stake(displaced.address, 500n * ETM)).not.to.emit(
      pool,
      "ValidatorRelisted",
    );
    expect(await listed(pool)).to.not.include(displaced.address);
    expect(await listed(pool)).to.have.length(CAP);
  });

  it("moving stake cannot be used to evict an honest candidate below its own stake", async () => {
    // An attacker with many small candidates cannot displace a candidate that has more stake than
    // the attacker's newcomer brings: only the smallest listed is ever displaced.
    const ctx = await loadFixture(fullListFixture);
    const { pool, op0, op1 } = ctx;
    for (let i = 0; i < 6; i++) {
      const { operator, signerKey } = await newOperator(ctx, 1_000n * ETM);
      await registerValidator(pool, operator, signerKey, 0n, 200n * ETM + BigInt(i) * ETM);
    }
    // Six newcomers displaced the six idle candidates; the two real validators stay.
    const candidates = await listed(pool);
    expect(candidates).to.include.members([op0.address, op1.address]);
    expect(candidates).to.have.length(CAP);
  });
});
