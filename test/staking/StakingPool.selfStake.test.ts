import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { ETM, WAD, validatorsFixture } from "../shared/fixtures";
import { blockOf, mineToNextRound, Parameter, nextBlock, seatableCandidates } from "../shared/poolHelpers";
import { SHORTFALL_JAIL } from "../../lib/validatorStatus";

const REASON = ethers.encodeBytes32String("double sign");
/** The small system's jail length and self-stake minimum (test/shared/fixtures.ts SMALL_OPTIONS). */
const JAIL_BLOCKS = 200n;
const MIN_SELF_STAKE = 100n * ETM;

/** The candidates the round's draw can seat (a jail during the round sets a candidate aside). */
async function electable(pool: Awaited<ReturnType<typeof validatorsFixture>>["pool"]) {
  return seatableCandidates(pool);
}

describe("StakingPool: skin in the game (the self-stake minimum)", () => {
  it("a slash that leaves the self-stake below the minimum jails until the operator tops up", async () => {
    const { pool, admin, op0, op1, alice, operators } = await loadFixture(validatorsFixture);
    // Listed in the fixture's round: electable from the next round on (stake checkpoints).
    await mineToNextRound(pool);
    // op0 self-stakes 1,000 ETM; 95% slashed leaves 50 ETM, below the 100 ETM minimum.
    const slashTx = await pool
      .connect(admin)
      .slash(op0.address, (WAD * 95n) / 100n, await nextBlock(), REASON);
    const timedEnd = (await blockOf(slashTx)) + JAIL_BLOCKS;
    await expect(slashTx)
      .to.emit(pool, "SelfStakeShortfall")
      .withArgs(op0.address, 50n * ETM, MIN_SELF_STAKE);
    await expect(slashTx).to.emit(pool, "Jailed").withArgs(op0.address, SHORTFALL_JAIL);
    expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.equal(SHORTFALL_JAIL);

    // Long after the timed jail: still jailed, not electable, refuses delegations.
    await mine(JAIL_BLOCKS * 3n);
    expect(await pool.isJailed(op0.address)).to.equal(true);
    expect(await electable(pool)).to.deep.equal([op1.address]);
    await expect(pool.connect(alice).stake(op0.address, 10n * ETM))
      .to.be.revertedWithCustomError(pool, "ValidatorJailed")
      .withArgs(op0.address, SHORTFALL_JAIL);
    // Another validator's operator cannot top it up either (only its own operator's stake counts).
    await expect(pool.connect(operators[1]!).stake(op0.address, 100n * ETM)).to.be.revertedWithCustomError(
      pool,
      "ValidatorJailed",
    );

    // A top-up that stays below the minimum is refused with the numbers.
    await expect(pool.connect(op0).stake(op0.address, 49n * ETM))
      .to.be.revertedWithCustomError(pool, "SelfStakeBelowMinimum")
      .withArgs(op0.address, 99n * ETM, MIN_SELF_STAKE);
    // Enough: released to its timed jail (over by now), electable again, open to delegations.
    const topUp = await pool.connect(op0).stake(op0.address, 50n * ETM);
    await expect(topUp).to.emit(pool, "Jailed").withArgs(op0.address, timedEnd);
    expect(await pool.isJailed(op0.address)).to.equal(false);
    expect(await pool.stakeOf(op0.address, op0.address)).to.equal(100n * ETM);
    // Jailed at this round's start: it enters the election's draw from the next round.
    expect(await electable(pool)).to.have.members([op1.address]);
    await mineToNextRound(pool);
    expect(await electable(pool)).to.have.members([op0.address, op1.address]);
    await expect(pool.connect(alice).stake(op0.address, 10n * ETM)).to.emit(pool, "Staked");
  });

  it("a top-up during the timed jail keeps the timed jail; the operator may top up while jailed", async () => {
    const { pool, admin, op0, alice } = await loadFixture(validatorsFixture);
    const slashTx = await pool
      .connect(admin)
      .slash(op0.address, (WAD * 95n) / 100n, await nextBlock(), REASON);
    const timedEnd = (await blockOf(slashTx)) + JAIL_BLOCKS;
    await expect(pool.connect(op0).stake(op0.address, 60n * ETM))
      .to.emit(pool, "Jailed")
      .withArgs(op0.address, timedEnd);
    expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.equal(timedEnd);
    await expect(pool.connect(alice).stake(op0.address, 10n * ETM))
      .to.be.revertedWithCustomError(pool, "ValidatorJailed")
      .withArgs(op0.address, timedEnd);
    // An operator may add to its self-stake during an ordinary (timed) jail too.
    await expect(pool.connect(op0).stake(op0.address, 10n * ETM)).to.emit(pool, "Staked");
    expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.equal(timedEnd);
  });

  it("a slash that leaves enough self-stake jails for jailBlocks only", async () => {
    const { pool, admin, op0 } = await loadFixture(validatorsFixture);
    // 90% of 1,000 ETM leaves 100 ETM: exactly the minimum, no shortfall.
    const slashTx = await pool.connect(admin).slash(op0.address, (WAD * 9n) / 10n, await nextBlock(), REASON);
    await expect(slashTx).not.to.emit(pool, "SelfStakeShortfall");
    expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.equal(
      (await blockOf(slashTx)) + JAIL_BLOCKS,
    );
  });

  it("raising the minimum jails every listed validator now below it; the others stay", async () => {
    const { pool, admin, op0, op1 } = await loadFixture(validatorsFixture);
    // Listed in the fixture's round: electable from the next round on (stake checkpoints).
    await mineToNextRound(pool);
    // op0 has 1,000 ETM of self-stake, op1 2,000.
    const tx = await pool.connect(admin).setParameter(Parameter.MinSelfStake, 1_500n * ETM);
    await expect(tx)
      .to.emit(pool, "SelfStakeShortfall")
      .withArgs(op0.address, 1_000n * ETM, 1_500n * ETM);
    const receipt = await tx.wait();
    const shortfalls = receipt!.logs
      .map((log) => pool.interface.parseLog(log))
      .filter((event) => event?.name === "SelfStakeShortfall");
    expect(shortfalls.map((event) => event!.args.operator)).to.deep.equal([op0.address]);
    expect(await pool.isJailed(op1.address)).to.equal(false);
    expect(await electable(pool)).to.deep.equal([op1.address]);
    // Lowering it again does not release op0: its operator tops up (by at least minStake) to return.
    await pool.connect(admin).setParameter(Parameter.MinSelfStake, 100n * ETM);
    expect(await pool.isJailed(op0.address)).to.equal(true);
    await expect(pool.connect(op0).stake(op0.address, 1n * ETM))
      .to.emit(pool, "Jailed")
      .withArgs(op0.address, 0n);
    expect(await pool.isJailed(op0.address)).to.equal(false);
  });

  it("a jail by the election during a shortfall still applies after the top-up", async () => {
    const { pool, admin, op0, election } = await loadFixture(validatorsFixture);
    await pool.connect(admin).slash(op0.address, (WAD * 95n) / 100n, await nextBlock(), REASON);
    const later = BigInt(await ethers.provider.getBlockNumber()) + 5_000n;
    // The election's jail does not shorten the shortfall jail; it is kept for after the top-up.
    await pool.connect(election).jail(op0.address, later);
    expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.equal(SHORTFALL_JAIL);
    // A second slash's timed jail is kept the same way (the longer one wins).
    await pool.connect(admin).slash(op0.address, WAD / 10n, await nextBlock(), REASON);
    await expect(pool.connect(op0).stake(op0.address, 100n * ETM))
      .to.emit(pool, "Jailed")
      .withArgs(op0.address, later);
    expect(await pool.isJailed(op0.address)).to.equal(true);
  });

  it("a deregistered validator is not swept when the minimum rises", async () => {
    const { pool, admin, op0 } = await loadFixture(validatorsFixture);
    await pool.connect(op0).deregisterValidator();
    await expect(pool.connect(admin).setParameter(Parameter.MinSelfStake, 1_500n * ETM)).not.to.emit(
      pool,
      "SelfStakeShortfall",
    );
    expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.equal(0n);
  });
});
