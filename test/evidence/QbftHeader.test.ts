import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { QbftHeaderHarness__factory } from "../../typechain-types";
import {
  FORK_FIELD_COUNTS,
  SECP256K1_N,
  addressOf,
  buildHeader,
  commitSeal,
  encodeExtraData,
  encodeHeader,
  headerItems,
  highS,
  itemOffsets,
  offsetOf,
  scalar,
  type Fork,
  type HeaderSpec,
  validatorKey,
} from "./qbft";

async function harnessFixture() {
  const [deployer] = await ethers.getSigners();
  return new QbftHeaderHarness__factory(deployer).deploy();
}

const KEYS = Array.from({ length: 21 }, (_, i) => validatorKey(i));
const ADDRESSES = KEYS.map(addressOf);
const sortedAddresses = (list: string[]) =>
  [...list].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));

function spec(overrides: Partial<HeaderSpec> = {}): HeaderSpec {
  return { fork: "cancun", blockNumber: 1_000n, round: 0, validators: ADDRESSES.slice(0, 4), ...overrides };
}

/** A header whose fields are `items` (RLP values) with `extraData` at index 12. */
function rawHeader(items: unknown[], extraData: string): string {
  const all = [...items];
  all[12] = extraData;
  return ethers.encodeRlp(all as string[]);
}

/** The extraData list of `s` with its five fields replaced as given. */
function rawExtraData(s: HeaderSpec, seals: string[], replace: (fields: unknown[]) => unknown[]): string {
  const decoded = ethers.decodeRlp(encodeExtraData(s, seals, "full")) as unknown[];
  return ethers.encodeRlp(replace(decoded) as string[]);
}

describe("QbftHeader (Besu QBFT headers and commit seals)", () => {
  describe("decoding", () => {
    for (const fork of Object.keys(FORK_FIELD_COUNTS) as Fork[]) {
      it(`decodes a ${fork} header (${FORK_FIELD_COUNTS[fork]} fields): number, round, hashes, validators, seals`, async () => {
        const harness = await loadFixture(harnessFixture);
        const s = spec({ fork, round: 3 });
        const header = buildHeader(s, KEYS.slice(0, 4));
        const [blockNumber, round, blockHash, sealDigest, validators, sealCount] = await harness.decode(
          header.rlp,
        );
        expect(blockNumber).to.equal(1_000n);
        expect(round).to.equal(3n);
        expect(blockHash).to.equal(header.blockHash);
        expect(sealDigest).to.equal(header.sealDigest);
        expect(validators).to.deep.equal(ADDRESSES.slice(0, 4));
        expect(sealCount).to.equal(4n);
        expect(await harness.signers(header.rlp)).to.deep.equal(ADDRESSES.slice(0, 4));
      });
    }

    it("keeps the round out of the on-chain hash and in the seal digest", async () => {
      const harness = await loadFixture(harnessFixture);
      const [, , hash0, digest0] = await harness.decode(buildHeader(spec({ round: 0 }), []).rlp);
      const [, , hash7, digest7] = await harness.decode(buildHeader(spec({ round: 7 }), []).rlp);
      expect(hash7).to.equal(hash0);
      expect(digest7).to.not.equal(digest0);
      // in round 0 the two forms are the same bytes (round 0 is 0x80 in both)
      expect(digest0).to.equal(hash0);
      // the largest round (4 bytes)
      const [, round] = await harness.decode(buildHeader(spec({ round: 0xffffffff }), []).rlp);
      expect(round).to.equal(0xffffffffn);
    });

    it("decodes short and long extraData (no validators: a short list) and votes to add and to drop", async () => {
      const harness = await loadFixture(harnessFixture);
      const shapes: Partial<HeaderSpec>[] = [
        { validators: [] }, // extraData of 37 bytes: the short list form
        { validators: ADDRESSES }, // 21 validators
        { vote: { recipient: ADDRESSES[5], add: true } },
        { vote: { recipient: ADDRESSES[5], add: false } },
        { vanity: ethers.id("vanity") },
      ];
      for (const shape of shapes) {
        const s = spec(shape);
        const header = buildHeader(s, KEYS.slice(0, 2));
        const [, , blockHash, sealDigest, validators] = await harness.decode(header.rlp);
        expect(blockHash).to.equal(header.blockHash);
        expect(sealDigest).to.equal(header.sealDigest);
        expect(validators).to.deep.equal(s.validators);
        expect(await harness.signers(header.rlp)).to.deep.equal(ADDRESSES.slice(0, 2));
      }
    });

    it("hashes the genesis header as it is, seals included (Besu's BftBlockHashing)", async () => {
      const harness = await loadFixture(harnessFixture);
      const header = buildHeader(spec({ blockNumber: 0n }), [], [commitSeal(KEYS[0], ethers.ZeroHash)]);
      const [blockNumber, , blockHash, sealDigest] = await harness.decode(header.rlp);
      expect(blockNumber).to.equal(0n);
      expect(blockHash).to.equal(ethers.keccak256(header.rlp));
      expect(sealDigest).to.equal(blockHash);
    });

    it("decodes a real Besu QBFT block (genesis, pre-London) to the hash its node returned", async () => {
      const harness = await loadFixture(harnessFixture);
      // eth_getBlockByNumber("0x0") of a Besu QBFT network, quoted in hyperledger/besu pull request
      // #6285 (a trace of a web socket response); its "size" 0x292 is this header's block, 658 bytes.
      const block = {
        hash: "0x74f92c171677a9f8b1eac53fc4f2c2e0d6bbc7a7b9b259fd0067f7b573951e16",
        parentHash: ethers.ZeroHash,
        sha3Uncles: "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
        miner: ethers.ZeroAddress,
        emptyRoot: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421", // state, txs, receipts
        extraData:
          "0xf88fa00000000000000000000000000000000000000000000000000000000000000000f869945c9437de876531c73c96" +
          "18d13872f7508869f2539474474cf92e9b74df7a2ce2c4fbc0830c773b7a769462f241db855d439cc79f5d2bd4a58eeb" +
          "9c5d01cd946d544f03911b74425dd4112e95f93b82ac6302f19477fd5cb2aea0b91e7e4faf7625bf9dbaee39ee47c080c0",
        mixHash: "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365",
      };
      const rlp = ethers.encodeRlp([
        block.parentHash,
        block.sha3Uncles,
        block.miner,
        block.emptyRoot,
        block.emptyRoot,
        block.emptyRoot,
        ethers.zeroPadValue("0x", 256),
        scalar(1), // difficulty
        scalar(0), // number
        scalar(0x1fffffffffffffn), // gasLimit
        scalar(0), // gasUsed
        scalar(0x58ee40ba), // timestamp
        block.extraData,
        block.mixHash,
        "0x0000000000000000", // nonce
      ]);
      expect(ethers.dataLength(ethers.encodeRlp([ethers.decodeRlp(rlp) as string[], [], []]))).to.equal(
        0x292,
      );
      const [blockNumber, round, blockHash, , validators, sealCount] = await harness.decode(rlp);
      expect(blockHash).to.equal(block.hash);
      expect([blockNumber, round, sealCount]).to.deep.equal([0n, 0n, 0n]);
      expect(validators).to.deep.equal(
        [
          "0x5c9437de876531c73c9618d13872f7508869f253",
          "0x74474cf92e9b74df7a2ce2c4fbc0830c773b7a76",
          "0x62f241db855d439cc79f5d2bd4a58eeb9c5d01cd",
          "0x6d544f03911b74425dd4112e95f93b82ac6302f1",
          "0x77fd5cb2aea0b91e7e4faf7625bf9dbaee39ee47",
        ].map((a) => ethers.getAddress(a)),
      );
    });

    it("decodes Besu's own extraData test vector (QbftExtraDataCodecTest) and re-encodes it byte for byte", async () => {
      const harness = await loadFixture(harnessFixture);
      // QbftExtraDataCodecTest.RAW_HEX_ENCODING_STRING: vanity 0x01..0x20, validators 0x..01 and 0x..02,
      // an add vote for 0x..01, round 0xFEDCBA, seals (r=1, s=10, recId 0) and (r=10, s=1, recId 0).
      const besuExtraData =
        "0xf8f0a00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20ea940000000000000000" +
        "000000000000000000000001940000000000000000000000000000000000000002d7940000000000000000" +
        "00000000000000000000000181ff83fedcbaf886b841000000000000000000000000000000000000000000" +
        "0000000000000000000001000000000000000000000000000000000000000000000000000000000000000a" +
        "00b841000000000000000000000000000000000000000000000000000000000000000a0000000000000000" +
        "00000000000000000000000000000000000000000000000100";
      const one = ethers.zeroPadValue("0x01", 20);
      const two = ethers.zeroPadValue("0x02", 20);
      const s = spec({
        vanity: ethers.hexlify(Uint8Array.from({ length: 32 }, (_, i) => i + 1)),
        validators: [one, two],
        vote: { recipient: one, add: true },
        round: 0xfedcba,
      });
      const seals = [
        ethers.concat([ethers.toBeHex(1, 32), ethers.toBeHex(10, 32), "0x00"]),
        ethers.concat([ethers.toBeHex(10, 32), ethers.toBeHex(1, 32), "0x00"]),
      ];
      // the TypeScript encoder writes exactly Besu's bytes
      expect(encodeExtraData(s, seals, "full")).to.equal(besuExtraData);
      const rlp = encodeHeader(s, besuExtraData);
      const [, round, blockHash, sealDigest, validators, sealCount] = await harness.decode(rlp);
      expect(round).to.equal(0xfedcban);
      expect(validators).to.deep.equal([ethers.getAddress(one), ethers.getAddress(two)]);
      expect(sealCount).to.equal(2n);
      expect(blockHash).to.equal(ethers.keccak256(encodeHeader(s, encodeExtraData(s, [], "onChain"))));
      expect(sealDigest).to.equal(ethers.keccak256(encodeHeader(s, encodeExtraData(s, [], "forCommitSeal"))));
    });
  });

  describe("refusing headers that do not decode", () => {
    it("refuses header field counts of no fork with QbftHeaderFieldCount", async () => {
      const harness = await loadFixture(harnessFixture);
      const items = headerItems(spec({ fork: "prague" }));
      const extraData = encodeExtraData(spec(), [], "full");
      for (const count of [13, 14, 18, 19, 22]) {
        const list = count <= 21 ? items.slice(0, count) : [...items, "0x"];
        await expect(harness.decode(rawHeader(list, extraData)), `${count} fields`)
          .to.be.revertedWithCustomError(harness, "QbftHeaderFieldCount")
          .withArgs(count);
      }
      await expect(harness.decode(ethers.encodeRlp(ethers.id("x"))))
        .to.be.revertedWithCustomError(harness, "RLPNotList")
        .withArgs(0);
    });

    it("refuses a field of the wrong size or a non-canonical scalar, naming its offset", async () => {
      const harness = await loadFixture(harnessFixture);
      const s = spec({ fork: "prague" });
      const extraData = encodeExtraData(s, [], "full");
      const cases: [number, string, string, unknown[]][] = [
        [0, ethers.dataSlice(ethers.id("p"), 1), "RLPUnexpectedLength", [31, 32]], // parentHash
        [2, ethers.ZeroHash, "RLPUnexpectedLength", [32, 20]], // coinbase
        [6, "0x00", "RLPUnexpectedLength", [1, 256]], // logsBloom
        [14, "0x00", "RLPUnexpectedLength", [1, 8]], // nonce
        [20, "0x", "RLPUnexpectedLength", [0, 32]], // requestsHash
        [8, "0x0001", "RLPScalarLeadingZero", []], // number
        [8, "0x010203040506070809", "RLPScalarTooLong", [9, 8]], // number
        [7, ethers.concat([ethers.ZeroHash, "0x01"]), "RLPScalarTooLong", [33, 32]], // difficulty
        [18, "0x00", "RLPScalarLeadingZero", []], // excessBlobGas
      ];
      for (const [index, value, error, args] of cases) {
        const items = headerItems(s);
        items[index] = value;
        const rlp = rawHeader(items, extraData);
        await expect(harness.decode(rlp), `field ${index}`)
          .to.be.revertedWithCustomError(harness, error)
          .withArgs(itemOffsets(rlp)[index], ...args);
      }
      const items: unknown[] = headerItems(s);
      items[3] = [];
      const rlp = rawHeader(items, extraData);
      await expect(harness.decode(rlp))
        .to.be.revertedWithCustomError(harness, "RLPNotString")
        .withArgs(itemOffsets(rlp)[3]);
    });

    it("refuses truncated headers, trailing bytes and extraData that is a list", async () => {
      const harness = await loadFixture(harnessFixture);
      const { rlp } = buildHeader(spec(), KEYS.slice(0, 4));
      const length = ethers.dataLength(rlp);
      await expect(harness.decode(ethers.dataSlice(rlp, 0, length - 1)))
        .to.be.revertedWithCustomError(harness, "RLPItemPastEnd")
        .withArgs(0, length, length - 1);
      await expect(harness.decode(ethers.concat([rlp, "0x00"])))
        .to.be.revertedWithCustomError(harness, "RLPTrailingBytes")
        .withArgs(length, length + 1);
      const items: unknown[] = headerItems(spec());
      items[12] = [];
      const listExtra = ethers.encodeRlp(items as string[]);
      await expect(harness.decode(listExtra))
        .to.be.revertedWithCustomError(harness, "RLPNotString")
        .withArgs(itemOffsets(listExtra)[12]);
    });

    it("refuses extraData with trailing bytes, a wrong field count, or fields of the wrong size", async () => {
      const harness = await loadFixture(harnessFixture);
      const s = spec();
      const seals = [commitSeal(KEYS[0], ethers.ZeroHash)];
      const items = headerItems(s);
      const good = encodeExtraData(s, seals, "full");

      const trailing = ethers.concat([good, "0x80"]);
      let rlp = rawHeader(items, trailing);
      let at = offsetOf(rlp, trailing);
      await expect(harness.decode(rlp))
        .to.be.revertedWithCustomError(harness, "RLPTrailingBytes")
        .withArgs(at + ethers.dataLength(good), at + ethers.dataLength(trailing));

      for (const count of [4, 6]) {
        const extra = rawExtraData(s, seals, (f) => (count === 4 ? f.slice(0, 4) : [...f, "0x"]));
        await expect(harness.decode(rawHeader(items, extra)), `${count} extraData fields`)
          .to.be.revertedWithCustomError(harness, "QbftExtraDataFieldCount")
          .withArgs(count);
      }
      const notList = ethers.encodeRlp(ethers.id("extra"));
      rlp = rawHeader(items, notList);
      await expect(harness.decode(rlp))
        .to.be.revertedWithCustomError(harness, "RLPNotList")
        .withArgs(offsetOf(rlp, notList));

      const fieldCases: [string, (f: unknown[]) => unknown[], (extra: string) => number, unknown[]][] = [
        [
          "vanity of 31 bytes",
          (f) => [ethers.dataSlice(f[0] as string, 1), ...f.slice(1)],
          (e) => itemOffsets(e)[0],
          [31, 32],
        ],
        [
          "validator of 19 bytes",
          (f) => [f[0], [ethers.dataSlice(ADDRESSES[0], 1)], ...f.slice(2)],
          (e) => itemOffsets(e)[1] + 1,
          [19, 20],
        ],
        [
          "seal of 64 bytes",
          (f) => [...f.slice(0, 4), [ethers.dataSlice(seals[0], 1)]],
          (e) => itemOffsets(e)[4] + 2, // a list of 65 bytes takes the long prefix 0xf841
          [64, 65],
        ],
      ];
      for (const [name, replace, offset, args] of fieldCases) {
        const extra = rawExtraData(s, seals, replace);
        rlp = rawHeader(items, extra);
        at = offsetOf(rlp, extra);
        await expect(harness.decode(rlp), name)
          .to.be.revertedWithCustomError(harness, "RLPUnexpectedLength")
          .withArgs(at + offset(extra), ...args);
      }
      for (const [round, error, args] of [
        ["0x0100000000", "RLPScalarTooLong", [5, 4]],
        ["0x0001", "RLPScalarLeadingZero", []],
      ] as [string, string, unknown[]][]) {
        const extra = rawExtraData(s, seals, (f) => [...f.slice(0, 3), round, f[4]]);
        rlp = rawHeader(items, extra);
        await expect(harness.decode(rlp), `round ${round}`)
          .to.be.revertedWithCustomError(harness, error)
          .withArgs(offsetOf(rlp, extra) + itemOffsets(extra)[3], ...args);
      }
    });

    it("refuses votes other than [] or [recipient, 0x80 | 0xff] with QbftInvalidVote", async () => {
      const harness = await loadFixture(harnessFixture);
      const s = spec();
      const items = headerItems(s);
      const recipient = ADDRESSES[9];
      const votes: unknown[] = [
        [recipient],
        [recipient, "0xff", "0x"],
        [recipient, "0x00"], // Besu reads it as a drop but writes 0x80: refused here
        [recipient, "0x05"],
        [recipient, "0x01ff"],
        [recipient, "0x0100ff"],
        [recipient, []],
      ];
      for (const vote of votes) {
        const extra = rawExtraData(s, [], (f) => [f[0], f[1], vote, f[3], f[4]]);
        const rlp = rawHeader(items, extra);
        await expect(harness.decode(rlp), JSON.stringify(vote))
          .to.be.revertedWithCustomError(harness, "QbftInvalidVote")
          .withArgs(offsetOf(rlp, extra) + itemOffsets(extra)[2]);
      }
      const extra = rawExtraData(s, [], (f) => [
        f[0],
        f[1],
        [ethers.dataSlice(recipient, 1), "0xff"],
        f[3],
        f[4],
      ]);
      const rlp = rawHeader(items, extra);
      await expect(harness.decode(rlp))
        .to.be.revertedWithCustomError(harness, "RLPUnexpectedLength")
        .withArgs(offsetOf(rlp, extra) + itemOffsets(extra)[2] + 1, 19, 20);
    });
  });

  describe("commit seals", () => {
    it("recovers 21 seals in the header's order", async () => {
      const harness = await loadFixture(harnessFixture);
      const reversed = [...KEYS].reverse();
      const header = buildHeader(spec({ validators: ADDRESSES }), reversed);
      expect(await harness.signers(header.rlp)).to.deep.equal(reversed.map(addressOf));
    });

    it("folds a high-s seal (which Besu accepts) to the same signer", async () => {
      const harness = await loadFixture(harnessFixture);
      const s = spec();
      const low = buildHeader(s, KEYS.slice(0, 2));
      const high = buildHeader(s, [], [highS(low.seals[0]), low.seals[1]]);
      expect(BigInt(ethers.dataSlice(high.seals[0], 32, 64))).to.be.greaterThan(SECP256K1_N / 2n);
      expect(await harness.signers(high.rlp)).to.deep.equal(ADDRESSES.slice(0, 2));
    });

    it("refuses a seal that does not recover with QbftInvalidCommitSeal (block hash, seal index)", async () => {
      const harness = await loadFixture(harnessFixture);
      const s = spec();
      const good = buildHeader(s, KEYS.slice(0, 3)).seals;
      const bytes = (seal: string) => ethers.getBytes(seal);
      const withV = (seal: string, v: number) =>
        ethers.concat([bytes(seal).slice(0, 64), ethers.toBeHex(v, 1)]);
      const badSeals: [string, string][] = [
        ["v = 27 (Besu stores 0 or 1)", withV(good[1], 27)],
        ["v = 2", withV(good[1], 2)],
        ["r = 0", ethers.concat([ethers.ZeroHash, bytes(good[1]).slice(32)])],
        ["s = n", ethers.concat([bytes(good[1]).slice(0, 32), ethers.toBeHex(SECP256K1_N, 32), "0x00"])],
        ["s = 0", ethers.concat([bytes(good[1]).slice(0, 32), ethers.ZeroHash, "0x00"])],
      ];
      for (const [name, bad] of badSeals) {
        const header = buildHeader(s, [], [good[0], bad, good[2]]);
        await expect(harness.signers(header.rlp), name)
          .to.be.revertedWithCustomError(harness, "QbftInvalidCommitSeal")
          .withArgs(header.blockHash, 1);
      }
    });

    it("recovers a seal over another header to another address (the digest binds every field)", async () => {
      const harness = await loadFixture(harnessFixture);
      const other = buildHeader(spec({ payload: "other" }), [KEYS[0]]);
      const header = buildHeader(spec(), [], other.seals);
      const [signer] = await harness.signers(header.rlp);
      expect(signer).to.not.equal(ADDRESSES[0]);
    });
  });

  describe("double signs", () => {
    const heightRound = { blockNumber: 5_000n, round: 2 };

    it("returns the signers that sealed two different blocks at one height in one round, ascending", async () => {
      const harness = await loadFixture(harnessFixture);
      const a = buildHeader(spec({ ...heightRound, payload: "A" }), KEYS.slice(0, 4));
      const b = buildHeader(spec({ ...heightRound, payload: "B" }), KEYS.slice(0, 4).reverse());
      expect(a.blockHash).to.not.equal(b.blockHash);
      const [blockNumber, round, signers] = await harness.doubleSigners(a.rlp, b.rlp);
      expect(blockNumber).to.equal(5_000n);
      expect(round).to.equal(2n);
      expect(signers).to.deep.equal(sortedAddresses(ADDRESSES.slice(0, 4)));
    });

    it("returns only the common signers, each once, across forks and with 21 seals", async () => {
      const harness = await loadFixture(harnessFixture);
      const a = buildHeader(spec({ ...heightRound, fork: "cancun", payload: "A" }), KEYS.slice(0, 15));
      const b = buildHeader(spec({ ...heightRound, fork: "prague", payload: "B" }), KEYS.slice(10));
      const [, , signers] = await harness.doubleSigners(a.rlp, b.rlp);
      expect(signers).to.deep.equal(sortedAddresses(ADDRESSES.slice(10, 15)));

      const full = buildHeader(spec({ ...heightRound, payload: "C" }), KEYS);
      const fullOther = buildHeader(spec({ ...heightRound, payload: "D" }), [...KEYS].reverse());
      expect((await harness.doubleSigners(full.rlp, fullOther.rlp))[2]).to.deep.equal(
        sortedAddresses(ADDRESSES),
      );
    });

    it("counts a signer whose seal stands twice once, and returns nothing when no signer sealed both", async () => {
      const harness = await loadFixture(harnessFixture);
      const sa = spec({ ...heightRound, payload: "A" });
      const a = buildHeader(sa, [KEYS[0], KEYS[1], KEYS[0]]);
      const b = buildHeader(spec({ ...heightRound, payload: "B" }), [KEYS[1], KEYS[0], KEYS[0]]);
      expect((await harness.doubleSigners(a.rlp, b.rlp))[2]).to.deep.equal(
        sortedAddresses(ADDRESSES.slice(0, 2)),
      );

      const c = buildHeader(spec({ ...heightRound, payload: "C" }), KEYS.slice(4, 8));
      expect((await harness.doubleSigners(a.rlp, c.rlp))[2]).to.deep.equal([]);
      const unsealed = buildHeader(spec({ ...heightRound, payload: "D" }), []);
      expect((await harness.doubleSigners(unsealed.rlp, a.rlp))[2]).to.deep.equal([]);
    });

    it("is not evidence at different heights (QbftDifferentHeights)", async () => {
      const harness = await loadFixture(harnessFixture);
      const a = buildHeader(spec({ blockNumber: 10n }), KEYS.slice(0, 4));
      const b = buildHeader(spec({ blockNumber: 11n }), KEYS.slice(0, 4));
      await expect(harness.doubleSigners(a.rlp, b.rlp))
        .to.be.revertedWithCustomError(harness, "QbftDifferentHeights")
        .withArgs(10, 11);
    });

    it("is not evidence in different rounds, another block or the same block re-proposed (QbftDifferentRounds)", async () => {
      const harness = await loadFixture(harnessFixture);
      const first = buildHeader(spec({ round: 0, payload: "A" }), KEYS.slice(0, 4));
      const other = buildHeader(spec({ round: 1, payload: "B" }), KEYS.slice(0, 4));
      await expect(harness.doubleSigners(first.rlp, other.rlp))
        .to.be.revertedWithCustomError(harness, "QbftDifferentRounds")
        .withArgs(0, 1);
      // the same block committed again in round 3: same on-chain hash, other seal digest
      const again = buildHeader(spec({ round: 3, payload: "A" }), KEYS.slice(0, 4));
      expect(again.blockHash).to.equal(first.blockHash);
      expect(again.sealDigest).to.not.equal(first.sealDigest);
      await expect(harness.doubleSigners(first.rlp, again.rlp))
        .to.be.revertedWithCustomError(harness, "QbftDifferentRounds")
        .withArgs(0, 3);
    });

    it("is not evidence for one block with two seal sets (QbftIdenticalBlocks)", async () => {
      const harness = await loadFixture(harnessFixture);
      const s = spec(heightRound);
      const a = buildHeader(s, KEYS.slice(0, 3));
      const b = buildHeader(s, KEYS.slice(1, 4));
      await expect(harness.doubleSigners(a.rlp, b.rlp))
        .to.be.revertedWithCustomError(harness, "QbftIdenticalBlocks")
        .withArgs(a.blockHash);
      await expect(harness.doubleSigners(a.rlp, a.rlp))
        .to.be.revertedWithCustomError(harness, "QbftIdenticalBlocks")
        .withArgs(a.blockHash);
    });

    it("refuses a pair whose either header does not decode or holds a bad seal", async () => {
      const harness = await loadFixture(harnessFixture);
      const a = buildHeader(spec({ ...heightRound, payload: "A" }), KEYS.slice(0, 4));
      const b = buildHeader(spec({ ...heightRound, payload: "B" }), KEYS.slice(0, 4));
      const cut = ethers.dataSlice(b.rlp, 0, 100);
      await expect(harness.doubleSigners(a.rlp, cut)).to.be.revertedWithCustomError(
        harness,
        "RLPItemPastEnd",
      );
      await expect(harness.doubleSigners(cut, a.rlp)).to.be.revertedWithCustomError(
        harness,
        "RLPItemPastEnd",
      );
      const bad = buildHeader(
        spec({ ...heightRound, payload: "B" }),
        [],
        [a.seals[0], "0x" + "00".repeat(65)],
      );
      await expect(harness.doubleSigners(a.rlp, bad.rlp))
        .to.be.revertedWithCustomError(harness, "QbftInvalidCommitSeal")
        .withArgs(bad.blockHash, 1);
    });
  });

  describe("at the size of the active set", () => {
    it("finds every one of 21 validators that sealed two 21-seal headers (gas: npm run bench)", async function () {
      const harness = await loadFixture(harnessFixture);
      const s = spec({ blockNumber: 123_456n, round: 1, validators: ADDRESSES });
      const a = buildHeader({ ...s, payload: "A" }, KEYS);
      const b = buildHeader({ ...s, payload: "B" }, KEYS);
      const [blockNumber, round, signers] = await harness.doubleSigners(a.rlp, b.rlp);
      expect([blockNumber, round]).to.deep.equal([123_456n, 1n]);
      expect([...signers]).to.deep.equal(sortedAddresses(ADDRESSES));
    });
  });
});
