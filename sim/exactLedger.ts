/**
 * An integer model of the staking pool's accounting (SPEC §2 and §4), rounded the way the pool
 * must round (always in the pool's favour), so a cross-check can drive the pool and this ledger
 * with the same actions and compare them to the wei:
 *
 * - `accrue(block)` mints `exactEmission` on the total supply since the last accrual. While nothing
 *   is staked the mint goes to the treasury; otherwise `floor(minted * delta)` goes to the
 *   validators' direct allocation and the rest to stakers through
 *   `rewardPerTokenRay += floor(stakersShare * 1e27 / totalStaked)`.
 * - Each validator settles lazily, when touched: of the accumulator's growth `d` since it was last
 *   settled, its positions earn `floor(d * (1 - commission))` per token (its own
 *   `delegatorRewardPerTokenRay`) and it earns `floor(bonded * d * commission / 1e45)` commission.
 * - Each position settles when touched: `pending += floor(bonded * (accumulator - paid) / 1e27)`.
 *   A validator's self-stake is an ordinary position of the validator with itself.
 *
 * Where the pool settles at a different moment or rounds another way, change the one helper that
 * does it (`settleValidator`, `settlePosition`, `accrue`); everything else follows.
 */
import { BLOCKS_PER_YEAR_BIG, exactEmission, ExactInflationSchedule } from "./exactEmission";
import { RAY, WAD } from "./rayMath";

export interface ExactLedgerOptions {
  /** First block of year 0 (the pool's `startBlock()`); accrual starts here. */
  startBlock: bigint;
  /** Token supply at `startBlock`, wei. */
  initialSupplyWei: bigint;
  /** Year-0 annual inflation, wad. */
  initialRateWad: bigint;
  /** Validators' direct share of each mint, wad. */
  deltaWad: bigint;
}

interface ValidatorBook {
  commissionWad: bigint;
  /** Self-stake plus delegations, wei. */
  bondedWei: bigint;
  /** The pool's accumulator when this validator was last settled, ray. */
  settledRewardPerTokenRay: bigint;
  /** Reward per token (ray) of this validator's positions, net of commission. */
  delegatorRewardPerTokenRay: bigint;
  /** Commission earned and not yet claimed, wei. */
  commissionWei: bigint;
}

interface Position {
  bondedWei: bigint;
  /** The validator's `delegatorRewardPerTokenRay` when this position was last settled. */
  paidRewardPerTokenRay: bigint;
  pendingWei: bigint;
}

export class ExactStakingLedger {
  readonly schedule: ExactInflationSchedule;
  readonly startBlock: bigint;
  readonly deltaWad: bigint;
  totalSupplyWei: bigint;
  totalStakedWei = 0n;
  rewardPerTokenRay = 0n;
  treasuryWei = 0n;
  /** The validators' `delta` share of every mint, wei (paid to the election contract). */
  validatorsDirectWei = 0n;
  lastAccrualBlock: bigint;
  private readonly validators = new Map<string, ValidatorBook>();
  private readonly positions = new Map<string, Position>();

  constructor(options: ExactLedgerOptions) {
    this.schedule = new ExactInflationSchedule(options.initialRateWad);
    this.startBlock = options.startBlock;
    this.deltaWad = options.deltaWad;
    this.totalSupplyWei = options.initialSupplyWei;
    this.lastAccrualBlock = options.startBlock;
  }

  /** Brings supply, treasury and the accumulator up to `block`. */
  accrue(block: bigint): void {
    if (block < this.lastAccrualBlock) {
      throw new RangeError(`block ${block} is before the last accrual at ${this.lastAccrualBlock}`);
    }
    const { mintedWei } = exactEmission(
      this.schedule,
      this.startBlock,
      this.totalSupplyWei,
      this.lastAccrualBlock,
      block,
    );
    this.lastAccrualBlock = block;
    if (mintedWei === 0n) return;
    this.totalSupplyWei += mintedWei;
    if (this.totalStakedWei === 0n) {
      this.treasuryWei += mintedWei;
      return;
    }
    const directWei = (mintedWei * this.deltaWad) / WAD;
    this.validatorsDirectWei += directWei;
    this.rewardPerTokenRay += ((mintedWei - directWei) * RAY) / this.totalStakedWei;
  }

  setInflationRate(block: bigint, year: bigint, rateWad: bigint): void {
    this.accrue(block);
    const currentYear = block < this.startBlock ? -1n : (block - this.startBlock) / BLOCKS_PER_YEAR_BIG;
    if (year <= currentYear) {
      throw new RangeError(`year ${year} is the current or a past year; only later years can be set`);
    }
    this.schedule.setRate(year, rateWad);
  }

  registerValidator(block: bigint, validator: string, commissionWad: bigint, selfStakeWei: bigint): void {
    if (this.validators.has(validator)) throw new RangeError(`validator ${validator} is already registered`);
    this.accrue(block);
    this.validators.set(validator, {
      commissionWad,
      bondedWei: 0n,
      settledRewardPerTokenRay: this.rewardPerTokenRay,
      delegatorRewardPerTokenRay: 0n,
      commissionWei: 0n,
    });
    this.stake(block, validator, validator, selfStakeWei);
  }

  /** Commission changes take effect at `block`; rewards up to it accrue at the old rate. */
  setCommission(block: bigint, validator: string, commissionWad: bigint): void {
    const book = this.touchValidator(block, validator);
    book.commissionWad = commissionWad;
  }

  stake(block: bigint, account: string, validator: string, amountWei: bigint): void {
    const position = this.touchPosition(block, account, validator);
    position.bondedWei += amountWei;
    this.book(validator).bondedWei += amountWei;
    this.totalStakedWei += amountWei;
  }

  /** Stops `amountWei` (or, with `"all"`, the whole position) earning; returns the amount, wei. */
  unstake(block: bigint, account: string, validator: string, amountWei: bigint | "all"): bigint {
    const position = this.touchPosition(block, account, validator);
    const amount = amountWei === "all" ? position.bondedWei : amountWei;
    if (amount > position.bondedWei) {
      throw new RangeError(
        `${account} unstakes ${amount} wei from ${validator} but has ${position.bondedWei}`,
      );
    }
    position.bondedWei -= amount;
    this.book(validator).bondedWei -= amount;
    this.totalStakedWei -= amount;
    return amount;
  }

  /** Pays the position's reward out; returns it, wei. */
  claim(block: bigint, account: string, validator: string): bigint {
    const position = this.touchPosition(block, account, validator);
    const reward = position.pendingWei;
    position.pendingWei = 0n;
    return reward;
  }

  /** Stakes the position's reward to the same validator; returns it, wei. */
  compound(block: bigint, account: string, validator: string): bigint {
    const reward = this.claim(block, account, validator);
    this.stake(block, account, validator, reward);
    return reward;
  }

  /** Pays the validator's commission out; returns it, wei. */
  claimCommission(block: bigint, validator: string): bigint {
    const book = this.touchValidator(block, validator);
    const commission = book.commissionWei;
    book.commissionWei = 0n;
    return commission;
  }

  // Views: as of `block`, without changing any state (settling changes later rounding).

  /** Supply as `token.totalSupply()` reads right after `accrue()` at `block`. */
  supplyAt(block: bigint): bigint {
    return this.preview(block).totalSupplyWei;
  }

  rewardPerTokenAt(block: bigint): bigint {
    return this.preview(block).rewardPerTokenRay;
  }

  stakeOf(account: string, validator: string): bigint {
    return this.positions.get(positionKey(account, validator))?.bondedWei ?? 0n;
  }

  validatorStake(validator: string): bigint {
    return this.validators.get(validator)?.bondedWei ?? 0n;
  }

  pendingReward(block: bigint, account: string, validator: string): bigint {
    const position = this.positions.get(positionKey(account, validator));
    if (!position) return 0n;
    const ledger = this.preview(block);
    const book = ledger.touchValidator(block, validator);
    return ledger.settlePosition({ ...position }, book).pendingWei;
  }

  pendingCommission(block: bigint, validator: string): bigint {
    return this.preview(block).touchValidator(block, validator).commissionWei;
  }

  /** A copy of this ledger, accrued to `block`. */
  private preview(block: bigint): ExactStakingLedger {
    const copy = Object.create(ExactStakingLedger.prototype) as ExactStakingLedger;
    Object.assign(copy, this);
    const validators = new Map([...this.validators].map(([key, book]) => [key, { ...book }]));
    Object.assign(copy, { validators, positions: new Map(this.positions) });
    copy.accrue(block);
    return copy;
  }

  private book(validator: string): ValidatorBook {
    const book = this.validators.get(validator);
    if (!book) throw new RangeError(`validator ${validator} is not registered`);
    return book;
  }

  private touchValidator(block: bigint, validator: string): ValidatorBook {
    this.accrue(block);
    return this.settleValidator(this.book(validator));
  }

  private settleValidator(book: ValidatorBook): ValidatorBook {
    const growthRay = this.rewardPerTokenRay - book.settledRewardPerTokenRay;
    book.delegatorRewardPerTokenRay += (growthRay * (WAD - book.commissionWad)) / WAD;
    book.commissionWei += (book.bondedWei * growthRay * book.commissionWad) / (WAD * RAY);
    book.settledRewardPerTokenRay = this.rewardPerTokenRay;
    return book;
  }

  private touchPosition(block: bigint, account: string, validator: string): Position {
    const book = this.touchValidator(block, validator);
    const key = positionKey(account, validator);
    const position = this.positions.get(key) ?? {
      bondedWei: 0n,
      paidRewardPerTokenRay: book.delegatorRewardPerTokenRay,
      pendingWei: 0n,
    };
    this.positions.set(key, this.settlePosition(position, book));
    return position;
  }

  private settlePosition(position: Position, book: ValidatorBook): Position {
    const growthRay = book.delegatorRewardPerTokenRay - position.paidRewardPerTokenRay;
    position.pendingWei += (position.bondedWei * growthRay) / RAY;
    position.paidRewardPerTokenRay = book.delegatorRewardPerTokenRay;
    return position;
  }
}

function positionKey(account: string, validator: string): string {
  return `${account}\u0000${validator}`;
}
