/**
 * The QBFT header decoder against real sealed headers, produced by QBFT nodes rather than by
 * test/evidence/qbft.ts: the vectors (test/evidence/vectors/*.json, each naming its source repository,
 * path and commit) carry commit seals that real validators signed, so a mismatch between the decoder's
 * digests and the nodes' hashing (BftBlockHashing: the seal signs the header with its extraData
 * re-encoded without the seals but with the round; the block's hash leaves out both) shows here.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { QbftHeaderHarness__factory } from "../../typechain-types";
import { headerRlpFromBlock, parseHeaderInput, type RpcBlockHeader } from "../../lib/blockHeader";
import kaleidoVector from "./vectors/kaleido-qbft-block-58866.json";
import elcVector from "./vectors/besu-qbft-elc-block-7528.json";

async function harnessFixture() {
  const [deployer] = await ethers.getSigners();
  return new QbftHeaderHarness__factory(deployer).deploy();
}

/** The header `rlp` with its extraData re-encoded: the seals dropped, the round kept or set (`round`). */
function withoutSeals(rlp: string, round?: string): string {
  const items = ethers.decodeRlp(rlp) as string[];
  const [vanity, validators, vote, ownRound] = ethers.decodeRlp(items[12]) as string[];
  items[12] = ethers.encodeRlp([vanity, validators, vote, round ?? ownRound, []]);
  return ethers.encodeRlp(items);
}

/** The header `rlp` with its extraData's round replaced, the seals kept. */
function withRound(rlp: string, round: string): string {
  const items = ethers.decodeRlp(rlp) as string[];
  const [vanity, validators, vote, , seals] = ethers.decodeRlp(items[12]) as string[];
  items[12] = ethers.encodeRlp([vanity, validators, vote, round, seals]);
  return ethers.encodeRlp(items);
}

/** `rlp` with the byte at `offset` flipped (all bits). */
function flipByte(rlp: string, offset: number): string {
  const bytes = ethers.getBytes(rlp);
  bytes[offset] ^= 0xff;
  return ethers.hexlify(bytes);
}

/** The byte offset in `rlp` of the last byte of `field`, a header field value found in it. */
function lastByteOf(rlp: string, field: string): number {
  const at = rlp.toLowerCase().indexOf(field.toLowerCase().slice(2));
  expect(at % 2).to.equal(0);
  return (at - 2) / 2 + ethers.dataLength(field) - 1;
}

describe("QbftHeader against real QBFT headers (vectors from public repositories)", () => {
  describe(`a London block with its node's hash (${kaleidoVector.source.repository})`, () => {
    const block = kaleidoVector.block;
    const { hash, ...fields } = block;
    const rlp = headerRlpFromBlock(fields as RpcBlockHeader);
    const validator = ethers.getAddress(block.miner);

    it("lib/blockHeader rebuilds the header: the node's hash is keccak256 of it without seals, round 0", () => {
      expect((ethers.decodeRlp(rlp) as string[]).length).to.equal(16);
      expect(ethers.keccak256(withoutSeals(rlp, "0x"))).to.equal(hash);
      // the hash is not the keccak256 of the header as the chain holds it (the seal is left out)
      expect(ethers.keccak256(rlp)).to.not.equal(hash);
    });

    it("lib/blockHeader takes the node's JSON with its hash (etm:evidence's input) and refuses a wrong hash", () => {
      expect(headerRlpFromBlock(block as RpcBlockHeader)).to.equal(rlp);
      const answer = JSON.stringify({ jsonrpc: "2.0", id: 1, result: block });
      expect(parseHeaderInput(answer, "--header-a")).to.equal(rlp);
      expect(() => headerRlpFromBlock({ ...block, gasUsed: "0x1" } as RpcBlockHeader)).to.throw(
        /hashes to 0x[0-9a-f]+, not its hash/,
      );
    });

    it("the contract decodes it to the node's hash and recovers the validator's seal", async () => {
      const harness = await loadFixture(harnessFixture);
      const [blockNumber, round, blockHash, sealDigest, validators, sealCount] = await harness.decode(rlp);
      expect(blockNumber).to.equal(BigInt(block.number));
      expect(round).to.equal(0n);
      expect(blockHash).to.equal(hash);
      expect(sealDigest).to.equal(hash); // round 0: both forms are the same bytes
      expect(validators).to.deep.equal([validator]);
      expect(sealCount).to.equal(1n);
      expect(await harness.signers(rlp)).to.deep.equal([validator]);
    });

    it("a header with one byte changed no longer recovers the validator", async () => {
      const harness = await loadFixture(harnessFixture);
      for (const field of [block.parentHash, block.stateRoot, block.receiptsRoot, block.logsBloom]) {
        const altered = flipByte(rlp, lastByteOf(rlp, field));
        const [, , blockHash] = await harness.decode(altered);
        expect(blockHash).to.not.equal(hash);
        const [signer] = await harness.signers(altered);
        expect(signer).to.not.equal(validator);
      }
    });
  });

  describe(`a round-1 block sealed by 3 of 4 Besu validators (${elcVector.source.repository})`, () => {
    const rlp = elcVector.headerRlp;
    const validators = elcVector.validators.map((a) => ethers.getAddress(a));
    // the signers of the three seals, in the header's order (recovered: each is in the validator list)
    const expectedSigners = [validators[0], validators[3], validators[1]];

    it("the seal digest is keccak256 of the header without seals, round kept: the source's own bytes", () => {
      expect(withoutSeals(rlp)).to.equal(elcVector.headerRlpWithoutSeals);
      expect(ethers.keccak256(elcVector.headerRlpWithoutSeals)).to.equal(elcVector.sealDigest);
    });

    it("the contract decodes it and recovers exactly three distinct validators", async () => {
      const harness = await loadFixture(harnessFixture);
      const [blockNumber, round, blockHash, sealDigest, decodedValidators, sealCount] =
        await harness.decode(rlp);
      expect(blockNumber).to.equal(BigInt(elcVector.blockNumber));
      expect(round).to.equal(BigInt(elcVector.round));
      expect(sealDigest).to.equal(elcVector.sealDigest);
      expect(blockHash).to.equal(ethers.keccak256(withoutSeals(rlp, "0x")));
      expect(blockHash).to.not.equal(sealDigest);
      expect(decodedValidators).to.deep.equal(validators);
      expect(sealCount).to.equal(3n);
      const signers = await harness.signers(rlp);
      expect(signers).to.deep.equal(expectedSigners);
      expect(new Set(signers).size).to.equal(3);
      for (const signer of signers) expect(validators).to.include(signer);
    });

    it("the seals sign the round: with round 0 or 2 the block hash stays, no seal recovers a validator", async () => {
      const harness = await loadFixture(harnessFixture);
      const [, , blockHash] = await harness.decode(rlp);
      for (const round of ["0x", "0x02"]) {
        const altered = withRound(rlp, round);
        const [, , alteredHash] = await harness.decode(altered);
        expect(alteredHash).to.equal(blockHash);
        for (const signer of await harness.signers(altered)) expect(validators).to.not.include(signer);
      }
    });

    it("a header with one byte changed no longer recovers any validator", async () => {
      const harness = await loadFixture(harnessFixture);
      const items = ethers.decodeRlp(rlp) as string[];
      for (const field of [items[0], items[3]]) {
        // parentHash, stateRoot
        const altered = flipByte(rlp, lastByteOf(rlp, field));
        const signers = await harness.signers(altered);
        expect(signers).to.have.length(3);
        for (const signer of signers) expect(validators).to.not.include(signer);
      }
    });
  });
});
