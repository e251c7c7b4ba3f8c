/**
 * The surface of the staking pool: every state-changing function and who may call it. A function
 * added to StakingPool or StakeVotes without an entry here fails the first test of its block, so
 * nothing reaches the surface without a decision on its caller (and a test of it).
 */
import { expect } from "chai";
import { ethers, upgrades } from "hardhat";
import { deployPoolImplementation } from "../../scripts/deploy/proxies";
import {
  IStakingPool__factory,
  StakeVotes__factory,
  StakingPoolExtension__factory,
  StakingPool__factory,
} from "../../typechain-types";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Interface } from "ethers";
import { ETM, SIGNER_KEYS, SIGNERS, WAD, validatorsFixture } from "../shared/fixtures";
import { signPermit } from "../shared/permit";
import { signerProofFor } from "../shared/signerProof";
import { Parameter } from "../shared/poolHelpers";

type Context = Awaited<ReturnType<typeof validatorsFixture>>;

/** Who may call a function. */
type Caller =
  | { kind: "anyone" }
  | { kind: "operator" } // the caller must be a registered, active validator operator
  | { kind: "role"; role: string } // AccessControl role (by its constant's name)
  | { kind: "roleAdmin" } // the admin role of the role concerned (DEFAULT_ADMIN_ROLE)
  | { kind: "self" } // only for the caller's own account
  | { kind: "pool" } // only the staking pool (StakeVotes)
  | { kind: "initializer" } // nobody: the deployment initialized the proxy, once
  | { kind: "poolUpgrader" }; // a holder of the pool's UPGRADER_ROLE (StakeVotes)

interface Entry {
  caller: Caller;
  /** A caller allowed to make the call, and valid arguments for it in `validatorsFixture`. */
  allowed: (ctx: Context) => Promise<{ signer: HardhatEthersSigner; args: unknown[] }>;
}

/** The pool's initializer (its whole PoolConfig tuple). */
const POOL_INITIALIZE =
  "initialize((address,address,address,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256))";

/** An entry nobody may call: its `allowed` is never used. */
function notCallable(why: string): Entry["allowed"] {
  return async () => {
    throw new Error(`not callable: ${why}`);
  };
}

/** Mutating functions of an ABI, as signatures. */
function mutatingFunctions(contractInterface: Interface): string[] {
  const names: string[] = [];
  contractInterface.forEachFunction((fn) => {
    if (fn.stateMutability !== "view" && fn.stateMutability !== "pure") names.push(fn.format("sighash"));
  });
  return names.sort();
}

const POOL_SURFACE: Record<string, Entry> = {
  "stake(address,uint256)": {
    caller: { kind: "anyone" },
    allowed: async (c) => ({ signer: c.carol, args: [c.op0.address, ETM] }),
  },
  "stakeWithPermit(address,uint256,uint256,uint8,bytes32,bytes32)": {
    caller: { kind: "anyone" },
    allowed: async (c) => {
      const deadline = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 3_600n;
      const { signature } = await signPermit(c.token, c.carol, {
        spender: c.poolAddress,
        value: ETM,
        deadline,
      });
      return {
        signer: c.carol,
        args: [c.op0.address, ETM, deadline, signature.v, signature.r, signature.s],
      };
    },
  },
  "unstake(address,uint256)": {
    caller: { kind: "anyone" },
    allowed: async (c) => ({ signer: c.alice, args: [c.op0.address, ETM] }),
  },
  "redelegate(address,address,uint256)": {
    caller: { kind: "anyone" },
    allowed: async (c) => ({ signer: c.alice, args: [c.op0.address, c.operators[1]!.address, ETM] }),
  },
  "settleRedelegations(address)": {
    caller: { kind: "anyone" },
    allowed: async (c) => ({ signer: c.outsider, args: [c.alice.address] }),
  },
  "withdraw()": {
    caller: { kind: "anyone" },
    allowed: async (c) => {
      await c.pool.connect(c.bob).unstake(c.op0.address, ETM);
      await mine(100);
      return { signer: c.bob, args: [] };
    },
  },
  "claim(address)": {
    caller: { kind: "anyone" },
    allowed: async (c) => ({ signer: c.alice, args: [c.op0.address] }),
  },
  "compound(address)": {
    caller: { kind: "anyone" },
    allowed: async (c) => ({ signer: c.alice, args: [c.op0.address] }),
  },
  "claimAll()": { caller: { kind: "anyone" }, allowed: async (c) => ({ signer: c.alice, args: [] }) },
  "compoundAll()": { caller: { kind: "anyone" }, allowed: async (c) => ({ signer: c.alice, args: [] }) },
  "accrue()": { caller: { kind: "anyone" }, allowed: async (c) => ({ signer: c.outsider, args: [] }) },
  "syncVotingUnits(address,address)": {
    caller: { kind: "anyone" },
    allowed: async (c) => ({ signer: c.outsider, args: [c.alice.address, c.op0.address] }),
  },
  "setCompounding(address,bool)": {
    caller: { kind: "anyone" },
    allowed: async (c) => ({ signer: c.alice, args: [c.op0.address, true] }),
  },
  "settleValidator(address)": {
    caller: { kind: "anyone" },
    allowed: async (c) => ({ signer: c.outsider, args: [c.op0.address] }),
  },
  "registerValidator(address,uint256,uint256,bytes32,bytes32)": {
    caller: { kind: "anyone" },
    allowed: async (c) => {
      const proof = await signerProofFor(c.pool, c.operators[2]!.address, SIGNER_KEYS[2]!);
      return { signer: c.operators[2]!, args: [SIGNERS[2], 0n, 100n * ETM, proof.r, proof.vs] };
    },
  },
  "setCommission(uint256)": {
    caller: { kind: "operator" },
    allowed: async (c) => ({ signer: c.op0, args: [WAD / 20n] }),
  },
  "setProfile(string,string,string)": {
    caller: { kind: "operator" },
    allowed: async (c) => ({
      signer: c.op0,
      args: ["Validator Zero", "https://zero.example", "A test validator."],
    }),
  },
  "deregisterValidator()": {
    caller: { kind: "operator" },
    allowed: async (c) => ({ signer: c.op0, args: [] }),
  },
  "setInflationRate(uint256,uint256)": {
    caller: { kind: "role", role: "PARAMETER_ROLE" },
    allowed: async (c) => ({ signer: c.admin, args: [1n, WAD / 20n] }),
  },
  "setParameter(uint8,uint256)": {
    caller: { kind: "role", role: "PARAMETER_ROLE" },
    allowed: async (c) => ({ signer: c.admin, args: [Parameter.Delta, WAD / 10n] }),
  },
  "setTreasury(address)": {
    caller: { kind: "role", role: "PARAMETER_ROLE" },
    allowed: async (c) => ({ signer: c.admin, args: [c.outsider.address] }),
  },
  "slash(address,uint256,uint256,bytes32)": {
    caller: { kind: "role", role: "SLASHER_ROLE" },
    allowed: async (c) => ({
      signer: c.admin,
      args: [c.op0.address, WAD / 10n, BigInt(await ethers.provider.getBlockNumber()), ethers.ZeroHash],
    }),
  },
  "slashDoubleSign(address,uint256,uint256,address,uint256)": {
    caller: { kind: "role", role: "SLASHER_ROLE" },
    allowed: async (c) => ({
      signer: c.admin,
      args: [
        c.op0.address,
        WAD / 20n,
        BigInt(await ethers.provider.getBlockNumber()),
        c.outsider.address,
        WAD / 10n,
      ],
    }),
  },
  "jail(address,uint256)": {
    caller: { kind: "role", role: "JAILER_ROLE" },
    allowed: async (c) => ({ signer: c.election, args: [c.op0.address, 10_000n] }),
  },
  "collectValidatorRewards()": {
    caller: { kind: "role", role: "COLLECTOR_ROLE" },
    allowed: async (c) => ({ signer: c.election, args: [] }),
  },
  "setRoundGrid(uint256,uint256,uint256,uint256)": {
    caller: { kind: "role", role: "COLLECTOR_ROLE" },
    // the grid published at deployment, again (a grid may not move the current round's start)
    allowed: async (c) => ({ signer: c.election, args: [...(await c.pool.roundGrid())] }),
  },
  "grantRole(bytes32,address)": {
    caller: { kind: "roleAdmin" },
    allowed: async (c) => ({ signer: c.admin, args: [await c.pool.SLASHER_ROLE(), c.election.address] }),
  },
  "revokeRole(bytes32,address)": {
    caller: { kind: "roleAdmin" },
    allowed: async (c) => ({ signer: c.admin, args: [await c.pool.JAILER_ROLE(), c.election.address] }),
  },
  "renounceRole(bytes32,address)": {
    caller: { kind: "self" },
    allowed: async (c) => ({ signer: c.election, args: [await c.pool.JAILER_ROLE(), c.election.address] }),
  },
  "upgradeToAndCall(address,bytes)": {
    caller: { kind: "role", role: "UPGRADER_ROLE" },
    allowed: async (c) => ({
      signer: c.admin,
      args: [await deployPoolImplementation(c.admin, await c.token.getAddress()), "0x"],
    }),
  },
  [POOL_INITIALIZE]: { caller: { kind: "initializer" }, allowed: notCallable("initialized at deployment") },
};

const VOTES_SURFACE: Record<string, Entry> = {
  "initialize()": { caller: { kind: "initializer" }, allowed: notCallable("initialized by the pool") },
  "upgradeToAndCall(address,bytes)": {
    caller: { kind: "poolUpgrader" },
    allowed: async (c) => {
      const next = await new StakeVotes__factory(c.admin).deploy();
      return { signer: c.admin, args: [await next.getAddress(), "0x"] };
    },
  },
  "setVotingUnits(address,address,uint256)": {
    caller: { kind: "pool" },
    allowed: async () => {
      throw new Error("only the pool: exercised through stake()");
    },
  },
  "recordSlash(address,uint256,uint256)": {
    caller: { kind: "pool" },
    allowed: async () => {
      throw new Error("only the pool: exercised through slash()");
    },
  },
  "delegate(address)": {
    caller: { kind: "anyone" },
    allowed: async (c) => ({ signer: c.outsider, args: [c.alice.address] }),
  },
  "delegateBySig(address,uint256,uint256,uint8,bytes32,bytes32)": {
    caller: { kind: "anyone" },
    allowed: async (c) => {
      // alice signs a delegation to bob; the outsider relays it.
      const domain = await c.votes.eip712Domain();
      const expiry = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 3_600n;
      const nonce = await c.votes.nonces(c.alice.address);
      const signature = ethers.Signature.from(
        await c.alice.signTypedData(
          {
            name: domain.name,
            version: domain.version,
            chainId: domain.chainId,
            verifyingContract: domain.verifyingContract,
          },
          {
            Delegation: [
              { name: "delegatee", type: "address" },
              { name: "nonce", type: "uint256" },
              { name: "expiry", type: "uint256" },
            ],
          },
          { delegatee: c.bob.address, nonce, expiry },
        ),
      );
      return {
        signer: c.outsider,
        args: [c.bob.address, nonce, expiry, signature.v, signature.r, signature.s],
      };
    },
  },
};

describe("Surface: state-changing functions and their callers", () => {
  describe("StakingPool", () => {
    it("lists every state-changing function of the ABI (add a new one here, with its caller)", async () => {
      const { pool } = await loadFixture(validatorsFixture);
      expect(mutatingFunctions(pool.interface)).to.deep.equal(Object.keys(POOL_SURFACE).sort());
    });

    it("the implementation and its extension together implement exactly IStakingPool, each selector once", async () => {
      // Function name, inputs and outputs of every function of an ABI, by selector.
      const functions = (contractInterface: Interface) => {
        const all = new Map<string, string>();
        contractInterface.forEachFunction((fn) =>
          all.set(
            fn.selector,
            `${fn.format("sighash")} ${fn.stateMutability} -> (${fn.outputs.map((o) => o.type).join(",")})`,
          ),
        );
        return all;
      };
      const implementation = functions(StakingPool__factory.createInterface());
      const extension = functions(StakingPoolExtension__factory.createInterface());
      const surface = functions(IStakingPool__factory.createInterface());
      const shared = [...implementation.keys()].filter((selector) => extension.has(selector));
      expect(shared.map((selector) => implementation.get(selector))).to.deep.equal([]);
      const union = new Map([...implementation, ...extension]);
      expect([...union.values()].sort()).to.deep.equal([...surface.values()].sort());
    });

    it("forwards what the implementation does not know to the extension; refuses unknown calls and ETH", async () => {
      const { pool, carol } = await loadFixture(validatorsFixture);
      const poolAddress = await pool.getAddress();
      const implementation = StakingPool__factory.connect(
        await upgrades.erc1967.getImplementationAddress(poolAddress),
        carol,
      );
      const extension = StakingPoolExtension__factory.connect(await implementation.extension(), carol);
      expect(await pool.extension()).to.equal(await extension.getAddress());
      // A forwarded view answers from the proxy's storage, not from the extension's own (empty) one.
      expect(await pool.totalStaked()).to.be.greaterThan(0n);
      expect(await extension.totalStaked()).to.equal(0n);
      expect(await pool.token()).to.equal(await extension.token());
      // No such function in either half: the extension has no fallback, so the call reverts.
      await expect(carol.sendTransaction({ to: poolAddress, data: "0xdeadbeef" })).to.be.reverted;
      await expect(carol.sendTransaction({ to: poolAddress, value: 1n })).to.be.reverted;
      await expect(carol.sendTransaction({ to: poolAddress, data: "0xdeadbeef", value: 1n })).to.be.reverted;
    });

    for (const [signature, entry] of Object.entries(POOL_SURFACE)) {
      if (entry.caller.kind === "initializer") {
        it(`${signature}: nobody may call it again (InvalidInitialization), nor on the implementation or its extension`, async () => {
          const ctx = await loadFixture(validatorsFixture);
          const config = {
            admin: ctx.outsider.address,
            treasury: ctx.outsider.address,
            votesImplementation: ctx.outsider.address,
            initialInflationWad: 0n,
            deltaWad: 0n,
            minStakeWei: 1n,
            minSelfStakeWei: 1n,
            unbondingBlocks: 1n,
            jailBlocks: 1n,
            maxCommissionWad: 0n,
            maxCommissionChangeWad: 0n,
            commissionDelayBlocks: 0n,
            candidateCap: 4n,
          };
          for (const caller of [ctx.outsider, ctx.admin])
            await expect(ctx.pool.connect(caller).initialize(config)).to.be.revertedWithCustomError(
              ctx.pool,
              "InvalidInitialization",
            );
          const implementation = IStakingPool__factory.connect(
            await upgrades.erc1967.getImplementationAddress(await ctx.pool.getAddress()),
            ctx.outsider,
          );
          await expect(implementation.initialize(config)).to.be.revertedWithCustomError(
            implementation,
            "InvalidInitialization",
          );
          // Nor on the extension's own storage (its initializers are disabled too).
          const extension = StakingPoolExtension__factory.connect(await ctx.pool.extension(), ctx.outsider);
          await expect(extension.initialize(config)).to.be.revertedWithCustomError(
            extension,
            "InvalidInitialization",
          );
        });
        continue;
      }
      it(`${signature}: ${describeCaller(entry.caller)} may call it`, async () => {
        const ctx = await loadFixture(validatorsFixture);
        const { signer, args } = await entry.allowed(ctx);
        const fn = ctx.pool.connect(signer).getFunction(signature);
        await expect(fn.staticCall(...args)).not.to.be.reverted;
        await expect(fn(...args)).not.to.be.reverted;
      });

      if (entry.caller.kind === "role") {
        const roleName = entry.caller.role;
        it(`${signature}: reverts AccessControlUnauthorizedAccount for callers without ${roleName}`, async () => {
          const ctx = await loadFixture(validatorsFixture);
          const role = await ctx.pool.getFunction(roleName).staticCall();
          expect(role).to.equal(ethers.id(roleName));
          const { args } = await entry.allowed(ctx);
          for (const caller of [ctx.outsider, ctx.alice, ctx.op0]) {
            await expect(ctx.pool.connect(caller).getFunction(signature)(...args))
              .to.be.revertedWithCustomError(ctx.pool, "AccessControlUnauthorizedAccount")
              .withArgs(caller.address, role);
          }
          expect(await ctx.pool.getRoleAdmin(role)).to.equal(ethers.ZeroHash);
        });
      }

      if (entry.caller.kind === "operator") {
        it(`${signature}: reverts UnknownValidator for a caller that is not an operator`, async () => {
          const ctx = await loadFixture(validatorsFixture);
          const { args } = await entry.allowed(ctx);
          await expect(ctx.pool.connect(ctx.alice).getFunction(signature)(...args))
            .to.be.revertedWithCustomError(ctx.pool, "UnknownValidator")
            .withArgs(ctx.alice.address);
        });
      }

      if (entry.caller.kind === "roleAdmin") {
        it(`${signature}: reverts AccessControlUnauthorizedAccount without DEFAULT_ADMIN_ROLE`, async () => {
          const ctx = await loadFixture(validatorsFixture);
          const { args } = await entry.allowed(ctx);
          await expect(ctx.pool.connect(ctx.election).getFunction(signature)(...args))
            .to.be.revertedWithCustomError(ctx.pool, "AccessControlUnauthorizedAccount")
            .withArgs(ctx.election.address, ethers.ZeroHash);
        });
      }

      if (entry.caller.kind === "self") {
        it(`${signature}: reverts AccessControlBadConfirmation for another account`, async () => {
          const ctx = await loadFixture(validatorsFixture);
          const { args } = await entry.allowed(ctx);
          await expect(
            ctx.pool.connect(ctx.admin).getFunction(signature)(...args),
          ).to.be.revertedWithCustomError(ctx.pool, "AccessControlBadConfirmation");
        });
      }
    }
  });

  describe("StakeVotes", () => {
    it("lists every state-changing function of the ABI (add a new one here, with its caller)", async () => {
      const { votes } = await loadFixture(validatorsFixture);
      expect(mutatingFunctions(votes.interface)).to.deep.equal(Object.keys(VOTES_SURFACE).sort());
    });

    for (const [signature, entry] of Object.entries(VOTES_SURFACE)) {
      if (entry.caller.kind === "initializer") {
        it(`${signature}: nobody may call it again (InvalidInitialization)`, async () => {
          const ctx = await loadFixture(validatorsFixture);
          for (const caller of [ctx.outsider, ctx.admin])
            await expect(ctx.votes.connect(caller).initialize()).to.be.revertedWithCustomError(
              ctx.votes,
              "InvalidInitialization",
            );
        });
      } else if (entry.caller.kind === "poolUpgrader") {
        it(`${signature}: the pool's UPGRADER_ROLE may call it; anyone else reverts NotUpgrader`, async () => {
          const ctx = await loadFixture(validatorsFixture);
          const { signer, args } = await entry.allowed(ctx);
          for (const caller of [ctx.outsider, ctx.op0, ctx.election])
            await expect(ctx.votes.connect(caller).getFunction(signature)(...args))
              .to.be.revertedWithCustomError(ctx.votes, "NotUpgrader")
              .withArgs(caller.address);
          await expect(ctx.votes.connect(signer).getFunction(signature)(...args))
            .to.emit(ctx.votes, "Upgraded")
            .withArgs(args[0]);
        });
      } else if (entry.caller.kind === "pool") {
        it(`${signature}: only the pool; reverts NotPool for anyone else`, async () => {
          const ctx = await loadFixture(validatorsFixture);
          for (const caller of [ctx.outsider, ctx.admin, ctx.op0]) {
            const inputs = ctx.votes.interface.getFunction(signature as "setVotingUnits")!.inputs;
            const args = inputs.map((input) => (input.type === "address" ? ctx.alice.address : 1n));
            await expect(ctx.votes.connect(caller).getFunction(signature)(...args))
              .to.be.revertedWithCustomError(ctx.votes, "NotPool")
              .withArgs(caller.address);
          }
        });
      } else {
        it(`${signature}: ${describeCaller(entry.caller)} may call it`, async () => {
          const ctx = await loadFixture(validatorsFixture);
          const { signer, args } = await entry.allowed(ctx);
          await expect(ctx.votes.connect(signer).getFunction(signature)(...args)).to.emit(
            ctx.votes,
            "DelegateChanged",
          );
        });
      }
    }
  });
});

function describeCaller(caller: Caller): string {
  switch (caller.kind) {
    case "anyone":
      return "any account";
    case "operator":
      return "a validator operator";
    case "role":
      return `a holder of ${caller.role}`;
    case "roleAdmin":
      return "the role's admin (DEFAULT_ADMIN_ROLE)";
    case "self":
      return "the account itself";
    case "pool":
      return "the pool";
    case "initializer":
      return "nobody (initialized at deployment)";
    case "poolUpgrader":
      return "a holder of the pool's UPGRADER_ROLE";
  }
}
