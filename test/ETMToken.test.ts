import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { systemFixture } from "./shared/fixtures";

describe("ETMToken", () => {
  it("mints the initial supply to the initial holder", async () => {
    const { token, options } = await loadFixture(systemFixture);
    expect(await token.totalSupply()).to.equal(options.initialSupply);
    expect(await token.balanceOf(options.initialHolder)).to.equal(options.initialSupply);
    expect(await token.symbol()).to.equal("ETM");
  });
});
