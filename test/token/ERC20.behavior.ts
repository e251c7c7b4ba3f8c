/**
 * ERC-20 behaviours written once and run against every funded-account variant of the token, after
 * OpenZeppelin's `test/token/ERC20/ERC20.behavior.js`. They speak to the token only through the
 * OpenZeppelin `ERC20` / `ERC20Burnable` ABIs, so any OpenZeppelin 5 ERC-20 can be plugged in.
 *
 * A behaviour takes a context function that returns a fresh state on every call (it should go
 * through `loadFixture`): `holder` owns `holderBalance`; `recipient` and `spender` own nothing and
 * have no allowances.
 */
import { expect } from "chai";
import { MaxUint256, ZeroAddress } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ERC20, ERC20Burnable } from "../../typechain-types";

export interface ERC20BehaviorContext<Token extends ERC20 | ERC20Burnable = ERC20> {
  token: Token;
  holder: HardhatEthersSigner;
  recipient: HardhatEthersSigner;
  spender: HardhatEthersSigner;
  /** Balance of `holder`, in wei; at least 10 wei (the tests move fixed amounts up to 10 wei). */
  holderBalance: bigint;
  /** `totalSupply()` of the token in this state, in wei. */
  totalSupply: bigint;
}

type ContextOf<Token extends ERC20 | ERC20Burnable> = () => Promise<ERC20BehaviorContext<Token>>;

/** Checks the stated starting state, so a behaviour never runs on a misdescribed context. */
function shouldMatchItsContext<Token extends ERC20 | ERC20Burnable>(context: ContextOf<Token>) {
  it("starts from the state its context describes", async () => {
    const { token, holder, recipient, spender, holderBalance, totalSupply } = await context();
    expect(holderBalance).to.be.greaterThanOrEqual(10n);
    expect(await token.totalSupply()).to.equal(totalSupply);
    expect(await token.balanceOf(holder.address)).to.equal(holderBalance);
    expect(await token.balanceOf(recipient.address)).to.equal(0n);
    expect(await token.balanceOf(spender.address)).to.equal(0n);
    expect(await token.allowance(holder.address, spender.address)).to.equal(0n);
  });
}

/** Transfers, approvals, allowances and `transferFrom`, with their events and custom errors. */
export function shouldBehaveLikeERC20(context: ContextOf<ERC20>) {
  shouldMatchItsContext(context);

  describe("balances and supply", () => {
    it("reports the total supply", async () => {
      const { token, totalSupply } = await context();
      expect(await token.totalSupply()).to.equal(totalSupply);
    });

    it("reports zero for an account that never held tokens", async () => {
      const { token, recipient } = await context();
      expect(await token.balanceOf(recipient.address)).to.equal(0n);
    });

    it("reports zero for the zero address", async () => {
      const { token } = await context();
      expect(await token.balanceOf(ZeroAddress)).to.equal(0n);
    });
  });

  describe("transfer", () => {
    it("moves the full balance and leaves the supply alone", async () => {
      const { token, holder, recipient, holderBalance, totalSupply } = await context();
      await expect(token.connect(holder).transfer(recipient.address, holderBalance)).to.changeTokenBalances(
        token,
        [holder, recipient],
        [-holderBalance, holderBalance],
      );
      expect(await token.balanceOf(holder.address)).to.equal(0n);
      expect(await token.totalSupply()).to.equal(totalSupply);
    });

    it("moves part of the balance", async () => {
      const { token, holder, recipient, holderBalance } = await context();
      const part = holderBalance / 3n;
      await expect(token.connect(holder).transfer(recipient.address, part)).to.changeTokenBalances(
        token,
        [holder, recipient],
        [-part, part],
      );
      expect(await token.balanceOf(holder.address)).to.equal(holderBalance - part);
    });

    it("emits Transfer(from, to, value)", async () => {
      const { token, holder, recipient, holderBalance } = await context();
      await expect(token.connect(holder).transfer(recipient.address, holderBalance))
        .to.emit(token, "Transfer")
        .withArgs(holder.address, recipient.address, holderBalance);
    });

    it("returns true", async () => {
      const { token, holder, recipient } = await context();
      expect(await token.connect(holder).transfer.staticCall(recipient.address, 1n)).to.equal(true);
    });

    it("does not touch allowances or emit Approval", async () => {
      const { token, holder, recipient, spender } = await context();
      await token.connect(holder).approve(spender.address, 5n);
      await expect(token.connect(holder).transfer(recipient.address, 1n)).not.to.emit(token, "Approval");
      expect(await token.allowance(holder.address, spender.address)).to.equal(5n);
    });

    it("accepts a zero amount: balances stay, Transfer is emitted", async () => {
      const { token, holder, recipient } = await context();
      const sent = token.connect(holder).transfer(recipient.address, 0n);
      await expect(sent).to.emit(token, "Transfer").withArgs(holder.address, recipient.address, 0n);
      await expect(sent).to.changeTokenBalances(token, [holder, recipient], [0n, 0n]);
    });

    it("accepts a zero amount from an account that holds nothing", async () => {
      const { token, recipient, spender } = await context();
      await expect(token.connect(spender).transfer(recipient.address, 0n))
        .to.emit(token, "Transfer")
        .withArgs(spender.address, recipient.address, 0n);
    });

    it("to oneself keeps the balance and still emits Transfer", async () => {
      const { token, holder, holderBalance } = await context();
      const sent = token.connect(holder).transfer(holder.address, holderBalance);
      await expect(sent).to.emit(token, "Transfer").withArgs(holder.address, holder.address, holderBalance);
      expect(await token.balanceOf(holder.address)).to.equal(holderBalance);
    });

    it("of more than the balance reverts with ERC20InsufficientBalance(sender, balance, needed)", async () => {
      const { token, holder, recipient, holderBalance } = await context();
      await expect(token.connect(holder).transfer(recipient.address, holderBalance + 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(holder.address, holderBalance, holderBalance + 1n);
    });

    it("from an account that holds nothing reverts with ERC20InsufficientBalance(sender, 0, needed)", async () => {
      const { token, recipient, spender } = await context();
      await expect(token.connect(spender).transfer(recipient.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(spender.address, 0n, 1n);
    });

    it("of the whole balance a second time reverts (the first one emptied it)", async () => {
      const { token, holder, recipient, holderBalance } = await context();
      await token.connect(holder).transfer(recipient.address, holderBalance);
      await expect(token.connect(holder).transfer(recipient.address, holderBalance))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(holder.address, 0n, holderBalance);
    });

    it("to the zero address reverts with ERC20InvalidReceiver(0)", async () => {
      const { token, holder, holderBalance } = await context();
      await expect(token.connect(holder).transfer(ZeroAddress, holderBalance))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("of zero to the zero address reverts with ERC20InvalidReceiver(0) too", async () => {
      const { token, holder } = await context();
      await expect(token.connect(holder).transfer(ZeroAddress, 0n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });
  });

  describe("approve", () => {
    it("sets the allowance and emits Approval(owner, spender, value)", async () => {
      const { token, holder, spender } = await context();
      await expect(token.connect(holder).approve(spender.address, 100n))
        .to.emit(token, "Approval")
        .withArgs(holder.address, spender.address, 100n);
      expect(await token.allowance(holder.address, spender.address)).to.equal(100n);
    });

    it("returns true", async () => {
      const { token, holder, spender } = await context();
      expect(await token.connect(holder).approve.staticCall(spender.address, 1n)).to.equal(true);
    });

    it("overwrites an earlier allowance instead of adding to it, in both directions", async () => {
      const { token, holder, spender } = await context();
      await token.connect(holder).approve(spender.address, 100n);
      await expect(token.connect(holder).approve(spender.address, 30n))
        .to.emit(token, "Approval")
        .withArgs(holder.address, spender.address, 30n);
      expect(await token.allowance(holder.address, spender.address)).to.equal(30n);
      await token.connect(holder).approve(spender.address, 500n);
      expect(await token.allowance(holder.address, spender.address)).to.equal(500n);
    });

    it("revokes with a zero value, emitting Approval(owner, spender, 0)", async () => {
      const { token, holder, spender } = await context();
      await token.connect(holder).approve(spender.address, 100n);
      await expect(token.connect(holder).approve(spender.address, 0n))
        .to.emit(token, "Approval")
        .withArgs(holder.address, spender.address, 0n);
      expect(await token.allowance(holder.address, spender.address)).to.equal(0n);
    });

    it("allows more than the owner's balance, and approving from an empty account", async () => {
      const { token, holder, recipient, spender, holderBalance } = await context();
      await token.connect(holder).approve(spender.address, holderBalance + 1n);
      expect(await token.allowance(holder.address, spender.address)).to.equal(holderBalance + 1n);
      await token.connect(recipient).approve(spender.address, 7n);
      expect(await token.allowance(recipient.address, spender.address)).to.equal(7n);
    });

    it("is per (owner, spender) pair", async () => {
      const { token, holder, recipient, spender } = await context();
      await token.connect(holder).approve(spender.address, 100n);
      expect(await token.allowance(holder.address, recipient.address)).to.equal(0n);
      expect(await token.allowance(spender.address, holder.address)).to.equal(0n);
    });

    it("does not move tokens", async () => {
      const { token, holder, spender } = await context();
      await expect(token.connect(holder).approve(spender.address, 100n)).to.changeTokenBalances(
        token,
        [holder, spender],
        [0n, 0n],
      );
    });

    it("accepts the infinite allowance type(uint256).max", async () => {
      const { token, holder, spender } = await context();
      await expect(token.connect(holder).approve(spender.address, MaxUint256))
        .to.emit(token, "Approval")
        .withArgs(holder.address, spender.address, MaxUint256);
      expect(await token.allowance(holder.address, spender.address)).to.equal(MaxUint256);
    });

    it("to the zero address reverts with ERC20InvalidSpender(0)", async () => {
      const { token, holder } = await context();
      await expect(token.connect(holder).approve(ZeroAddress, 100n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidSpender")
        .withArgs(ZeroAddress);
    });
  });

  describe("transferFrom", () => {
    it("of exactly the allowance moves the tokens and spends the allowance to zero", async () => {
      const { token, holder, recipient, spender, holderBalance } = await context();
      await token.connect(holder).approve(spender.address, holderBalance);
      await expect(
        token.connect(spender).transferFrom(holder.address, recipient.address, holderBalance),
      ).to.changeTokenBalances(token, [holder, recipient, spender], [-holderBalance, holderBalance, 0n]);
      expect(await token.allowance(holder.address, spender.address)).to.equal(0n);
    });

    it("of part of the allowance lowers it by the amount", async () => {
      const { token, holder, recipient, spender } = await context();
      await token.connect(holder).approve(spender.address, 10n);
      await token.connect(spender).transferFrom(holder.address, recipient.address, 3n);
      expect(await token.allowance(holder.address, spender.address)).to.equal(7n);
      expect(await token.balanceOf(recipient.address)).to.equal(3n);
    });

    it("emits Transfer(from, to, value) and no Approval", async () => {
      const { token, holder, recipient, spender } = await context();
      await token.connect(holder).approve(spender.address, 10n);
      const sent = token.connect(spender).transferFrom(holder.address, recipient.address, 10n);
      await expect(sent).to.emit(token, "Transfer").withArgs(holder.address, recipient.address, 10n);
      await expect(sent).not.to.emit(token, "Approval");
    });

    it("returns true", async () => {
      const { token, holder, recipient, spender } = await context();
      await token.connect(holder).approve(spender.address, 1n);
      expect(
        await token.connect(spender).transferFrom.staticCall(holder.address, recipient.address, 1n),
      ).to.equal(true);
    });

    it("may send to the spender itself", async () => {
      const { token, holder, spender } = await context();
      await token.connect(holder).approve(spender.address, 4n);
      await expect(
        token.connect(spender).transferFrom(holder.address, spender.address, 4n),
      ).to.changeTokenBalances(token, [holder, spender], [-4n, 4n]);
    });

    it("of more than the allowance reverts with ERC20InsufficientAllowance(spender, allowance, needed)", async () => {
      const { token, holder, recipient, spender } = await context();
      await token.connect(holder).approve(spender.address, 10n);
      await expect(token.connect(spender).transferFrom(holder.address, recipient.address, 11n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(spender.address, 10n, 11n);
    });

    it("without any allowance reverts with ERC20InsufficientAllowance(spender, 0, needed)", async () => {
      const { token, holder, recipient, spender } = await context();
      await expect(token.connect(spender).transferFrom(holder.address, recipient.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(spender.address, 0n, 1n);
    });

    it("of more than the balance, within the allowance, reverts with ERC20InsufficientBalance", async () => {
      const { token, holder, recipient, spender, holderBalance } = await context();
      await token.connect(holder).approve(spender.address, holderBalance + 1n);
      await expect(token.connect(spender).transferFrom(holder.address, recipient.address, holderBalance + 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(holder.address, holderBalance, holderBalance + 1n);
    });

    it("a second time after the allowance is spent reverts with ERC20InsufficientAllowance", async () => {
      const { token, holder, recipient, spender } = await context();
      await token.connect(holder).approve(spender.address, 5n);
      await token.connect(spender).transferFrom(holder.address, recipient.address, 5n);
      await expect(token.connect(spender).transferFrom(holder.address, recipient.address, 5n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(spender.address, 0n, 5n);
    });

    it("with the infinite allowance leaves it at type(uint256).max and emits no Approval", async () => {
      const { token, holder, recipient, spender, holderBalance } = await context();
      await token.connect(holder).approve(spender.address, MaxUint256);
      const sent = token.connect(spender).transferFrom(holder.address, recipient.address, holderBalance);
      await expect(sent).to.changeTokenBalances(token, [holder, recipient], [-holderBalance, holderBalance]);
      await expect(sent).not.to.emit(token, "Approval");
      expect(await token.allowance(holder.address, spender.address)).to.equal(MaxUint256);
    });

    it("with the infinite allowance still refuses more than the balance", async () => {
      const { token, holder, recipient, spender, holderBalance } = await context();
      await token.connect(holder).approve(spender.address, MaxUint256);
      await expect(token.connect(spender).transferFrom(holder.address, recipient.address, holderBalance + 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(holder.address, holderBalance, holderBalance + 1n);
    });

    it("an allowance of max - 1 is finite: it is spent like any other", async () => {
      const { token, holder, recipient, spender } = await context();
      await token.connect(holder).approve(spender.address, MaxUint256 - 1n);
      await token.connect(spender).transferFrom(holder.address, recipient.address, 1n);
      expect(await token.allowance(holder.address, spender.address)).to.equal(MaxUint256 - 2n);
    });

    it("from oneself to oneself keeps the balance but spends the allowance", async () => {
      const { token, holder, holderBalance } = await context();
      await token.connect(holder).approve(holder.address, holderBalance);
      const sent = token.connect(holder).transferFrom(holder.address, holder.address, holderBalance);
      await expect(sent).to.emit(token, "Transfer").withArgs(holder.address, holder.address, holderBalance);
      expect(await token.balanceOf(holder.address)).to.equal(holderBalance);
      expect(await token.allowance(holder.address, holder.address)).to.equal(0n);
    });

    it("by the owner on its own tokens still needs an allowance", async () => {
      const { token, holder, recipient } = await context();
      await expect(token.connect(holder).transferFrom(holder.address, recipient.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(holder.address, 0n, 1n);
    });

    it("of a zero amount needs no allowance and emits Transfer", async () => {
      const { token, holder, recipient, spender } = await context();
      await expect(token.connect(spender).transferFrom(holder.address, recipient.address, 0n))
        .to.emit(token, "Transfer")
        .withArgs(holder.address, recipient.address, 0n);
      expect(await token.allowance(holder.address, spender.address)).to.equal(0n);
    });

    it("to the zero address reverts with ERC20InvalidReceiver(0)", async () => {
      const { token, holder, spender, holderBalance } = await context();
      await token.connect(holder).approve(spender.address, holderBalance);
      await expect(token.connect(spender).transferFrom(holder.address, ZeroAddress, holderBalance))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("from the zero address, of nothing, reverts with ERC20InvalidApprover(0)", async () => {
      const { token, recipient, spender } = await context();
      await expect(token.connect(spender).transferFrom(ZeroAddress, recipient.address, 0n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidApprover")
        .withArgs(ZeroAddress);
    });

    it("from the zero address, of something, reverts with ERC20InsufficientAllowance(spender, 0, needed)", async () => {
      const { token, recipient, spender } = await context();
      await expect(token.connect(spender).transferFrom(ZeroAddress, recipient.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(spender.address, 0n, 1n);
    });
  });
}

/** `burn` and `burnFrom` of OpenZeppelin's `ERC20Burnable`. */
export function shouldBehaveLikeERC20Burnable(context: ContextOf<ERC20Burnable>) {
  describe("burn", () => {
    it("burns part of the caller's balance: balance and supply fall, Transfer(owner, 0, value)", async () => {
      const { token, holder, holderBalance, totalSupply } = await context();
      const part = holderBalance / 3n;
      const burnt = token.connect(holder).burn(part);
      await expect(burnt).to.emit(token, "Transfer").withArgs(holder.address, ZeroAddress, part);
      await expect(burnt).to.changeTokenBalance(token, holder, -part);
      expect(await token.totalSupply()).to.equal(totalSupply - part);
    });

    it("burns the whole balance", async () => {
      const { token, holder, holderBalance, totalSupply } = await context();
      await token.connect(holder).burn(holderBalance);
      expect(await token.balanceOf(holder.address)).to.equal(0n);
      expect(await token.totalSupply()).to.equal(totalSupply - holderBalance);
    });

    it("burns nothing for a zero amount, still emitting Transfer", async () => {
      const { token, holder, holderBalance, totalSupply } = await context();
      await expect(token.connect(holder).burn(0n))
        .to.emit(token, "Transfer")
        .withArgs(holder.address, ZeroAddress, 0n);
      expect(await token.balanceOf(holder.address)).to.equal(holderBalance);
      expect(await token.totalSupply()).to.equal(totalSupply);
    });

    it("of more than the balance reverts with ERC20InsufficientBalance(owner, balance, needed)", async () => {
      const { token, holder, holderBalance } = await context();
      await expect(token.connect(holder).burn(holderBalance + 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(holder.address, holderBalance, holderBalance + 1n);
    });

    it("burns only the caller's own tokens", async () => {
      const { token, holder, spender, holderBalance } = await context();
      await token.connect(holder).approve(spender.address, holderBalance);
      await expect(token.connect(spender).burn(1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(spender.address, 0n, 1n);
      expect(await token.balanceOf(holder.address)).to.equal(holderBalance);
    });
  });

  describe("burnFrom", () => {
    it("burns within the allowance and lowers it, with Transfer(owner, 0, value) and no Approval", async () => {
      const { token, holder, spender, totalSupply } = await context();
      await token.connect(holder).approve(spender.address, 10n);
      const burnt = token.connect(spender).burnFrom(holder.address, 4n);
      await expect(burnt).to.emit(token, "Transfer").withArgs(holder.address, ZeroAddress, 4n);
      await expect(burnt).not.to.emit(token, "Approval");
      await expect(burnt).to.changeTokenBalances(token, [holder, spender], [-4n, 0n]);
      expect(await token.allowance(holder.address, spender.address)).to.equal(6n);
      expect(await token.totalSupply()).to.equal(totalSupply - 4n);
    });

    it("of exactly the allowance spends it to zero", async () => {
      const { token, holder, spender, holderBalance } = await context();
      await token.connect(holder).approve(spender.address, holderBalance);
      await token.connect(spender).burnFrom(holder.address, holderBalance);
      expect(await token.allowance(holder.address, spender.address)).to.equal(0n);
      expect(await token.balanceOf(holder.address)).to.equal(0n);
    });

    it("of more than the allowance reverts with ERC20InsufficientAllowance(spender, allowance, needed)", async () => {
      const { token, holder, spender } = await context();
      await token.connect(holder).approve(spender.address, 10n);
      await expect(token.connect(spender).burnFrom(holder.address, 11n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(spender.address, 10n, 11n);
    });

    it("by the owner on its own tokens still needs an allowance", async () => {
      const { token, holder } = await context();
      await expect(token.connect(holder).burnFrom(holder.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(holder.address, 0n, 1n);
    });

    it("of more than the balance, within the allowance, reverts with ERC20InsufficientBalance", async () => {
      const { token, holder, spender, holderBalance } = await context();
      await token.connect(holder).approve(spender.address, holderBalance + 1n);
      await expect(token.connect(spender).burnFrom(holder.address, holderBalance + 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(holder.address, holderBalance, holderBalance + 1n);
    });

    it("with the infinite allowance leaves it at type(uint256).max", async () => {
      const { token, holder, spender, holderBalance } = await context();
      await token.connect(holder).approve(spender.address, MaxUint256);
      await expect(token.connect(spender).burnFrom(holder.address, holderBalance)).to.changeTokenBalance(
        token,
        holder,
        -holderBalance,
      );
      expect(await token.allowance(holder.address, spender.address)).to.equal(MaxUint256);
    });

    it("from the zero address, of nothing, reverts with ERC20InvalidApprover(0)", async () => {
      const { token, spender } = await context();
      await expect(token.connect(spender).burnFrom(ZeroAddress, 0n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidApprover")
        .withArgs(ZeroAddress);
    });
  });
}
