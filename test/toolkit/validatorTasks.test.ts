/**
 * The validator and election tasks on the in-process chain: register four candidates, heartbeat,
 * elect, commit and reveal a beacon secret kept in a private file, change commission, delegate votes,
 * and print the status. Bad input is refused with a message naming it.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { loadFixture, mine, mineUpTo } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deploySystem } from "../../scripts/deploy";
import { deploymentPath } from "../../config/deployments";
import { printedBy } from "../shared/console";
import { recordHardhatDeployment } from "../shared/deployments";
import { ETM } from "../shared/units";

async function fixture() {
  const signers = await hre.ethers.getSigners();
  const [admin] = signers;
  const operators = signers.slice(1, 5);
  const system = await deploySystem({ minSelfStake: 100n * ETM, roundLength: 20, commissionDelayBlocks: 5 });
  for (const operator of operators) await system.token.transfer(operator.address, 10_000n * ETM);
  await recordHardhatDeployment(system, admin.address);
  return { ...system, admin, operators };
}

describe("Toolkit: validator and election tasks", () => {
  const secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), "etm-secrets-"));
  after(() => {
    fs.rmSync(deploymentPath("hardhat"), { force: true });
    fs.rmSync(secretsDir, { recursive: true, force: true });
  });

  it("register, heartbeat, elect, commit and reveal through the tasks; secrets stay in private files", async () => {
    const { pool, election, operators } = await loadFixture(fixture);
    for (const [i, operator] of operators.entries()) {
      await hre.run("etm:register", {
        signer: hre.ethers.Wallet.createRandom().address,
        commission: `${i + 1}.5`,
        selfStake: "1000",
        account: operator.address,
      });
      await hre.run("etm:heartbeat", { account: operator.address });
    }
    expect(await pool.candidateCount()).to.equal(4n);
    expect((await pool.validatorInfo(operators[0].address)).commissionWad).to.equal((15n * ETM) / 1000n);
    const [, start, length] = await election.roundInfo();
    await mineUpTo(start + length);
    await hre.run("etm:elect", {});
    const active = await election.activeValidators();
    expect([...active].sort()).to.deep.equal(operators.map((o) => o.address).sort());
    // etm:status lists the elected set in proposer order and marks exactly those candidates active.
    const lines: string[] = [];
    const log = console.log;
    console.log = (...parts: unknown[]) => lines.push(parts.join(" "));
    try {
      await hre.run("etm:status", {});
    } finally {
      console.log = log;
    }
    active.forEach((operator, i) =>
      expect(lines).to.satisfy((all: string[]) =>
        all.some((l) => l.startsWith(`   ${i + 1}. ${operator}  signer `)),
      ),
    );
    for (const operator of operators)
      expect(lines.find((l) => l.startsWith(`  ${operator.address}  stake`))).to.include(
        "  active  candidate",
      );
    expect(lines.join("\n")).to.match(/candidates \(4; 4 in the active set/);

    const committer = operators.find((o) => o.address === active[0])!;
    await hre.run("etm:commit", { account: committer.address, secretsDir });
    const round = await election.currentRound();
    const file = path.join(secretsDir, `${committer.address.toLowerCase()}-round-${round}.secret`);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    await expect(hre.run("etm:commit", { account: committer.address, secretsDir })).to.be.rejectedWith(
      /committed for round/,
    );
    const [, , , revealStart] = await election.roundInfo();
    await mineUpTo(revealStart);
    await hre.run("etm:reveal", { account: committer.address, secretsDir });
    const [, , commitment] = await election.commitmentOf(committer.address);
    expect(commitment).to.equal("0x0000000000000000000000000000000000000000"); // cleared once revealed
  });

  it("etm:commission schedules the change; etm:delegate gives votes; etm:status prints", async () => {
    const { pool, votes, election, operators } = await loadFixture(fixture);
    await hre.run("etm:register", {
      signer: operators[3].address,
      commission: "10",
      selfStake: "500",
      account: "1",
    });
    await expect(hre.run("etm:commission", { rate: "30", account: "1" })).to.be.rejectedWith(
      "etm:commission: The contract refused: the commission may change by at most 5.00% at a time " +
        "(from 10.00% to 30.00% is too far); change it in smaller steps, one per delay (CommissionChangeTooLarge).",
    );
    await hre.run("etm:commission", { rate: "12", account: "1" });
    const info = await pool.validatorInfo(operators[0].address);
    expect(info.pendingCommissionWad).to.equal((12n * ETM) / 100n);
    await mine(6);
    await hre.run("etm:delegate", { account: "1" });
    expect(await votes.getVotes(operators[0].address)).to.equal(500n * ETM);
    const text = await printedBy(() => hre.run("etm:status", { account: "1" }));
    const lines = text.split("\n");
    // The active set as a numbered list: here the genesis signer, which is no candidate.
    const [genesis] = await election.activeValidators();
    expect(text).to.include(
      `active set (1, in the shuffled proposer order):\n   1. ${genesis}  genesis signer (not a candidate)`,
    );
    expect(text).to.match(/estimated APY .* \(an estimate/);
    // A registered candidate outside the active set is not labelled active.
    expect(text).to.include(`${operators[0].address}  stake 500 ETM  commission 10.00% -> 12.00% at block`);
    const row = lines.find((l) => l.includes(`${operators[0].address}  stake 500 ETM`))!;
    expect(row).to.include("not in the set  candidate  no heartbeat yet");
    expect(text).to.match(/candidates \(1; 0 in the active set/);
    expect(text).to.match(/at 0x[0-9a-fA-F]{40}: staked 500 ETM/);
    expect(text).to.match(/your validator: candidate, not in the active set, commission 10.00% -> 12.00%/);
    // An account with nothing is told how to pick another.
    const other = await printedBy(() => hre.run("etm:status", { account: "7" }));
    expect(other).to.match(/no positions.*Show another account with --account <index or address>/);
  });

  it("refuses bad input: too low self-stake, too many decimals, reveal without commit", async () => {
    await loadFixture(fixture);
    await expect(
      hre.run("etm:register", {
        signer: hre.ethers.ZeroAddress.replace(/0$/, "1"),
        commission: "5",
        selfStake: "10",
        account: "1",
      }),
    ).to.be.rejectedWith(
      /^etm:register: a self-stake of 10 ETM is below the minimum self-stake of 100 ETM\.$/,
    );
    await expect(
      hre.run("etm:register", { signer: "0xabc", commission: "5", selfStake: "1000", account: "1" }),
    ).to.be.rejectedWith(/--signer "0xabc" is not an address/);
    await expect(
      hre.run("etm:register", {
        signer: hre.ethers.Wallet.createRandom().address,
        commission: "5",
        selfStake: "1.0000000000000000001",
        account: "1",
      }),
    ).to.be.rejectedWith(/19 decimals/);
    await expect(hre.run("etm:reveal", { account: "1", secretsDir })).to.be.rejectedWith(
      /no secret for round/,
    );
    const stranger = (await hre.ethers.getSigners())[7].address;
    await expect(hre.run("etm:heartbeat", { account: "7" })).to.be.rejectedWith(
      `etm:heartbeat: The contract refused: ${stranger} is not a registered candidate's operator or signer (NotACandidate).`,
    );
  });
});
