/** Helpers of the staking-pool unit tests: state snapshots, event reading, reward arithmetic. */
import { expect } from "chai";
import { ethers } from "hardhat";
import { mineUpTo } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Interface } from "ethers";
import type { ETMToken, IStakingPool, StakeVotes } from "../../typechain-types";
import { RAY, WAD, mulDiv } from "./emissionReference";
import { nextRoundStartBlock } from "../../lib/roundGrid";
import { UNDER_COVERAGE } from "./coverage";

/** Parameter enum of IStakingPool, by name. */
export const Parameter = {
  Delta: 0,
  MinStake: 1,
  MinSelfStake: 2,
  UnbondingBlocks: 3,
  JailBlocks: 4,
  CommissionDelayBlocks: 5,
  MaxCommissionChange: 6,
  CandidateCap: 7,
} as const;

/** ValidatorStatus enum of IStakingPool, by name. */
export const Status = { None: 0n, Active: 1n, Deregistered: 2n, Tombstoned: 3n } as const;

/** eth_call on the pending block: what the next transaction will see (block.number = latest + 1). */
export const PENDING = { blockTag: "pending" } as const;

/**
 * Mines to the first block of the next round of the election's grid as the pool holds it
 * (`pool.roundGrid()`): the latest block is then the round's first, so calls and the next transaction
 * both see the new round, whose draw counts the stake as it is now (candidates listed during the
 * previous round included). Returns that first block.
 */
export async function mineToNextRound(pool: IStakingPool): Promise<bigint> {
  const grid = await pool.roundGrid();
  if (grid[1] === 0n) throw new Error("the pool has no round grid (election.publishRoundGrid())");
  const start = nextRoundStartBlock(grid, BigInt(await ethers.provider.getBlockNumber()) + 1n);
  await mineUpTo(start);
  return start;
}

/**
 * The candidates this round's draw can seat (`electableCandidates()` entries with a non-zero signer):
 * one that left the list or was jailed after the round started keeps its place in the draw with a
 * zero signer (set aside if drawn), so it is in `electableCandidates()` but not here.
 */
export async function seatableCandidates(pool: IStakingPool): Promise<string[]> {
  const [operators, signers] = await pool.electableCandidates();
  return [...operators].filter((_, i) => BigInt(signers[i]!) !== 0n);
}

export interface SystemHandles {
  token: ETMToken;
  pool: IStakingPool;
  votes: StakeVotes;
}

/**
 * Everything observable about `accounts` and `validators` at `blockTag`: balances, supply, totals,
 * positions, pending rewards, validator records, unbonding queues and votes.
 */
export async function snapshot(
  { token, pool, votes }: SystemHandles,
  accounts: string[],
  validators: string[],
  blockTag: string | number = "latest",
): Promise<Record<string, unknown>> {
  const at = { blockTag };
  const state: Record<string, unknown> = {
    totalSupply: await token.totalSupply(at),
    poolBalance: await token.balanceOf(await pool.getAddress(), at),
    treasuryBalance: await token.balanceOf(await pool.treasury(at), at),
    totalStaked: await pool.totalStaked(at),
    rewardPerToken: await pool.rewardPerToken(at),
    validatorRewardsOwed: await pool.validatorRewardsOwed(at),
    estimatedAPY: await pool.estimatedAPY(at),
    candidates: [...(await pool.candidates(at))],
    electable: (await pool.electableCandidates(at)).map((list) => [...list]),
    schedule: (await pool.inflationSchedule(at)).map((entry) => [...entry]),
  };
  for (let p = 0; p <= 7; ++p) state[`parameter${p}`] = await pool.parameter(p, at);
  for (const account of accounts) {
    state[`balance:${account}`] = await token.balanceOf(account, at);
    state[`votes:${account}`] = await votes.getVotes(account, at);
    state[`units:${account}`] = await votes.votingUnitsOf(account, at);
    state[`delegates:${account}`] = await votes.delegates(account, at);
    state[`unbonding:${account}`] = (await pool.unbondingOf(account, at)).map((list) => [...list]);
    for (const validator of validators) {
      state[`stake:${account}:${validator}`] = await pool.stakeOf(account, validator, at);
      state[`pending:${account}:${validator}`] = await pool.pendingReward(account, validator, at);
      state[`compounding:${account}:${validator}`] = await pool.isCompounding(account, validator, at);
    }
  }
  for (const validator of validators) {
    state[`validator:${validator}`] = [...(await pool.validatorInfo(validator, at))];
    state[`commission:${validator}`] = await pool.pendingCommission(validator, at);
    state[`stakeOf:${validator}`] = await pool.validatorStake(validator, at);
  }
  return state;
}

/** The decoded `Accrued` events of a transaction. */
export async function accruedEvents(pool: IStakingPool, tx: ContractTransactionResponse) {
  const receipt = await tx.wait();
  const events = [];
  for (const log of receipt!.logs) {
    if (log.address !== (await pool.getAddress())) continue;
    const parsed = pool.interface.parseLog(log);
    if (parsed?.name === "Accrued") {
      events.push({
        fromBlock: parsed.args[0] as bigint,
        toBlock: parsed.args[1] as bigint,
        mintedWei: parsed.args[2] as bigint,
        toStakersWei: parsed.args[3] as bigint,
        toValidatorsWei: parsed.args[4] as bigint,
        toTreasuryWei: parsed.args[5] as bigint,
        rewardPerTokenRay: parsed.args[6] as bigint,
      });
    }
  }
  return events;
}

/** The block a transaction was mined in. */
export async function blockOf(tx: ContractTransactionResponse): Promise<bigint> {
  const receipt = await tx.wait();
  return BigInt(receipt!.blockNumber);
}

/**
 * A validator's reward split between two settlements, as SPEC section 2 and 4 define it:
 * `earned = bonded * (rpt1 - rpt0)`, `commission = earned * c`, the rest per share.
 * Rounded down at every step (rounding favours the pool).
 */
export function validatorSplit(
  bondedWei: bigint,
  bondedShares: bigint,
  commissionWad: bigint,
  rewardPerTokenDeltaRay: bigint,
) {
  const earnedWei = mulDiv(bondedWei, rewardPerTokenDeltaRay, RAY);
  const commissionWei = mulDiv(earnedWei, commissionWad, WAD);
  const rewardPerShareDeltaRay = mulDiv(earnedWei - commissionWei, RAY, bondedShares);
  return { earnedWei, commissionWei, rewardPerShareDeltaRay };
}

/** A position's reward for `shares` over a per-share accumulator increase. */
export function positionReward(shares: bigint, rewardPerShareDeltaRay: bigint): bigint {
  return mulDiv(shares, rewardPerShareDeltaRay, RAY);
}

/** The accounts and validators a snapshot of a small-system fixture covers. */
export interface Observed {
  accounts: string[];
  validators: string[];
}

/** The named signers a fixture may have. */
interface NamedSigners {
  operators?: { address: string }[];
  admin?: { address: string };
  treasury?: { address: string };
  alice?: { address: string };
  bob?: { address: string };
  carol?: { address: string };
  outsider?: { address: string };
}

/**
 * What a rejected call must leave unchanged, for any fixture of the small system: every named
 * account it has (operators, admin, treasury, delegators, outsider) and every operator as a validator.
 */
export function observed(ctx: NamedSigners): Observed {
  const { operators = [], admin, treasury, alice, bob, carol, outsider } = ctx;
  const named = [admin, treasury, alice, bob, carol, outsider].filter((s) => s !== undefined);
  return {
    accounts: [...new Set([...operators, ...named].map((s) => s.address))],
    validators: operators.map((s) => s.address),
  };
}

/**
 * Asserts that `call` reverts with the custom error `error(...args)` of `contract` and that nothing
 * observable changed. Hardhat mines the failed transaction in a block of its own, so the state
 * before is read on the pending block (the state now, seen from the block the call will run in)
 * and compared with the state after, read at that block: equal means the call changed nothing.
 * Under coverage only the pool-wide state is compared (supply, balances of the pool and treasury,
 * totals, accumulator, parameters, candidates): the per-account and per-validator views are ~200
 * traced calls, about 19 s per refusal there; `npm test` compares everything.
 */
export async function expectRevertNoChange(
  system: SystemHandles,
  observed: Observed,
  call: () => Promise<unknown>,
  contract: { interface: Interface },
  error: string,
  args: unknown[],
): Promise<void> {
  const blockBefore = await ethers.provider.getBlockNumber();
  const accounts = UNDER_COVERAGE ? [] : observed.accounts;
  const validators = UNDER_COVERAGE ? [] : observed.validators;
  const before = await snapshot(system, accounts, validators, "pending");
  await expect(call())
    .to.be.revertedWithCustomError(contract, error)
    .withArgs(...args);
  expect(await ethers.provider.getBlockNumber()).to.be.lessThanOrEqual(blockBefore + 1);
  const after = await snapshot(system, accounts, validators, blockBefore + 1);
  const changed = Object.keys(before).filter(
    (key) => JSON.stringify(before[key], jsonBigint) !== JSON.stringify(after[key], jsonBigint),
  );
  expect(changed, `a rejected ${error} changed ${changed.join(", ")}`).to.deep.equal([]);
  expect(after).to.deep.equal(before);
}

function jsonBigint(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/**
 * The block the next transaction lands in (automine: latest + 1). A slash naming it as the infraction
 * block is judged on the stake bonded now (the pool reads the stake at the end of the block before).
 */
export async function nextBlock(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber()) + 1n;
}
