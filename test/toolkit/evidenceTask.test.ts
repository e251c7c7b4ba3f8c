/**
 * etm:evidence and lib/blockHeader.ts: headers rebuilt from eth_getBlockByNumber hash to the block's
 * hash; the task finds the active set's operators, dry-runs, submits, and refuses bad input in words.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deploySystem } from "../../scripts/deploy";
import { headerNumber, headerRlpFromBlock, parseHeaderInput } from "../../lib/blockHeader";
import { ETM, SIGNER_KEYS, WAD, registerValidator, SMALL_OPTIONS } from "../shared/fixtures";
import { mineToNextRound, Status } from "../shared/poolHelpers";
import { recordHardhatDeployment } from "../shared/deployments";
import { buildHeader, cancunSpec, type HeaderSpec } from "../evidence/qbft";

const { ethers } = hre;

async function evidenceTaskFixture() {
  const signers = await ethers.getSigners();
  const [admin] = signers;
  const operators = signers.slice(2, 7);
  const system = await deploySystem({
    ...SMALL_OPTIONS,
    validatorCount: 4,
    roundLength: 100,
    treasury: admin!.address,
  });
  const { token, pool, election } = system;
  for (const account of operators) {
    await token.connect(admin).transfer(account.address, 100_000n * ETM);
    await token.connect(account).approve(await pool.getAddress(), ethers.MaxUint256);
  }
  for (const [i, operator] of operators.entries()) {
    await registerValidator(pool, operator, SIGNER_KEYS[i]!, WAD / 10n, 10_000n * ETM);
    await election.connect(operator).heartbeat();
  }
  await mineToNextRound(pool);
  const elected = (await (await election.elect()).wait())!;
  await recordHardhatDeployment(system, admin!.address);
  await hre.network.provider.send("hardhat_mine", ["0x5"]); // the double-signed height is in the past
  const setSigners = [...(await election.getValidators())];
  const setOperators = [...(await election.activeValidators())];
  const height = BigInt(elected.blockNumber) + 2n;
  const spec = (payload: string): HeaderSpec => cancunSpec(height, payload);
  const key = SIGNER_KEYS.find((k) => k.address === setSigners[2])!.signingKey;
  const [a, b] = [buildHeader(spec("A"), [key]).rlp, buildHeader(spec("B"), [key]).rlp];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etm-evidence-"));
  const fileA = path.join(dir, "a.rlp");
  fs.writeFileSync(fileA, `${a}\n`);
  return { ...system, admin: admin!, height, a, b, fileA, dir, offender: setOperators[2]! };
}

describe("Toolkit: etm:evidence", () => {
  it("lib/blockHeader: the header rebuilt from eth_getBlockByNumber hashes to the block's hash", async () => {
    await hre.network.provider.send("evm_mine");
    const block = await hre.network.provider.send("eth_getBlockByNumber", ["latest", false]);
    const rlp = headerRlpFromBlock(block);
    expect(ethers.keccak256(rlp)).to.equal(block.hash);
    expect(headerNumber(rlp)).to.equal(BigInt(block.number));
    expect(parseHeaderInput(JSON.stringify({ jsonrpc: "2.0", id: 1, result: block }), "x")).to.equal(rlp);
    expect(() => headerRlpFromBlock({ ...block, gasUsed: "0x1" })).to.throw(
      /hashes to 0x[0-9a-f]+, not its hash/,
    );
    expect(() => parseHeaderInput("0xc5", "--header-a")).to.throw(/--header-a is hex but not RLP/);
    expect(() => parseHeaderInput("hello", "--header-a")).to.throw(/neither RLP hex \(0x…\) nor JSON/);
    expect(() => parseHeaderInput("{}", "--header-a")).to.throw(/the field "parentHash" is missing/);
  });

  it("dry-runs (nothing sent), then submits: the double signer is slashed and tombstoned, the sender paid", async () => {
    const f = await loadFixture(evidenceTaskFixture);
    const nonce = await ethers.provider.getTransactionCount(f.admin.address);
    await hre.run("etm:evidence", { headerA: f.fileA, headerB: f.b, dryRun: true });
    expect(await ethers.provider.getTransactionCount(f.admin.address)).to.equal(nonce);
    expect((await f.pool.validatorInfo(f.offender)).status).to.equal(Status.Active);
    const before = await f.token.balanceOf(f.admin.address);
    await hre.run("etm:evidence", { headerA: f.fileA, headerB: f.b });
    expect((await f.pool.validatorInfo(f.offender)).status).to.equal(Status.Tombstoned);
    expect(await f.token.balanceOf(f.admin.address)).to.be.greaterThan(before);
    await expect(hre.run("etm:evidence", { headerA: f.a, headerB: f.b })).to.be.rejectedWith(
      `every double signer at block ${f.height} was punished already (or is tombstoned): nothing left to slash`,
    );
  });

  it("refuses bad input with what to fix", async () => {
    const f = await loadFixture(evidenceTaskFixture);
    const other = buildHeader(cancunSpec(f.height + 1n, "C"), []).rlp;
    const cases: [Record<string, unknown>, string | RegExp][] = [
      [{}, /^etm:evidence: give the two headers: --header-a and --header-b/],
      [
        { rpcA: "http://127.0.0.1:1" },
        /^etm:evidence: --rpc-a and --rpc-b need each other and --block <number>/,
      ],
      [{ headerA: f.a, headerB: other }, /^etm:evidence: the headers are at different heights/],
      [{ headerA: f.a, headerB: f.a }, /^etm:evidence: .*both headers are the same block/],
      [{ headerA: "0xzz", headerB: f.b }, /is neither RLP hex/],
      [
        { rpcA: "http://127.0.0.1:1", rpcB: "http://127.0.0.1:1", block: "5" },
        /^etm:evidence: --rpc-a \(http:\/\/127\.0\.0\.1:1\) could not be read/,
      ],
    ];
    for (const [args, expected] of cases)
      await expect(hre.run("etm:evidence", args), JSON.stringify(args)).to.be.rejectedWith(expected);
    expect((await f.pool.validatorInfo(f.offender)).status).to.equal(Status.Active);
  });
});
