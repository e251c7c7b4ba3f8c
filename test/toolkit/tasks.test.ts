/**
 * The staking tasks against the in-process chain: they read deployments/hardhat.json, parse ETM
 * amounts, decode the contracts' errors into plain words, and refuse bad input before sending.
 */
import { expect } from "chai";
import { registerValidator } from "../shared/signerProof";
import { formatEtmExact } from "../../lib/units";
import { printedBy } from "../shared/console";
import fs from "node:fs";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deploymentPath } from "../../config/deployments";
import { stakingTasksFixture } from "../shared/deployments";
import { parseEtm, parsePercentToWad, formatEtm } from "../../tasks/lib/input";
import { ETM } from "../shared/units";

type TasksWorld = Awaited<ReturnType<typeof stakingTasksFixture>>;

/** Account 3 as a second validator (200 ETM of self-stake, no commission): where stake can move. */
async function registerSecondValidator(pool: TasksWorld["pool"], token: TasksWorld["token"]) {
  const second = (await hre.ethers.getSigners())[3]!;
  await token.transfer(second.address, 1_000n * ETM);
  await token.connect(second).approve(await pool.getAddress(), hre.ethers.MaxUint256);
  await registerValidator(pool, second, second.address, 0, 200n * ETM);
  return second;
}

describe("Toolkit: staking tasks", () => {
  after(() => fs.rmSync(deploymentPath("hardhat"), { force: true }));

  it("etm:stake stakes an amount with decimals in one transaction with a permit; etm:unstake all; etm:withdraw", async () => {
    const { pool, token, operator, alice } = await loadFixture(stakingTasksFixture);
    const poolAddress = await pool.getAddress();
    expect(await token.allowance(alice.address, poolAddress)).to.equal(0n);
    const nonceBefore = await hre.ethers.provider.getTransactionCount(alice.address);
    const printed = await printedBy(() =>
      hre.run("etm:stake", { validator: operator.address, amount: "12.5", account: "2" }),
    );
    expect(printed).to.contain("with a signed permit: no approval transaction");
    expect(await pool.stakeOf(alice.address, operator.address)).to.equal(125n * 10n ** 17n);
    // One transaction (stakeWithPermit), the permit's nonce used, no allowance left over.
    expect(await hre.ethers.provider.getTransactionCount(alice.address)).to.equal(nonceBefore + 1);
    expect(await token.nonces(alice.address)).to.equal(1n);
    expect(await token.allowance(alice.address, poolAddress)).to.equal(0n);
    await hre.run("etm:unstake", { validator: operator.address, amount: "all", account: alice.address });
    expect(await pool.stakeOf(alice.address, operator.address)).to.equal(0n);
    await mine(5);
    const before = await token.balanceOf(alice.address);
    await hre.run("etm:withdraw", { account: "2" });
    expect(await token.balanceOf(alice.address)).to.equal(before + 125n * 10n ** 17n);
  });

  it("etm:unstake all and etm:redelegate all take a compounding position whole, as it is worth when the transaction runs", async () => {
    const { pool, token, operator, alice } = await loadFixture(stakingTasksFixture);
    const second = await registerSecondValidator(pool, token);
    for (const validator of [operator.address, second.address]) {
      await hre.run("etm:stake", { validator, amount: "100", account: "2" });
      await hre.run("etm:compound-mode", { validator, on: true, account: "2" });
    }
    await mine(10);
    // The position grows every block: the figure read before sending is a block short when it runs.
    const readBefore = await pool.stakeOf(alice.address, operator.address);
    const printed = await printedBy(() =>
      hre.run("etm:unstake", { validator: operator.address, amount: "all", account: "2" }),
    );
    expect(printed).to.contain(`Unstake all (${formatEtmExact(readBefore)} ETM now) from `);
    const [, , amounts] = await pool.unbondingOf(alice.address);
    expect(amounts[0]! > readBefore, "the last block's compounding went too").to.equal(true);
    expect(printed).to.contain(`${formatEtmExact(amounts[0]!)} ETM unbonding, withdrawable from block`);
    expect(await pool.stakeOf(alice.address, operator.address)).to.equal(0n);

    await mine(10);
    const moved = await printedBy(() =>
      hre.run("etm:redelegate", { from: second.address, to: operator.address, amount: "all", account: "2" }),
    );
    expect(await pool.stakeOf(alice.address, second.address)).to.equal(0n);
    const [movedEntry] = await pool.redelegationsOf(alice.address);
    expect(movedEntry!.amountWei > 100n * ETM, "100 ETM and what it compounded").to.equal(true);
    expect(moved).to.contain(
      `${formatEtmExact(movedEntry!.amountWei)} ETM moved, earning at ${operator.address} now`,
    );
    // bonded at the destination as new shares, rounded down: at most a wei under what moved
    const atDestination = await pool.stakeOf(alice.address, operator.address);
    expect(movedEntry!.amountWei - atDestination <= 1n && atDestination <= movedEntry!.amountWei).to.equal(
      true,
    );
  });

  it("etm:stake --approve sends approve and stake instead of a permit", async () => {
    const { pool, token, operator, alice } = await loadFixture(stakingTasksFixture);
    const nonceBefore = await hre.ethers.provider.getTransactionCount(alice.address);
    await hre.run("etm:stake", { validator: operator.address, amount: "10", account: "2", approve: true });
    expect(await pool.stakeOf(alice.address, operator.address)).to.equal(10n * ETM);
    expect(await hre.ethers.provider.getTransactionCount(alice.address)).to.equal(nonceBefore + 2);
    expect(await token.nonces(alice.address)).to.equal(0n);
  });

  it("etm:claim and etm:compound pay or restake the reward", async () => {
    const { pool, token, operator, alice } = await loadFixture(stakingTasksFixture);
    await hre.run("etm:stake", { validator: operator.address, amount: "100", account: "2" });
    await mine(10);
    const before = await token.balanceOf(alice.address);
    await hre.run("etm:claim", { validator: operator.address, account: "2" });
    expect(await token.balanceOf(alice.address)).to.be.greaterThan(before);
    await mine(10);
    const staked = await pool.stakeOf(alice.address, operator.address);
    await hre.run("etm:compound", { validator: operator.address, account: "2" });
    expect(await pool.stakeOf(alice.address, operator.address)).to.be.greaterThan(staked);
  });

  it("refuses too many decimals, unknown validators, bad accounts and too large amounts, sending nothing", async () => {
    const { pool, operator, alice } = await loadFixture(stakingTasksFixture);
    const cases: [Record<string, string>, RegExp][] = [
      [
        { validator: operator.address, amount: "1.0000000000000000001", account: "2" },
        /19 decimals; ETM has 18/,
      ],
      [{ validator: "0x1234", amount: "1", account: "2" }, /--validator "0x1234" is not an address/],
      [{ validator: alice.address, amount: "1", account: "2" }, /is not a registered validator/],
      [{ validator: operator.address, amount: "1", account: "999" }, /--account "999" is not one of the/],
      [
        { validator: operator.address, amount: "20000", account: "2" },
        /^etm:stake: you hold 10,000 ETM, less than the 20,000 ETM to stake\.$/,
      ],
      [{ validator: operator.address, amount: "-1", account: "2" }, /is not an amount of ETM/],
    ];
    for (const [args, message] of cases) {
      await expect(hre.run("etm:stake", args)).to.be.rejectedWith(message);
    }
    expect(await pool.stakeOf(alice.address, operator.address)).to.equal(0n);
  });

  it("decodes a contract's custom error into its name, values and a hint", async () => {
    const { operator } = await loadFixture(stakingTasksFixture);
    await hre.run("etm:stake", { validator: operator.address, amount: "100", account: "2" });
    await expect(hre.run("etm:withdraw", { account: "2" })).to.be.rejectedWith(
      "etm:withdraw: The contract refused: nothing to withdraw: you have no unbonding entries (NothingToWithdraw).",
    );
    await expect(
      hre.run("etm:unstake", { validator: operator.address, amount: "99.5", account: "2" }),
    ).to.be.rejectedWith(
      `etm:unstake: The contract refused: your position at ${operator.address} would be 0.5 ETM, below the minimum of 1 ETM; ` +
        "unstake all of it or leave at least the minimum (PositionBelowMinimum).",
    );
  });

  it("etm:claim-all pays every position in one transaction; --compound restakes; nothing owed is refused in words", async () => {
    const { token, pool, operator, alice } = await loadFixture(stakingTasksFixture);
    await expect(hre.run("etm:claim-all", { account: "2" })).to.be.rejectedWith(
      "etm:claim-all: The contract refused: there are no rewards to claim at any of your positions yet (NothingToClaim).",
    );
    await hre.run("etm:stake", { validator: operator.address, amount: "100", account: "2" });
    await mine(10);
    const before = await token.balanceOf(alice.address);
    const printed = await printedBy(() => hre.run("etm:claim-all", { account: "2" }));
    const paidWei = (await token.balanceOf(alice.address)) - before;
    expect(paidWei).to.be.greaterThan(0n);
    expect(printed).to.match(
      new RegExp(`; paid ${formatEtmExact(paidWei).replace(/[.]/g, "\\.")} ETM$`, "m"),
    );
    await mine(10);
    const staked = await pool.stakeOf(alice.address, operator.address);
    const balance = await token.balanceOf(alice.address);
    await hre.run("etm:claim-all", { compound: true, account: "2" });
    expect(await pool.stakeOf(alice.address, operator.address)).to.be.greaterThan(staked);
    expect(await token.balanceOf(alice.address)).to.equal(balance);
  });

  it("etm:redelegate moves stake at once, --list shows it, bad input is refused in words before sending", async () => {
    const { pool, token, operator, alice } = await loadFixture(stakingTasksFixture);
    const second = await registerSecondValidator(pool, token);
    await hre.run("etm:stake", { validator: operator.address, amount: "100", account: "2" });
    const nonce = await hre.ethers.provider.getTransactionCount(alice.address);
    for (const [args, message] of [
      [
        { from: operator.address, to: operator.address, amount: "1" },
        `a redelegation moves stake between two different validators (${operator.address} twice)`,
      ],
      [
        { from: operator.address, to: second.address, amount: "100.5" },
        `you have 100 ETM staked at ${operator.address}, less than the 100.5 ETM asked`,
      ],
      [{ from: operator.address, amount: "1" }, "give --from, --to and --amount"],
    ] as const) {
      await expect(hre.run("etm:redelegate", { ...args, account: "2" })).to.be.rejectedWith(message);
    }
    expect(await hre.ethers.provider.getTransactionCount(alice.address)).to.equal(nonce);
    const printed = await printedBy(() =>
      hre.run("etm:redelegate", { from: operator.address, to: second.address, amount: "40", account: "2" }),
    );
    expect(printed).to.match(/slashable for .* past infractions until block \d+/);
    expect(await pool.stakeOf(alice.address, operator.address)).to.equal(60n * ETM);
    expect(await pool.stakeOf(alice.address, second.address)).to.equal(40n * ETM);
    const listed = await printedBy(() => hre.run("etm:redelegate", { list: true, account: "2" }));
    expect(listed).to.contain(
      `40 ETM from ${operator.address} to ${second.address}: 40 ETM still slashable for the source's past`,
    );
    const status = await printedBy(() => hre.run("etm:status", { account: "2" }));
    expect(status).to.match(
      new RegExp(
        `redelegated 40 ETM from ${operator.address} to ${second.address}: 40 ETM still slashable for the source's past, locked at the destination until block \\d+`,
      ),
    );
    // The lock: the moved 40 cannot leave the destination before they mature.
    await expect(
      hre.run("etm:unstake", { validator: second.address, amount: "all", account: "2" }),
    ).to.be.rejectedWith(
      `etm:unstake: The contract refused: 40 ETM of your stake at ${second.address} was redelegated there`,
    );
    // A keeper after a slash of the source: every account that moved away from it and owes is settled.
    expect(
      await printedBy(() => hre.run("etm:redelegate", { settleFrom: operator.address, account: "1" })),
    ).to.contain(`no account owes for ${operator.address}'s slashes: nothing to settle.`);
    const [admin] = await hre.ethers.getSigners();
    const infraction = (await hre.ethers.provider.getBlockNumber()) - 3; // before the move, in the window
    await pool.connect(admin!).slash(operator.address, 10n ** 17n, infraction, hre.ethers.id("test"));
    const keeper = await printedBy(() =>
      hre.run("etm:redelegate", { settleFrom: operator.address, account: "1" }),
    );
    expect(keeper).to.contain(`settled 1 account(s) that had redelegated away from ${operator.address}.`);
    expect(keeper).to.contain("4 ETM burned for the sources' slashes");
    expect(await pool.stakeOf(alice.address, second.address)).to.equal(36n * ETM);
    await mine(5);
    const settled = await printedBy(() => hre.run("etm:redelegate", { settle: alice.address, account: "1" }));
    expect(settled).to.contain("nothing was owed; matured redelegations released");
    expect(await printedBy(() => hre.run("etm:redelegate", { list: true, owner: alice.address }))).to.contain(
      "has no maturing redelegations",
    );
  });

  it("etm:claim prints the exact amount paid, read from the receipt", async () => {
    const { token, operator, alice } = await loadFixture(stakingTasksFixture);
    await hre.run("etm:stake", { validator: operator.address, amount: "100", account: "2" });
    await mine(10);
    const before = await token.balanceOf(alice.address);
    const printed = await printedBy(() =>
      hre.run("etm:claim", { validator: operator.address, account: "2" }),
    );
    const paidWei = (await token.balanceOf(alice.address)) - before;
    expect(paidWei).to.be.greaterThan(0n);
    expect(printed).to.match(
      new RegExp(`; paid ${formatEtmExact(paidWei).replace(/[.]/g, "\\.")} ETM$`, "m"),
    );
  });

  it("words the refusals of a stake and an unstake in ETM, with the hint for the action tried", async () => {
    const { operator, alice } = await loadFixture(stakingTasksFixture);
    // A stake that leaves the position below the minimum (1 ETM): refused before the approval is
    // sent, in the contract's words, with the hint about staking.
    const nonce = await hre.ethers.provider.getTransactionCount(alice.address);
    await expect(
      hre.run("etm:stake", { validator: operator.address, amount: "0.5", account: "2" }),
    ).to.be.rejectedWith(
      `etm:stake: your position at ${operator.address} would be 0.5 ETM, below the minimum of 1 ETM; ` +
        "stake at least 1 ETM in all at this validator.",
    );
    expect(await hre.ethers.provider.getTransactionCount(alice.address)).to.equal(nonce);
    await hre.run("etm:stake", { validator: operator.address, amount: "10", account: "2" });
    // More than is staked: the amounts in ETM, not wei.
    await expect(
      hre.run("etm:unstake", { validator: operator.address, amount: "10.000000001", account: "2" }),
    ).to.be.rejectedWith(
      `etm:unstake: you have 10 ETM staked at ${operator.address}, less than the 10.000000001 ETM to unstake.`,
    );
  });

  it("refuses a deployment record of another chain (wrong network)", async () => {
    const { operator } = await loadFixture(stakingTasksFixture);
    const file = deploymentPath("hardhat");
    const record = JSON.parse(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(file, JSON.stringify({ ...record, chainId: 1 }));
    await expect(
      hre.run("etm:stake", { validator: operator.address, amount: "1", account: "2" }),
    ).to.be.rejectedWith(/wrong network: deployments\/hardhat.json is for chain 1/);
  });

  it("refuses a deployment record whose contracts are not one system on the chain (overwritten, or the node restarted)", async () => {
    const { operator, pool, token } = await loadFixture(stakingTasksFixture);
    const file = deploymentPath("hardhat");
    // the right chain id (the test before this one left another in the file)
    const chainId = Number((await hre.ethers.provider.getNetwork()).chainId);
    const record = { ...JSON.parse(fs.readFileSync(file, "utf8")), chainId };
    const nonce = await hre.ethers.provider.getTransactionCount(operator.address);
    const mismatched = [
      { ...record.contracts, pool: record.contracts.election, election: record.contracts.pool }, // other contracts there
      { ...record.contracts, token: await pool.getAddress() }, // the pool names another token
      { ...record.contracts, pool: hre.ethers.Wallet.createRandom().address }, // no code there
    ];
    for (const contracts of mismatched) {
      fs.writeFileSync(file, JSON.stringify({ ...record, contracts }));
      await expect(
        hre.run("etm:stake", { validator: operator.address, amount: "1", account: "1" }),
      ).to.be.rejectedWith(
        "etm:stake: deployments/hardhat.json does not match the chain the node answers: its pool, token, votes and " +
          'election are not one system there (the node was restarted, or another deployment to network "hardhat" ' +
          "overwrote the record); deploy again (`npm run deploy -- --network hardhat`) or restore the record.",
      );
    }
    expect(await hre.ethers.provider.getTransactionCount(operator.address)).to.equal(nonce);
    fs.writeFileSync(file, JSON.stringify(record));
    await hre.run("etm:stake", { validator: operator.address, amount: "1", account: "1" });
    expect(await token.balanceOf(await pool.getAddress())).to.be.greaterThan(0n);
  });

  it("parses ETM amounts and percentages exactly", () => {
    expect(parseEtm("amount", "1")).to.equal(ETM);
    expect(parseEtm("amount", "0.000000000000000001")).to.equal(1n);
    expect(parseEtm("amount", "1_000.5")).to.equal(1000n * ETM + ETM / 2n);
    expect(() => parseEtm("amount", "0")).to.throw(/more than 0 ETM/);
    expect(() => parseEtm("amount", "1e18")).to.throw(/not an amount/);
    expect(parsePercentToWad("commission", "5")).to.equal(ETM / 20n);
    expect(parsePercentToWad("commission", "7.5%")).to.equal((ETM * 75n) / 1000n);
    expect(() => parsePercentToWad("commission", "101")).to.throw(/above 100%/);
    expect(formatEtm(1234n * ETM + ETM / 4n)).to.equal("1,234.25");
  });
});
