/**
 * Property tests: seeded random sequences of every pool operation, run on the chain and on the plain
 * TypeScript model (test/model/stakingModel.ts) side by side. After every step every balance,
 * position, pending reward and total is compared with the model, and SAFETY.md's invariants are
 * checked. CI runs a quick campaign; `npm run test:long` runs 100,000 operations
 * (ETM_PROPERTY_OPS). A failure prints the seed and the step; ETM_PROPERTY_SEED replays a seed.
 *
 * The campaign is ceil(ETM_PROPERTY_OPS / 200) sequences of 200 steps, seeds ETM_PROPERTY_SEED + i
 * (default 20261125 + i). Every sequence starts from the same chain (deployed once, then restored by
 * loadFixture), so a sequence does not depend on the ones before it: ETM_PROPERTY_SHARD=k/n runs
 * only the sequences i with i % n == k - 1, and n processes with k = 1..n run the whole campaign
 * between them (`npm run test:property`, scripts/property-shards.cjs, starts them). Replaying a seed
 * (ETM_PROPERTY_SEED=<seed> ETM_PROPERTY_OPS=200) runs exactly the sequence the campaign ran.
 */
import { expect } from "chai";
import { registerValidator, rememberSignerKey, signerProofFor } from "../shared/signerProof";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress } from "ethers";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import { deploySystem } from "../../scripts/deploy";
import type { DeployedSystem, SystemOptions } from "../../scripts/deploy";
import { BLOCKS_PER_YEAR, latestBondedEver, SLASH_EPOCH_BLOCKS, WAD } from "../../lib/poolAccounting";
import { ModelRevert, StakingModel, Status } from "../model/stakingModel";
import { IStakingPool__factory, StakeVotes__factory } from "../../typechain-types";
import { toRedelegationView } from "../../lib/actions/redelegation";
import { ElectionStakeModel } from "../model/electionStake";
import { SHORTFALL_JAIL } from "../../lib/validatorStatus";
import { Random } from "../shared/random";
import { ETM } from "../shared/units";
import { installViewBatch, ViewReads } from "../shared/viewBatch";

const TOTAL_OPS = Number(process.env.ETM_PROPERTY_OPS ?? 400);
const OPS_PER_SEQUENCE = Math.min(TOTAL_OPS, 200);
const SEQUENCES = Math.max(1, Math.ceil(TOTAL_OPS / OPS_PER_SEQUENCE));
const FIRST_SEED = Number(process.env.ETM_PROPERTY_SEED ?? 20261125);
/** This process's share of the campaign: ETM_PROPERTY_SHARD=k/n (1 <= k <= n), all of it by default. */
const SHARD = ((spec: string) => {
  const match = /^(\d+)\/(\d+)$/.exec(spec);
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || count < 1 || index < 1 || index > count)
    throw new Error(`ETM_PROPERTY_SHARD must be k/n with 1 <= k <= n, not "${spec}"`);
  return { index, count };
})(process.env.ETM_PROPERTY_SHARD ?? "1/1");
/** The sequences this process runs (their seeds are FIRST_SEED + each). */
const MY_SEQUENCES = Array.from({ length: SEQUENCES }, (_, i) => i).filter(
  (i) => i % SHARD.count === SHARD.index - 1,
);
/** The operations this process runs: the whole campaign's ETM_PROPERTY_OPS unless sharded. */
const MY_OPS = SHARD.count === 1 ? TOTAL_OPS : MY_SEQUENCES.length * OPS_PER_SEQUENCE;
/** Compare every position every this many steps (the touched ones are compared every step). */
const FULL_CHECK_EVERY = 20;

const OPTIONS: Partial<SystemOptions> = {
  initialSupply: 10_000_000n * ETM,
  delta: WAD / 20n,
  minStake: 10n * ETM,
  minSelfStake: 1_000n * ETM,
  unbondingBlocks: 40,
  jailBlocks: 30,
  commissionDelayBlocks: 25,
  maxCommission: WAD / 2n,
  maxCommissionChange: WAD / 10n,
  candidateCap: 4, // the smallest allowed: the list starts full (setUp), so newcomers displace
  roundLength: 60, // short rounds: the campaign's blocks cross many round starts (stake checkpoints)
};

interface World {
  system: DeployedSystem;
  model: StakingModel;
  /** The draw's stake rule: each candidate's stake at its round's start. */
  drawStake: ElectionStakeModel;
  admin: HardhatEthersSigner;
  users: HardhatEthersSigner[];
  treasury: string;
  poolAddress: string;
  tracked: string[];
}

/**
 * The chain every sequence starts from, built once per process: `loadFixture` reverts the chain to
 * it for each sequence (evm_snapshot / evm_revert), so every sequence, in any shard or replayed
 * alone, starts from the same chain at the same block. Returns what setUp needs to build the model.
 */
async function deployStart() {
  const signers = await hre.ethers.getSigners();
  const [admin, treasurySigner] = signers;
  const users = signers.slice(2, 10);
  const system = await deploySystem({ ...OPTIONS, treasury: treasurySigner.address });
  const { token, pool } = system;
  const poolAddress = await pool.getAddress();
  await (await pool.grantRole(await pool.COLLECTOR_ROLE(), admin.address)).wait();
  const startBlock = await pool.startBlock();
  const roundGrid = await pool.roundGrid();
  // Fund the users with varied balances and approve the pool once.
  const funding: bigint[] = [];
  for (const [i, user] of users.entries()) {
    const amount = (50_000n + BigInt(i) * 37_123n) * ETM;
    await (await token.transfer(user.address, amount)).wait();
    funding.push(amount);
    await (await token.connect(user).approve(poolAddress, hre.ethers.MaxUint256)).wait();
  }
  // The list starts full (4 = the cap): the campaign's newcomers displace the smallest candidate, and
  // displaced operators that stake to themselves come back (chain and model, step by step).
  const registrations: { user: HardhatEthersSigner; signer: string; selfStake: bigint; block: bigint }[] = [];
  for (const [i, user] of users.slice(0, Number(OPTIONS.candidateCap)).entries()) {
    const key = hre.ethers.Wallet.createRandom();
    rememberSignerKey(key);
    const selfStake = OPTIONS.minSelfStake! + BigInt(i) * 500n * ETM;
    const block = BigInt(await hre.ethers.provider.getBlockNumber()) + 1n;
    await (await registerValidator(pool, user, key.address, WAD / 10n, selfStake)).wait();
    registrations.push({ user, signer: key.address, selfStake, block });
  }
  await installViewBatch();
  return {
    system,
    admin,
    treasurySigner,
    users,
    poolAddress,
    startBlock,
    roundGrid,
    funding,
    registrations,
  };
}

/** A sequence's start: the chain back at deployStart's state, and a fresh model of it. */
async function setUp(): Promise<World> {
  const start = await loadFixture(deployStart);
  const { system, admin, treasurySigner, users, poolAddress } = start;
  const { options } = system;
  const model = new StakingModel(
    start.startBlock,
    options.initialSupply,
    options.initialInflation,
    {
      delta: options.delta,
      minStake: options.minStake,
      minSelfStake: options.minSelfStake,
      unbondingBlocks: BigInt(options.unbondingBlocks),
      jailBlocks: BigInt(options.jailBlocks),
      commissionDelayBlocks: BigInt(options.commissionDelayBlocks),
      maxCommissionChange: options.maxCommissionChange,
      maxCommission: options.maxCommission,
      candidateCap: BigInt(options.candidateCap),
    },
    treasurySigner.address,
    poolAddress,
  );
  model.balances.set(admin.address, options.initialSupply);
  const [anchorBlock, lengthBlocks, nextFromBlock, nextLengthBlocks] = start.roundGrid;
  const drawStake = new ElectionStakeModel({ anchorBlock, lengthBlocks, nextFromBlock, nextLengthBlocks });
  // The election published its grid at deployment: the pool logs this round's list changes.
  model.roundGrid = [anchorBlock, lengthBlocks, nextFromBlock, nextLengthBlocks];
  const world: World = {
    system,
    model,
    drawStake,
    admin,
    users,
    treasury: treasurySigner.address,
    poolAddress,
    tracked: [admin.address, treasurySigner.address, poolAddress, ...users.map((u) => u.address)],
  };
  // The model side of deployStart's funding and registrations, in the same order.
  for (const [i, user] of users.entries()) model.transfer(admin.address, user.address, start.funding[i]!);
  for (const { user, signer, selfStake, block } of start.registrations) {
    const before = validatorsNow(world);
    model.register(user.address, signer, WAD / 10n, selfStake, block);
    observeDrawStake(world, before, block);
  }
  return world;
}

/** Each validator's bonded stake and list membership in the model now. */
function validatorsNow(world: World): Map<string, ValidatorState> {
  const now = new Map<string, ValidatorState>();
  for (const [address, v] of world.model.validators)
    now.set(address, {
      bondedWei: v.bondedTokensWei,
      listed: world.model.candidates.includes(address),
      shortfall: v.jailedUntil === SHORTFALL_JAIL,
    });
  return now;
}

interface ValidatorState {
  bondedWei: bigint;
  listed: boolean;
  shortfall: boolean;
}

/** Feeds the draw's stake rule with what the transaction in `block` changed (from `before`). */
function observeDrawStake(world: World, before: Map<string, ValidatorState>, block: bigint): void {
  for (const [address, after] of validatorsNow(world)) {
    const was = before.get(address) ?? { bondedWei: 0n, listed: false, shortfall: false };
    world.drawStake.observe(block, address, {
      bondedBeforeWei: was.bondedWei,
      bondedAfterWei: after.bondedWei,
      listedBefore: was.listed,
      listedAfter: after.listed,
      // a candidate set aside in this round keeps its round-start stake (the pool's zeroCheckpoint)
      shortfallEnded: was.shortfall && !after.shortfall && !world.model.isSetAside(address, block),
    });
  }
}

type Step = {
  describe: string;
  run: () => Promise<ContractTransactionResponse>;
  model: (block: bigint) => unknown;
};

/** Draws one random operation: its description, the chain call and the model call. */
function drawStep(
  world: World,
  random: Random,
): Step | { mineBlocks: number | ((latestBlock: number) => number); describe: string } {
  const { system, model, users } = world;
  const { pool } = system;
  const validators = [...model.validators.keys()];
  const user = random.pick(users);
  const validator =
    validators.length > 0 && random.next() < 0.9 ? random.pick(validators) : random.pick(users).address;
  const kind = random.weighted({
    register: validators.length < users.length ? 6 : 1, // every user may end up a validator
    stake: 20,
    unstake: 12,
    redelegate: 14,
    settleRedelegations: 3,
    withdraw: 6,
    claim: 8,
    compound: 5,
    setCompounding: 6,
    settleValidator: 2,
    claimAll: 4,
    compoundAll: 3,
    setCommission: 3,
    deregister: 1,
    slash: 6, // often enough that slashes meet unbonding queued in their window
    slashDoubleSign: 2, // the evidence contract's call: a slash that tombstones and pays a reporter
    setInflationRate: 1,
    setDelta: 1,
    setMinSelfStake: 1,
    collect: 1,
    delegate: 2,
    syncVotingUnits: 1,
    mine: 14,
  });
  const amountFor = (max: bigint): bigint => {
    const shape = random.int(6);
    if (shape === 0) return max; // everything
    if (shape === 1) return OPTIONS.minStake! + BigInt(random.int(3)) - 1n; // around the minimum
    if (shape === 2) return BigInt(random.int(1000)); // dust
    return random.bigint(max > 0n ? max : 1_000n * ETM);
  };
  switch (kind) {
    case "register": {
      // Mostly a user that never registered (so the list fills and newcomers displace the smallest).
      const fresh = users.filter((u) => !model.validators.has(u.address));
      const registrant = fresh.length > 0 && random.next() < 0.8 ? random.pick(fresh) : user;
      const commission = random.bigint((WAD * 6n) / 10n);
      const selfStake =
        random.next() < 0.8 ? OPTIONS.minSelfStake! + random.bigint(5_000n * ETM) : amountFor(2_000n * ETM);
      // Mostly a fresh key; sometimes a signer used before (in use, reserved by a jail or a
      // tombstone, or free again); sometimes a squatter's proof signed by a key that is not the signer's.
      let signer: string;
      if (random.next() < 0.8) {
        const key = hre.ethers.Wallet.createRandom();
        rememberSignerKey(key);
        signer = key.address;
      } else {
        signer = random.pick(
          validators.length ? validators.map((v) => model.validators.get(v)!.signer) : [user.address],
        );
      }
      const forged = random.next() < 0.1;
      const attacker = hre.ethers.Wallet.createRandom();
      return {
        describe: `register(${registrant.address.slice(0, 8)}, signer ${signer.slice(0, 8)}${forged ? " with a forged proof" : ""}, commission ${commission}, self ${selfStake})`,
        run: async () => {
          if (!forged) return registerValidator(pool, registrant, signer, commission, selfStake);
          const proof = await signerProofFor(pool, registrant.address, attacker);
          return pool.connect(registrant).registerValidator(signer, commission, selfStake, proof.r, proof.vs);
        },
        model: (block) => model.register(registrant.address, signer, commission, selfStake, block, !forged),
      };
    }
    case "stake": {
      const amount = amountFor(model.balanceOf(user.address));
      // A displaced operator often stakes to itself: that is how it comes back onto the list.
      const displaced =
        model.validators.get(user.address)?.status === Status.Active &&
        !model.candidates.includes(user.address);
      const target = displaced && random.next() < 0.7 ? user.address : validator;
      return {
        describe: `stake(${user.address.slice(0, 8)} -> ${target.slice(0, 8)}, ${amount})`,
        run: () => pool.connect(user).stake(target, amount),
        model: (block) => model.stake(user.address, target, amount, block),
      };
    }
    case "unstake": {
      const amount = amountFor(model.stakeOf(user.address, validator));
      return {
        describe: `unstake(${user.address.slice(0, 8)} <- ${validator.slice(0, 8)}, ${amount})`,
        run: () => pool.connect(user).unstake(validator, amount),
        model: (block) => model.unstake(user.address, validator, amount, block),
      };
    }
    case "redelegate": {
      // From a validator the user holds stake at (mostly), to another one (sometimes a refused target).
      // (Mostly a delegation: an operator's self-stake is held at its minimum.)
      const held = validators.filter(
        (v) => model.stakeOf(user.address, v) > 0n && (v !== user.address || random.next() < 0.2),
      );
      const source = held.length > 0 && random.next() < 0.95 ? random.pick(held) : validator;
      // Mostly another validator than the source and the user's own (those are refused).
      const others = validators.filter(
        (v) => v !== source && v !== user.address && model.validators.get(v)!.status === Status.Active,
      );
      const destination =
        others.length > 0 && random.next() < 0.9 ? random.pick(others) : random.pick(validators);
      const amount = amountFor(model.stakeOf(user.address, source));
      return {
        describe: `redelegate(${user.address.slice(0, 8)}: ${source.slice(0, 8)} -> ${destination.slice(0, 8)}, ${amount})`,
        run: () => pool.connect(user).redelegate(source, destination, amount),
        model: (block) => model.redelegate(user.address, source, destination, amount, block),
      };
    }
    case "settleRedelegations": {
      // Mostly an account with redelegations; anyone may settle them.
      const redelegators = users.filter((u) => (model.redelegations.get(u.address) ?? []).length > 0);
      const account = redelegators.length > 0 && random.next() < 0.9 ? random.pick(redelegators) : user;
      const validatorsTouched = (model.redelegations.get(account.address) ?? []).map((r) =>
        r.destination.slice(0, 8),
      );
      return {
        describe: `settleRedelegations(${user.address.slice(0, 8)} for ${account.address.slice(0, 8)}; ${validatorsTouched.join(" ")})`,
        run: () => pool.connect(user).settleRedelegations(account.address),
        model: (block) => model.settleRedelegations(account.address, block),
      };
    }
    case "withdraw":
      return {
        describe: `withdraw(${user.address.slice(0, 8)})`,
        run: () => pool.connect(user).withdraw(),
        model: (block) => model.withdraw(user.address, block),
      };
    case "setCompounding": {
      // Mostly a position the user holds (either way), sometimes the mode it has (refused), an
      // empty position, or its own validator (refused).
      const held = validators.filter((v) => model.stakeOf(user.address, v) > 0n && v !== user.address);
      const target = held.length > 0 && random.next() < 0.8 ? random.pick(held) : validator;
      const current = model.isCompounding(user.address, target);
      const on = random.next() < 0.9 ? !current : current;
      return {
        describe: `setCompounding(${user.address.slice(0, 8)}, ${target.slice(0, 8)}, ${on})`,
        run: () => pool.connect(user).setCompounding(target, on),
        model: (block) => model.setCompounding(user.address, target, on, block),
      };
    }
    case "syncVotingUnits": {
      // Mostly a position that exists (anyone may re-count it); sometimes one that does not.
      const positions = [...model.positions.keys()]
        .filter((key) => !key.endsWith(":"))
        .map((k) => k.split(":"));
      const [account, at] =
        positions.length > 0 && random.next() < 0.9 ? random.pick(positions) : [user.address, validator];
      return {
        describe: `syncVotingUnits(${account!.slice(0, 8)}, ${at!.slice(0, 8)})`,
        run: () => pool.connect(user).syncVotingUnits(account!, at!),
        model: (block) => model.syncVotingUnits(account!, at!, block),
      };
    }
    case "settleValidator":
      return {
        describe: `settleValidator(${validator.slice(0, 8)})`,
        run: () => pool.connect(user).settleValidator(validator),
        model: (block) => model.settleValidatorNow(validator, block),
      };
    case "claim":
      return {
        describe: `claim(${user.address.slice(0, 8)}, ${validator.slice(0, 8)})`,
        run: () => pool.connect(user).claim(validator),
        model: (block) => model.claim(user.address, validator, block),
      };
    case "compound":
      return {
        describe: `compound(${user.address.slice(0, 8)}, ${validator.slice(0, 8)})`,
        run: () => pool.connect(user).compound(validator),
        model: (block) => model.compound(user.address, validator, block),
      };
    case "claimAll":
    case "compoundAll": {
      // Every validator the user holds a position with is touched (the describe names them all).
      const touched = validators.filter((v) => model.stakeOf(user.address, v) > 0n || v === user.address);
      const names = touched.map((v) => v.slice(0, 8)).join(" ");
      return kind === "claimAll"
        ? {
            describe: `claimAll(${user.address.slice(0, 8)}: ${names})`,
            run: () => pool.connect(user).claimAll(),
            model: (block) => model.claimAll(user.address, block),
          }
        : {
            describe: `compoundAll(${user.address.slice(0, 8)}: ${names})`,
            run: () => pool.connect(user).compoundAll(),
            model: (block) => model.compoundAll(user.address, block),
          };
    }
    case "setCommission": {
      const operator = validators.length ? random.pick(validators) : user.address;
      const current = model.validators.get(operator)?.commissionWad ?? 0n;
      const target = random.next() < 0.8 ? current + random.bigint(WAD / 5n) - WAD / 10n : random.bigint(WAD);
      const commission = target < 0n ? 0n : target;
      const signer = users.find((u) => u.address === operator) ?? user;
      return {
        describe: `setCommission(${operator.slice(0, 8)}, ${commission})`,
        run: () => pool.connect(signer).setCommission(commission),
        model: (block) => model.setCommission(signer.address, commission, block),
      };
    }
    case "deregister": {
      const operator = validators.length ? random.pick(validators) : user.address;
      const signer = users.find((u) => u.address === operator) ?? user;
      return {
        describe: `deregister(${signer.address.slice(0, 8)})`,
        run: () => pool.connect(signer).deregisterValidator(),
        model: (block) => model.deregister(signer.address, block),
      };
    }
    case "slash":
    case "slashDoubleSign": {
      const shape = random.int(6);
      // 100%, above 100% (refused), a near-total slash leaving dust, or an ordinary fraction.
      const fraction =
        shape === 0
          ? WAD
          : shape === 1
            ? WAD + 1n
            : shape === 2
              ? WAD - random.bigint(10n ** 13n)
              : random.bigint(WAD / 3n);
      // The infraction block, from the block B the slash lands in: mostly inside the window
      // [max(1, B - unbondingBlocks + 1), B] (the window is strict), sometimes on its edges, sometimes
      // outside (refused).
      const window = BigInt(OPTIONS.unbondingBlocks!) - 1n;
      const where = random.weighted({ inside: 70, oldestEdge: 8, newestEdge: 8, tooOld: 7, future: 7 });
      const offset = BigInt(random.int(Number(window) + 1));
      const beyond = 1n + BigInt(random.int(100));
      const infractionFor = (block: bigint): bigint => {
        const oldest = block > window + 1n ? block - window : 1n;
        if (where === "inside") return oldest + (offset % (block - oldest + 1n));
        if (where === "oldestEdge") return block > window ? block - window : 0n;
        if (where === "newestEdge") return block;
        if (where === "tooOld") return block > window + beyond ? block - window - beyond : 0n;
        return block + beyond;
      };
      let infractionBlock: bigint | undefined;
      // Half the time, when some stake was redelegated, the source of a redelegation for an infraction
      // before the move (its lien then pays at the destination when settled).
      const liens = [...model.redelegations.values()].flat();
      if (kind === "slash" && liens.length > 0 && random.next() < 0.5) {
        const lien = random.pick(liens);
        const moveBlock = lien.maturity - BigInt(OPTIONS.unbondingBlocks!);
        return {
          describe: `slash(${lien.source.slice(0, 8)}, ${fraction}, before the move at ${moveBlock})`,
          run: () =>
            pool.connect(world.admin).slash(lien.source, fraction, infractionBlock!, hre.ethers.id("test")),
          model: (block) => {
            const oldest = block > window + 1n ? block - window : 1n;
            const newest = moveBlock < block ? moveBlock : block;
            infractionBlock = newest < oldest ? oldest : oldest + (offset % (newest - oldest + 1n));
            return model.slash(lien.source, fraction, infractionBlock, block);
          },
        };
      }
      if (kind === "slashDoubleSign") {
        // The reporter: a user, sometimes the offender itself; its share up to 100% (above: refused).
        const reporter = random.next() < 0.25 ? validator : random.pick(users).address;
        const shareWad = random.next() < 0.1 ? WAD + 1n : random.bigint(WAD);
        return {
          describe: `slashDoubleSign(${validator.slice(0, 8)}, ${fraction}, ${where}, ${reporter.slice(0, 8)}, ${shareWad})`,
          run: () =>
            pool
              .connect(world.admin)
              .slashDoubleSign(validator, fraction, infractionBlock!, reporter, shareWad),
          model: (block) => {
            infractionBlock = infractionFor(block);
            return model.slash(validator, fraction, infractionBlock, block, { reporter, shareWad });
          },
        };
      }
      return {
        describe: `slash(${validator.slice(0, 8)}, ${fraction}, ${where})`,
        run: () =>
          pool.connect(world.admin).slash(validator, fraction, infractionBlock!, hre.ethers.id("test")),
        model: (block) => {
          infractionBlock = infractionFor(block);
          return model.slash(validator, fraction, infractionBlock, block);
        },
      };
    }
    case "setInflationRate": {
      const year = BigInt(random.int(4));
      const rate = random.next() < 0.9 ? random.bigint(WAD / 10n) : WAD / 10n + 1n;
      return {
        describe: `setInflationRate(+${year}, ${rate})`,
        run: async () => pool.connect(world.admin).setInflationRate((await pool.currentYear()) + year, rate),
        model: (block) => model.setInflationRate(model.currentYear(block) + year, rate, block),
      };
    }
    case "setDelta": {
      const delta = random.next() < 0.9 ? random.bigint(WAD / 2n) : WAD / 2n + 1n;
      return {
        describe: `setParameter(Delta, ${delta})`,
        run: () => pool.connect(world.admin).setParameter(0, delta),
        model: (block) => model.setDelta(delta, block),
      };
    }
    case "setMinSelfStake": {
      // Around the registered self-stakes, so raises catch validators (jailed until they top up).
      const minSelfStake = OPTIONS.minSelfStake! + random.bigint(3_000n * ETM);
      return {
        describe: `setParameter(MinSelfStake, ${minSelfStake})`,
        run: () => pool.connect(world.admin).setParameter(2, minSelfStake),
        model: (block) => model.setMinSelfStake(minSelfStake, block),
      };
    }
    case "delegate": {
      const delegatee = random.next() < 0.6 ? user.address : random.pick(users).address;
      return {
        describe: `delegate(${user.address.slice(0, 8)} -> ${delegatee.slice(0, 8)})`,
        run: () => world.system.votes.connect(user).delegate(delegatee),
        model: () => model.delegate(user.address, delegatee),
      };
    }
    case "collect":
      return {
        describe: "collectValidatorRewards()",
        run: () => pool.connect(world.admin).collectValidatorRewards(),
        model: (block) => model.collectValidatorRewards(world.admin.address, block),
      };
    default: {
      const shape = random.int(12);
      if (shape === 10) {
        // Across at least one slash epoch: buckets of several epochs hold unbonding at once.
        const blocks = Number(SLASH_EPOCH_BLOCKS) + random.int(Number(SLASH_EPOCH_BLOCKS));
        return { mineBlocks: blocks, describe: `mine(${blocks})` };
      }
      if (shape === 11) {
        // To just before an epoch boundary: the next steps' slash windows span two epochs.
        const before = 1 + random.int(OPTIONS.unbondingBlocks!);
        return {
          mineBlocks: (block) => nextEpochStart(block) - block - before,
          describe: `mine(epoch - ${before})`,
        };
      }
      const blocks =
        shape < 6
          ? 1 + random.int(20)
          : shape < 9
            ? 1 + random.int(5_000)
            : 1 + random.int(Number(BLOCKS_PER_YEAR) + 5);
      return { mineBlocks: blocks, describe: `mine(${blocks})` };
    }
  }
}

/** Blocks from `block` (the latest) to the first block of the next slash epoch, at least 28,800 - 1 ahead if none is near. */
function nextEpochStart(block: number): number {
  const epochBlocks = Number(SLASH_EPOCH_BLOCKS);
  const next = (Math.floor(block / epochBlocks) + 1) * epochBlocks;
  return next - block > OPTIONS.unbondingBlocks! + 1 ? next : next + epochBlocks;
}

/** The topic of the pool's `RedelegationSlashed` event: a lien burned at a destination. */
const REDELEGATION_SLASHED =
  IStakingPool__factory.createInterface().getEvent("RedelegationSlashed")!.topicHash;
/** `ClassCompounded`'s topic: a step that bonded a compounding class's reward. */
const CLASS_COMPOUNDED = IStakingPool__factory.createInterface().getEvent("ClassCompounded")!.topicHash;
const SLASH_INDEX_LOWERED = StakeVotes__factory.createInterface().getEvent("SlashIndexLowered")!.topicHash;

type SlashBurn = { bondedBurnedWei: bigint; unbondingBurnedWei: bigint; reporterRewardWei: bigint };

/**
 * A mined slash's `Slashed` event burned, to the wei, what the model's slash burned; a double sign's
 * `ReporterRewarded` paid what the model paid (no event when the reward is 0).
 */
function checkSlashed(world: World, receipt: ContractTransactionReceipt, modelResult: unknown): void {
  const { pool } = world.system;
  let events = receipt.logs
    .map((log) => {
      try {
        return pool.interface.parseLog(log);
      } catch {
        return null;
      }
    })
    .filter((event) => event?.name === "Slashed" || event?.name === "ReporterRewarded");
  const rewards = events.filter((event) => event!.name === "ReporterRewarded");
  const expectedReward = (modelResult as Partial<SlashBurn> | undefined)?.reporterRewardWei ?? 0n;
  expect(rewards.length, "one ReporterRewarded event exactly when the model pays a reward").to.equal(
    expectedReward === 0n ? 0 : 1,
  );
  if (rewards.length === 1)
    expect(rewards[0]!.args.amountWei, "ReporterRewarded == model").to.equal(expectedReward);
  events = events.filter((event) => event!.name === "Slashed");
  if (events.length === 0) return;
  expect(events.length, "one Slashed event").to.equal(1);
  const burn = modelResult as SlashBurn;
  expect(events[0]!.args.bondedBurnedWei, "Slashed.bondedBurnedWei == model").to.equal(burn.bondedBurnedWei);
  expect(events[0]!.args.unbondingBurnedWei, "Slashed.unbondingBurnedWei == model").to.equal(
    burn.unbondingBurnedWei,
  );
}

/**
 * Every balance, position, reward and total of the chain at `block` (the latest) against the model,
 * plus invariants. The views are read in batched calls (test/shared/viewBatch.ts), then checked in
 * the order they were read.
 */
async function compare(world: World, accounts: string[], validators: string[], block: bigint) {
  const { system, model } = world;
  const { token, pool, votes } = system;
  const reads = new ViewReads();
  const totalSupply = reads.add(token, "totalSupply");
  const totalStaked = reads.add(pool, "totalStaked");
  const rewardPerToken = reads.add(pool, "rewardPerToken");
  const balances = world.tracked.map((address) => reads.add(token, "balanceOf", address));
  const validatorReads = validators.map((validator) => ({
    stake: reads.add(pool, "validatorStake", validator),
    commission: reads.add(pool, "pendingCommission", validator),
    info: reads.add(pool, "validatorInfo", validator),
    positions: accounts.map((account) => ({
      stake: reads.add(pool, "stakeOf", account, validator),
      reward: reads.add(pool, "pendingReward", account, validator),
    })),
  }));
  const candidates = reads.add(pool, "candidates");
  const electable = reads.add(pool, "electableCandidates");
  const minSelfStakeRead = reads.add(pool, "parameter", 2);
  const accountReads = accounts.map((account) => ({
    unbonding: reads.add(pool, "unbondingOf", account),
    redelegations: reads.add(pool, "redelegationsOf", account),
    votes: reads.add(votes, "getVotes", account),
    units: reads.add(votes, "votingUnitsOf", account),
  }));
  await reads.run();

  expect(totalSupply.value, "totalSupply").to.equal(model.totalSupplyWei);
  expect(totalStaked.value, "totalStaked").to.equal(model.totalStakedWei);
  expect(rewardPerToken.value, "rewardPerToken").to.equal(model.rewardPerTokenAt(block));
  for (const [i, address] of world.tracked.entries()) {
    expect(balances[i]!.value, `balance of ${address}`).to.equal(model.balanceOf(address));
  }
  let bondedSum = 0n;
  for (const v of model.validators.keys()) bondedSum += model.validators.get(v)!.bondedTokensWei;
  expect(bondedSum, "conservation: totalStaked == sum of validators' bonded").to.equal(model.totalStakedWei);
  for (const [j, validator] of validators.entries()) {
    const mv = model.validators.get(validator);
    const onChain = validatorReads[j]!;
    expect(onChain.stake.value, `validatorStake ${validator}`).to.equal(mv?.bondedTokensWei ?? 0n);
    expect(onChain.commission.value, `pendingCommission ${validator}`).to.equal(
      model.pendingCommissionAt(validator, block),
    );
    const info = onChain.info.value;
    expect(info.jailedUntilBlock, `jailedUntilBlock ${validator}`).to.equal(mv?.jailedUntil ?? 0n);
    expect(info.bondedWei, `validatorInfo.bondedWei ${validator}`).to.equal(mv?.bondedTokensWei ?? 0n);
    expect(info.unbondingWei, `validatorInfo.unbondingWei ${validator}`).to.equal(mv?.bucketedWei ?? 0n);
    for (const [i, account] of accounts.entries()) {
      expect(onChain.positions[i]!.stake.value, `stakeOf ${account} ${validator}`).to.equal(
        model.stakeOfAt(account, validator, block),
      );
      expect(onChain.positions[i]!.reward.value, `pendingReward ${account} ${validator}`).to.equal(
        model.pendingRewardAt(account, validator, block),
      );
    }
  }
  // The candidate list, in the pool's order (registrations, displacements, relistings, departures).
  expect([...candidates.value], "candidate list").to.deep.equal(model.candidates);
  // The draw's stake: the list in its order at the round's start, not jailed, and each stake at the
  // round's start (docs/election.md); a candidate with none (listed during this round) is left out,
  // one that left the list since keeps its place with a zero signer (set aside if drawn).
  const [electableOperators, electableSigners, electableStakes] = electable.value;
  const drawList = model.drawList(block);
  const expectedElectable = drawList.operators
    .map((operator) => {
      const v = model.validators.get(operator)!;
      // set aside (left or jailed during the round): its round-start stake, whatever its jail now
      const aside = drawList.left.has(operator);
      const stakeWei = world.drawStake.stakeFor(
        operator,
        v.bondedTokensWei,
        aside ? 0n : v.jailedUntil,
        block,
      );
      return { operator, signer: aside ? ZeroAddress : v.signer, stakeWei };
    })
    .filter((c) => c.stakeWei !== 0n);
  expect(
    [[...electableOperators], [...electableSigners], [...electableStakes]],
    "electableCandidates: round-start stakes",
  ).to.deep.equal([
    expectedElectable.map((c) => c.operator),
    expectedElectable.map((c) => c.signer),
    expectedElectable.map((c) => c.stakeWei),
  ]);
  // Skin in the game: no validator below the self-stake minimum is electable (one that left the list
  // this round is reported with a zero signer: never seated).
  const minSelfStake = minSelfStakeRead.value;
  const selfStakes = [...electableOperators.entries()]
    .filter(([i]) => electableSigners[i] !== ZeroAddress)
    .map(([, operator]) => ({ operator, selfStake: reads.add(pool, "stakeOf", operator, operator) }));
  await reads.run();
  for (const { operator, selfStake } of selfStakes) {
    expect(
      selfStake.value >= minSelfStake,
      `electable ${operator} self-stakes ${selfStake.value} >= ${minSelfStake}`,
    ).to.equal(true);
  }
  for (const [i, account] of accounts.entries()) {
    const [vals, maturities, amounts] = accountReads[i]!.unbonding.value;
    const expected = model.unbondingOf(account);
    expect(vals.length, `unbonding entries of ${account}`).to.equal(expected.length);
    expected.forEach((entry, i) => {
      expect(vals[i]).to.equal(entry.validator);
      expect(maturities[i]).to.equal(entry.maturity);
      expect(amounts[i], `unbonding amount ${account} #${i}`).to.equal(entry.amount);
    });
    const redelegations = accountReads[i]!.redelegations.value.map(toRedelegationView);
    expect(redelegations, `redelegations of ${account}`).to.deep.equal(model.redelegationsOf(account));
    expect(accountReads[i]!.votes.value, `votes of ${account}`).to.equal(model.votesOf(account));
    expect(accountReads[i]!.units.value, `voting units of ${account}`).to.equal(model.votingUnitsOf(account));
  }
}

/** Solvency and emission invariants (SAFETY.md), from the model's mirror of the chain state. */
function checkInvariants(world: World, block: bigint, previousRewardPerToken: bigint): bigint {
  const { model } = world;
  const rewardPerToken = model.rewardPerTokenAt(block);
  expect(rewardPerToken >= previousRewardPerToken, "rewardPerToken never decreases").to.equal(true);
  let owed = model.validatorRewardsOwed;
  for (const [address, v] of model.validators) {
    owed +=
      v.bondedTokensWei +
      v.bucketedWei +
      model.pendingCommissionAt(address, block) +
      model.pendingClassRewardAt(address, block);
    // Shares: the paying positions' and the compounding class's make the validator's bonded shares,
    // and the compounding positions' make the class's (until a 100% slash voids them all).
    if (v.bondedShares !== 0n) {
      let paying = 0n;
      let inClass = 0n;
      for (const [key, p] of model.positions) {
        if (!key.endsWith(`:${address}`)) continue;
        if (p.compounding === true) inClass += p.shares;
        else paying += p.shares;
      }
      expect(paying + v.classBondedShares, `bonded shares of ${address}`).to.equal(v.bondedShares);
      expect(inClass, `class shares of ${address}`).to.equal(v.classShares);
    }
    // The buckets: bucketedWei is their sum; bondedEver's latest is bonded + everything unbonded.
    let bucketSum = 0n;
    for (const bucket of v.buckets.values()) bucketSum += bucket.tokensWei;
    expect(v.bucketedWei, `bucketedWei == sum of the buckets of ${address}`).to.equal(bucketSum);
    expect(latestBondedEver(v), `bondedEver == bonded + unbondedEver of ${address}`).to.equal(
      v.bondedTokensWei + v.unbondedEverWei,
    );
    // The liens: liensWei is their sum (no tokens: the stake is bonded at the destinations).
    let lienSum = 0n;
    for (const bucket of v.lienBuckets.values()) lienSum += bucket.tokensWei;
    expect(v.liensWei, `liensWei == sum of the lien buckets of ${address}`).to.equal(lienSum);
  }
  // Votes never exceed bonded stake, slashes included, with nobody syncing (issue 13 item 7): the
  // delegatees' votes add up to at most the voting total, and that to at most the total bonded.
  let votesSum = 0n;
  for (const delegatee of new Set(model.delegation.values())) votesSum += model.votesOf(delegatee);
  expect(votesSum <= model.totalVotingUnits, "sum of votes <= voting total").to.equal(true);
  expect(model.totalVotingUnits <= model.totalStakedWei, "voting total <= total bonded").to.equal(true);
  // Every lien bucket holds at least what its entries are still slashable for (rounded down).
  const heldByEntries = new Map<string, bigint>();
  for (const entries of model.redelegations.values()) {
    for (const e of entries) {
      const key = `${e.source}:${e.epoch}`;
      const source = model.validators.get(e.source)!;
      const bucket = source.lienBuckets.get(e.epoch)!;
      heldByEntries.set(key, (heldByEntries.get(key) ?? 0n) + (e.shares * bucket.tokensWei) / bucket.shares);
    }
  }
  for (const [key, held] of heldByEntries) {
    const [source, epoch] = key.split(":");
    const bucket = model.validators.get(source!)!.lienBuckets.get(BigInt(epoch!))!;
    expect(held <= bucket.tokensWei, `lien bucket ${key} covers its entries`).to.equal(true);
  }
  for (const key of model.positions.keys()) {
    const [account, validator] = key.split(":");
    owed += model.pendingRewardAt(account, validator, block);
  }
  // Accrual pending at `block` is minted to the pool with the rewards it creates: compare at the
  // last accrual (model.preview would add both sides).
  const poolBalance = model.balanceOf(world.poolAddress);
  const mintedPending = model.rewardPerTokenAt(block) === model.rewardPerTokenRay ? 0n : undefined;
  if (mintedPending === 0n) {
    expect(poolBalance >= owed, `solvency: pool ${poolBalance} >= owed ${owed}`).to.equal(true);
  }
  expect(model.totalSupplyWei, "supply == initial + minted - burned").to.equal(
    (OPTIONS.initialSupply ?? 0n) + model.mintedTotal - model.burnedTotal,
  );
  return rewardPerToken;
}

const SHARD_TITLE =
  SHARD.count === 1 ? "" : ` (shard ${SHARD.index}/${SHARD.count}: ${MY_SEQUENCES.length} of them)`;
describe(`StakingPool property: ${SEQUENCES} random sequence(s), ${TOTAL_OPS} operations${SHARD_TITLE}`, function () {
  this.timeout(0);
  /** Over every sequence: redelegations that went through, and steps that burned a lien. */
  const campaign = {
    redelegations: 0,
    redelegationBurns: 0,
    compoundingSwitches: 0,
    classCompoundings: 0,
    slashIndexLowerings: 0,
    votingUnitSyncs: 0,
    mostEpochs: 0,
  };

  for (const sequence of MY_SEQUENCES) {
    const seed = FIRST_SEED + sequence;
    it(`seed ${seed}: chain == model after every step; invariants hold`, async () => {
      const world = await setUp();
      const random = new Random(seed);
      let previousRewardPerToken = 0n;
      let reverts = 0;
      // Whether some validator was active after some step (a sequence may end with all of them gone).
      let sawActiveValidator = false;
      const counts: Record<string, number> = {};
      // Slash epochs the campaign reached, and what its slashes burned (the campaign must reach them).
      const epochs = new Set<bigint>();
      let slashes = 0;
      let slashesBurningUnbonding = 0;
      let slashesSparingBonded = 0;
      let doubleSigns = 0;
      let reporterRewards = 0;
      // Redelegations that went through, and steps that burned a lien at a destination.
      let redelegations = 0;
      let redelegationBurns = 0;
      for (let step = 0; step < OPS_PER_SEQUENCE; step++) {
        const drawn = drawStep(world, random);
        const context = `seed ${seed} step ${step}: ${drawn.describe}`;
        try {
          const name = drawn.describe.split("(")[0];
          counts[name] = (counts[name] ?? 0) + 1;
          let accounts = world.users.map((u) => u.address);
          let validators = [...world.model.validators.keys()];
          if ("mineBlocks" in drawn) {
            const latest = await hre.ethers.provider.getBlockNumber();
            const blocks = typeof drawn.mineBlocks === "number" ? drawn.mineBlocks : drawn.mineBlocks(latest);
            if (process.env.ETM_PROPERTY_VERBOSE) console.log(context, `${blocks} blocks from ${latest}`);
            await mine(blocks);
            epochs.add(BigInt(latest + blocks) / SLASH_EPOCH_BLOCKS);
          } else {
            const block = BigInt(await hre.ethers.provider.getBlockNumber()) + 1n;
            const before = validatorsNow(world);
            const saved = world.model.snapshot();
            let expectedError: string | undefined;
            let modelResult: unknown;
            try {
              modelResult = drawn.model(block);
            } catch (error) {
              if (!(error instanceof ModelRevert)) throw error;
              expectedError = error.errorName;
              world.model.restore(saved);
            }
            if (process.env.ETM_PROPERTY_VERBOSE) console.log(context, expectedError ?? "ok");
            if (expectedError) {
              reverts++;
              const source = expectedError.startsWith("ERC20") ? world.system.token : world.system.pool;
              await expect(drawn.run(), context).to.be.revertedWithCustomError(source, expectedError);
            } else {
              const receipt = (await (await drawn.run()).wait())!;
              observeDrawStake(world, before, block);
              checkSlashed(world, receipt, modelResult);
              if (name === "slash" || name === "slashDoubleSign") {
                slashes++;
                const { bondedBurnedWei, unbondingBurnedWei } = modelResult as SlashBurn;
                if (unbondingBurnedWei !== 0n) slashesBurningUnbonding++;
                if (bondedBurnedWei === 0n) slashesSparingBonded++;
                if (name === "slashDoubleSign") doubleSigns++;
                if ((modelResult as SlashBurn).reporterRewardWei !== 0n) reporterRewards++;
              }
              if (name === "redelegate") redelegations++;
              if (name === "setCompounding") campaign.compoundingSwitches++;
              if (name === "syncVotingUnits") campaign.votingUnitSyncs++;
              if (receipt.logs.some((log) => log.topics[0] === SLASH_INDEX_LOWERED))
                campaign.slashIndexLowerings++;
              if (receipt.logs.some((log) => log.topics[0] === CLASS_COMPOUNDED))
                campaign.classCompoundings++;
              if (receipt.logs.some((log) => log.topics[0] === REDELEGATION_SLASHED)) redelegationBurns++;
            }
            if (step % FULL_CHECK_EVERY !== 0) {
              // Compare what the step can have touched; everything else every FULL_CHECK_EVERY steps.
              accounts = accounts.filter((a) => drawn.describe.includes(a.slice(0, 8)));
              validators = validators.filter((v) => drawn.describe.includes(v.slice(0, 8)));
            }
          }
          const block = BigInt(await hre.ethers.provider.getBlockNumber());
          await compare(world, accounts, validators, block);
          previousRewardPerToken = checkInvariants(world, block, previousRewardPerToken);
          sawActiveValidator ||= [...world.model.validators.values()].some((v) => v.status === Status.Active);
        } catch (error) {
          console.error(`\nProperty test failed — replay with ETM_PROPERTY_SEED=${seed}\n  at ${context}`);
          throw error;
        }
      }
      if (process.env.ETM_PROPERTY_VERBOSE) {
        console.log(JSON.stringify(counts), "reverts", reverts);
        console.log(
          `epochs ${epochs.size}, slashes ${slashes}: ${slashesBurningUnbonding} burned unbonding,`,
          `${slashesSparingBonded} spared the bonded stake; double signs ${doubleSigns}, ${reporterRewards} paid a reporter;`,
          `redelegations ${redelegations}, ${redelegationBurns} steps burned a lien at a destination`,
        );
      }
      campaign.mostEpochs = Math.max(campaign.mostEpochs, epochs.size);
      // The campaign must exercise the pool, not only its error paths.
      expect(reverts, "some operations must succeed").to.be.lessThan(OPS_PER_SEQUENCE * 0.8);
      expect(world.model.validators.size, "validators registered").to.be.greaterThan(0);
      campaign.redelegations += redelegations;
      campaign.redelegationBurns += redelegationBurns;
      expect(sawActiveValidator, "an active validator at some step").to.equal(true);
    });
  }

  // A campaign of npm test's size or more (not coverage's 80 steps) must reach the redelegation and
  // compounding paths, and some sequence must cross several slash epochs (a sequence may not: its
  // mining is random).
  // Sharded, each shard checks its own sequences when they reach that size (stricter than the whole).
  if (MY_OPS >= 400)
    it("the campaign redelegated, burned liens, compounded, lowered votes by slashes, synced, and crossed slash epochs", () => {
      expect(campaign.redelegations, "redelegations that went through").to.be.greaterThan(0);
      expect(campaign.redelegationBurns, "steps that burned a lien at a destination").to.be.greaterThan(0);
      expect(campaign.compoundingSwitches, "positions switched to or from compounding").to.be.greaterThan(0);
      expect(campaign.classCompoundings, "steps that bonded a compounding class's reward").to.be.greaterThan(
        0,
      );
      expect(
        campaign.slashIndexLowerings,
        "slashes that lowered votes at once (issue 13 item 7)",
      ).to.be.greaterThan(0);
      expect(campaign.votingUnitSyncs, "syncVotingUnits calls").to.be.greaterThan(0);
      expect(campaign.mostEpochs, "slash epochs crossed by the longest-reaching sequence").to.be.greaterThan(
        2,
      );
    });
});
