/**
 * The staking pool's integer accounting, rounded the way the contracts round, once: the emission
 * (`EmissionMath.sol`, `EmissionLogic.mintTo`), the accrual and its split between treasury,
 * validators and stakers (`StakingLogic.accrue`/`computeAccrual`), the commission-switch queue
 * (`scheduleSwitch`/`unscheduleSwitch`), the settlement of validators and positions
 * (`settleValidator`, `credit`, `settlePosition`), shares ↔ tokens (`tokensForShares`, `bond`,
 * `UnbondingLogic.unstake`), the unbonding buckets per slash epoch and the bondedEver history (`queueUnbonding`,
 * `recordBondedEver`, `withdraw`), the redelegation liens (`RedelegationLiens`) and the slash
 * (`SlashingLogic.slash`).
 *
 * The test model (test/model/stakingModel.ts, compared with the chain after every step of the
 * property test) and the simulator's exact ledger (sim/exactLedger.ts, compared with the chain by the
 * cross-check) both do their arithmetic here; they differ only in what they check and keep around
 * it (balances, refusals, the candidate list). Pure bigint: no Node, no Hardhat, no ethers.
 * Amounts are wei, fractions wad (1e18), the accumulators ray (1e27), blocks absolute block numbers.
 */
import { commissionEffectiveBlock } from "./commission";
import { BLOCKS_PER_YEAR as BLOCKS_PER_YEAR_NUMBER } from "./constants";
import { WAD } from "./units";

export { WAD };
/** Ray: the unit of the per-block rate and of the reward accumulators. */
export const RAY = 10n ** 27n;
/** The internal precision of the logarithm (`EmissionMath.E36`). */
export const E36 = 10n ** 36n;
/** Blocks per schedule year (`EmissionMath.BLOCKS_PER_YEAR`), as a bigint. */
export const BLOCKS_PER_YEAR = BigInt(BLOCKS_PER_YEAR_NUMBER);
/** The pool's `DUST_STAKE_DIVISOR`: stakers earn only while the total stake is at least supply / 1e6. */
export const DUST_STAKE_DIVISOR = 1_000_000n;

// ============================================================================ emission

/** `EmissionMath.lnOnePlusWadE36`: ln(1 + x) for x in wad, 36-decimal fixed point (atanh series). */
export function lnOnePlusWadE36(xWad: bigint): bigint {
  if (xWad === 0n) return 0n;
  const z = (xWad * E36) / (2n * WAD + xWad);
  const zSquared = (z * z) / E36;
  let sum = z;
  let power = z;
  for (let denominator = 3n; ; denominator += 2n) {
    power = (power * zSquared) / E36;
    const term = power / denominator;
    if (term === 0n) break;
    sum += term;
  }
  return 2n * sum;
}

/** `EmissionMath.ratePerBlockRay`: ln(1 + i) / n in ray, rounded down. */
export function ratePerBlockRay(annualRateWad: bigint): bigint {
  return lnOnePlusWadE36(annualRateWad) / (BLOCKS_PER_YEAR * 10n ** 9n);
}

/**
 * `x^k` in fixed point with base `base` (ray by default), by squaring, each product rounded half
 * up: MakerDAO's `rpow`, as `EmissionMath.rpow`.
 */
export function rpow(x: bigint, k: bigint, base: bigint = RAY): bigint {
  if (x < 0n || k < 0n) throw new RangeError("rpow takes non-negative operands");
  if (x === 0n) return k === 0n ? base : 0n;
  const half = base / 2n;
  let z = k % 2n === 0n ? base : x;
  for (let n = k / 2n; n > 0n; n /= 2n) {
    x = (x * x + half) / base;
    if (n % 2n === 1n) z = (z * x + half) / base;
  }
  return z;
}

/** `EmissionMath.compoundedMint`: supply * ((1 + rate)^blocks - 1), rounded down. */
export function compoundedMint(supplyWei: bigint, ratePerBlockRay_: bigint, blocks: bigint): bigint {
  if (blocks === 0n || ratePerBlockRay_ === 0n) return 0n;
  return (supplyWei * (rpow(RAY + ratePerBlockRay_, blocks) - RAY)) / RAY;
}

/** Annual rates (wad) by year, as the pool's schedule: a year with no rate uses the last one set before it. */
export class InflationSchedule {
  /** Rates by the first year they apply to, ascending. */
  entries: { fromYear: bigint; rateWad: bigint }[];

  constructor(initialRateWad: bigint) {
    this.entries = [{ fromYear: 0n, rateWad: initialRateWad }];
  }

  /** Sets the rate of `year` and later (the pool's `setInflationRate`, which refuses the current or a past year). */
  setRate(year: bigint, rateWad: bigint): void {
    if (year < 0n || rateWad < 0n) throw new RangeError("year and rate must be non-negative");
    const existing = this.entries.find((entry) => entry.fromYear === year);
    if (existing) existing.rateWad = rateWad;
    else {
      this.entries.push({ fromYear: year, rateWad });
      this.entries.sort((a, b) => (a.fromYear < b.fromYear ? -1 : a.fromYear > b.fromYear ? 1 : 0));
    }
  }

  rateWadForYear(year: bigint): bigint {
    let rate = this.entries[0].rateWad;
    for (const entry of this.entries) if (entry.fromYear <= year) rate = entry.rateWad;
    return rate;
  }

  /** The pool's per-block rate for `year`, ray. */
  perBlockRateRayForYear(year: bigint): bigint {
    return ratePerBlockRay(this.rateWadForYear(year));
  }
}

/** One year's stretch of an accrual: `blocks` blocks at `perBlockRateRay`, minting `mintedWei`. */
export interface EmissionSegment {
  year: bigint;
  blocks: bigint;
  perBlockRateRay: bigint;
  mintedWei: bigint;
}

/**
 * Mints the blocks `[fromBlock, toBlock)` on a supply of `supplyWei`, split at year boundaries (year
 * `y` is `[startBlock + y*n, startBlock + (y+1)*n)`) and compounding across them, as the pool's lazy
 * accrual (`EmissionLogic.mintTo`). Blocks before `startBlock` mint nothing.
 */
export function mintBetween(
  schedule: InflationSchedule,
  startBlock: bigint,
  supplyWei: bigint,
  fromBlock: bigint,
  toBlock: bigint,
): { mintedWei: bigint; segments: EmissionSegment[] } {
  const segments: EmissionSegment[] = [];
  let block = fromBlock > startBlock ? fromBlock : startBlock;
  let mintedWei = 0n;
  while (block < toBlock) {
    const year = (block - startBlock) / BLOCKS_PER_YEAR;
    const yearEnd = startBlock + (year + 1n) * BLOCKS_PER_YEAR;
    const segmentEnd = toBlock < yearEnd ? toBlock : yearEnd;
    const blocks = segmentEnd - block;
    const perBlockRateRay = schedule.perBlockRateRayForYear(year);
    const minted = compoundedMint(supplyWei + mintedWei, perBlockRateRay, blocks);
    segments.push({ year, blocks, perBlockRateRay, mintedWei: minted });
    mintedWei += minted;
    block = segmentEnd;
  }
  return { mintedWei, segments };
}

// ============================================================================ accrual

/** The pool-wide numbers the accrual reads and writes (the pool's `EmissionState` and `Totals`). */
export interface RewardPool {
  readonly schedule: InflationSchedule;
  /** First block of year 0 (the pool's `startBlock()`). */
  readonly startBlock: bigint;
  /** Validators' direct share of each mint, wad. */
  readonly deltaWad: bigint;
  totalSupplyWei: bigint;
  totalStakedWei: bigint;
  rewardPerTokenRay: bigint;
  lastAccrualBlock: bigint;
  /** Future commission-switch blocks, ascending (the pool's `switchBlocks`). */
  switchBlocks: bigint[];
  /** Validators whose change takes effect at each switch block (the pool's `switchRefs`). */
  switchRefs: Map<bigint, number>;
  /** The accumulator at each crossed switch block (the pool's `rewardPerTokenAtSwitch`). */
  rewardPerTokenAtSwitch: Map<bigint, bigint>;
}

/** Where one accrual's mint went, wei. */
export interface Accrual {
  mintedWei: bigint;
  toTreasuryWei: bigint;
  toValidatorsWei: bigint;
}

/** The pool's `_isDust`: a total stake too small to earn (zero, or under supply / 1e6). */
export function isDust(stakedWei: bigint, supplyWei: bigint): boolean {
  return stakedWei === 0n || stakedWei * DUST_STAKE_DIVISOR < supplyWei;
}

/**
 * The pool's `accrue`: mints from the last accrual to `block` (at most once per block), splitting
 * the mint at every commission-switch block crossed and recording the accumulator there. While the
 * stake is dust the treasury takes the mint; otherwise `floor(minted * delta / 1e18)` goes to the
 * validators and the rest raises `rewardPerTokenRay` by `floor(rest * 1e27 / totalStaked)`.
 * Updates `pool` (supply included); returns where the mint went, for the caller's balances.
 */
export function accrue(pool: RewardPool, block: bigint): Accrual {
  const accrual: Accrual = { mintedWei: 0n, toTreasuryWei: 0n, toValidatorsWei: 0n };
  if (block < pool.lastAccrualBlock) {
    throw new RangeError(`block ${block} is before the last accrual at ${pool.lastAccrualBlock}`);
  }
  if (block === pool.lastAccrualBlock) return accrual;
  const supplyWei = pool.totalSupplyWei;
  const dust = isDust(pool.totalStakedWei, supplyWei);
  const segment = (toBlock: bigint) => {
    const { mintedWei } = mintBetween(
      pool.schedule,
      pool.startBlock,
      supplyWei + accrual.mintedWei,
      pool.lastAccrualBlock,
      toBlock,
    );
    pool.lastAccrualBlock = toBlock;
    if (mintedWei === 0n) return;
    accrual.mintedWei += mintedWei;
    if (dust) {
      accrual.toTreasuryWei += mintedWei;
      return;
    }
    const toValidatorsWei = (mintedWei * pool.deltaWad) / WAD;
    accrual.toValidatorsWei += toValidatorsWei;
    pool.rewardPerTokenRay += ((mintedWei - toValidatorsWei) * RAY) / pool.totalStakedWei;
  };
  while (pool.switchBlocks.length > 0 && pool.switchBlocks[0] <= block) {
    const switchBlock = pool.switchBlocks.shift()!;
    segment(switchBlock);
    pool.rewardPerTokenAtSwitch.set(switchBlock, pool.rewardPerTokenRay);
  }
  segment(block);
  pool.totalSupplyWei += accrual.mintedWei;
  return accrual;
}

/** The pool's `scheduleSwitch`: one more validator's change takes effect at `blockNumber`. */
export function scheduleSwitch(pool: RewardPool, blockNumber: bigint): void {
  const refs = pool.switchRefs.get(blockNumber) ?? 0;
  pool.switchRefs.set(blockNumber, refs + 1);
  if (refs !== 0) return;
  pool.switchBlocks.push(blockNumber);
  pool.switchBlocks.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The pool's `unscheduleSwitch`: one validator's change at `blockNumber` (a future block) is withdrawn. */
export function unscheduleSwitch(pool: RewardPool, blockNumber: bigint): void {
  const refs = pool.switchRefs.get(blockNumber)! - 1;
  pool.switchRefs.set(blockNumber, refs);
  if (refs === 0) pool.switchBlocks = pool.switchBlocks.filter((b) => b !== blockNumber);
}

// ============================================================================ settlement

/** A validator's accounting, named as the pool's `Validator` fields. */
export interface ValidatorAccount {
  /** Self-stake plus delegations, bonded, wei; and the shares of it. */
  bondedTokensWei: bigint;
  bondedShares: bigint;
  /** Unbonding from this validator (still slashable), by the slash epoch it was queued in. */
  buckets: Map<bigint, UnbondingBucket>;
  /** The sum of the buckets' tokens, wei (the pool's `bucketedWei`, `validatorInfo().unbondingWei`). */
  bucketedWei: bigint;
  /** Every amount ever queued for unbonding or redelegated away from this validator, wei (never decreases). */
  unbondedEverWei: bigint;
  /**
   * Stake redelegated away from this validator, still slashable for its earlier infractions, by the
   * slash epoch of the move (the pool's `lienBuckets`: no tokens, the stake is bonded elsewhere).
   */
  lienBuckets: Map<bigint, UnbondingBucket>;
  /** The sum of the lien buckets' tokens, wei (the pool's `liensWei`). */
  liensWei: bigint;
  /**
   * The cumulative bonded stake (every bond added, every bonded burn taken off), by block, ascending:
   * the pool's `bondedEverHistory`. Invariant: its latest value == bonded + unbondedEver.
   */
  bondedEver: BondedEverCheckpoint[];
  commissionWad: bigint;
  /** Scheduled commission, applying from `commissionEffectiveBlock` (0: none scheduled). */
  pendingCommissionWad: bigint;
  commissionEffectiveBlock: bigint;
  /** The pool's accumulator at the last settlement, ray. */
  rewardPerTokenPaidRay: bigint;
  /** Delegators' reward per share, after commission, ray. */
  rewardPerShareRay: bigint;
  /** Commission not yet claimed, wei. */
  commissionOwedWei: bigint;
  /**
   * The compounding class (the pool's `compoundingClasses`): the bonded shares it holds (part of
   * `bondedShares`) and the class shares its positions hold.
   */
  classBondedShares: bigint;
  classShares: bigint;
}

/** A position's accounting, named as the pool's `Position` fields. */
export interface PositionAccount {
  /** Bonded shares of the validator; class shares of its compounding class when `compounding`. */
  shares: bigint;
  /** The validator's `rewardPerShareRay` at the position's last settlement (unused when `compounding`). */
  rewardPerSharePaidRay: bigint;
  /** In the validator's compounding class (the pool's `rewardPerSharePaidRay == COMPOUNDING`). */
  compounding?: boolean;
}

/** A new validator's accounts: nothing bonded, settled up to the accumulator now. */
export function newValidatorAccount(commissionWad: bigint, rewardPerTokenRay: bigint): ValidatorAccount {
  return {
    bondedTokensWei: 0n,
    bondedShares: 0n,
    buckets: new Map(),
    bucketedWei: 0n,
    unbondedEverWei: 0n,
    lienBuckets: new Map(),
    liensWei: 0n,
    bondedEver: [],
    commissionWad,
    pendingCommissionWad: 0n,
    commissionEffectiveBlock: 0n,
    rewardPerTokenPaidRay: rewardPerTokenRay,
    rewardPerShareRay: 0n,
    commissionOwedWei: 0n,
    classBondedShares: 0n,
    classShares: 0n,
  };
}

/** The pool's `_creditValidator`/`credit`: `v` earned up to `toRay`; commission to the operator, the rest per share. */
function creditValidator(v: ValidatorAccount, toRay: bigint): void {
  if (toRay === v.rewardPerTokenPaidRay) return;
  const earnedWei = (v.bondedTokensWei * (toRay - v.rewardPerTokenPaidRay)) / RAY;
  if (earnedWei !== 0n) {
    const commissionWei = (earnedWei * v.commissionWad) / WAD;
    v.commissionOwedWei += commissionWei;
    // bondedShares != 0 whenever bondedTokensWei != 0 (shares are minted with tokens).
    v.rewardPerShareRay += ((earnedWei - commissionWei) * RAY) / v.bondedShares;
  }
  v.rewardPerTokenPaidRay = toRay;
}

/**
 * The pool's `settleValidator`, after `accrue(pool, block)`: credits `v` up to the accumulator; a
 * commission change that took effect meanwhile splits the credit at its block (old rate before).
 */
export function settleValidator(pool: RewardPool, v: ValidatorAccount, block: bigint): bigint {
  const rewardPerShareBeforeRay = v.rewardPerShareRay;
  if (v.commissionEffectiveBlock !== 0n && v.commissionEffectiveBlock <= block) {
    creditValidator(v, pool.rewardPerTokenAtSwitch.get(v.commissionEffectiveBlock)!);
    v.commissionWad = v.pendingCommissionWad;
    v.commissionEffectiveBlock = 0n;
  }
  creditValidator(v, pool.rewardPerTokenRay);
  return compoundClass(pool, v, block, v.rewardPerShareRay - rewardPerShareBeforeRay);
}

/**
 * The pool's `_compoundClass`: bonds the compounding class's reward (`deltaRay` per bonded share since
 * the last settlement) as new bonded shares of the class. Returns the tokens bonded.
 */
function compoundClass(pool: RewardPool, v: ValidatorAccount, block: bigint, deltaRay: bigint): bigint {
  if (v.classBondedShares === 0n || deltaRay === 0n) return 0n;
  const rewardWei = (v.classBondedShares * deltaRay) / RAY;
  if (rewardWei === 0n) return 0n;
  const shares = (rewardWei * v.bondedShares) / v.bondedTokensWei;
  recordBondedEver(v, block, latestBondedEver(v) + rewardWei);
  v.bondedTokensWei += rewardWei;
  v.bondedShares += shares;
  v.classBondedShares += shares;
  pool.totalStakedWei += rewardWei;
  return rewardWei;
}

/** The position's reward since its last settlement (of a settled `v`), without settling it; none when compounding. */
export function positionReward(position: PositionAccount, v: ValidatorAccount): bigint {
  if (position.compounding === true) return 0n;
  return (position.shares * (v.rewardPerShareRay - position.rewardPerSharePaidRay)) / RAY;
}

/** The pool's `settlePosition`: the position's reward since its last settlement; marks it settled. */
export function settlePosition(position: PositionAccount, v: ValidatorAccount): bigint {
  if (position.compounding === true) return 0n;
  const rewardWei = positionReward(position, v);
  position.rewardPerSharePaidRay = v.rewardPerShareRay;
  return rewardWei;
}

/**
 * The pool's `setCommission` after its checks: withdraws a change still pending, then applies
 * `commissionWad` at once (no delay) or schedules it for `commissionEffectiveBlock`.
 */
export function scheduleCommission(
  pool: RewardPool,
  v: ValidatorAccount,
  commissionWad: bigint,
  block: bigint,
  commissionDelayBlocks: bigint,
): void {
  if (v.commissionEffectiveBlock !== 0n) unscheduleSwitch(pool, v.commissionEffectiveBlock);
  v.pendingCommissionWad = commissionWad;
  if (commissionDelayBlocks === 0n) {
    v.commissionWad = commissionWad;
    v.commissionEffectiveBlock = 0n;
    return;
  }
  v.commissionEffectiveBlock = commissionEffectiveBlock(block, commissionDelayBlocks);
  scheduleSwitch(pool, v.commissionEffectiveBlock);
}

// ============================================================================ shares and tokens

/** The pool's `tokensForShares`: tokens worth `shares` of a pool of `poolTokens` and `poolShares`, rounded down. */
export function tokensForShares(shares: bigint, poolTokens: bigint, poolShares: bigint): bigint {
  return poolShares === 0n ? 0n : (shares * poolTokens) / poolShares;
}

/** Shares minted for `amountWei` into a pool: 1:1 while it has none, else `floor(amount * shares / tokens)`. */
export function sharesForTokens(amountWei: bigint, poolTokens: bigint, poolShares: bigint): bigint {
  return poolShares === 0n ? amountWei : (amountWei * poolShares) / poolTokens;
}

/** The pool's `bondedSharesOf`: the bonded shares the position holds (its part of the class's when compounding, rounded down). */
export function bondedSharesOf(position: PositionAccount, v: ValidatorAccount): bigint {
  if (position.compounding !== true) return position.shares;
  return v.classShares === 0n ? 0n : (position.shares * v.classBondedShares) / v.classShares;
}

/** The position's bonded value: its bonded shares at the validator's share price, rounded down (the pool's `stakeOf`). */
export function positionValue(position: PositionAccount, v: ValidatorAccount): bigint {
  return tokensForShares(bondedSharesOf(position, v), v.bondedTokensWei, v.bondedShares);
}

/** The pool's `joinClass`: class shares for `bondedShares` put into `v`'s class (rounded down; 0: refused). */
export function classSharesFor(v: ValidatorAccount, bondedShares: bigint): bigint {
  return v.classShares === 0n ? bondedShares : (bondedShares * v.classShares) / v.classBondedShares;
}

/**
 * The pool's `setCompounding` after settling `v` and the position (its reward paid): moves the position
 * into the class or out of it. Returns false (nothing changed) when joining would mint no class share.
 */
export function switchClass(position: PositionAccount, v: ValidatorAccount, compounding: boolean): boolean {
  if (compounding) {
    if (position.shares !== 0n) {
      const classShares = classSharesFor(v, position.shares);
      if (classShares === 0n) return false;
      v.classBondedShares += position.shares;
      v.classShares += classShares;
      position.shares = classShares;
    }
    position.compounding = true;
    return true;
  }
  const bondedShares = bondedSharesOf(position, v);
  v.classBondedShares -= bondedShares;
  v.classShares -= position.shares;
  position.shares = bondedShares;
  position.compounding = false;
  position.rewardPerSharePaidRay = v.rewardPerShareRay;
  return true;
}

/**
 * The pool's `bond` after settling, at `block`: mints shares of `v`'s bonded tokens for `amountWei`,
 * adds the tokens to `v` and the pool's total and to `v`'s bondedEver history. Returns the shares; 0
 * (and nothing changed) when the amount buys none (the pool refuses it, `ZeroShares`).
 */
export function bondTokens(
  pool: RewardPool,
  v: ValidatorAccount,
  position: PositionAccount,
  amountWei: bigint,
  block: bigint,
): bigint {
  const shares = sharesForTokens(amountWei, v.bondedTokensWei, v.bondedShares);
  if (shares === 0n) return 0n;
  let held = shares;
  if (position.compounding === true) {
    held = classSharesFor(v, shares);
    if (held === 0n) return 0n;
    v.classBondedShares += shares;
    v.classShares += held;
  }
  recordBondedEver(v, block, latestBondedEver(v) + amountWei);
  position.shares += held;
  v.bondedTokensWei += amountWei;
  v.bondedShares += shares;
  pool.totalStakedWei += amountWei;
  return shares;
}

/**
 * Shares `UnbondingLogic.unstake` burns for `amountWei` of a position worth `valueWei`: all of them
 * on a full exit, else rounded up (the pool keeps the rounding).
 */
export function sharesToBurn(
  position: PositionAccount,
  v: ValidatorAccount,
  amountWei: bigint,
  valueWei: bigint,
): bigint {
  if (amountWei === valueWei) return bondedSharesOf(position, v);
  return (amountWei * v.bondedShares + v.bondedTokensWei - 1n) / v.bondedTokensWei;
}

/** The pool's `leaveClass`: class shares burned for `burnedShares` bonded shares (all on a full exit, else rounded up, at most the position's). */
export function classSharesToBurn(
  position: PositionAccount,
  v: ValidatorAccount,
  burnedShares: bigint,
  all: boolean,
): bigint {
  if (all) return position.shares;
  const up = (burnedShares * v.classShares + v.classBondedShares - 1n) / v.classBondedShares;
  return up < position.shares ? up : position.shares;
}

/** Takes `amountWei` (worth `burnedShares`) out of the position, `v` and the pool's total stake. */
export function unbondTokens(
  pool: RewardPool,
  v: ValidatorAccount,
  position: PositionAccount,
  amountWei: bigint,
  burnedShares: bigint,
  all = false,
): void {
  if (position.compounding === true) {
    const classBurned = classSharesToBurn(position, v, burnedShares, all);
    v.classBondedShares -= burnedShares;
    v.classShares -= classBurned;
    position.shares -= classBurned;
  } else position.shares -= burnedShares;
  v.bondedTokensWei -= amountWei;
  v.bondedShares -= burnedShares;
  pool.totalStakedWei -= amountWei;
}

// ============================================================================ unbonding

/** Blocks per slash epoch (`PoolConstants.SLASH_EPOCH_BLOCKS`): unbonding is bucketed per epoch. */
export const SLASH_EPOCH_BLOCKS = 28_800n;

/** The slash epoch of `block`: `floor(block / SLASH_EPOCH_BLOCKS)`. */
export function slashEpoch(block: bigint): bigint {
  return block / SLASH_EPOCH_BLOCKS;
}

/** One of a validator's unbonding buckets (the pool's `UnbondingBucket`): tokens and the shares of them. */
export interface UnbondingBucket {
  tokensWei: bigint;
  shares: bigint;
}

/** One checkpoint of a validator's bondedEver history: its value from the end of `block` on. */
export interface BondedEverCheckpoint {
  block: bigint;
  valueWei: bigint;
}

/** The latest value of `v`'s bondedEver history (0 before any). */
export function latestBondedEver(v: ValidatorAccount): bigint {
  return v.bondedEver.length === 0 ? 0n : v.bondedEver[v.bondedEver.length - 1].valueWei;
}

/**
 * Sets `v`'s bondedEver to `valueWei` from `block` on (`Checkpoints.Trace208.push`: a second change in
 * the same block overwrites that block's checkpoint). Blocks never go back.
 */
export function recordBondedEver(v: ValidatorAccount, block: bigint, valueWei: bigint): void {
  const last = v.bondedEver[v.bondedEver.length - 1];
  if (last !== undefined && last.block > block) {
    throw new RangeError(`bondedEver checkpoint at ${block} is before the last one at ${last.block}`);
  }
  if (last !== undefined && last.block === block) last.valueWei = valueWei;
  else v.bondedEver.push({ block, valueWei });
}

/** `v`'s bondedEver at the end of `block`: the last checkpoint at or before it, else 0 (`upperLookupRecent`). */
export function bondedEverAt(v: ValidatorAccount, block: bigint): bigint {
  for (let i = v.bondedEver.length - 1; i >= 0; i--) {
    if (v.bondedEver[i].block <= block) return v.bondedEver[i].valueWei;
  }
  return 0n;
}

/** When an entry queued at `block` matures: `unbondingBlocks` later, never before the account's last one. */
export function maturityBlock(block: bigint, unbondingBlocks: bigint, lastMaturityBlock: bigint): bigint {
  const maturity = block + unbondingBlocks;
  return maturity < lastMaturityBlock ? lastMaturityBlock : maturity;
}

/**
 * The pool's `queueUnbonding` at `block`: adds `amountWei` to `v`'s bucket of the block's slash epoch
 * (shares 1:1 into an empty bucket, else `floor(amount * shares / tokens)`) and to `bucketedWei` and
 * `unbondedEverWei`. Returns the entry's shares and epoch (an entry keeps both until it is withdrawn).
 */
export function queueUnbonding(
  v: ValidatorAccount,
  amountWei: bigint,
  block: bigint,
): { shares: bigint; epoch: bigint } {
  const epoch = slashEpoch(block);
  const bucket = v.buckets.get(epoch) ?? { tokensWei: 0n, shares: 0n };
  const shares = sharesForTokens(amountWei, bucket.tokensWei, bucket.shares);
  bucket.tokensWei += amountWei;
  bucket.shares += shares;
  v.buckets.set(epoch, bucket);
  v.bucketedWei += amountWei;
  v.unbondedEverWei += amountWei;
  return { shares, epoch };
}

/** Tokens `shares` of `v`'s bucket of `epoch` are worth now, rounded down (0 once a tombstone voided them). */
export function unbondingValue(v: ValidatorAccount, epoch: bigint, shares: bigint): bigint {
  const bucket = v.buckets.get(epoch);
  return bucket === undefined ? 0n : tokensForShares(shares, bucket.tokensWei, bucket.shares);
}

/**
 * The pool's `withdraw` of one matured entry (`_releaseUnbonding`): its shares' tokens leave its
 * bucket and `bucketedWei`; returns them. A bucket without shares (a tombstone) pays 0 and keeps
 * its numbers.
 */
export function releaseUnbonding(v: ValidatorAccount, epoch: bigint, shares: bigint): bigint {
  const bucket = v.buckets.get(epoch);
  if (bucket === undefined || bucket.shares === 0n) return 0n;
  const tokensWei = (shares * bucket.tokensWei) / bucket.shares;
  bucket.tokensWei -= tokensWei;
  bucket.shares -= shares;
  v.bucketedWei -= tokensWei;
  return tokensWei;
}

// ============================================================================ redelegation liens

/**
 * The pool's `RedelegationLiens.open` bucket arithmetic at `block`: `amountWei` redelegated away from
 * `source` joins its lien bucket of the block's slash epoch (shares as an unbonding bucket's) and its
 * `unbondedEverWei`. Returns the entry's shares, epoch and lien (its shares' value: at most 1 wei
 * below the amount).
 */
export function openLien(
  source: ValidatorAccount,
  amountWei: bigint,
  block: bigint,
): { shares: bigint; epoch: bigint; lienWei: bigint } {
  const epoch = slashEpoch(block);
  const bucket = source.lienBuckets.get(epoch) ?? { tokensWei: 0n, shares: 0n };
  const shares = sharesForTokens(amountWei, bucket.tokensWei, bucket.shares);
  bucket.tokensWei += amountWei;
  bucket.shares += shares;
  source.lienBuckets.set(epoch, bucket);
  source.liensWei += amountWei;
  source.unbondedEverWei += amountWei;
  return { shares, epoch, lienWei: tokensForShares(shares, bucket.tokensWei, bucket.shares) };
}

/** `RedelegationLiens.lienValue`: what is still slashable of an entry, rounded down, at most its lien. */
export function lienValue(source: ValidatorAccount, epoch: bigint, shares: bigint, lienWei: bigint): bigint {
  const bucket = source.lienBuckets.get(epoch);
  if (bucket === undefined || bucket.shares === 0n) return 0n;
  const value = (shares * bucket.tokensWei) / bucket.shares;
  return value < lienWei ? value : lienWei;
}

/**
 * `RedelegationLiens._release`: a matured entry worth `slashableWei` leaves its lien bucket; the
 * bucket's last entry takes the rounding dust with it.
 */
export function releaseLien(
  source: ValidatorAccount,
  epoch: bigint,
  shares: bigint,
  slashableWei: bigint,
): void {
  const bucket = source.lienBuckets.get(epoch)!;
  bucket.shares -= shares;
  bucket.tokensWei -= slashableWei;
  let released = slashableWei;
  if (bucket.shares === 0n) {
    released += bucket.tokensWei;
    bucket.tokensWei = 0n;
  }
  source.liensWei -= released;
}

// ============================================================================ slashing

/** Why the pool refuses a slash before looking at the validator, in its order of checks. */
export type SlashRefusal =
  | { error: "SlashFractionTooLarge"; args: [bigint] }
  | { error: "ReporterShareTooLarge"; args: [bigint] }
  | { error: "InfractionInFuture"; args: [bigint, bigint] }
  | { error: "InfractionTooOld"; args: [bigint, bigint] };

/**
 * The pool's first checks of `slash(validator, fractionWad, infractionBlock)` sent at `block`: a
 * fraction above 1e18, a reporter's share above 1e18 (`slashDoubleSign`; 0 for a plain slash), an
 * infraction after `block`, or one more than `unbondingBlocks` before it. Returns the refusal, or undefined if the slash passes them (the validator is checked next).
 */
export function slashRefusal(
  fractionWad: bigint,
  infractionBlock: bigint,
  block: bigint,
  unbondingBlocks: bigint,
  reporterShareWad = 0n,
): SlashRefusal | undefined {
  if (fractionWad > WAD) return { error: "SlashFractionTooLarge", args: [fractionWad] };
  if (reporterShareWad > WAD) return { error: "ReporterShareTooLarge", args: [reporterShareWad] };
  if (infractionBlock > block) return { error: "InfractionInFuture", args: [infractionBlock, block] };
  // Strict: the last slashable block is infractionBlock + unbondingBlocks - 1.
  if (infractionBlock + unbondingBlocks <= block) {
    return { error: "InfractionTooOld", args: [infractionBlock, block - unbondingBlocks + 1n] };
  }
  return undefined;
}

/**
 * The pool's `slash` arithmetic at `block` for an infraction at `infractionBlock` (after the checks
 * of `slashRefusal`, the accrual and settling `v`):
 * - every bucket from the infraction's epoch to the current one loses `floor(tokens * f / 1e18)`
 *   (at 100% its shares are voided too), so every entry queued since the infraction's epoch pays;
 * - the bonded stake loses `floor(min(stillBonded, bonded) * f / 1e18)`, where stillBonded is the
 *   stake bonded at the end of the block before the infraction that has not left since,
 *   `max(0, bondedEver(infractionBlock - 1) - unbondedEver)` (0 for an infraction at block 0; all of
 *   the bonded stake if `v` has no history); at 100% all of it, and its shares go (the tombstone);
 * - a non-zero bonded burn is taken off the bondedEver history at `block`;
 * - every lien bucket in the same epochs loses `floor(tokens * f / 1e18)` (burned later, at the
 *   redelegations' destinations).
 * Takes the bonded burn off the pool's total stake. Returns the amounts burned, wei.
 */
export function slashTokens(
  pool: RewardPool,
  v: ValidatorAccount,
  fractionWad: bigint,
  infractionBlock: bigint,
  block: bigint,
): { bondedBurnedWei: bigint; unbondingBurnedWei: bigint } {
  let stillBondedWei = 0n;
  if (v.bondedEver.length === 0) stillBondedWei = v.bondedTokensWei;
  else if (infractionBlock !== 0n) {
    const bondedEverWei = bondedEverAt(v, infractionBlock - 1n);
    if (bondedEverWei > v.unbondedEverWei) stillBondedWei = bondedEverWei - v.unbondedEverWei;
  }
  let unbondingBurnedWei = 0n;
  const currentEpoch = slashEpoch(block);
  for (const [epoch, bucket] of v.buckets) {
    if (epoch < slashEpoch(infractionBlock) || epoch > currentEpoch || bucket.tokensWei === 0n) continue;
    const burnedWei = (bucket.tokensWei * fractionWad) / WAD;
    bucket.tokensWei -= burnedWei;
    if (fractionWad === WAD) bucket.shares = 0n;
    unbondingBurnedWei += burnedWei;
  }
  v.bucketedWei -= unbondingBurnedWei;
  // Stake redelegated away since the infraction's epoch pays too, at its destination when settled.
  if (v.liensWei !== 0n) {
    for (const [epoch, bucket] of v.lienBuckets) {
      if (epoch < slashEpoch(infractionBlock) || epoch > currentEpoch || bucket.tokensWei === 0n) continue;
      const takenWei = (bucket.tokensWei * fractionWad) / WAD;
      bucket.tokensWei -= takenWei;
      v.liensWei -= takenWei;
    }
  }
  const bondedWei = v.bondedTokensWei;
  const bondedBurnedWei =
    fractionWad === WAD
      ? bondedWei
      : ((stillBondedWei < bondedWei ? stillBondedWei : bondedWei) * fractionWad) / WAD;
  if (bondedBurnedWei !== 0n) recordBondedEver(v, block, latestBondedEver(v) - bondedBurnedWei);
  v.bondedTokensWei -= bondedBurnedWei;
  pool.totalStakedWei -= bondedBurnedWei;
  if (fractionWad === WAD) v.bondedShares = 0n;
  return { bondedBurnedWei, unbondingBurnedWei };
}
