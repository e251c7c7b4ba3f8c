/**
 * etm:compound-mode against the in-process chain: a position switched into its validator's
 * compounding class (its pending reward paid), stake added to the class, the value growing with the
 * blocks and bonded by `--settle`, switched back to claimable rewards; etm:status, etm:claim and
 * etm:claim-all on a compounding position; every refusal in words, before anything is sent.
 */
import { expect } from "chai";
import fs from "node:fs";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deploymentPath } from "../../config/deployments";
import { compoundingHasNothingToClaim } from "../../lib/actions/compounding";
import { describeRevert } from "../../lib/errors/decode";
import { formatEtmExact } from "../../lib/units";
import { printedBy } from "../shared/console";
import { stakingTasksFixture } from "../shared/deployments";
import { registerValidator } from "../shared/signerProof";
import { ETM } from "../shared/units";
import type { IStakingPool } from "../../typechain-types";

/**
 * The staking tasks' scenario with alice's 100 ETM staked at the operator's validator (not compounding).
 * The only fixture of this file: deployments/hardhat.json is not part of the chain's snapshots, so a
 * second fixture would leave the file naming the other fixture's contracts.
 */
async function aliceStakedFixture() {
  const system = await stakingTasksFixture();
  await hre.run("etm:stake", { validator: system.operator.address, amount: "100", account: "2" });
  return system;
}

/** What `validator`'s compounding class bonded in the latest block (its `ClassCompounded` events). */
async function classBondedInLatestBlock(pool: IStakingPool, validator: string): Promise<bigint> {
  const block = await hre.ethers.provider.getBlockNumber();
  const events = await pool.queryFilter(pool.filters.ClassCompounded(validator), block, block);
  return events.reduce((sum, e) => sum + e.args.amountWei, 0n);
}

describe("Toolkit: etm:compound-mode", () => {
  after(() => fs.rmSync(deploymentPath("hardhat"), { force: true }));

  it("--on pays the pending reward and compounds; more stake joins the class; the value grows and --settle bonds it", async () => {
    const { pool, token, operator, alice } = await loadFixture(aliceStakedFixture);
    await mine(10);
    const balanceBefore = await token.balanceOf(alice.address);
    const switched = await printedBy(() =>
      hre.run("etm:compound-mode", { validator: operator.address, on: true, account: "2" }),
    );
    const paidWei = (await token.balanceOf(alice.address)) - balanceBefore;
    expect(paidWei).to.be.greaterThan(0n);
    const valueWei = await pool.stakeOf(alice.address, operator.address);
    expect(valueWei).to.be.closeTo(100n * ETM, 1n); // a class share rounds down on entry, by a wei at most
    expect(switched).to.match(
      /^Switch compounding on at 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}: confirmed in block/,
    );
    expect(switched).to.contain(
      "compounding: rewards are bonded into the position at every settlement of the validator; " +
        `the position is worth ${formatEtmExact(valueWei)} ETM; ` +
        `paid the pending reward of ${formatEtmExact(paidWei)} ETM`,
    );
    expect(await pool.isCompounding(alice.address, operator.address)).to.equal(true);
    expect(await pool.pendingReward(alice.address, operator.address)).to.equal(0n);

    // A stake into a compounding position joins the class: it stays compounding, with nothing to claim.
    // (The stake settles the validator first: the class's reward of the block since the switch is bonded.)
    await hre.run("etm:stake", { validator: operator.address, amount: "50", account: "2" });
    expect(await pool.isCompounding(alice.address, operator.address)).to.equal(true);
    const bondedAtStakeWei = await classBondedInLatestBlock(pool, operator.address);
    expect(bondedAtStakeWei).to.be.greaterThan(0n);
    expect(await pool.stakeOf(alice.address, operator.address)).to.be.closeTo(
      valueWei + bondedAtStakeWei + 50n * ETM,
      2n,
    );

    // The class's reward since the last settlement shows in stakeOf, and is bonded by --settle (anyone).
    const stakedWei = await pool.stakeOf(alice.address, operator.address);
    await mine(10);
    expect(await pool.stakeOf(alice.address, operator.address)).to.be.greaterThan(stakedWei);
    expect(await pool.pendingReward(alice.address, operator.address)).to.equal(0n);
    const validatorStakeWei = await pool.validatorStake(operator.address);
    const settled = await printedBy(() =>
      hre.run("etm:compound-mode", { settle: operator.address, account: "3" }),
    );
    const bondedWei = await classBondedInLatestBlock(pool, operator.address);
    expect(bondedWei).to.be.greaterThan(0n);
    expect(settled).to.match(/^Settle validator 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}: confirmed in block/);
    expect(settled).to.contain(
      `bonded ${formatEtmExact(bondedWei)} ETM of rewards into its compounding positions`,
    );
    expect(await pool.validatorStake(operator.address)).to.equal(validatorStakeWei + bondedWei);
    // Alice is the class's only position: the bonded reward is hers (a class share rounds a wei at most).
    expect(await pool.stakeOf(alice.address, operator.address)).to.be.closeTo(stakedWei + bondedWei, 2n);
    expect(await token.balanceOf(alice.address)).to.equal(balanceBefore + paidWei - 50n * ETM);

    // etm:status says the position compounds instead of showing a reward.
    const status = await printedBy(() => hre.run("etm:status", { account: "2" }));
    expect(status).to.match(
      new RegExp(
        `  at ${operator.address}: staked [0-9.,]+ ETM, compounding \\(rewards bonded at each settlement of the validator`,
      ),
    );
  });

  it("--off pays nothing more, keeps what was bonded, and returns the position to claimable rewards", async () => {
    const { pool, token, operator, alice } = await loadFixture(aliceStakedFixture);
    await hre.run("etm:compound-mode", { validator: operator.address, on: true, account: "2" });
    const compoundingWei = await pool.stakeOf(alice.address, operator.address);
    await mine(10);
    const balanceBefore = await token.balanceOf(alice.address);
    const printed = await printedBy(() =>
      hre.run("etm:compound-mode", { validator: operator.address, off: true, account: "2" }),
    );
    // The class's reward up to the switch was bonded into the position, not paid.
    expect(await token.balanceOf(alice.address)).to.equal(balanceBefore);
    const valueWei = await pool.stakeOf(alice.address, operator.address);
    expect(valueWei).to.be.greaterThan(compoundingWei);
    expect(printed).to.contain(
      `not compounding: rewards accrue to claim (etm:claim); the position is worth ${formatEtmExact(valueWei)} ETM; ` +
        "no pending reward to pay",
    );
    expect(await pool.isCompounding(alice.address, operator.address)).to.equal(false);
    await mine(5);
    expect(await pool.pendingReward(alice.address, operator.address)).to.be.greaterThan(0n);
    expect(await pool.stakeOf(alice.address, operator.address)).to.equal(valueWei);
    const status = await printedBy(() => hre.run("etm:status", { account: "2" }));
    expect(status).to.match(
      new RegExp(`  at ${operator.address}: staked [0-9.,]+ ETM, rewards [0-9.,]+ ETM`),
    );
    await hre.run("etm:claim", { validator: operator.address, account: "2" });
    expect(await token.balanceOf(alice.address)).to.be.greaterThan(balanceBefore);
  });

  it("an empty position may switch: the next stake goes into the chosen class", async () => {
    const { pool, token, operator } = await loadFixture(aliceStakedFixture);
    const bob = (await hre.ethers.getSigners())[3]!;
    await token.transfer(bob.address, 100n * ETM);
    const printed = await printedBy(() =>
      hre.run("etm:compound-mode", { validator: operator.address, on: true, account: "3" }),
    );
    expect(printed).to.contain("the position is worth 0 ETM; no pending reward to pay");
    await hre.run("etm:stake", { validator: operator.address, amount: "20", account: "3" });
    expect(await pool.isCompounding(bob.address, operator.address)).to.equal(true);
    expect(await pool.stakeOf(bob.address, operator.address)).to.equal(20n * ETM);
    await mine(5);
    expect(await pool.stakeOf(bob.address, operator.address)).to.be.greaterThan(20n * ETM);
    expect(await pool.pendingReward(bob.address, operator.address)).to.equal(0n);
  });

  it("etm:claim, etm:compound and etm:claim-all explain that a compounding position has nothing to claim", async () => {
    const { pool, token, operator, alice } = await loadFixture(aliceStakedFixture);
    await hre.run("etm:compound-mode", { validator: operator.address, on: true, account: "2" });
    await mine(5);
    const nonce = await hre.ethers.provider.getTransactionCount(alice.address);
    const words = compoundingHasNothingToClaim(operator.address);
    expect(words).to.contain(`your position at ${operator.address} compounds`);
    await expect(hre.run("etm:claim", { validator: operator.address, account: "2" })).to.be.rejectedWith(
      `etm:claim: ${words}`,
    );
    await expect(hre.run("etm:compound", { validator: operator.address, account: "2" })).to.be.rejectedWith(
      `etm:compound: ${words}`,
    );
    await expect(hre.run("etm:claim-all", { account: "2" })).to.be.rejectedWith(`etm:claim-all: ${words}`);
    await expect(hre.run("etm:claim-all", { compound: true, account: "2" })).to.be.rejectedWith(
      `etm:claim-all: ${words}`,
    );
    expect(await hre.ethers.provider.getTransactionCount(alice.address)).to.equal(nonce);

    // With a second, paying position, claim-all pays it and says it passed over the compounding one.
    const second = (await hre.ethers.getSigners())[3]!;
    await token.transfer(second.address, 1_000n * ETM);
    await token.connect(second).approve(await pool.getAddress(), hre.ethers.MaxUint256);
    await registerValidator(pool, second, second.address, 0, 200n * ETM);
    await hre.run("etm:stake", { validator: second.address, amount: "100", account: "2" });
    await mine(5);
    const before = await token.balanceOf(alice.address);
    const printed = await printedBy(() => hre.run("etm:claim-all", { account: "2" }));
    const paidWei = (await token.balanceOf(alice.address)) - before;
    expect(paidWei).to.be.greaterThan(0n);
    expect(printed).to.contain(
      `; paid ${formatEtmExact(paidWei)} ETM (1 compounding position passed over: rewards bonded already)`,
    );
    // Both positions compounding: nothing to claim anywhere, said for both.
    await hre.run("etm:compound-mode", { validator: second.address, on: true, account: "2" });
    await mine(5);
    const both = compoundingHasNothingToClaim(operator.address, second.address);
    expect(both).to.contain(`your positions at ${operator.address}, ${second.address} all compound`);
    await expect(hre.run("etm:claim-all", { account: "2" })).to.be.rejectedWith(`etm:claim-all: ${both}`);
  });

  it("refuses the operator's own validator, an unchanged mode, an unknown validator and bad flags, sending nothing", async () => {
    const { pool, operator, alice } = await loadFixture(aliceStakedFixture);
    const ownValidator =
      `${operator.address} is your own validator: an operator's self-stake pays out its rewards and cannot ` +
      "compound (claim them with etm:claim, or restake them with etm:compound).";
    const notCompounding =
      `your position at ${operator.address} does not compound: its rewards are paid when you claim ` +
      "(etm:compound-mode --on bonds them into it instead).";
    const compoundsAlready =
      `your position at ${operator.address} compounds already: its rewards are bonded into it at every ` +
      "settlement of the validator (etm:compound-mode --off has them paid to you instead).";
    const cases: [Record<string, unknown>, string][] = [
      [{ validator: operator.address, on: true, account: "1" }, `etm:compound-mode: ${ownValidator}`],
      [{ validator: operator.address, off: true, account: "1" }, `etm:compound-mode: ${ownValidator}`],
      [{ validator: operator.address, off: true, account: "2" }, `etm:compound-mode: ${notCompounding}`],
      [
        { validator: alice.address, on: true, account: "2" },
        `etm:compound-mode: ${alice.address} is not a registered validator`,
      ],
      [
        { settle: alice.address, account: "2" },
        `etm:compound-mode: ${alice.address} is not a registered validator`,
      ],
      [
        { validator: "0x1234", on: true, account: "2" },
        'etm:compound-mode: --validator "0x1234" is not an address',
      ],
      [{ on: true, account: "2" }, "etm:compound-mode: --validator is required"],
      [
        { validator: operator.address, on: true, off: true, account: "2" },
        "etm:compound-mode: give --on or --off, not both.",
      ],
      [{ validator: operator.address, account: "2" }, "etm:compound-mode: give --on (bond your rewards"],
      [
        { settle: operator.address, on: true, account: "2" },
        "etm:compound-mode: give --settle <validator> alone",
      ],
    ];
    const nonces = async () =>
      Promise.all([operator, alice].map((s) => hre.ethers.provider.getTransactionCount(s.address)));
    const before = await nonces();
    for (const [args, message] of cases) {
      await expect(hre.run("etm:compound-mode", args), JSON.stringify(args)).to.be.rejectedWith(message);
    }
    await hre.run("etm:compound-mode", { validator: operator.address, on: true, account: "2" });
    await expect(
      hre.run("etm:compound-mode", { validator: operator.address, on: true, account: "2" }),
    ).to.be.rejectedWith(`etm:compound-mode: ${compoundsAlready}`);
    expect(await nonces()).to.deep.equal([before[0], before[1]! + 1]);

    // The planner's sentences are the error table's: the contract's own refusals read the same.
    const refusal = async (call: Promise<unknown>) => {
      try {
        await call;
      } catch (error) {
        return describeRevert(error, "compound-mode");
      }
      throw new Error("the call was not refused");
    };
    expect(await refusal(pool.connect(operator).setCompounding.staticCall(operator.address, true))).to.equal(
      `The contract refused: ${ownValidator.slice(0, -1)} (SelfStakeCannotCompound).`,
    );
    expect(await refusal(pool.connect(alice).setCompounding.staticCall(operator.address, true))).to.equal(
      `The contract refused: ${compoundsAlready.slice(0, -1)} (CompoundingUnchanged).`,
    );
  });
});
