/**
 * StakingLens: every field of `snapshot` against the pool's and the election's own views at the same
 * block, paging at its edges, an operator account (positions, unbonding, commission), a deregistered
 * validator found only through the caller's extra list, and the lens's refusals.
 */
import { expect } from "chai";
import { registerValidator } from "../shared/signerProof";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deploySmallSystem, ETM, SIGNERS, WAD } from "../shared/fixtures";
import { governedFixture, openVoting, propose } from "../governance/governanceFixture";
import { StakingLens__factory, ValidatorElection__factory } from "../../typechain-types";
import type { IStakingLens, StakingLens } from "../../typechain-types";
import { nextBlock } from "../shared/poolHelpers";

const MAX = ethers.MaxUint256;
const RAY = 10n ** 27n;
const ZERO = ethers.ZeroAddress;
/** Self-stakes of the five candidates, ETM. */
const SELF_STAKES = [1_000n, 2_000n, 1_500n, 3_000n, 1_200n].map((s) => s * ETM);

/**
 * Five candidates: operators[0..3] send heartbeats and are elected (validatorCount 4, exactly four
 * eligible, so the set is deterministic); operators[4] never sends one. Then carol registers (listed,
 * not active); alice stakes at op0, op1 and op4 and starts unbonding part of op0; op0 schedules a
 * commission change; op3 is slashed (jailed); op4 deregisters (alice's position there is no longer
 * listed).
 */
async function lensFixture() {
  const system = await deploySmallSystem({ validatorCount: 4, roundLength: 20 });
  const { pool, lens, operators, alice, bob, carol, admin } = system;
  // deploySmallSystem's `election` is a signer standing in for it; the lens reads the real one.
  const election = ValidatorElection__factory.connect(await lens.election(), admin);
  const ops = operators as HardhatEthersSigner[];
  for (const [i, op] of ops.entries()) {
    await registerValidator(pool, op, SIGNERS[i]!, (WAD * BigInt(i + 1)) / 50n, SELF_STAKES[i]!);
    if (i < 4) await election.connect(op).heartbeat();
  }
  const [, start, length] = await election.roundInfo();
  const now = BigInt(await ethers.provider.getBlockNumber());
  if (start + length - now > 1n) await mine(start + length - now - 1n);
  await election.elect();
  await registerValidator(pool, carol, SIGNERS[5]!, WAD / 20n, 1_100n * ETM);
  await pool.connect(alice).stake(ops[0]!.address, 500n * ETM);
  await pool.connect(alice).stake(ops[1]!.address, 250n * ETM);
  await pool.connect(alice).stake(ops[4]!.address, 100n * ETM);
  await pool.connect(bob).stake(ops[0]!.address, 300n * ETM);
  await pool.connect(alice).unstake(ops[0]!.address, 200n * ETM);
  await pool.connect(ops[0]!).setCommission(WAD / 10n);
  await pool.connect(ops[1]!).setProfile("One Validator", "https://one.example", "");
  await pool.connect(admin).slash(ops[3]!.address, WAD / 100n, await nextBlock(), ethers.id("test"));
  await pool.connect(ops[4]!).deregisterValidator();
  await mine(3);
  return { ...system, election, lens: lens as StakingLens, ops };
}

type Candidate = IStakingLens.CandidateViewStructOutput;

describe("StakingLens", function () {
  async function at() {
    return { blockTag: await ethers.provider.getBlockNumber() };
  }

  async function expectCandidate(f: Awaited<ReturnType<typeof lensFixture>>, c: Candidate, tag: object) {
    const { pool, election } = f;
    const v = await pool.validatorInfo(c.operator, tag);
    const heartbeat = await election.heartbeatOf(c.operator, tag);
    const { blockTag } = tag as { blockTag: number };
    expect(c.signer).to.equal(v.signer);
    expect(c.status).to.equal(v.status);
    expect(c.bondedWei).to.equal(v.bondedWei);
    expect(c.unbondingWei).to.equal(v.unbondingWei);
    expect(c.commissionWad).to.equal(v.commissionWad);
    expect(c.pendingCommissionWad).to.equal(v.pendingCommissionWad);
    expect(c.commissionEffectiveBlock).to.equal(v.commissionEffectiveBlock);
    expect(c.jailedUntilBlock).to.equal(v.jailedUntilBlock);
    expect(c.jailed).to.equal(v.jailedUntilBlock > BigInt(blockTag));
    expect(c.jailed).to.equal(await pool.isJailed(c.operator, tag));
    expect(c.heartbeatEver).to.equal(heartbeat.ever);
    expect(c.lastHeartbeatRound).to.equal(heartbeat.last);
    expect(c.active).to.equal(await election.isActiveValidator(c.operator, tag));
    expect(c.name).to.equal((await pool.profileOf(c.operator, tag))[0]);
  }

  it("returns every field as the pool's and the election's views give it, at the same block", async function () {
    const f = await loadFixture(lensFixture);
    const { pool, election, token, votes, lens, alice } = f;
    const tag = await at();
    const s = await lens.snapshot(alice.address, 0, MAX, [], tag);
    expect(s.blockNumber).to.equal(BigInt(tag.blockTag));

    const [round, startBlock, lengthBlocks, revealStartBlock] = await election.roundInfo(tag);
    const next = await election.nextElectionBlock(tag);
    expect(s.round.round).to.equal(round);
    expect(s.round.startBlock).to.equal(startBlock);
    expect(s.round.lengthBlocks).to.equal(lengthBlocks);
    expect(s.round.revealStartBlock).to.equal(revealStartBlock);
    expect(s.round.nextElectionBlock).to.equal(next);
    expect(s.round.blocksToNextElection).to.equal(
      next > BigInt(tag.blockTag) ? next - BigInt(tag.blockTag) : 0n,
    );
    expect(s.round.blocksToNextElection).to.be.greaterThan(0n);
    expect(s.round.electedRound).to.equal(await election.electedRound(tag));
    expect(s.round.validatorCount).to.equal(4n);

    const active = await election.activeValidators(tag);
    expect(active).to.have.length(4);
    expect(s.activeOperators).to.deep.equal(active);
    expect(s.activeSigners).to.deep.equal(await election.getValidators(tag));

    const e = s.emission;
    const year = await pool.currentYear(tag);
    expect(e.supplyWei).to.equal(await token.totalSupply(tag));
    expect(e.totalStakedWei).to.equal(await pool.totalStaked(tag));
    expect(e.stakingRatioWad).to.equal((e.totalStakedWei * WAD) / e.supplyWei);
    expect(e.year).to.equal(year);
    expect(e.inflationWad).to.equal(await pool.inflationRate(year, tag));
    expect(e.inflationWad).to.equal(WAD / 10n);
    expect(e.deltaWad).to.equal(await pool.parameter(0, tag));
    expect(e.rewardPerTokenRay).to.equal(await pool.rewardPerToken(tag));
    expect(e.estimatedApyWad).to.equal(await pool.estimatedAPY(tag));
    expect(e.blocksPerYear).to.equal(10_512_000n);
    const schedule = await pool.inflationSchedule(tag);
    expect(e.schedule.map((r) => [r.fromYear, r.rateWad, r.ratePerBlockRay])).to.deep.equal(
      schedule.map((r) => [r.fromYear, r.rateWad, r.ratePerBlockRay]),
    );
    expect(e.ratePerBlockRay).to.equal(schedule[0]!.ratePerBlockRay);
    expect(e.rewardPerStakedTokenPerBlockRay).to.equal(
      (e.supplyWei * e.ratePerBlockRay * (WAD - e.deltaWad)) / (e.totalStakedWei * WAD),
    );

    const q = s.parameters;
    expect(q.minStakeWei).to.equal(await pool.parameter(1, tag));
    expect(q.minSelfStakeWei).to.equal(await pool.parameter(2, tag));
    expect(q.unbondingBlocks).to.equal(await pool.parameter(3, tag));
    expect(q.jailBlocks).to.equal(await pool.parameter(4, tag));
    expect(q.commissionDelayBlocks).to.equal(await pool.parameter(5, tag));
    expect(q.maxCommissionChangeWad).to.equal(await pool.parameter(6, tag));
    expect(q.candidateCap).to.equal(await pool.parameter(7, tag));
    expect(q.maxCommissionWad).to.equal(await pool.maxCommission(tag));

    const operators = await pool.candidates(tag);
    expect(operators).to.have.length(5); // op0..op3 and carol; op4 deregistered
    expect(s.candidates.totalCount).to.equal(5n);
    expect(s.candidates.offset).to.equal(0n);
    expect(s.candidates.items.map((c) => c.operator)).to.deep.equal(operators);
    for (const c of s.candidates.items) await expectCandidate(f, c, tag);
    // The fixture reaches the interesting states: a scheduled change, a jail, active and inactive.
    const items = s.candidates.items;
    expect(items.some((c) => c.commissionEffectiveBlock !== 0n)).to.equal(true);
    expect(items.some((c) => c.jailed)).to.equal(true);
    expect(items.find((c) => c.operator === f.ops[1]!.address)?.name).to.equal("One Validator");
    const elected = f.ops.slice(0, 4).map((o) => o.address);
    expect([...active].sort()).to.deep.equal([...elected].sort());
    expect(items.filter((c) => c.active).map((c) => c.operator)).to.have.members(elected);
    expect(items.find((c) => c.operator === f.carol.address)?.active).to.equal(false);

    const a = s.account;
    const poolAddress = await pool.getAddress();
    expect(a.account).to.equal(alice.address);
    expect(a.balanceWei).to.equal(await token.balanceOf(alice.address, tag));
    expect(a.allowanceWei).to.equal(await token.allowance(alice.address, poolAddress, tag));
    expect(a.votesWei).to.equal(await votes.getVotes(alice.address, tag));
    expect(a.votingUnitsWei).to.equal(await votes.votingUnitsOf(alice.address, tag));
    expect(a.votingUnitsWei).to.be.greaterThan(0n);
    expect(a.delegatee).to.equal(await votes.delegates(alice.address, tag));
    expect(a.isOperator).to.equal(false);
    expect(a.pendingCommissionWei).to.equal(0n);
    const [validators, maturities, amounts] = await pool.unbondingOf(alice.address, tag);
    expect(a.unbonding.map((u) => [u.validator, u.maturityBlock, u.amountWei, u.matured])).to.deep.equal(
      validators.map((v, i) => [v, maturities[i], amounts[i], maturities[i]! <= BigInt(tag.blockTag)]),
    );
    expect(a.unbonding).to.have.length(1);
    const expected = [];
    for (const operator of operators) {
      const stakedWei = await pool.stakeOf(alice.address, operator, tag);
      const rewardWei = await pool.pendingReward(alice.address, operator, tag);
      if (stakedWei !== 0n || rewardWei !== 0n) expected.push([operator, stakedWei, rewardWei]);
    }
    expect(expected).to.have.length(2);
    expect(a.positions.map((p) => [p.validator, p.stakedWei, p.pendingRewardWei])).to.deep.equal(expected);
    expect(a.positions.every((p) => p.pendingRewardWei > 0n)).to.equal(true);
  });

  it("marks a compounding position; its stake is the pool's preview with the class's reward", async function () {
    const { pool, lens, alice, ops } = await loadFixture(lensFixture);
    await pool.connect(alice).setCompounding(ops[1]!.address, true);
    await mine(5);
    const tag = await at();
    const { account } = await lens.snapshot(alice.address, 0, MAX, [], tag);
    const byValidator = new Map(account.positions.map((p) => [p.validator, p]));
    const compounding = byValidator.get(ops[1]!.address)!;
    expect(compounding.compounding).to.equal(true);
    expect(compounding.pendingRewardWei).to.equal(0n);
    expect(compounding.stakedWei).to.equal(await pool.stakeOf(alice.address, ops[1]!.address, tag));
    expect(compounding.stakedWei).to.be.greaterThan(250n * ETM); // five blocks of the class's reward
    expect(byValidator.get(ops[0]!.address)!.compounding).to.equal(false);
  });

  it("reward per staked token per block is what the accumulator gains in one block", async function () {
    const { pool, lens } = await loadFixture(lensFixture);
    await pool.accrue();
    await mine(2);
    const now = await ethers.provider.getBlockNumber();
    const { emission } = await lens.snapshot(ZERO, 0, 0, [], { blockTag: now });
    const gained =
      (await pool.rewardPerToken({ blockTag: now })) - (await pool.rewardPerToken({ blockTag: now - 1 }));
    expect(emission.rewardPerStakedTokenPerBlockRay).to.be.greaterThan(0n);
    // Equal up to the pool's wei rounding of each mint and the compounding of one block (< 1e-6).
    const diff = gained - emission.rewardPerStakedTokenPerBlockRay;
    expect(diff < 0n ? -diff : diff).to.be.lessThan(gained / 1_000_000n);
    // In ETM per ETM a block, r_n = ln(1.1)/n * B/S with delta = 0.
    const expectedPerBlock =
      (Math.log1p(0.1) / 10_512_000) * (Number(emission.supplyWei) / Number(emission.totalStakedWei));
    expect(Number(emission.rewardPerStakedTokenPerBlockRay) / Number(RAY)).to.be.closeTo(
      expectedPerBlock,
      expectedPerBlock * 1e-9,
    );
  });

  it("emission figures when nothing is staked, when only dust is, and with a later year scheduled", async function () {
    // Nothing staked: no reward per token, the APY's "unbounded" marker, an empty list.
    const empty = await deploySmallSystem({ minStake: 1n, minSelfStake: 1_000n });
    const e0 = (await empty.lens.snapshot(ZERO, 0, MAX, [])).emission;
    expect(e0.totalStakedWei).to.equal(0n);
    expect(e0.stakingRatioWad).to.equal(0n);
    expect(e0.rewardPerStakedTokenPerBlockRay).to.equal(0n);
    expect(e0.estimatedApyWad).to.equal(MAX);
    expect((await empty.lens.candidatePage(0, MAX)).totalCount).to.equal(0n);
    // A rate set for year 1 (the schedule's second entry): year 0 still reads its own rate.
    await empty.pool.connect(empty.admin).setInflationRate(1, WAD / 20n);
    // Only dust staked (1,000 wei, under supply / 1e6): the treasury takes the mint, stakers earn 0.
    const op0 = empty.operators[0]!;
    await registerValidator(empty.pool, op0, SIGNERS[0]!, WAD / 10n, 1_000n);
    const s = await empty.lens.snapshot(op0.address, 0, MAX, []);
    const schedule = await empty.pool.inflationSchedule();
    expect(schedule).to.have.length(2);
    expect(s.emission.schedule).to.have.length(2);
    expect(s.emission.year).to.equal(0n);
    expect(s.emission.inflationWad).to.equal(WAD / 10n);
    expect(s.emission.ratePerBlockRay).to.equal(schedule[0]!.ratePerBlockRay);
    expect(s.emission.ratePerBlockRay).to.not.equal(schedule[1]!.ratePerBlockRay);
    expect(s.emission.totalStakedWei).to.equal(1_000n);
    expect(s.emission.rewardPerStakedTokenPerBlockRay).to.equal(0n);
    expect(s.account.isOperator).to.equal(true);
    expect(s.account.positions.map((p) => p.stakedWei)).to.deep.equal([1_000n]);
    // The zero account reads as all zero through accountView too.
    const none = await empty.lens.accountView(ZERO, 0, MAX, []);
    expect(none.account).to.equal(ZERO);
    expect(none.positions).to.deep.equal([]);
  });

  it("pages the candidate list at its edges, with the total count", async function () {
    const { pool, lens } = await loadFixture(lensFixture);
    const all = await pool.candidates();
    const page = async (offset: bigint | number, limit: bigint | number) => {
      const p = await lens.candidatePage(offset, limit);
      expect(p.totalCount).to.equal(BigInt(all.length));
      expect(p.offset).to.equal(BigInt(offset));
      return p.items.map((c) => c.operator);
    };
    expect(await page(0, 2)).to.deep.equal(all.slice(0, 2));
    expect(await page(2, 2)).to.deep.equal(all.slice(2, 4));
    expect(await page(3, 10)).to.deep.equal(all.slice(3));
    expect(await page(0, MAX)).to.deep.equal(all);
    expect(await page(1, MAX)).to.deep.equal(all.slice(1));
    expect(await page(0, 0)).to.deep.equal([]);
    expect(await page(all.length, 1)).to.deep.equal([]);
    expect(await page(all.length + 5, MAX)).to.deep.equal([]);
    expect(await page(MAX, MAX)).to.deep.equal([]);
    // Pages of one, concatenated, are the whole list in the pool's order.
    const ones = [];
    for (let i = 0; i < all.length; i++) ones.push(...(await page(i, 1)));
    expect(ones).to.deep.equal(all);
    // The snapshot's page is the same page.
    const s = await lens.snapshot(ZERO, 1, 2, []);
    expect(s.candidates.items.map((c) => c.operator)).to.deep.equal(all.slice(1, 3));
    expect(s.candidates.totalCount).to.equal(BigInt(all.length));
  });

  it("finds positions at validators of unbonding entries outside the page", async function () {
    const { pool, lens, alice, ops } = await loadFixture(lensFixture);
    const all = await pool.candidates();
    // A page without op0 and op1: alice's op0 position is found through her unbonding entry only.
    const empty = await lens.accountView(alice.address, all.length, 10, []);
    expect(empty.positions.map((p) => p.validator)).to.deep.equal([ops[0]!.address]);
    expect(empty.positions[0]!.stakedWei).to.equal(await pool.stakeOf(alice.address, ops[0]!.address));
    // The page holding op0 lists it once, not twice (page and unbonding entry).
    const index = all.indexOf(ops[0]!.address);
    const withOp0 = await lens.accountView(alice.address, index, 1, []);
    expect(withOp0.positions.map((p) => p.validator)).to.deep.equal([ops[0]!.address]);
  });

  it("finds a deregistered validator's position only when the caller passes it, once", async function () {
    const { pool, lens, alice, ops } = await loadFixture(lensFixture);
    const gone = ops[4]!.address;
    expect(await pool.candidates()).to.not.include(gone);
    const [status] = await pool.validatorInfo(gone);
    expect(status).to.equal(2n); // Deregistered
    const stakedWei = await pool.stakeOf(alice.address, gone);
    expect(stakedWei).to.equal(100n * ETM);

    const without = await lens.snapshot(alice.address, 0, MAX, []);
    expect(without.account.positions.map((p) => p.validator)).to.not.include(gone);

    const listed = (await pool.candidates())[0]!;
    const tag = await at();
    const withExtra = await lens.snapshot(alice.address, 0, MAX, [gone, gone, listed, ZERO], tag);
    const found = withExtra.account.positions.filter((p) => p.validator === gone);
    expect(found).to.have.length(1);
    expect(found[0]!.stakedWei).to.equal(await pool.stakeOf(alice.address, gone, tag));
    expect(found[0]!.pendingRewardWei).to.equal(await pool.pendingReward(alice.address, gone, tag));
    expect(found[0]!.pendingRewardWei).to.be.greaterThan(0n);
    // Every validator appears once: the listed one passed again is not repeated.
    const validators = withExtra.account.positions.map((p) => p.validator);
    expect(new Set(validators).size).to.equal(validators.length);
    expect(validators).to.have.length(without.account.positions.length + 1);
    // The deregistered validator itself, through `candidate`.
    const c = await lens.candidate(gone);
    expect(c.status).to.equal(2n);
    expect(c.operator).to.equal(gone);
  });

  it("lists a reward left at a tombstoned validator (stake worth nothing) when the caller passes it", async function () {
    const { pool, lens, alice, admin, ops } = await loadFixture(lensFixture);
    const op1 = ops[1]!.address;
    await mine(10);
    await pool.connect(admin).slash(op1, WAD, await nextBlock(), ethers.id("double sign"));
    const tag = await at();
    const [status] = await pool.validatorInfo(op1, tag);
    expect(status).to.equal(3n); // Tombstoned
    expect(await pool.stakeOf(alice.address, op1, tag)).to.equal(0n);
    const rewardWei = await pool.pendingReward(alice.address, op1, tag);
    expect(rewardWei).to.be.greaterThan(0n);
    // No longer listed: found only through the extra list, with its reward and no stake.
    const without = await lens.accountView(alice.address, 0, MAX, [], tag);
    expect(without.positions.map((p) => p.validator)).to.not.include(op1);
    const withExtra = await lens.accountView(alice.address, 0, MAX, [op1], tag);
    const found = withExtra.positions.filter((p) => p.validator === op1);
    expect(found.map((p) => [p.stakedWei, p.pendingRewardWei])).to.deep.equal([[0n, rewardWei]]);
  });

  it("shows an operator its own validator, self-stake, commission owed and unbonding", async function () {
    const f = await loadFixture(lensFixture);
    const { pool, lens, ops } = f;
    const op0 = ops[0]!;
    await pool.connect(op0).unstake(op0.address, 100n * ETM);
    await mine(2);
    const tag = await at();
    // A page without op0: its own validator and self-stake are still found.
    const s = await lens.snapshot(op0.address, 0, 0, [], tag);
    const a = s.account;
    expect(s.candidates.items).to.deep.equal([]);
    expect(a.isOperator).to.equal(true);
    expect(a.operatorValidator.operator).to.equal(op0.address);
    await expectCandidate(f, a.operatorValidator, tag);
    expect(a.pendingCommissionWei).to.equal(await pool.pendingCommission(op0.address, tag));
    expect(a.pendingCommissionWei).to.be.greaterThan(0n);
    expect(a.positions.map((p) => [p.validator, p.stakedWei, p.pendingRewardWei])).to.deep.equal([
      [
        op0.address,
        await pool.stakeOf(op0.address, op0.address, tag),
        await pool.pendingReward(op0.address, op0.address, tag),
      ],
    ]);
    expect(a.positions[0]!.stakedWei).to.equal(SELF_STAKES[0]! - 100n * ETM);
    expect(a.unbonding).to.have.length(1);
    expect(a.unbonding[0]!.validator).to.equal(op0.address);
    expect(a.unbonding[0]!.amountWei).to.equal(100n * ETM);
    expect(a.unbonding[0]!.matured).to.equal(false);
    // After the unbonding period the entry reads as matured.
    const [, , , , , , , unbondingWei] = await pool.validatorInfo(op0.address);
    expect(unbondingWei).to.be.greaterThan(0n);
    await mine(Number(s.parameters.unbondingBlocks));
    const later = await lens.accountView(op0.address, 0, 0, []);
    expect(later.unbonding[0]!.matured).to.equal(true);
  });

  it("returns an all-zero account for the zero address", async function () {
    const { lens } = await loadFixture(lensFixture);
    const s = await lens.snapshot(ZERO, 0, MAX, []);
    expect(s.account.account).to.equal(ZERO);
    expect(s.account.balanceWei).to.equal(0n);
    expect(s.account.isOperator).to.equal(false);
    expect(s.account.positions).to.deep.equal([]);
    expect(s.account.unbonding).to.deep.equal([]);
    expect(s.candidates.items).to.have.length(5);
  });

  it("refuses more extra validators than it accepts, a zero address and a foreign election", async function () {
    const { lens, pool, election, token, alice } = await loadFixture(lensFixture);
    const max = Number(await lens.MAX_EXTRA_VALIDATORS());
    const many = Array.from({ length: max + 1 }, (_, i) =>
      ethers.getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`),
    );
    await expect(lens.snapshot(alice.address, 0, MAX, many))
      .to.be.revertedWithCustomError(lens, "StakingLensTooManyExtraValidators")
      .withArgs(max + 1, max);
    await expect(lens.accountView(alice.address, 0, MAX, many))
      .to.be.revertedWithCustomError(lens, "StakingLensTooManyExtraValidators")
      .withArgs(max + 1, max);
    expect((await lens.snapshot(alice.address, 0, MAX, many.slice(0, max))).account.account).to.equal(
      alice.address,
    );

    const factory = new StakingLens__factory(alice);
    const poolAddress = await pool.getAddress();
    const electionAddress = await election.getAddress();
    await expect(factory.deploy(ZERO, electionAddress))
      .to.be.revertedWithCustomError(lens, "StakingLensZeroAddress")
      .withArgs("pool");
    await expect(factory.deploy(poolAddress, ZERO))
      .to.be.revertedWithCustomError(lens, "StakingLensZeroAddress")
      .withArgs("election");
    const tokenAddress = await token.getAddress();
    await expect(factory.deploy(tokenAddress, electionAddress))
      .to.be.revertedWithCustomError(lens, "StakingLensElectionPoolMismatch")
      .withArgs(electionAddress, poolAddress, tokenAddress);
    const fresh = await factory.deploy(poolAddress, electionAddress);
    expect(await fresh.pool()).to.equal(poolAddress);
    expect(await fresh.election()).to.equal(electionAddress);
  });

  it("reads the governor's settings and latest proposals, newest first, as its own views give them", async function () {
    const f = await loadFixture(governedFixture);
    const { governor, lens, pool } = f.system;
    const governorAddress = await governor.getAddress();
    const call = {
      target: await pool.getAddress(),
      value: 0n,
      calldata: pool.interface.encodeFunctionData("setParameter", [1, 2n * ETM]),
      summary: "minStake=2",
    };
    const empty = await lens.governanceView(governorAddress, f.alice.address, 10);
    expect(empty.proposalCount).to.equal(0n);
    expect(empty.proposals).to.deep.equal([]);
    const first = await propose(governor, f.alice, [call], "first");
    const second = await propose(governor, f.bob, [call], "second");
    const third = await propose(governor, f.alice, [call], "third");
    await openVoting(governor, third);
    await (await governor.connect(f.alice).castVote(second.id, 1)).wait();
    await (await governor.connect(f.bob).castVote(second.id, 0)).wait();
    const tag = await at();
    const g = await lens.governanceView(governorAddress, f.alice.address, 2, tag);
    expect(g.governor).to.equal(governorAddress);
    expect(g.votingDelayBlocks).to.equal(await governor.votingDelay(tag));
    expect(g.votingPeriodBlocks).to.equal(await governor.votingPeriod(tag));
    expect(g.proposalThresholdWei).to.equal(await governor.proposalThreshold(tag));
    expect(g.proposalCount).to.equal(3n);
    expect(g.proposals.map((p) => p.id)).to.deep.equal([third.id, second.id]);
    for (const p of g.proposals) {
      const votes = await governor.proposalVotes(p.id, tag);
      expect(p.state).to.equal(await governor.state(p.id, tag));
      expect([p.againstWei, p.forWei, p.abstainWei]).to.deep.equal([
        votes.againstVotes,
        votes.forVotes,
        votes.abstainVotes,
      ]);
      expect(p.snapshotBlock).to.equal(await governor.proposalSnapshot(p.id, tag));
      expect(p.deadlineBlock).to.equal(await governor.proposalDeadline(p.id, tag));
      expect(p.voted).to.equal(await governor.hasVoted(p.id, f.alice.address, tag));
    }
    expect(g.proposals[1]!.voted).to.equal(true);
    expect(g.proposals[1]!.forWei).to.be.greaterThan(0n);
    expect(g.proposals[1]!.againstWei).to.be.greaterThan(0n);
    const all = await lens.governanceView(governorAddress, ZERO, MAX);
    expect(all.proposals.map((p) => p.id)).to.deep.equal([third.id, second.id, first.id]);
    expect(all.proposals.every((p) => !p.voted)).to.equal(true);
    await expect(lens.governanceView(ZERO, ZERO, 1))
      .to.be.revertedWithCustomError(lens, "StakingLensZeroAddress")
      .withArgs("governor");
  });
});
