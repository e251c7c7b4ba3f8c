import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { CodeStorageHarness__factory } from "../../typechain-types";

async function harnessFixture() {
  const [deployer] = await ethers.getSigners();
  return new CodeStorageHarness__factory(deployer).deploy();
}

/** `length` bytes that differ from one position to the next. */
function bytesOf(length: number): string {
  return ethers.hexlify(Uint8Array.from({ length }, (_, i) => (i * 7 + 3) % 256));
}

describe("CodeStorage (bytes kept as a data contract's code)", () => {
  it("reads back exactly what was written, for every size from empty to the EIP-170 limit", async () => {
    const harness = await loadFixture(harnessFixture);
    for (const length of [0, 1, 20, 31, 32, 33, 420, 2_000, 24_575]) {
      const data = bytesOf(length);
      await (await harness.write(data)).wait();
      const pointer = await harness.lastPointer();
      expect(await harness.read(pointer), `${length} bytes`).to.equal(data);
      // The data contract's code is STOP followed by the data: calling it does nothing.
      expect(await ethers.provider.getCode(pointer)).to.equal(`0x00${data.slice(2)}`);
    }
  });

  it("reads nothing from an address without code", async () => {
    const harness = await loadFixture(harnessFixture);
    const [account] = await ethers.getSigners();
    expect(await harness.read(account.address)).to.equal("0x");
  });

  it("refuses data over the limit with CodeStorageTooLarge, its length and the limit", async () => {
    const harness = await loadFixture(harnessFixture);
    for (const length of [24_576, 65_535, 70_000]) {
      await expect(harness.write(bytesOf(length), { gasLimit: 15_000_000n }), `${length} bytes`)
        .to.be.revertedWithCustomError(harness, "CodeStorageTooLarge")
        .withArgs(BigInt(length), 24_575n);
    }
  });

  it("reports a creation that runs out of gas with CodeStorageWriteFailed and the length", async () => {
    const harness = await loadFixture(harnessFixture);
    // 24,000 bytes cost 4,800,000 gas of code deposit; with about 2,500,000 gas left for the CREATE,
    // it fails, while the 1/64 of the gas kept back (about 40,000) lets the library revert with the error.
    await expect(harness.write(bytesOf(24_000), { gasLimit: 3_000_000n }))
      .to.be.revertedWithCustomError(harness, "CodeStorageWriteFailed")
      .withArgs(24_000n);
  });
});
