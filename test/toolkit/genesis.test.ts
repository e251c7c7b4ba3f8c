import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import hre from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";
import {
  BFT_MIX_HASH,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  FORK_KEYS,
  GenesisOptionError,
  bftFaultTolerance,
  buildBesuGenesis,
  decodeBftExtraData,
  encodeBftExtraData,
  genesisWarnings,
  parseAllocSpec,
  parseValidatorList,
  sortValidators,
  type BesuGenesisOptions,
} from "../../lib/genesis";
import type { GenesisTaskArgs, GenesisTaskResult } from "../../tasks/genesis";
import { ETM } from "../shared/units";

const ZERO_VANITY = "00".repeat(32);

/**
 * Known-good genesis extraData, copied from Hyperledger Besu's documentation (besu-docs repository),
 * not produced by this code:
 * - QBFT_RLP_ENCODE: docs/private-networks/how-to/configure/consensus/qbft.md, "Generate extra data":
 *   the output of `besu rlp encode --type=QBFT_EXTRA_DATA` for the four validators of its
 *   `toEncode.json` (listed there in this order).
 * - QBFT_GENESIS: same page, "Genesis file" › "Block header validator selection" example.
 * - QBFT_CONTRACT_GENESIS: same page, "Contract validator selection" example (no validators).
 * - IBFT2_DOCS: docs/private-networks/how-to/configure/consensus/ibft.md, "Example IBFT 2.0 genesis
 *   file" (one validator).
 * - IBFT2_CONCEPT: docs/public-networks/concepts/genesis-file.md, "Example IBFT 2.0 genesis file".
 * Their layouts match Besu's codecs (consensus/qbft/.../QbftExtraDataCodec.java: empty-list vote,
 * `writeIntScalar(round)`; consensus/ibft/.../IbftExtraDataCodec.java: `writeNull()` vote,
 * `writeInt(round)`, a 4-byte int).
 */
const VECTORS = {
  QBFT_RLP_ENCODE: {
    consensus: "qbft" as const,
    validators: [
      "0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb",
      "0x06e23768a0f59cf365e18c2e0c89e151bcdedc70",
      "0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de",
      "0xab5e7f4061c605820d3744227eed91ff8e2c8908",
    ],
    extraData:
      "0xf87aa00000000000000000000000000000000000000000000000000000000000000000f854944592c8e45706cc08b8f44b11e43cba0cfc5892cb9406e23768a0f59cf365e18c2e0c89e151bcdedc7094c5327f96ee02d7bcbc1bf1236b8c15148971e1de94ab5e7f4061c605820d3744227eed91ff8e2c8908c080c0",
  },
  QBFT_GENESIS: {
    consensus: "qbft" as const,
    validators: [
      "0x64a702e6263b7297a96638cac6ae65e6541f4169",
      "0x3923390ad55e90c237593b3b0e401f3b08a03185",
      "0xaefdb9a738c9f433e5b6b212a6d62f6370c2f692",
      "0xc7eeb9a4e00ce683cf93039b212648e01c6c6b78",
    ],
    extraData:
      "0xf87aa00000000000000000000000000000000000000000000000000000000000000000f8549464a702e6263b7297a96638cac6ae65e6541f4169943923390ad55e90c237593b3b0e401f3b08a0318594aefdb9a738c9f433e5b6b212a6d62f6370c2f69294c7eeb9a4e00ce683cf93039b212648e01c6c6b78c080c0",
  },
  QBFT_CONTRACT_GENESIS: {
    consensus: "qbft" as const,
    validators: [],
    extraData: "0xe5a00000000000000000000000000000000000000000000000000000000000000000c0c080c0",
  },
  IBFT2_DOCS: {
    consensus: "ibft2" as const,
    validators: ["0xc2ab482b506de561668e07f04547232a72897daf"],
    extraData:
      "0xf83ea00000000000000000000000000000000000000000000000000000000000000000d594c2ab482b506de561668e07f04547232a72897daf808400000000c0",
  },
  IBFT2_CONCEPT: {
    consensus: "ibft2" as const,
    validators: ["0x9811ebc35d7b06b3fa8dc5809a1f9c52751e1deb"],
    extraData:
      "0xf83ea00000000000000000000000000000000000000000000000000000000000000000d5949811ebc35d7b06b3fa8dc5809a1f9c52751e1deb808400000000c0",
  },
};

/** `n` distinct addresses, deterministic and in no particular order. */
function addresses(n: number, salt = "validator"): string[] {
  return Array.from({ length: n }, (_, i) =>
    getAddress(`0x${keccak256(toUtf8Bytes(`${salt}${i}`)).slice(26)}`),
  );
}

/** RLP length prefix, written out by hand from the Yellow Paper (independent of ethers). */
function rlpPrefix(offset: number, length: number): string {
  if (length < 56) return (offset + length).toString(16).padStart(2, "0");
  const lengthHex = length
    .toString(16)
    .padStart(length.toString(16).length + (length.toString(16).length % 2), "0");
  return (offset + 55 + lengthHex.length / 2).toString(16) + lengthHex;
}

/** The genesis extraData of `validators` (already in order), assembled byte by byte. */
function handAssembledExtraData(validators: string[], consensus: "qbft" | "ibft2"): string {
  const vanity = `a0${ZERO_VANITY}`;
  const items = validators.map((v) => `94${v.slice(2).toLowerCase()}`).join("");
  const list = rlpPrefix(0xc0, items.length / 2) + items;
  const tail = consensus === "qbft" ? "c0" + "80" + "c0" : "80" + "8400000000" + "c0";
  const payload = vanity + list + tail;
  return `0x${rlpPrefix(0xc0, payload.length / 2)}${payload}`;
}

const BASE: BesuGenesisOptions = {
  chainId: 7350,
  validators: addresses(4),
  timestamp: 1_700_000_000,
};

function expectOptionError(fn: () => unknown, option: string, pattern: RegExp) {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected an error").to.be.instanceOf(GenesisOptionError);
  expect((caught as GenesisOptionError).option).to.equal(option);
  expect((caught as GenesisOptionError).message).to.match(pattern);
}

describe("Besu genesis (lib/genesis.ts)", () => {
  describe("extraData", () => {
    for (const [name, vector] of Object.entries(VECTORS)) {
      it(`matches Besu's documented ${name} encoding byte for byte`, () => {
        expect(encodeBftExtraData(vector.validators, vector.consensus)).to.equal(vector.extraData);
      });

      it(`decodes ${name} back to its validators, no vote, round 0 and no seals`, () => {
        const decoded = decodeBftExtraData(vector.extraData, vector.consensus);
        expect(decoded.vanity).to.equal(`0x${ZERO_VANITY}`);
        expect(decoded.validators).to.deep.equal(vector.validators.map((v) => getAddress(v)));
        expect(decoded.noVote).to.equal(true);
        expect(decoded.round).to.equal(0);
        expect(decoded.seals).to.deep.equal([]);
      });
    }

    it("ends QBFT with empty-list vote, round 0x80 and no seals; IBFT 2.0 with 0x80 vote and a 4-byte round", () => {
      const [validator] = addresses(1);
      expect(encodeBftExtraData([validator], "qbft")).to.match(/c080c0$/);
      expect(encodeBftExtraData([validator], "ibft2")).to.match(/808400000000c0$/);
    });

    it("matches a hand-assembled RLP for 1, 4 and 21 validators (long-list prefixes included)", () => {
      for (const n of [1, 4, 21]) {
        const validators = sortValidators(addresses(n));
        for (const consensus of ["qbft", "ibft2"] as const)
          expect(encodeBftExtraData(validators, consensus), `${n} ${consensus}`).to.equal(
            handAssembledExtraData(validators, consensus),
          );
      }
      // 21 validators: a 441-byte list (0xf901b9) inside a 480-byte payload (0xf901e0).
      const qbft21 = encodeBftExtraData(sortValidators(addresses(21)), "qbft");
      expect(qbft21.slice(0, 8)).to.equal("0xf901e0");
      expect(qbft21.slice(8 + 66, 8 + 72)).to.equal("f901b9");
    });

    it("round-trips 21 validators through the genesis", () => {
      const validators = addresses(21);
      for (const consensus of ["qbft", "ibft2"] as const) {
        const genesis = buildBesuGenesis({ ...BASE, consensus, validators });
        expect(decodeBftExtraData(genesis.extraData, consensus).validators).to.deep.equal(
          [...validators].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
        );
      }
    });
  });

  describe("validators", () => {
    it("are written in ascending order whatever the input order and case", () => {
      const vector = VECTORS.QBFT_RLP_ENCODE;
      const shuffled = [
        vector.validators[2],
        vector.validators[0].toUpperCase().replace("0X", "0x"),
        vector.validators[3],
        vector.validators[1],
      ];
      const genesis = buildBesuGenesis({ ...BASE, validators: shuffled });
      const written = decodeBftExtraData(genesis.extraData).validators;
      expect(written.map((v) => v.toLowerCase())).to.deep.equal([
        "0x06e23768a0f59cf365e18c2e0c89e151bcdedc70",
        "0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb",
        "0xab5e7f4061c605820d3744227eed91ff8e2c8908",
        "0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de",
      ]);
      expect(genesis.extraData).to.equal(encodeBftExtraData(written, "qbft"));
    });

    it("refuse a duplicate, naming it, even in another case", () => {
      const [a, b] = addresses(2);
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, validators: [a, b, a.toLowerCase()] }),
        "validators",
        new RegExp(`${a} is listed twice .*remove the duplicate`),
      );
    });

    it("refuse a malformed address, a bad checksum, the zero address and an empty list", () => {
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, validators: ["0x1234"] }),
        "validators",
        /"0x1234" is not an address: write 0x followed by 40 hex digits/,
      );
      const badChecksum = addresses(1)[0].replace(/[a-f]/, (c) => c.toUpperCase());
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, validators: [badChecksum] }),
        "validators",
        /has a wrong checksum/,
      );
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, validators: [`0x${"00".repeat(20)}`] }),
        "validators",
        /zero address/,
      );
      expectOptionError(() => buildBesuGenesis({ ...BASE, validators: [] }), "validators", /is empty/);
    });

    it("parses a comma-separated list, spaces allowed", () => {
      const [a, b] = addresses(2);
      expect(parseValidatorList(` ${a}, ${b} ,`)).to.deep.equal([a, b]);
      expectOptionError(() => parseValidatorList(" , "), "validators", /is empty/);
      expectOptionError(() => parseValidatorList(`${a},nope`), "validators", /"nope" is not an address/);
    });

    it("warn below 4 (n >= 3f + 1), not at 4 or 21", () => {
      expect(bftFaultTolerance(1)).to.equal(0);
      expect(bftFaultTolerance(3)).to.equal(0);
      expect(bftFaultTolerance(4)).to.equal(1);
      expect(bftFaultTolerance(21)).to.equal(6);
      expect(genesisWarnings({ chainId: 7350, validators: addresses(3) })[0]).to.match(
        /^3 validators tolerate no faulty node: a BFT network needs n >= 3f \+ 1/,
      );
      expect(genesisWarnings({ chainId: 7350, validators: addresses(4) })).to.deep.equal([]);
      expect(genesisWarnings({ chainId: 7350, validators: addresses(21) })).to.deep.equal([]);
    });
  });

  describe("config", () => {
    it("is QBFT with 3-second blocks, a 6 s round timeout and a 30,000-block epoch by default", () => {
      const genesis = buildBesuGenesis(BASE);
      expect(genesis.config.qbft).to.deep.equal({
        blockperiodseconds: 3,
        epochlength: 30_000,
        requesttimeoutseconds: DEFAULT_REQUEST_TIMEOUT_SECONDS,
      });
      expect(DEFAULT_REQUEST_TIMEOUT_SECONDS).to.equal(6);
      expect(genesis.config).not.to.have.property("ibft2");
      expect(genesis.config).not.to.have.property("transitions");
      expect(genesis.config).not.to.have.property("zeroBaseFee");
    });

    it("takes the block period, request timeout and epoch length given, and refuses zero", () => {
      const genesis = buildBesuGenesis({
        ...BASE,
        blockPeriodSeconds: 2,
        requestTimeoutSeconds: 5,
        epochLength: 100,
      });
      expect(genesis.config.qbft).to.deep.equal({
        blockperiodseconds: 2,
        epochlength: 100,
        requesttimeoutseconds: 5,
      });
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, blockPeriodSeconds: 0 }),
        "blockPeriodSeconds",
        /at least 1/,
      );
      expectOptionError(() => buildBesuGenesis({ ...BASE, epochLength: 0 }), "epochLength", /at least 1/);
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, requestTimeoutSeconds: 1.5 }),
        "requestTimeoutSeconds",
        /not a whole number/,
      );
    });

    it("is IBFT 2.0 under `ibft2` with the IBFT extraData when asked", () => {
      const genesis = buildBesuGenesis({ ...BASE, consensus: "ibft2" });
      expect(genesis.config).to.have.property("ibft2");
      expect(genesis.config).not.to.have.property("qbft");
      expect(genesis.extraData).to.match(/808400000000c0$/);
    });

    it("carries the chain id, and refuses a non-positive, fractional or unsafe one", () => {
      expect(buildBesuGenesis({ ...BASE, chainId: 7350 }).config.chainId).to.equal(7350);
      expect(buildBesuGenesis({ ...BASE, chainId: 7351n }).config.chainId).to.equal(7351);
      for (const chainId of [0, -1, 1.5])
        expectOptionError(
          () => buildBesuGenesis({ ...BASE, chainId }),
          "chainId",
          /not a positive whole number/,
        );
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, chainId: 2n ** 53n }),
        "chainId",
        /choose a smaller id/,
      );
      expect(genesisWarnings({ chainId: 1, validators: addresses(4) })[0]).to.match(/Ethereum mainnet/);
    });

    it("activates every fork through Cancun at genesis, under Besu's key names", () => {
      const { config } = buildBesuGenesis(BASE);
      for (const key of [
        "berlinBlock",
        "londonBlock",
        "shanghaiTime",
        "cancunTime",
        "istanbulBlock",
        "petersburgBlock",
      ])
        expect(config, key).to.have.property(key, 0);
      for (const key of FORK_KEYS) expect(config, key).to.have.property(key, 0);
      expect(Object.keys(config)).to.deep.equal(["chainId", ...FORK_KEYS, "qbft"]);
    });

    it("sets miningbeneficiary when given, checksummed, and refuses the zero address", () => {
      const [election] = addresses(1, "election");
      const genesis = buildBesuGenesis({ ...BASE, beneficiary: election.toLowerCase() });
      expect(genesis.config.qbft?.miningbeneficiary).to.equal(election);
      expect(
        buildBesuGenesis({ ...BASE, consensus: "ibft2", beneficiary: election }).config.ibft2
          ?.miningbeneficiary,
      ).to.equal(election);
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, beneficiary: `0x${"00".repeat(20)}` }),
        "beneficiary",
        /would burn every fee/,
      );
    });

    it("sets zeroBaseFee only when asked", () => {
      expect(buildBesuGenesis({ ...BASE, zeroBaseFee: true }).config.zeroBaseFee).to.equal(true);
      expect(buildBesuGenesis({ ...BASE, zeroBaseFee: false }).config).not.to.have.property("zeroBaseFee");
    });
  });

  describe("contract mode", () => {
    const [election] = addresses(1, "election");

    it("adds a QBFT transition to the election contract at the block given", () => {
      const genesis = buildBesuGenesis({
        ...BASE,
        contractModeAtBlock: 1_000,
        electionAddress: election.toLowerCase(),
      });
      expect(genesis.config.transitions).to.deep.equal({
        qbft: [{ block: 1_000, validatorselectionmode: "contract", validatorcontractaddress: election }],
      });
      // The genesis itself stays in block-header mode with the initial validators.
      expect(decodeBftExtraData(genesis.extraData).validators).to.have.length(4);
    });

    it("needs both the block and the address", () => {
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, contractModeAtBlock: 1_000 }),
        "electionAddress",
        /^electionAddress is required with contractModeAtBlock/,
      );
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, electionAddress: election }),
        "contractModeAtBlock",
        /^contractModeAtBlock is required with electionAddress/,
      );
    });

    it("refuses a block before 2, a bad address, and IBFT 2.0 (no contract mode in Besu)", () => {
      for (const block of [0, 1])
        expectOptionError(
          () => buildBesuGenesis({ ...BASE, contractModeAtBlock: block, electionAddress: election }),
          "contractModeAtBlock",
          /too early/,
        );
      expectOptionError(
        () => buildBesuGenesis({ ...BASE, contractModeAtBlock: 10, electionAddress: "0xabc" }),
        "electionAddress",
        /is not an address/,
      );
      expectOptionError(
        () =>
          buildBesuGenesis({
            ...BASE,
            consensus: "ibft2",
            contractModeAtBlock: 10,
            electionAddress: election,
          }),
        "consensus",
        /IBFT 2.0 has no validator-contract mode/,
      );
    });
  });

  describe("block fields", () => {
    it("use the BFT constants, the gas limit in hex and the timestamp given", () => {
      const genesis = buildBesuGenesis(BASE);
      expect(genesis.mixHash).to.equal(BFT_MIX_HASH);
      expect(Buffer.from(BFT_MIX_HASH.slice(2), "hex").toString("ascii")).to.equal(
        "ctical byzantine fault tolerance",
      );
      expect(genesis.difficulty).to.equal("0x1");
      expect(genesis.nonce).to.equal("0x0");
      expect(genesis.number).to.equal("0x0");
      expect(genesis.gasUsed).to.equal("0x0");
      expect(genesis.coinbase).to.equal(`0x${"00".repeat(20)}`);
      expect(genesis.parentHash).to.equal(`0x${"00".repeat(32)}`);
      expect(genesis.gasLimit).to.equal("0x1c9c380"); // 30,000,000
      expect(genesis.timestamp).to.equal("0x6553f100"); // 1,700,000,000
    });

    it("take a gas limit as number or bigint, and refuse one outside [5000, 2^63 - 1]", () => {
      expect(buildBesuGenesis({ ...BASE, gasLimit: 0x1fffffffffffffn }).gasLimit).to.equal(
        "0x1fffffffffffff",
      );
      expect(buildBesuGenesis({ ...BASE, gasLimit: 5_000 }).gasLimit).to.equal("0x1388");
      for (const gasLimit of [4_999, 2n ** 63n, 1.5])
        expectOptionError(() => buildBesuGenesis({ ...BASE, gasLimit }), "gasLimit", /between 5000 and/);
    });

    it("default the timestamp to now", () => {
      const before = Math.floor(Date.now() / 1000);
      const stamp = Number(buildBesuGenesis({ chainId: 7350, validators: addresses(4) }).timestamp);
      expect(stamp).to.be.within(before, Math.floor(Date.now() / 1000));
    });
  });

  describe("alloc", () => {
    const [a, b] = addresses(2, "funded");

    it("parses whole coins into wei, keyed by lower-case address", () => {
      expect(parseAllocSpec(`${a}=1000, ${b.toLowerCase()}=5`)).to.deep.equal({
        [a.toLowerCase()]: 1000n * ETM,
        [b.toLowerCase()]: 5n * ETM,
      });
      expect(parseAllocSpec(`${a}=1_000_000`)[a.toLowerCase()]).to.equal(10n ** 24n);
    });

    it("refuses decimals, zero, a missing '=', a bad address, a duplicate and an empty list", () => {
      expectOptionError(() => parseAllocSpec(`${a}=1.5`), "alloc", /not a whole number of coins/);
      expectOptionError(() => parseAllocSpec(`${a}=0`), "alloc", /0 coins/);
      expectOptionError(() => parseAllocSpec(`${a}1000`), "alloc", /is not address=coins/);
      expectOptionError(() => parseAllocSpec("0x12=5"), "alloc", /"0x12" is not an address/);
      expectOptionError(
        () => parseAllocSpec(`${a}=1,${a.toLowerCase()}=2`),
        "alloc",
        new RegExp(`lists ${a} twice`),
      );
      expectOptionError(() => parseAllocSpec(""), "alloc", /is empty/);
    });

    it("writes balances in hex wei under the address without 0x", () => {
      const genesis = buildBesuGenesis({ ...BASE, alloc: parseAllocSpec(`${a}=1000,${b}=5`) });
      expect(genesis.alloc).to.deep.equal({
        [a.toLowerCase().slice(2)]: { balance: "0x3635c9adc5dea00000" },
        [b.toLowerCase().slice(2)]: { balance: "0x4563918244f40000" },
      });
      expect(buildBesuGenesis(BASE).alloc).to.deep.equal({});
    });
  });
});

describe("etm:genesis (tasks/genesis.ts)", function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etm-genesis-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const validators = addresses(4);
  const [election] = addresses(1, "election");

  /** Runs the task with console output captured. */
  async function run(args: Partial<GenesisTaskArgs>): Promise<{ result: GenesisTaskResult; output: string }> {
    const lines: string[] = [];
    const original = console.log;
    console.log = (...parts: unknown[]) => void lines.push(parts.join(" "));
    try {
      const result = (await hre.run("etm:genesis", args)) as GenesisTaskResult;
      return { result, output: lines.join("\n") };
    } finally {
      console.log = original;
    }
  }

  async function runError(args: Partial<GenesisTaskArgs>): Promise<HardhatPluginError> {
    try {
      await run(args);
    } catch (error) {
      expect(error).to.be.instanceOf(HardhatPluginError);
      return error as HardhatPluginError;
    }
    throw new Error("expected etm:genesis to fail");
  }

  it("writes the genesis file and reads back as buildBesuGenesis builds it", async () => {
    const out = path.join(dir, "nested", "genesis.json");
    const { result, output } = await run({
      validators: validators.join(","),
      chainId: "7350",
      out,
      timestamp: "1700000000",
      beneficiary: election,
      contractModeAt: "5000",
      election,
      alloc: `${validators[0]}=1000`,
      gasLimit: "0x1fffffffffffff",
    });
    expect(result.file).to.equal(out);
    const written = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(written).to.deep.equal(
      buildBesuGenesis({
        chainId: 7350,
        validators,
        timestamp: 1_700_000_000,
        beneficiary: election,
        contractModeAtBlock: 5_000,
        electionAddress: election,
        alloc: { [validators[0]]: 1000n * ETM },
        gasLimit: 0x1fffffffffffffn,
      }),
    );
    expect(written.config.transitions.qbft[0]).to.deep.equal({
      block: 5000,
      validatorselectionmode: "contract",
      validatorcontractaddress: election,
    });
    expect(written.config.qbft.miningbeneficiary).to.equal(election);

    const sorted = [...validators].sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : 1));
    expect(output).to.include(`Wrote ${out}: a Besu QBFT genesis for chain id 7350.`);
    for (const [i, v] of sorted.entries()) expect(output).to.include(`${String(i + 1).padStart(2)}. ${v}`);
    expect(output).to.include(`from block 5000`);
    expect(output).to.include(`besu --genesis-file=${out}`);
    expect(output).not.to.include("Warning");
  });

  it("writes IBFT 2.0 with --consensus ibft2, and warns below 4 validators", async () => {
    const out = path.join(dir, "ibft.json");
    const { result, output } = await run({
      validators: validators.slice(0, 2).join(","),
      chainId: "7350",
      out,
      consensus: "IBFT2",
      blockPeriod: "2",
      requestTimeout: "4",
      epochLength: "1000",
      zeroBaseFee: true,
    });
    const written = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(written.config.ibft2).to.deep.equal({
      blockperiodseconds: 2,
      epochlength: 1000,
      requesttimeoutseconds: 4,
    });
    expect(written.config.zeroBaseFee).to.equal(true);
    expect(written.extraData).to.match(/808400000000c0$/);
    expect(result.warnings).to.have.length(1);
    expect(output).to.include("Warning: 2 validators tolerate no faulty node");
    expect(output).to.include("--min-gas-price=0");
  });

  it("refuses to overwrite an existing --out unless --force", async () => {
    const out = path.join(dir, "existing.json");
    fs.writeFileSync(out, "keep me");
    const error = await runError({ validators: validators.join(","), chainId: "7350", out });
    expect(error.message).to.equal(
      `--out ${out} already exists: choose another path, or add --force to overwrite it`,
    );
    expect(fs.readFileSync(out, "utf8")).to.equal("keep me");

    await run({ validators: validators.join(","), chainId: "7350", out, force: true });
    expect(JSON.parse(fs.readFileSync(out, "utf8")).config.chainId).to.equal(7350);
  });

  it("fails on a bad --validators, naming the flag and the fix", async () => {
    const out = path.join(dir, "never.json");
    expect((await runError({ validators: "0x1234", chainId: "7350", out })).message).to.equal(
      '--validators "0x1234" is not an address: write 0x followed by 40 hex digits',
    );
    expect(
      (await runError({ validators: `${validators[0]},${validators[0]}`, chainId: "7350", out })).message,
    ).to.equal(`--validators ${validators[0]} is listed twice: remove the duplicate`);
    expect((await runError({ chainId: "7350", out })).message).to.match(
      /^--validators is required: give the initial/,
    );
    expect(fs.existsSync(out)).to.equal(false);
  });

  it("fails on --contract-mode-at without --election, and on contract mode with IBFT 2.0", async () => {
    const out = path.join(dir, "never.json");
    expect(
      (await runError({ validators: validators.join(","), chainId: "7350", out, contractModeAt: "100" }))
        .message,
    ).to.equal(
      "--election is required with --contract-mode-at: give the election contract's address, or drop --contract-mode-at",
    );
    expect(
      (await runError({ validators: validators.join(","), chainId: "7350", out, election })).message,
    ).to.match(/^--contract-mode-at is required with --election/);
    expect(
      (
        await runError({
          validators: validators.join(","),
          chainId: "7350",
          out,
          consensus: "ibft2",
          contractModeAt: "100",
          election,
        })
      ).message,
    ).to.match(
      /^--consensus "ibft2" cannot switch to the election contract: .*use qbft, or drop --contract-mode-at$/,
    );
    expect(fs.existsSync(out)).to.equal(false);
  });

  it("fails on a missing or bad --chain-id, a bad number, --consensus, --gas-limit or --alloc", async () => {
    const out = path.join(dir, "never.json");
    const v = validators.join(",");
    const cases: Array<[Partial<GenesisTaskArgs>, RegExp]> = [
      [{ validators: v, out }, /^--chain-id is required: choose your network's id/],
      [
        { validators: v, chainId: "abc", out },
        /^--chain-id "abc" is not a whole number: give your network's id/,
      ],
      [{ validators: v, chainId: "0", out }, /^--chain-id 0 is not a positive whole number/],
      [
        { validators: v, chainId: "7350", out, consensus: "pbft" },
        /^--consensus "pbft" is not supported: use qbft/,
      ],
      [
        { validators: v, chainId: "7350", out, gasLimit: "lots" },
        /^--gas-limit "lots" is not a whole number/,
      ],
      [
        { validators: v, chainId: "7350", out, gasLimit: "100" },
        /^--gas-limit 100 is not a whole number between 5000/,
      ],
      [
        { validators: v, chainId: "7350", out, blockPeriod: "0" },
        /^--block-period 0 is not a whole number of at least 1/,
      ],
      [
        { validators: v, chainId: "7350", out, contractModeAt: "1", election },
        /^--contract-mode-at 1 is too early/,
      ],
      [
        { validators: v, chainId: "7350", out, alloc: `${validators[0]}=0.5` },
        /^--alloc "0.5" for .* whole number of coins/,
      ],
      [
        { validators: v, chainId: "7350", out, beneficiary: "0xnope" },
        /^--beneficiary "0xnope" is not an address/,
      ],
    ];
    for (const [args, pattern] of cases)
      expect((await runError(args)).message, JSON.stringify(args)).to.match(pattern);
    expect(fs.existsSync(out)).to.equal(false);
  });
});
