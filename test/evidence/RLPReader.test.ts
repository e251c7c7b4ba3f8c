import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { RLPReaderHarness__factory } from "../../typechain-types";

async function harnessFixture() {
  const [deployer] = await ethers.getSigners();
  return new RLPReaderHarness__factory(deployer).deploy();
}

const bytesOf = (length: number, fill = 0xab): string => ethers.hexlify(new Uint8Array(length).fill(fill));

describe("RLPReader (strict, canonical RLP)", () => {
  it("reads single bytes, short and long strings, short and long lists, as ethers encodes them", async () => {
    const reader = await loadFixture(harnessFixture);
    const cases: [unknown, boolean, number, number][] = [
      ["0x05", false, 0, 1], // a byte below 0x80 is its own encoding
      ["0x", false, 1, 0], // 0x80
      ["0x80", false, 1, 1], // 0x8180
      [bytesOf(55), false, 1, 55], // the longest short string
      [bytesOf(56), false, 2, 56], // 0xb838: the shortest long string
      [bytesOf(1_000), false, 3, 1_000], // 0xb903e8
      [[], true, 1, 0], // 0xc0
      [[bytesOf(54)], true, 1, 55], // 0xf7: the longest short list
      [[bytesOf(55)], true, 2, 56], // 0xf838
      [[bytesOf(300), []], true, 3, 304],
    ];
    for (const [value, isList, payloadStart, payloadLength] of cases) {
      const encoded = ethers.encodeRlp(value as string);
      expect(await reader.item(encoded), encoded.slice(0, 12)).to.deep.equal([
        isList,
        BigInt(payloadStart),
        BigInt(payloadLength),
      ]);
    }
  });

  it("lists the items of a list at their offsets", async () => {
    const reader = await loadFixture(harnessFixture);
    const encoded = ethers.encodeRlp(["0x01", "0x", [bytesOf(2)], bytesOf(60)]);
    // 0xf844 (68 bytes), then 0x01 at 2, 0x80 at 3, 0xc382abab at 4, the 60-byte string (0xb83c...) at 8
    expect(await reader.children(encoded)).to.deep.equal([2n, 3n, 4n, 8n]);
    expect(await reader.children("0xc0")).to.deep.equal([]);
  });

  it("refuses empty and truncated input with RLPItemPastEnd (offset, item end, limit)", async () => {
    const reader = await loadFixture(harnessFixture);
    await expect(reader.item("0x")).to.be.revertedWithCustomError(reader, "RLPItemPastEnd").withArgs(0, 1, 0);
    // a 3-byte string with 2 bytes
    await expect(reader.item("0x830102"))
      .to.be.revertedWithCustomError(reader, "RLPItemPastEnd")
      .withArgs(0, 4, 3);
    // a long string whose 2 length bytes are cut
    await expect(reader.item("0xb901"))
      .to.be.revertedWithCustomError(reader, "RLPItemPastEnd")
      .withArgs(0, 3, 2);
    // a long list announcing 256 bytes, holding 1
    await expect(reader.item("0xf9010001"))
      .to.be.revertedWithCustomError(reader, "RLPItemPastEnd")
      .withArgs(0, 259, 4);
    // an 8-byte length (2^64 - 1): no overflow, past the end
    await expect(reader.item("0xbfffffffffffffffff"))
      .to.be.revertedWithCustomError(reader, "RLPItemPastEnd")
      .withArgs(0, 2n ** 64n - 1n + 9n, 9);
    // an item running past its list's end, though the list fits the input
    await expect(reader.children("0xc28201"))
      .to.be.revertedWithCustomError(reader, "RLPItemPastEnd")
      .withArgs(1, 4, 3);
  });

  it("refuses non-canonical lengths: the long form under 56, a leading zero in the length", async () => {
    const reader = await loadFixture(harnessFixture);
    await expect(reader.item(`0xb805${"ab".repeat(5)}`))
      .to.be.revertedWithCustomError(reader, "RLPNonCanonicalLength")
      .withArgs(0);
    await expect(reader.item(`0xb837${"ab".repeat(55)}`))
      .to.be.revertedWithCustomError(reader, "RLPNonCanonicalLength")
      .withArgs(0);
    await expect(reader.item(`0xb90038${"ab".repeat(56)}`))
      .to.be.revertedWithCustomError(reader, "RLPNonCanonicalLength")
      .withArgs(0);
    await expect(reader.item(`0xf800`))
      .to.be.revertedWithCustomError(reader, "RLPNonCanonicalLength")
      .withArgs(0);
  });

  it("refuses a single byte below 0x80 written with a prefix, and accepts 0x80 and above so written", async () => {
    const reader = await loadFixture(harnessFixture);
    await expect(reader.item("0x8105"))
      .to.be.revertedWithCustomError(reader, "RLPNonCanonicalByte")
      .withArgs(0);
    await expect(reader.item("0x8100"))
      .to.be.revertedWithCustomError(reader, "RLPNonCanonicalByte")
      .withArgs(0);
    await expect(reader.item("0x817f"))
      .to.be.revertedWithCustomError(reader, "RLPNonCanonicalByte")
      .withArgs(0);
    expect(await reader.item("0x8180")).to.deep.equal([false, 1n, 1n]);
  });

  it("refuses trailing bytes with RLPTrailingBytes (item end, input end)", async () => {
    const reader = await loadFixture(harnessFixture);
    await expect(reader.item("0x8080"))
      .to.be.revertedWithCustomError(reader, "RLPTrailingBytes")
      .withArgs(1, 2);
    await expect(reader.item("0xc0c0c0"))
      .to.be.revertedWithCustomError(reader, "RLPTrailingBytes")
      .withArgs(1, 3);
  });

  it("refuses the items of a string (RLPNotList) and a list read as a scalar (RLPNotString)", async () => {
    const reader = await loadFixture(harnessFixture);
    await expect(reader.children("0x820102")).to.be.revertedWithCustomError(reader, "RLPNotList").withArgs(0);
    await expect(reader.scalar("0xc0", 32)).to.be.revertedWithCustomError(reader, "RLPNotString").withArgs(0);
  });

  it("reads canonical scalars and refuses leading zeros and scalars longer than allowed", async () => {
    const reader = await loadFixture(harnessFixture);
    expect(await reader.scalar("0x80", 8)).to.equal(0n);
    expect(await reader.scalar("0x05", 8)).to.equal(5n);
    expect(await reader.scalar("0x820100", 8)).to.equal(256n);
    expect(await reader.scalar(ethers.encodeRlp(ethers.toBeHex(ethers.MaxUint256)), 32)).to.equal(
      ethers.MaxUint256,
    );
    await expect(reader.scalar("0x820001", 8))
      .to.be.revertedWithCustomError(reader, "RLPScalarLeadingZero")
      .withArgs(0);
    await expect(reader.scalar("0x00", 8))
      .to.be.revertedWithCustomError(reader, "RLPScalarLeadingZero")
      .withArgs(0);
    await expect(reader.scalar("0x83010203", 2))
      .to.be.revertedWithCustomError(reader, "RLPScalarTooLong")
      .withArgs(0, 3, 2);
  });

  it("writes the prefixes ethers writes, short and long", async () => {
    const reader = await loadFixture(harnessFixture);
    const stringPrefixes: [number, string][] = [
      [2, "0x82"],
      [55, "0xb7"],
      [56, "0xb838"],
      [255, "0xb8ff"],
      [256, "0xb90100"],
      [65_536, "0xba010000"],
    ];
    for (const [length, expected] of stringPrefixes) {
      expect(await reader.prefix(length, 0x80), `string of ${length}`).to.equal(expected);
      // ethers writes the same prefix before the bytes
      expect(ethers.encodeRlp(bytesOf(length)).startsWith(expected)).to.equal(true);
    }
    expect(await reader.prefix(0, 0xc0)).to.equal("0xc0");
    expect(await reader.prefix(55, 0xc0)).to.equal("0xf7");
    expect(await reader.prefix(56, 0xc0)).to.equal("0xf838");
    expect(await reader.prefix(256, 0xc0)).to.equal("0xf90100");
    expect(await reader.prefix(2n ** 64n - 1n, 0x80)).to.equal("0xbfffffffffffffffff");
  });
});
