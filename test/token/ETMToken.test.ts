/** ETMToken's own rules: deployment, metadata, the admin that sets the minter once, minting. */
import { expect } from "chai";
import { MaxUint256, ZeroAddress } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deploySystem } from "../../scripts/deploy";
import { ETMToken__factory } from "../../typechain-types";
import { ETM, systemFixture, tokenActors, tokenFixture, tokenWithMinterFixture } from "../shared/fixtures";

/** Carries the token's ABI, for matching the custom errors of a deployment that never happened. */
const tokenAbi = { interface: ETMToken__factory.createInterface() };

describe("ETMToken", () => {
  describe("deployment", () => {
    it("has name and symbol ETM and 18 decimals", async () => {
      const { token } = await loadFixture(systemFixture);
      expect(await token.name()).to.equal("ETM");
      expect(await token.symbol()).to.equal("ETM");
      expect(await token.decimals()).to.equal(18n);
    });

    it("mints the initial supply to the initial holder and nobody else", async () => {
      const { token, options, holder, admin, deployer } = await loadFixture(tokenFixture);
      expect(await token.totalSupply()).to.equal(options.initialSupply);
      expect(await token.balanceOf(holder.address)).to.equal(options.initialSupply);
      expect(await token.balanceOf(admin.address)).to.equal(0n);
      expect(await token.balanceOf(deployer.address)).to.equal(0n);
    });

    it("emits Transfer(0, initialHolder, initialSupply) in the deployment transaction", async () => {
      const { token, options, holder } = await loadFixture(tokenFixture);
      await expect(token.deploymentTransaction())
        .to.emit(token, "Transfer")
        .withArgs(ZeroAddress, holder.address, options.initialSupply);
    });

    it("the default system gives 1e9 ETM to the admin, which is also the deployer", async () => {
      const { token, options } = await loadFixture(systemFixture);
      const { deployer } = await tokenActors();
      expect(options.initialSupply).to.equal(1_000_000_000n * ETM);
      expect(await token.admin()).to.equal(deployer.address);
      expect(await token.balanceOf(deployer.address)).to.equal(options.initialSupply);
    });

    it("records the admin given, not the deployer, and no minter", async () => {
      const { token, admin, deployer } = await loadFixture(tokenFixture);
      expect(await token.admin()).to.equal(admin.address);
      expect(await token.admin()).not.to.equal(deployer.address);
      expect(await token.minter()).to.equal(ZeroAddress);
    });

    it("starts every permit nonce at zero", async () => {
      const { token, holder, admin } = await loadFixture(tokenFixture);
      expect(await token.nonces(holder.address)).to.equal(0n);
      expect(await token.nonces(admin.address)).to.equal(0n);
    });

    it("accepts a zero initial supply", async () => {
      const { holder } = await tokenActors();
      const { token } = await deploySystem({ initialHolder: holder.address, initialSupply: 0n });
      expect(await token.totalSupply()).to.equal(0n);
      expect(await token.balanceOf(holder.address)).to.equal(0n);
    });

    it("refuses a zero admin with ZeroAddress()", async () => {
      await expect(deploySystem({ admin: ZeroAddress, initialHolder: (await tokenActors()).holder.address }))
        .to.be.revertedWithCustomError(tokenAbi, "ZeroAddress")
        .withArgs();
    });

    it("refuses a zero initial holder with ZeroAddress()", async () => {
      await expect(deploySystem({ initialHolder: ZeroAddress }))
        .to.be.revertedWithCustomError(tokenAbi, "ZeroAddress")
        .withArgs();
    });

    it("refuses a zero admin and a zero initial holder together", async () => {
      await expect(
        deploySystem({ admin: ZeroAddress, initialHolder: ZeroAddress }),
      ).to.be.revertedWithCustomError(tokenAbi, "ZeroAddress");
    });
  });

  describe("setMinter", () => {
    it("lets the admin set the minter, emitting MinterSet(minter)", async () => {
      const { token, admin, minter } = await loadFixture(tokenFixture);
      await expect(token.connect(admin).setMinter(minter.address))
        .to.emit(token, "MinterSet")
        .withArgs(minter.address);
      expect(await token.minter()).to.equal(minter.address);
    });

    it("refuses anyone but the admin with NotAdmin(caller, admin): deployer, holder, would-be minter", async () => {
      const { token, admin, deployer, holder, minter } = await loadFixture(tokenFixture);
      for (const caller of [deployer, holder, minter]) {
        await expect(token.connect(caller).setMinter(caller.address))
          .to.be.revertedWithCustomError(token, "NotAdmin")
          .withArgs(caller.address, admin.address);
      }
      expect(await token.minter()).to.equal(ZeroAddress);
    });

    it("refuses the zero address with ZeroAddress(), and the minter stays unset", async () => {
      const { token, admin, minter } = await loadFixture(tokenFixture);
      await expect(token.connect(admin).setMinter(ZeroAddress))
        .to.be.revertedWithCustomError(token, "ZeroAddress")
        .withArgs();
      expect(await token.minter()).to.equal(ZeroAddress);
      await token.connect(admin).setMinter(minter.address);
      expect(await token.minter()).to.equal(minter.address);
    });

    it("works once: a second call reverts with MinterAlreadySet(minter), even with the same address", async () => {
      const { token, admin, minter, alice } = await loadFixture(tokenWithMinterFixture);
      for (const next of [alice.address, minter.address]) {
        await expect(token.connect(admin).setMinter(next))
          .to.be.revertedWithCustomError(token, "MinterAlreadySet")
          .withArgs(minter.address);
      }
      expect(await token.minter()).to.equal(minter.address);
    });

    it("after it is set, a second call with the zero address reports MinterAlreadySet first", async () => {
      const { token, admin, minter } = await loadFixture(tokenWithMinterFixture);
      await expect(token.connect(admin).setMinter(ZeroAddress))
        .to.be.revertedWithCustomError(token, "MinterAlreadySet")
        .withArgs(minter.address);
    });

    it("checks the caller first: a stranger gets NotAdmin before and after the minter is set", async () => {
      const { token, admin, alice } = await loadFixture(tokenFixture);
      await expect(token.connect(alice).setMinter(ZeroAddress))
        .to.be.revertedWithCustomError(token, "NotAdmin")
        .withArgs(alice.address, admin.address);
      await token.connect(admin).setMinter(alice.address);
      await expect(token.connect(alice).setMinter(alice.address))
        .to.be.revertedWithCustomError(token, "NotAdmin")
        .withArgs(alice.address, admin.address);
    });
  });

  describe("mint", () => {
    it("nobody can mint before the minter is set: NotMinter(caller, 0), admin included", async () => {
      const { token, admin, deployer, holder, minter } = await loadFixture(tokenFixture);
      for (const caller of [admin, deployer, holder, minter]) {
        await expect(token.connect(caller).mint(caller.address, 1n))
          .to.be.revertedWithCustomError(token, "NotMinter")
          .withArgs(caller.address, ZeroAddress);
      }
    });

    it("the minter mints: Transfer(0, to, amount), the balance and the total supply rise", async () => {
      const { token, minter, alice, options } = await loadFixture(tokenWithMinterFixture);
      const amount = 42n * ETM;
      const minted = token.connect(minter).mint(alice.address, amount);
      await expect(minted).to.emit(token, "Transfer").withArgs(ZeroAddress, alice.address, amount);
      await expect(minted).to.changeTokenBalance(token, alice, amount);
      expect(await token.totalSupply()).to.equal(options.initialSupply + amount);
    });

    it("the minter may mint to itself and repeatedly", async () => {
      const { token, minter, options } = await loadFixture(tokenWithMinterFixture);
      await token.connect(minter).mint(minter.address, 1n);
      await token.connect(minter).mint(minter.address, 2n);
      expect(await token.balanceOf(minter.address)).to.equal(3n);
      expect(await token.totalSupply()).to.equal(options.initialSupply + 3n);
    });

    it("nobody else mints once the minter is set: NotMinter(caller, minter), admin included", async () => {
      const { token, admin, deployer, holder, minter, alice } = await loadFixture(tokenWithMinterFixture);
      for (const caller of [admin, deployer, holder, alice]) {
        await expect(token.connect(caller).mint(caller.address, 1n))
          .to.be.revertedWithCustomError(token, "NotMinter")
          .withArgs(caller.address, minter.address);
      }
    });

    it("refuses to mint to the zero address with ERC20InvalidReceiver(0)", async () => {
      const { token, minter } = await loadFixture(tokenWithMinterFixture);
      await expect(token.connect(minter).mint(ZeroAddress, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("cannot push the total supply past type(uint256).max (arithmetic panic)", async () => {
      const { token, minter, alice, options } = await loadFixture(tokenWithMinterFixture);
      await expect(
        token.connect(minter).mint(alice.address, MaxUint256 - options.initialSupply + 1n),
      ).to.be.revertedWithPanic(0x11);
      await token.connect(minter).mint(alice.address, MaxUint256 - options.initialSupply);
      expect(await token.totalSupply()).to.equal(MaxUint256);
    });
  });

  describe("burn by the minter (the pool burning slashed stake)", () => {
    it("the minter burns tokens it holds, and the supply falls", async () => {
      const { token, minter, options } = await loadFixture(tokenWithMinterFixture);
      await token.connect(minter).mint(minter.address, 10n);
      await expect(token.connect(minter).burn(4n))
        .to.emit(token, "Transfer")
        .withArgs(minter.address, ZeroAddress, 4n);
      expect(await token.totalSupply()).to.equal(options.initialSupply + 6n);
    });

    it("the minter cannot burn other holders' tokens without their allowance", async () => {
      const { token, minter, holder } = await loadFixture(tokenWithMinterFixture);
      await expect(token.connect(minter).burnFrom(holder.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(minter.address, 0n, 1n);
    });
  });
});
