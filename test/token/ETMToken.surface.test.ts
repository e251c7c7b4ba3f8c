/**
 * Guard the surface: every state-changing function of ETMToken, who may call it, and a proof of
 * both sides. The list is compared with the ABI, so adding (or removing) an external function
 * without describing it here fails the suite.
 */
import { expect } from "chai";
import { ZeroAddress } from "ethers";
import type { FunctionFragment, Interface } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ETMToken__factory } from "../../typechain-types";
import { tokenFixture } from "../shared/fixtures";
import type { TokenFixture } from "../shared/fixtures";
import { signPermit } from "../shared/permit";

interface SurfaceEntry {
  /** Who may call the function, in words. */
  mayCall: string;
  /** A caller from `mayCall` succeeds, and the state changes as it should. */
  allowed(fixture: TokenFixture): Promise<void>;
  /** A caller outside `mayCall` is refused; absent when anyone may call the function. */
  refused?: {
    /** Who is refused, in words. */
    caller: string;
    check(fixture: TokenFixture): Promise<void>;
  };
}

/** Every non-view function of ETMToken, by signature. */
const SURFACE: Record<string, SurfaceEntry> = {
  "transfer(address,uint256)": {
    mayCall: "any account, moving up to its own balance",
    async allowed({ token, holder, alice }) {
      await expect(token.connect(holder).transfer(alice.address, 5n)).to.changeTokenBalances(
        token,
        [holder, alice],
        [-5n, 5n],
      );
    },
    refused: {
      caller: "an account moving more than its own balance",
      async check({ token, alice, bob }) {
        await expect(token.connect(alice).transfer(bob.address, 1n))
          .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
          .withArgs(alice.address, 0n, 1n);
      },
    },
  },
  "approve(address,uint256)": {
    mayCall: "any account; it only ever sets the caller's own allowances",
    async allowed({ token, holder, alice }) {
      await token.connect(alice).approve(holder.address, 7n);
      expect(await token.allowance(alice.address, holder.address)).to.equal(7n);
      expect(await token.allowance(holder.address, alice.address)).to.equal(0n);
    },
  },
  "transferFrom(address,address,uint256)": {
    mayCall: "a spender, within the allowance the owner gave it",
    async allowed({ token, holder, alice, bob }) {
      await token.connect(holder).approve(alice.address, 5n);
      await expect(token.connect(alice).transferFrom(holder.address, bob.address, 5n)).to.changeTokenBalances(
        token,
        [holder, bob],
        [-5n, 5n],
      );
    },
    refused: {
      caller: "a spender without (or beyond) an allowance of its own",
      async check({ token, holder, alice, bob }) {
        await expect(token.connect(bob).transferFrom(holder.address, bob.address, 1n))
          .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
          .withArgs(bob.address, 0n, 1n);
        await token.connect(holder).approve(alice.address, 5n);
        await expect(token.connect(bob).transferFrom(holder.address, bob.address, 1n))
          .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
          .withArgs(bob.address, 0n, 1n);
      },
    },
  },
  "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)": {
    mayCall: "any relayer, carrying the owner's own EIP-712 signature",
    async allowed({ token, holder, alice, bob }) {
      const deadline = BigInt(await time.latest()) + 60n;
      const { signature: sig } = await signPermit(token, holder, {
        spender: alice.address,
        value: 9n,
        deadline,
      });
      await token.connect(bob).permit(holder.address, alice.address, 9n, deadline, sig.v, sig.r, sig.s);
      expect(await token.allowance(holder.address, alice.address)).to.equal(9n);
    },
    refused: {
      caller: "a relayer with a signature not made by the owner",
      async check({ token, holder, alice }) {
        const deadline = BigInt(await time.latest()) + 60n;
        const { signature: sig } = await signPermit(token, alice, {
          owner: holder.address,
          spender: alice.address,
          value: 9n,
          deadline,
        });
        await expect(
          token.connect(alice).permit(holder.address, alice.address, 9n, deadline, sig.v, sig.r, sig.s),
        )
          .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
          .withArgs(alice.address, holder.address);
      },
    },
  },
  "burn(uint256)": {
    mayCall: "any account, burning up to its own balance",
    async allowed({ token, holder, options }) {
      await expect(token.connect(holder).burn(3n)).to.changeTokenBalance(token, holder, -3n);
      expect(await token.totalSupply()).to.equal(options.initialSupply - 3n);
    },
    refused: {
      caller: "an account burning more than its own balance",
      async check({ token, alice }) {
        await expect(token.connect(alice).burn(1n))
          .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
          .withArgs(alice.address, 0n, 1n);
      },
    },
  },
  "burnFrom(address,uint256)": {
    mayCall: "a spender, within the allowance the owner gave it",
    async allowed({ token, holder, alice, options }) {
      await token.connect(holder).approve(alice.address, 3n);
      await expect(token.connect(alice).burnFrom(holder.address, 3n)).to.changeTokenBalance(
        token,
        holder,
        -3n,
      );
      expect(await token.totalSupply()).to.equal(options.initialSupply - 3n);
    },
    refused: {
      caller: "a spender without an allowance",
      async check({ token, holder, admin }) {
        await expect(token.connect(admin).burnFrom(holder.address, 1n))
          .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
          .withArgs(admin.address, 0n, 1n);
      },
    },
  },
  "setMinter(address)": {
    mayCall: "the admin only, once",
    async allowed({ token, admin, minter }) {
      await expect(token.connect(admin).setMinter(minter.address))
        .to.emit(token, "MinterSet")
        .withArgs(minter.address);
    },
    refused: {
      caller: "anyone but the admin, and the admin a second time",
      async check({ token, admin, holder, deployer, minter }) {
        for (const caller of [holder, deployer, minter]) {
          await expect(token.connect(caller).setMinter(minter.address))
            .to.be.revertedWithCustomError(token, "NotAdmin")
            .withArgs(caller.address, admin.address);
        }
        await token.connect(admin).setMinter(minter.address);
        await expect(token.connect(admin).setMinter(minter.address))
          .to.be.revertedWithCustomError(token, "MinterAlreadySet")
          .withArgs(minter.address);
      },
    },
  },
  "mint(address,uint256)": {
    mayCall: "the minter only (once the admin has set it)",
    async allowed({ token, admin, minter, alice }) {
      await token.connect(admin).setMinter(minter.address);
      await expect(token.connect(minter).mint(alice.address, 11n))
        .to.emit(token, "Transfer")
        .withArgs(ZeroAddress, alice.address, 11n);
    },
    refused: {
      caller: "anyone but the minter, the admin included, and everyone before it is set",
      async check({ token, admin, holder, minter }) {
        await expect(token.connect(minter).mint(minter.address, 1n))
          .to.be.revertedWithCustomError(token, "NotMinter")
          .withArgs(minter.address, ZeroAddress);
        await token.connect(admin).setMinter(minter.address);
        for (const caller of [admin, holder]) {
          await expect(token.connect(caller).mint(caller.address, 1n))
            .to.be.revertedWithCustomError(token, "NotMinter")
            .withArgs(caller.address, minter.address);
        }
      },
    },
  },
};

/** Every function fragment of an ABI (view and pure included). */
function functionsOf(abi: Interface): FunctionFragment[] {
  const functions: FunctionFragment[] = [];
  abi.forEachFunction((fn) => functions.push(fn));
  return functions;
}

describe("ETMToken surface", () => {
  const abi = ETMToken__factory.createInterface();

  it("its state-changing functions are exactly the ones listed here", () => {
    const inAbi = functionsOf(abi)
      .filter((fn) => !fn.constant)
      .map((fn) => fn.format("sighash"))
      .sort();
    const listed = Object.keys(SURFACE).sort();
    const unlisted = inAbi.filter((signature) => !listed.includes(signature));
    const gone = listed.filter((signature) => !inAbi.includes(signature));
    expect(
      unlisted,
      "state-changing functions without an entry in SURFACE: describe and test them",
    ).to.deep.equal([]);
    expect(gone, "SURFACE entries that are no longer in the ABI: remove them").to.deep.equal([]);
    expect(inAbi).to.have.length(8);
  });

  it("accepts no ether: every function is nonpayable, and there is no receive or fallback", () => {
    const payable = functionsOf(abi).filter((fn) => fn.payable);
    expect(payable.map((fn) => fn.format("sighash"))).to.deep.equal([]);
    expect(abi.receive).to.equal(false);
    expect(abi.fallback).to.equal(null);
    expect(abi.deploy.payable).to.equal(false);
  });

  it("refuses plain ether transfers", async () => {
    const { token, holder } = await loadFixture(tokenFixture);
    await expect(holder.sendTransaction({ to: await token.getAddress(), value: 1n })).to.be.reverted;
  });

  for (const [signature, entry] of Object.entries(SURFACE)) {
    describe(signature, () => {
      it(`may be called by ${entry.mayCall}`, async () => {
        await entry.allowed(await loadFixture(tokenFixture));
      });
      const refused = entry.refused;
      if (refused) {
        it(`refuses ${refused.caller}`, async () => {
          await refused.check(await loadFixture(tokenFixture));
        });
      }
    });
  }
});
