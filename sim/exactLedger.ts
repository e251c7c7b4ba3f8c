/**
 * An integer model of the staking pool's accounting (SPEC §2 and §4) that rounds and settles the way
 * `contracts/staking/StakingPool.sol` does, step for step, so a cross-check can drive the pool and
 * this ledger with the same actions and compare them to the wei (`test/sim/crosscheck.test.ts`):
 *
 * - `accrue(block)` mints `exactEmission` on the total supply since the last accrual (at most once
 *   per block). While nothing is staked, or only dust (`totalStaked * 1e6 < supply` before the mint,
 *   the pool's `DUST_STAKE_DIVISOR`), the mint goes to the treasury; otherwise
 *   `floor(minted * delta / 1e18)` goes to the validators' direct allocation and the rest to stakers
 *   through `rewardPerTokenRay += floor(rest * 1e27 / totalStaked)`.
 * - Each validator settles when touched: its bonded tokens earned
 *   `earned = floor(bonded * (rewardPerTokenRay - paid) / 1e27)`, of which
 *   `floor(earned * commission / 1e18)` is its commission and the rest goes to its shares:
 *   `rewardPerShareRay += floor((earned - commission) * 1e27 / shares)`. A scheduled commission
 *   takes effect exactly at its block (`lib/commission.ts`: the grid after `commissionDelayBlocks`): the accrual
 *   that crosses that block splits its mint there and records the accumulator, and the validator's
 *   next settlement credits the part before at the old rate and the part after at the new one.
 * - A position holds shares of its validator's bonded tokens (minted `floor(amount * shares /
 *   tokens)`, burned rounded up on a partial unstake, all of them on a full exit). It settles when
 *   touched, `reward = floor(shares * (rewardPerShareRay - paid) / 1e27)`, and the reward is paid out
 *   at once: `stake` and `unstake` pay it (the pool nets it against the deposit), `claim` pays it,
 *   `compound` bonds it. A validator's self-stake is an ordinary position of the validator with
 *   itself; the validator's own `claim` and `compound` also take its commission.
 * - Auto-compounding (docs/staking.md, "Auto-compounding"): `setCompounding` moves a position into
 *   its validator's compounding class (after paying its reward) or back; a compounding position holds
 *   class shares, has no reward to pay or claim, and grows as every settlement of its validator
 *   (`settleValidator`, which anyone may call, and every action that touches the validator) bonds the
 *   class's reward as new bonded shares of the class. A stake into it joins the class; an unstake
 *   burns class shares (all of them on a full exit). `stakeOfAt` previews the class's reward not yet
 *   bonded, as the pool's `stakeOf` does.
 * - `unstake` queues the tokens for `unbondingBlocks` as shares of the validator's unbonding bucket
 *   of the block's slash epoch (28,800 blocks); `withdraw` releases the matured entries and, like
 *   the pool's, does not accrue.
 * - `slash` names an infraction block and burns a fraction of the validator's unbonding buckets from
 *   the infraction's epoch on and of its stake bonded before the infraction that is still bonded
 *   (the bondedEver history), rounded down, as the pool's.
 *
 * The 100% tombstone, jailing's refusals and deregistration are not modelled (the simulator never
 * meets them). The arithmetic itself is lib/poolAccounting.ts's, which the
 * property tests' model (test/model/stakingModel.ts) shares: where the pool settles at a different
 * moment or rounds another way, change it there and both follow.
 */
import {
  accrue,
  BLOCKS_PER_YEAR,
  bondTokens,
  InflationSchedule,
  maturityBlock,
  newValidatorAccount,
  positionValue,
  queueUnbonding,
  releaseUnbonding,
  RewardPool,
  scheduleCommission,
  settlePosition,
  settleValidator,
  sharesToBurn,
  switchClass,
  slashRefusal,
  slashTokens,
  tokensForShares,
  unbondingValue,
  unbondTokens,
  ValidatorAccount,
  PositionAccount,
  WAD,
} from "../lib/poolAccounting";

export interface ExactLedgerOptions {
  /** First block of year 0 (the pool's `startBlock()`); accrual starts here. */
  startBlock: bigint;
  /** Token supply at `startBlock`, wei. */
  initialSupplyWei: bigint;
  /** Year-0 annual inflation, wad. */
  initialRateWad: bigint;
  /** Validators' direct share of each mint, wad. */
  deltaWad: bigint;
  /** Blocks between `unstake` and `withdraw` (the pool's `unbondingBlocks`); default 0. */
  unbondingBlocks?: bigint;
  /** Blocks before a new commission applies (the pool's `commissionDelayBlocks`); default 0. */
  commissionDelayBlocks?: bigint;
}

/** A validator's accounts (lib/poolAccounting.ts) and what the ledger reports besides. */
interface ValidatorBook extends ValidatorAccount {
  /** Commission paid out or compounded so far, wei. */
  commissionPaidWei: bigint;
  /** Rewards its compounding class bonded so far (the pool's `ClassCompounded` amounts), wei. */
  classCompoundedWei: bigint;
}

interface Position extends PositionAccount {
  /**
   * Reward paid out or compounded so far by the account's own calls (the pool's `RewardPaid` and
   * `Compounded` events naming it; commission not counted), wei. The rewards its validator's
   * compounding class bonds while the position is in it are not here: the pool bonds them for the
   * whole class (`ClassCompounded`, counted per validator by `classCompounded`) and names no position.
   */
  rewardPaidWei: bigint;
}

/** Tokens on their way out of the pool: free from `maturityBlock`; worth `amountWei` as of now. */
export interface ExactUnbondingEntry {
  validator: string;
  maturityBlock: bigint;
  amountWei: bigint;
}

/** An entry as kept: shares of its validator's bucket of `epoch` (a slash makes every share cheaper). */
interface UnbondingShares {
  validator: string;
  maturityBlock: bigint;
  shares: bigint;
  /** The slash epoch it was queued in (lib/poolAccounting.ts's `slashEpoch`). */
  epoch: bigint;
}

/** What an `unstake` did: the amount unbonded, the reward it paid, when the tokens are free. */
export interface ExactUnstakeResult {
  amountWei: bigint;
  rewardWei: bigint;
  maturityBlock: bigint;
}

export class ExactStakingLedger implements RewardPool {
  readonly schedule: InflationSchedule;
  readonly startBlock: bigint;
  readonly deltaWad: bigint;
  readonly unbondingBlocks: bigint;
  readonly commissionDelayBlocks: bigint;
  totalSupplyWei: bigint;
  totalStakedWei = 0n;
  rewardPerTokenRay = 0n;
  treasuryWei = 0n;
  /** The validators' `delta` share of every mint, wei (the pool's `validatorRewardsOwed`, never collected here). */
  validatorsDirectWei = 0n;
  /** Rewards every compounding class bonded so far, wei (the sum of the pool's `ClassCompounded` amounts). */
  classCompoundedWei = 0n;
  lastAccrualBlock: bigint;
  /** The pool's commission-switch queue (lib/poolAccounting.ts's `RewardPool`). */
  switchBlocks: bigint[] = [];
  switchRefs = new Map<bigint, number>();
  rewardPerTokenAtSwitch = new Map<bigint, bigint>();
  private readonly validators = new Map<string, ValidatorBook>();
  private readonly positions = new Map<string, Position>();
  private readonly unbonding = new Map<string, UnbondingShares[]>();

  constructor(options: ExactLedgerOptions) {
    this.schedule = new InflationSchedule(options.initialRateWad);
    this.startBlock = options.startBlock;
    this.deltaWad = options.deltaWad;
    this.unbondingBlocks = options.unbondingBlocks ?? 0n;
    this.commissionDelayBlocks = options.commissionDelayBlocks ?? 0n;
    this.totalSupplyWei = options.initialSupplyWei;
    this.lastAccrualBlock = options.startBlock;
  }

  /** Brings supply, treasury and the accumulator up to `block` (the pool's `accrue`), splitting the
   * mint at every commission-switch block crossed and recording the accumulator there. */
  accrue(block: bigint): void {
    const { toTreasuryWei, toValidatorsWei } = accrue(this, block);
    this.treasuryWei += toTreasuryWei;
    this.validatorsDirectWei += toValidatorsWei;
  }

  setInflationRate(block: bigint, year: bigint, rateWad: bigint): void {
    const currentYear = block < this.startBlock ? -1n : (block - this.startBlock) / BLOCKS_PER_YEAR;
    if (year <= currentYear) {
      throw new RangeError(`year ${year} is the current or a past year; only later years can be set`);
    }
    this.accrue(block);
    this.schedule.setRate(year, rateWad);
  }

  registerValidator(block: bigint, validator: string, commissionWad: bigint, selfStakeWei: bigint): void {
    if (this.validators.has(validator)) throw new RangeError(`validator ${validator} is already registered`);
    this.accrue(block);
    this.validators.set(validator, {
      ...newValidatorAccount(commissionWad, this.rewardPerTokenRay),
      commissionPaidWei: 0n,
      classCompoundedWei: 0n,
    });
    this.bond(block, validator, validator, selfStakeWei);
  }

  /** Schedules `commissionWad` for the pool's effective block (`commissionEffectiveBlock`, the pool's `setCommission`); at once when 0. */
  setCommission(block: bigint, validator: string, commissionWad: bigint): void {
    const book = this.touchValidator(block, validator);
    scheduleCommission(this, book, commissionWad, block, this.commissionDelayBlocks);
  }

  /** Bonds `amountWei`; returns the position's reward it paid out (netted against the deposit). */
  stake(block: bigint, account: string, validator: string, amountWei: bigint): bigint {
    const rewardWei = this.bond(block, account, validator, amountWei);
    this.position(account, validator).rewardPaidWei += rewardWei;
    return rewardWei;
  }

  /** Unbonds `amountWei` (or, with `"all"`, the whole position) and pays the position's reward. */
  unstake(block: bigint, account: string, validator: string, amountWei: bigint | "all"): ExactUnstakeResult {
    const book = this.touchValidator(block, validator);
    const position = this.position(account, validator);
    const rewardWei = settlePosition(position, book);
    const valueWei = positionValue(position, book);
    const amount = amountWei === "all" ? valueWei : amountWei;
    if (amount === 0n) throw new RangeError(`${account} unstakes nothing from ${validator}`);
    if (amount > valueWei) {
      throw new RangeError(`${account} unstakes ${amount} wei from ${validator} but has ${valueWei}`);
    }
    // A full exit burns all of the position's (class) shares, as the pool's `burnFromPosition`.
    const all = amount === valueWei;
    unbondTokens(this, book, position, amount, sharesToBurn(position, book, amount, valueWei), all);
    position.rewardPaidWei += rewardWei;
    const entries = this.unbonding.get(account) ?? [];
    const last = entries.length === 0 ? 0n : entries[entries.length - 1].maturityBlock;
    const maturity = maturityBlock(block, this.unbondingBlocks, last);
    entries.push({ validator, maturityBlock: maturity, ...queueUnbonding(book, amount, block) });
    this.unbonding.set(account, entries);
    return { amountWei: amount, rewardWei, maturityBlock: maturity };
  }

  /**
   * The pool's `slash(validator, fraction, infractionBlock)` sent in `block` (the infraction block
   * defaults to `block` itself): refuses evidence from the future or older than `unbondingBlocks`,
   * accrues, settles the validator, burns the fraction of every unbonding bucket from the
   * infraction's slash epoch on and of the stake bonded before the infraction that is still bonded
   * (at most the fraction of the bonded stake now): lib/poolAccounting.ts's `slashTokens`. Every
   * position and unbonding entry loses its share through the share prices. The 100% tombstone is
   * not modelled (throws). Returns the amount burned, wei.
   */
  slash(block: bigint, validator: string, fractionWad: bigint, infractionBlock: bigint = block): bigint {
    if (fractionWad <= 0n || fractionWad >= WAD) {
      throw new RangeError(
        `slash fraction ${fractionWad} is outside (0, 1e18): the ledger models partial slashes only`,
      );
    }
    const refusal = slashRefusal(fractionWad, infractionBlock, block, this.unbondingBlocks);
    if (refusal)
      throw new RangeError(
        `slash of ${validator} at block ${block} (infraction ${infractionBlock}, unbonding ${this.unbondingBlocks}) refused: ${refusal.error}`,
      );
    const book = this.touchValidator(block, validator);
    const { bondedBurnedWei, unbondingBurnedWei } = slashTokens(
      this,
      book,
      fractionWad,
      infractionBlock,
      block,
    );
    const burnedWei = bondedBurnedWei + unbondingBurnedWei;
    this.totalSupplyWei -= burnedWei;
    return burnedWei;
  }

  /** Releases every matured unbonding entry of `account`; returns the amount, wei. No accrual. */
  withdraw(block: bigint, account: string): bigint {
    const entries = this.unbonding.get(account) ?? [];
    let released = 0;
    let amountWei = 0n;
    while (released < entries.length && entries[released].maturityBlock <= block) {
      const entry = entries[released];
      amountWei += releaseUnbonding(this.book(entry.validator), entry.epoch, entry.shares);
      released++;
    }
    if (released === 0) throw new RangeError(`${account} has nothing to withdraw at block ${block}`);
    entries.splice(0, released);
    return amountWei;
  }

  /** Pays out the position's reward, and to a validator claiming from itself its commission; returns it. */
  claim(block: bigint, account: string, validator: string): bigint {
    return this.collect(block, account, validator);
  }

  /** Bonds the position's reward (and a validator's own commission) to the same validator; returns it. */
  compound(block: bigint, account: string, validator: string): bigint {
    const amountWei = this.collect(block, account, validator);
    this.bond(block, account, validator, amountWei);
    return amountWei;
  }

  /**
   * The pool's `setCompounding(validator, on)` sent by `account`: settles the validator (bonding its
   * class's reward) and the position, pays the position's reward, and moves the position into the
   * validator's compounding class (`on`) or out of it (lib/poolAccounting.ts's `switchClass`). An
   * empty position may switch (its next stake goes to the chosen class). Refuses what the pool
   * refuses: an operator's own position, the mode it is in already, a switch that mints no class
   * share. Returns the reward paid and the position's value after the switch (`CompoundingSet`).
   */
  setCompounding(
    block: bigint,
    account: string,
    validator: string,
    on: boolean,
  ): { rewardWei: bigint; valueWei: bigint } {
    if (account === validator) throw new RangeError(`${account} cannot compound its own self-stake`);
    this.book(validator);
    const existing = this.positions.get(positionKey(account, validator));
    if ((existing?.compounding === true) === on) {
      throw new RangeError(`${account}'s position at ${validator} is ${on ? "" : "not "}compounding already`);
    }
    const book = this.touchValidator(block, validator);
    const position = this.position(account, validator);
    const rewardWei = settlePosition(position, book);
    if (!switchClass(position, book, on)) {
      throw new RangeError(`${account}'s position at ${validator} buys no share of the compounding class`);
    }
    position.rewardPaidWei += rewardWei;
    return { rewardWei, valueWei: positionValue(position, book) };
  }

  /**
   * The pool's `settleValidator(validator)` (anyone may call it): accrues, settles the validator and
   * bonds its compounding class's reward. Returns the tokens bonded (`ClassCompounded`; 0 if none).
   */
  settleValidator(block: bigint, validator: string): bigint {
    const before = this.classCompoundedWei;
    this.touchValidator(block, validator);
    return this.classCompoundedWei - before;
  }

  /** Whether `account`'s position at `validator` is in the compounding class (the pool's `isCompounding`). */
  isCompounding(account: string, validator: string): boolean {
    return this.positions.get(positionKey(account, validator))?.compounding === true;
  }

  // Views: as of `block`, without changing any state (settling changes later rounding).

  /** Supply as `token.totalSupply()` reads right after `accrue()` at `block`. */
  supplyAt(block: bigint): bigint {
    return this.preview(block).totalSupplyWei;
  }

  rewardPerTokenAt(block: bigint): bigint {
    return this.preview(block).rewardPerTokenRay;
  }

  treasuryAt(block: bigint): bigint {
    return this.preview(block).treasuryWei;
  }

  /** The pool's `validatorRewardsOwed()` at `block` (nothing is ever collected here). */
  validatorsDirectAt(block: bigint): bigint {
    return this.preview(block).validatorsDirectWei;
  }

  /**
   * The position's value as stored: its bonded shares (for a compounding position, its part of the
   * class's) at the validator's share price, rounded down. For a compounding position it leaves out
   * the class's reward not yet bonded; the pool's `stakeOf` is `stakeOfAt`.
   */
  stakeOf(account: string, validator: string): bigint {
    const book = this.validators.get(validator);
    const position = this.positions.get(positionKey(account, validator));
    if (!book || !position) return 0n;
    return positionValue(position, book);
  }

  /**
   * The pool's `stakeOf` at `block`: `stakeOf`, and at a validator whose compounding class holds stake
   * the position's value as a settlement of the validator in `block` would make it (the class's reward since the validator's
   * last settlement bonded at the validator's share price, as the pool's view previews it).
   */
  stakeOfAt(block: bigint, account: string, validator: string): bigint {
    const position = this.positions.get(positionKey(account, validator));
    if (!this.validators.has(validator) || !position) return 0n;
    const book = this.validators.get(validator)!;
    // A settlement bonding the class's reward also moves the share price (new shares round down), so
    // every position at a validator with a class is previewed, paying ones too.
    if (position.shares === 0n || book.classBondedShares === 0n) return this.stakeOf(account, validator);
    return positionValue(position, this.preview(block).touchValidator(block, validator));
  }

  validatorStake(validator: string): bigint {
    return this.validators.get(validator)?.bondedTokensWei ?? 0n;
  }

  /** The pool's `pendingReward` at `block`: what the position would be paid now (not the commission). */
  pendingReward(block: bigint, account: string, validator: string): bigint {
    const position = this.positions.get(positionKey(account, validator));
    if (!position) return 0n;
    const ledger = this.preview(block);
    const book = ledger.touchValidator(block, validator);
    return settlePosition({ ...position }, book);
  }

  /** The pool's `pendingCommission` at `block`. */
  pendingCommission(block: bigint, validator: string): bigint {
    if (!this.validators.has(validator)) return 0n;
    return this.preview(block).touchValidator(block, validator).commissionOwedWei;
  }

  /** Reward paid out or compounded to the position so far (commission not included), wei. */
  rewardPaid(account: string, validator: string): bigint {
    return this.positions.get(positionKey(account, validator))?.rewardPaidWei ?? 0n;
  }

  /** Commission paid out or compounded to the validator so far, wei. */
  commissionPaid(validator: string): bigint {
    return this.validators.get(validator)?.commissionPaidWei ?? 0n;
  }

  /** Rewards `validator`'s compounding class bonded so far (its `ClassCompounded` amounts summed), wei. */
  classCompounded(validator: string): bigint {
    return this.validators.get(validator)?.classCompoundedWei ?? 0n;
  }

  /** `account`'s unbonding entries, oldest first. */
  unbondingOf(account: string): ExactUnbondingEntry[] {
    return (this.unbonding.get(account) ?? []).map((entry) => {
      const book = this.book(entry.validator);
      return {
        validator: entry.validator,
        maturityBlock: entry.maturityBlock,
        amountWei: unbondingValue(book, entry.epoch, entry.shares),
      };
    });
  }

  /** A copy of this ledger, accrued to `block`. */
  private preview(block: bigint): ExactStakingLedger {
    const copy = Object.create(ExactStakingLedger.prototype) as ExactStakingLedger;
    Object.assign(copy, this);
    // A settlement in the copy may bond a compounding class's reward, which writes the bondedEver
    // history: the copy gets its own.
    const validators = new Map(
      [...this.validators].map(([key, book]) => [
        key,
        { ...book, bondedEver: book.bondedEver.map((checkpoint) => ({ ...checkpoint })) },
      ]),
    );
    Object.assign(copy, {
      validators,
      positions: new Map(this.positions),
      switchBlocks: [...this.switchBlocks],
      switchRefs: new Map(this.switchRefs),
      rewardPerTokenAtSwitch: new Map(this.rewardPerTokenAtSwitch),
    });
    copy.accrue(block);
    return copy;
  }

  private book(validator: string): ValidatorBook {
    const book = this.validators.get(validator);
    if (!book) throw new RangeError(`validator ${validator} is not registered`);
    return book;
  }

  private position(account: string, validator: string): Position {
    const key = positionKey(account, validator);
    let position = this.positions.get(key);
    if (!position) {
      position = { shares: 0n, rewardPerSharePaidRay: 0n, rewardPaidWei: 0n };
      this.positions.set(key, position);
    }
    return position;
  }

  /**
   * Accrues and settles the validator (the pool's `accrue` then `settleValidator`), which bonds its
   * compounding class's reward; counts what it bonded.
   */
  private touchValidator(block: bigint, validator: string): ValidatorBook {
    const book = this.book(validator);
    this.accrue(block);
    const bondedWei = settleValidator(this, book, block);
    book.classCompoundedWei += bondedWei;
    this.classCompoundedWei += bondedWei;
    return book;
  }

  /** The pool's `bond`: settles, mints shares for `amountWei`; returns the position's reward settled. */
  private bond(block: bigint, account: string, validator: string, amountWei: bigint): bigint {
    if (amountWei <= 0n) throw new RangeError(`${account} stakes ${amountWei} wei; stakes must be positive`);
    const book = this.touchValidator(block, validator);
    const position = this.position(account, validator);
    const rewardWei = settlePosition(position, book);
    if (bondTokens(this, book, position, amountWei, block) === 0n) {
      throw new RangeError(`${amountWei} wei buys no share of ${validator}`);
    }
    return rewardWei;
  }

  /** The pool's `_collectRewards`: settles and zeroes the position's reward (and an operator's commission). */
  private collect(block: bigint, account: string, validator: string): bigint {
    const book = this.touchValidator(block, validator);
    const position = this.position(account, validator);
    const rewardWei = settlePosition(position, book);
    const commissionWei = account === validator ? book.commissionOwedWei : 0n;
    if (rewardWei + commissionWei === 0n) {
      throw new RangeError(`${account} has nothing to claim from ${validator} at block ${block}`);
    }
    book.commissionOwedWei -= commissionWei;
    book.commissionPaidWei += commissionWei;
    position.rewardPaidWei += rewardWei;
    return rewardWei + commissionWei;
  }
}

function positionKey(account: string, validator: string): string {
  return `${account}\u0000${validator}`;
}
