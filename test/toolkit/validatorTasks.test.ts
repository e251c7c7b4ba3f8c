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
import { encryptKeystoreJson, Wallet } from "ethers";
import { parseSignerProof } from "../../lib/signerProof";

/** Runs `body` with ETM_SIGNER_KEY (or the given variables) set, restoring the environment after. */
async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const names = ["ETM_SIGNER_KEY", "ETM_SIGNER_KEYSTORE", "ETM_SIGNER_KEYSTORE_PASSWORD"];
  const savedAll = Object.fromEntries(names.map((k) => [k, process.env[k]]));
  for (const k of names) delete process.env[k];
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) process.env[k] = v;
  try {
    return await body();
  } finally {
    for (const k of names) {
      const v = savedAll[k] ?? saved[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const withSignerKey = <T>(key: { privateKey: string }, body: () => Promise<T>) =>
  withEnv({ ETM_SIGNER_KEY: key.privateKey }, body);

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
      const key = Wallet.createRandom();
      // The signer key comes from ETM_SIGNER_KEY; --signer, when given, is checked against it.
      await withSignerKey(key, () =>
        hre.run("etm:register", {
          signer: i % 2 === 0 ? key.address : undefined,
          commission: `${i + 1}.5`,
          selfStake: "1000",
          account: operator.address,
        }),
      );
      expect(await pool.signerOf(operator.address)).to.equal(key.address);
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

  it("etm:profile sets the validator's name, website and description; refusals are worded", async () => {
    const { pool, operators } = await loadFixture(fixture);
    await withSignerKey(Wallet.createRandom(), () =>
      hre.run("etm:register", { commission: "10", selfStake: "500", account: "1" }),
    );
    await expect(hre.run("etm:profile", { name: "x", account: "1" })).to.be.rejectedWith(
      `etm:profile: The contract refused: the name "x" is not allowed: use 3 to 32 characters among letters, ` +
        `digits, spaces, '-', '_' and '.', with no space at either end (InvalidProfileName).`,
    );
    await expect(
      hre.run("etm:profile", { name: "Zero Labs", website: "w".repeat(141), account: "1" }),
    ).to.be.rejectedWith(
      /the website is 141 bytes long, over the limit of 140; shorten it \(InvalidProfileField\)/,
    );
    const printed = await printedBy(() =>
      hre.run("etm:profile", {
        name: "Zero Labs",
        website: "https://zero.example",
        description: "Operated since 2026.",
        account: "1",
      }),
    );
    expect(printed).to.include(`profile of ${operators[0].address}: Zero Labs (https://zero.example)`);
    expect(await pool.profileOf(operators[0].address)).to.deep.equal([
      "Zero Labs",
      "https://zero.example",
      "Operated since 2026.",
    ]);
    // etm:status names the candidate (through the lens), its address beside the name.
    const status = await printedBy(() => hre.run("etm:status", { account: "1" }));
    expect(status).to.include(`  Zero Labs (${operators[0].address})  stake 500 ETM  commission 10.00%`);
  });

  it("etm:commission schedules the change; etm:delegate gives votes; etm:status prints", async () => {
    const { pool, votes, election, operators } = await loadFixture(fixture);
    await withSignerKey(Wallet.createRandom(), () =>
      hre.run("etm:register", { commission: "10", selfStake: "500", account: "1" }),
    );
    await expect(hre.run("etm:commission", { rate: "30", account: "1" })).to.be.rejectedWith(
      "etm:commission: The contract refused: the commission may change by at most 5.00% at a time " +
        "(from 10.00% to 30.00% is too far); change it in smaller steps, one per delay (CommissionChangeTooLarge).",
    );
    await hre.run("etm:commission", { rate: "12", account: "1" });
    const info = await pool.validatorInfo(operators[0].address);
    expect(info.pendingCommissionWad).to.equal((12n * ETM) / 100n);
    await mine(6);
    const delegated = await printedBy(() => hre.run("etm:delegate", { account: "1" }));
    expect(await votes.getVotes(operators[0].address)).to.equal(500n * ETM);
    expect(delegated).to.include(`votes of ${operators[0].address}: 500 ETM`);
    expect(delegated).to.include(`  500 ETM at ${operators[0].address}: counted`);
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
    await withSignerKey(Wallet.createRandom(), async () => {
      await expect(
        hre.run("etm:register", { commission: "5", selfStake: "10", account: "1" }),
      ).to.be.rejectedWith(
        /^etm:register: a self-stake of 10 ETM is below the minimum self-stake of 100 ETM\.$/,
      );
      await expect(
        hre.run("etm:register", { signer: "0xabc", commission: "5", selfStake: "1000", account: "1" }),
      ).to.be.rejectedWith(/--signer "0xabc" is not an address/);
      await expect(
        hre.run("etm:register", { commission: "5", selfStake: "1.0000000000000000001", account: "1" }),
      ).to.be.rejectedWith(/19 decimals/);
    });
    await expect(hre.run("etm:reveal", { account: "1", secretsDir })).to.be.rejectedWith(
      /no secret for round/,
    );
    const stranger = (await hre.ethers.getSigners())[7].address;
    await expect(hre.run("etm:heartbeat", { account: "7" })).to.be.rejectedWith(
      `etm:heartbeat: The contract refused: ${stranger} is not a registered candidate's operator or signer (NotACandidate).`,
    );
  });

  it("etm:register without a signer key, with a bad key or with another signer's key says which variable to set, sending nothing", async () => {
    const { pool, operators } = await loadFixture(fixture);
    const args = { commission: "5", selfStake: "1000", account: "1" };
    await expect(withEnv({}, () => hre.run("etm:register", args))).to.be.rejectedWith(
      /^etm:register: no signer key: registration needs a proof signed by the QBFT signer key; set ETM_SIGNER_KEY=0x<the signer's 64-hex-digit private key> .* or ETM_SIGNER_KEYSTORE=<keystore file> with ETM_SIGNER_KEYSTORE_PASSWORD=<its password>\. Never pass the key as a flag\.$/,
    );
    await expect(
      withEnv({ ETM_SIGNER_KEY: "0x1234" }, () => hre.run("etm:register", args)),
    ).to.be.rejectedWith(
      /^etm:register: ETM_SIGNER_KEY is not a private key \(0x followed by 64 hex digits; its value is not shown\): set ETM_SIGNER_KEY=/,
    );
    const key = Wallet.createRandom();
    const other = Wallet.createRandom().address;
    await expect(
      withSignerKey(key, () => hre.run("etm:register", { ...args, signer: other })),
    ).to.be.rejectedWith(
      `etm:register: the key in ETM_SIGNER_KEY is the key of ${key.address}, not of --signer ${other}: ` +
        `set ETM_SIGNER_KEY to the key of ${other}, or drop --signer to register ${key.address}.`,
    );
    await expect(
      withEnv({ ETM_SIGNER_KEY: key.privateKey, ETM_SIGNER_KEYSTORE: "/nonexistent" }, () =>
        hre.run("etm:register", args),
      ),
    ).to.be.rejectedWith(/both ETM_SIGNER_KEY and ETM_SIGNER_KEYSTORE are set: unset one/);
    expect((await pool.validatorInfo(operators[0].address)).status).to.equal(0n);
    // A signer in use by another validator: the contract's refusal in words.
    await withSignerKey(key, () => hre.run("etm:register", args));
    await expect(
      withSignerKey(key, () => hre.run("etm:register", { ...args, account: "2" })),
    ).to.be.rejectedWith(
      `etm:register: The contract refused: signer ${key.address} is already used by validator ${operators[0].address}; choose another signer (SignerInUse).`,
    );
  });

  it("etm:register reads an encrypted keystore (ETM_SIGNER_KEYSTORE + ETM_SIGNER_KEYSTORE_PASSWORD)", async () => {
    const { pool, operators } = await loadFixture(fixture);
    const key = Wallet.createRandom();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etm-keystore-"));
    const file = path.join(dir, "signer.json");
    fs.writeFileSync(
      file,
      await encryptKeystoreJson({ address: key.address, privateKey: key.privateKey }, "correct horse", {
        scrypt: { N: 1024 },
      }),
    );
    try {
      const args = { commission: "5", selfStake: "1000", account: "1" };
      await expect(
        withEnv({ ETM_SIGNER_KEYSTORE: file, ETM_SIGNER_KEYSTORE_PASSWORD: "wrong" }, () =>
          hre.run("etm:register", args),
        ),
      ).to.be.rejectedWith(
        /ETM_SIGNER_KEYSTORE ".*signer\.json" could not be decrypted .*check the file and ETM_SIGNER_KEYSTORE_PASSWORD/,
      );
      await expect(
        withEnv({ ETM_SIGNER_KEYSTORE: file }, () => hre.run("etm:register", args)),
      ).to.be.rejectedWith(/ETM_SIGNER_KEYSTORE is set but ETM_SIGNER_KEYSTORE_PASSWORD is not/);
      await withEnv({ ETM_SIGNER_KEYSTORE: file, ETM_SIGNER_KEYSTORE_PASSWORD: "correct horse" }, () =>
        hre.run("etm:register", args),
      );
      expect(await pool.signerOf(operators[0].address)).to.equal(key.address);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("etm:signer-proof prints the proof the dApp's form takes, which registers the operator", async () => {
    const { pool, token, operators } = await loadFixture(fixture);
    const key = Wallet.createRandom();
    const operator = operators[1];
    const text = await printedBy(() =>
      withSignerKey(key, () => hre.run("etm:signer-proof", { operator: operator.address })),
    );
    const signature = /Signer proof \(paste into the dApp's registration form\): (0x[0-9a-f]{130})/.exec(
      text,
    )![1];
    expect(text).to.include(`Signer address: ${key.address}`);
    expect(text).to.include('"primaryType": "SignerProof"');
    const { chainId } = await hre.ethers.provider.getNetwork();
    const subject = {
      signer: key.address,
      operator: operator.address,
      pool: await pool.getAddress(),
      chainId,
    };
    const proof = parseSignerProof(signature, subject);
    await expect(() => parseSignerProof(signature, { ...subject, operator: operators[2].address })).to.throw(
      /the signer proof was signed by 0x[0-9a-fA-F]{40} \(or for another operator, pool or chain\), not by the signer/,
    );
    await token.connect(operator).approve(await pool.getAddress(), 1_000n * ETM);
    await expect(
      pool.connect(operator).registerValidator(key.address, 0n, 1_000n * ETM, proof.r, proof.vs),
    ).to.emit(pool, "ValidatorRegistered");
  });
});
