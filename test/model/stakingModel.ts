/**
 * A plain TypeScript model of the staking pool (bigint, no floating point), written from the design
 * (SPEC sections 2 and 4) with the contract's rounding rules: floor everywhere, except shares burned
 * on a partial unstake (ceil). The property tests drive the chain and this model with the same
 * operations and compare every balance, reward and total.
 */
import { BLOCKS_PER_YEAR, InflationScheduleModel, RAY, WAD, mintBetween } from "./emission";
import { commissionEffectiveBlock } from "../../lib/commission";
import { SHORTFALL_JAIL } from "../../lib/validatorStatus";

export enum Status {
  None = 0,
  Active = 1,
  Deregistered = 2,
  Tombstoned = 3,
}

export interface ModelValidator {
  status: Status;
  signer: string;
  jailedUntil: bigint;
  /** The timed jail kept while jailed for a self-stake shortfall (jailedUntil = SHORTFALL_JAIL). */
  jailEndAfterTopUp: bigint;
  bondedTokens: bigint;
  bondedShares: bigint;
  unbondingTokens: bigint;
  unbondingShares: bigint;
  commission: bigint;
  pendingCommission: bigint;
  commissionEffective: bigint;
  rewardPerTokenPaid: bigint;
  rewardPerShare: bigint;
  commissionOwed: bigint;
}

interface ModelPosition {
  shares: bigint;
  rewardPerSharePaid: bigint;
  votingUnits: bigint;
}

interface ModelEntry {
  validator: string;
  maturity: bigint;
  shares: bigint;
}

export interface ModelParams {
  delta: bigint;
  minStake: bigint;
  minSelfStake: bigint;
  unbondingBlocks: bigint;
  jailBlocks: bigint;
  commissionDelayBlocks: bigint;
  maxCommissionChange: bigint;
  maxCommission: bigint;
  candidateCap: bigint;
}

/** The error a call must revert with (the contract's custom error name). */
export class ModelRevert extends Error {
  constructor(readonly errorName: string) {
    super(errorName);
  }
}

const MAX_ENTRIES = 16;

const mulDiv = (a: bigint, b: bigint, c: bigint) => (a * b) / c;
const mulDivUp = (a: bigint, b: bigint, c: bigint) => (a * b + c - 1n) / c;

export class StakingModel {
  readonly schedule: InflationScheduleModel;
  readonly balances = new Map<string, bigint>();
  /** The operator that last unlisted each signer (the pool's `lastOperatorOfSigner`). */
  readonly lastOperatorOfSigner = new Map<string, string>();
  supply: bigint;
  mintedTotal = 0n;
  burnedTotal = 0n;
  totalStaked = 0n;
  validatorRewardsOwed = 0n;
  rewardPerToken = 0n;
  lastAccrualBlock: bigint;
  readonly validators = new Map<string, ModelValidator>();
  readonly positions = new Map<string, ModelPosition>();
  readonly rings = new Map<
    string,
    { head: number; count: number; lastMaturity: bigint; entries: ModelEntry[] }
  >();
  readonly votingUnits = new Map<string, bigint>();
  /** Future commission-switch blocks (ascending), validators per block, accumulator at crossed ones. */
  switchBlocks: bigint[] = [];
  readonly switchRefs = new Map<bigint, number>();
  readonly rewardPerTokenAtSwitch = new Map<bigint, bigint>();
  /** Vote delegation (StakeVotes.delegate): account -> delegatee. */
  readonly delegation = new Map<string, string>();
  /** The candidate list in the pool's order (appended; removal swaps the last into the gap). */
  candidates: string[] = [];

  constructor(
    readonly startBlock: bigint,
    initialSupply: bigint,
    initialRate: bigint,
    readonly params: ModelParams,
    public treasury: string,
    readonly poolAddress: string,
  ) {
    this.schedule = new InflationScheduleModel(initialRate);
    this.supply = initialSupply;
    this.lastAccrualBlock = startBlock;
  }

  /** A deep copy of the mutable state; `restore` puts it back (after a ModelRevert). */
  snapshot(): unknown {
    const { schedule, ...state } = this as unknown as Record<string, unknown> & {
      schedule: InflationScheduleModel;
    };
    return structuredClone({ state, entries: schedule.entries });
  }

  restore(saved: unknown): void {
    const { state, entries } = structuredClone(saved) as { state: Record<string, unknown>; entries: unknown };
    Object.assign(this, state);
    (this.schedule as unknown as { entries: unknown }).entries = entries;
  }

  /** Votes of `account`: the voting units of every account delegating to it. */
  votesOf(account: string): bigint {
    let votes = 0n;
    for (const [delegator, delegatee] of this.delegation) {
      if (delegatee === account) votes += this.votingUnits.get(delegator) ?? 0n;
    }
    return votes;
  }

  delegate(account: string, delegatee: string): void {
    this.delegation.set(account, delegatee);
  }

  balanceOf(account: string): bigint {
    return this.balances.get(account) ?? 0n;
  }

  private credit(account: string, amount: bigint) {
    this.balances.set(account, this.balanceOf(account) + amount);
  }

  private debit(account: string, amount: bigint) {
    const balance = this.balanceOf(account);
    if (balance < amount) throw new ModelRevert("ERC20InsufficientBalance");
    this.balances.set(account, balance - amount);
  }

  currentYear(block: bigint): bigint {
    return (block - this.startBlock) / BLOCKS_PER_YEAR;
  }

  // ------------------------------------------------------------------ emission

  accrue(block: bigint): void {
    if (this.lastAccrualBlock === block) return;
    const supplyBefore = this.supply;
    // Zero or dust stake (below supply / 1e6): the treasury takes the mint.
    const dust = this.totalStaked === 0n || this.totalStaked * 1_000_000n < supplyBefore;
    let minted = 0n;
    let toTreasury = 0n;
    let toValidators = 0n;
    const segment = (to: bigint) => {
      const m = mintBetween(this.schedule, this.startBlock, supplyBefore + minted, this.lastAccrualBlock, to);
      this.lastAccrualBlock = to;
      if (m === 0n) return;
      minted += m;
      if (dust) {
        toTreasury += m;
        return;
      }
      const v = mulDiv(m, this.params.delta, WAD);
      toValidators += v;
      this.rewardPerToken += mulDiv(m - v, RAY, this.totalStaked);
    };
    // The mint is split at every commission-switch block crossed; the accumulator is recorded there.
    while (this.switchBlocks.length > 0 && this.switchBlocks[0] <= block) {
      const switchBlock = this.switchBlocks.shift()!;
      segment(switchBlock);
      this.rewardPerTokenAtSwitch.set(switchBlock, this.rewardPerToken);
    }
    segment(block);
    this.supply += minted;
    this.mintedTotal += minted;
    this.validatorRewardsOwed += toValidators;
    if (toTreasury !== 0n) this.credit(this.treasury, toTreasury);
    if (minted - toTreasury !== 0n) this.credit(this.poolAddress, minted - toTreasury);
  }

  private scheduleSwitch(block: bigint) {
    const refs = this.switchRefs.get(block) ?? 0;
    if (refs === 0) {
      this.switchBlocks.push(block);
      this.switchBlocks.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    this.switchRefs.set(block, refs + 1);
  }

  private unscheduleSwitch(block: bigint) {
    const refs = this.switchRefs.get(block)! - 1;
    this.switchRefs.set(block, refs);
    if (refs === 0) this.switchBlocks = this.switchBlocks.filter((b) => b !== block);
  }

  private creditValidator(v: ModelValidator, toRewardPerToken: bigint) {
    if (toRewardPerToken === v.rewardPerTokenPaid) return;
    const earned = mulDiv(v.bondedTokens, toRewardPerToken - v.rewardPerTokenPaid, RAY);
    if (earned !== 0n) {
      const commission = mulDiv(earned, v.commission, WAD);
      v.commissionOwed += commission;
      v.rewardPerShare += mulDiv(earned - commission, RAY, v.bondedShares);
    }
    v.rewardPerTokenPaid = toRewardPerToken;
  }

  private settleValidator(v: ModelValidator, block: bigint) {
    if (v.commissionEffective !== 0n && v.commissionEffective <= block) {
      this.creditValidator(v, this.rewardPerTokenAtSwitch.get(v.commissionEffective)!);
      v.commission = v.pendingCommission;
      v.commissionEffective = 0n;
    }
    this.creditValidator(v, this.rewardPerToken);
  }

  private position(account: string, validator: string): ModelPosition {
    const key = `${account}:${validator}`;
    let p = this.positions.get(key);
    if (!p) {
      p = { shares: 0n, rewardPerSharePaid: 0n, votingUnits: 0n };
      this.positions.set(key, p);
    }
    return p;
  }

  private settlePosition(p: ModelPosition, v: ModelValidator): bigint {
    const reward = mulDiv(p.shares, v.rewardPerShare - p.rewardPerSharePaid, RAY);
    p.rewardPerSharePaid = v.rewardPerShare;
    return reward;
  }

  private static tokensFor(shares: bigint, tokens: bigint, totalShares: bigint): bigint {
    return totalShares === 0n ? 0n : mulDiv(shares, tokens, totalShares);
  }

  private syncVotes(account: string, p: ModelPosition, value: bigint) {
    const delta = value - p.votingUnits;
    p.votingUnits = value;
    this.votingUnits.set(account, (this.votingUnits.get(account) ?? 0n) + delta);
  }

  private checkSize(account: string, validator: string, status: Status, value: bigint) {
    if (account === validator && status === Status.Active && value < this.params.minSelfStake) {
      throw new ModelRevert("SelfStakeBelowMinimum");
    }
    if (value !== 0n && value < this.params.minStake) throw new ModelRevert("PositionBelowMinimum");
  }

  // ------------------------------------------------------------------ operations
  // Each operation runs on a copy-free model: it validates everything before changing state, in the
  // contract's order of checks, so a ModelRevert leaves the model unchanged.

  /** Bonds without moving tokens; returns [shares, reward settled]. Contract order of checks. */
  private bond(account: string, validatorAddress: string, amount: bigint, block: bigint): [bigint, bigint] {
    if (amount === 0n) throw new ModelRevert("ZeroAmount");
    const v = this.validators.get(validatorAddress);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    if (v.status !== Status.Active) throw new ModelRevert("ValidatorNotActive");
    // A jailed validator takes only its operator's stake (a top-up).
    if (v.jailedUntil > block && account !== validatorAddress) throw new ModelRevert("ValidatorJailed");
    this.accrue(block);
    this.settleValidator(v, block);
    const p = this.position(account, validatorAddress);
    const reward = this.settlePosition(p, v);
    const shares = v.bondedShares === 0n ? amount : mulDiv(amount, v.bondedShares, v.bondedTokens);
    if (shares === 0n) throw new ModelRevert("ZeroShares");
    p.shares += shares;
    v.bondedTokens += amount;
    v.bondedShares += shares;
    const value = StakingModel.tokensFor(p.shares, v.bondedTokens, v.bondedShares);
    this.checkSize(account, validatorAddress, v.status, value);
    this.totalStaked += amount;
    // The operator's top-up reached the minimum (checked above): back to the timed jail kept aside.
    if (v.jailedUntil === SHORTFALL_JAIL) {
      v.jailedUntil = v.jailEndAfterTopUp;
      v.jailEndAfterTopUp = 0n;
    }
    this.syncVotes(account, p, value);
    return [shares, reward];
  }

  /** Number of listed candidates. */
  get candidateCount(): number {
    return this.candidates.length;
  }

  /** The pool's `_makeRoom`: on a full list, displace the smallest candidate if `stake` exceeds it. */
  private makeRoom(newcomer: string, stake: bigint): void {
    const cap = Number(this.params.candidateCap);
    if (this.candidates.length < cap) return;
    if (this.candidates.length > cap) throw new ModelRevert("CandidateCapReached");
    const [smallest, smallestStake] = this.smallestCandidate();
    if (stake <= smallestStake) throw new ModelRevert("CandidateListFull");
    this.removeFromList(smallest);
    void newcomer;
  }

  /** The listed candidate with the least bonded stake, the first in list order on a tie. */
  private smallestCandidate(): [string, bigint] {
    let smallest = "";
    let smallestStake = 2n ** 256n - 1n;
    for (const operator of this.candidates) {
      const bonded = this.validators.get(operator)!.bondedTokens;
      if (bonded < smallestStake) [smallest, smallestStake] = [operator, bonded];
    }
    return [smallest, smallestStake];
  }

  /** Swap-and-pop removal, as the pool's `_removeFromList`. */
  private removeFromList(operator: string): void {
    const index = this.candidates.indexOf(operator);
    if (index < 0) return;
    const last = this.candidates.pop()!;
    if (index < this.candidates.length) this.candidates[index] = last;
  }

  /** The pool's `relist`, when an operator stakes to its displaced validator. */
  private relist(operator: string): void {
    const cap = Number(this.params.candidateCap);
    if (this.candidates.length >= cap) {
      if (this.candidates.length > cap) return;
      const [smallest, smallestStake] = this.smallestCandidate();
      if (this.validators.get(operator)!.bondedTokens <= smallestStake) return;
      this.removeFromList(smallest);
    }
    this.candidates.push(operator);
  }

  stake(account: string, validator: string, amount: bigint, block: bigint): void {
    const [, reward] = this.bond(account, validator, amount, block);
    if (account === validator && !this.candidates.includes(validator)) this.relist(validator);
    // The pending reward is netted against the deposit, as the contract does.
    if (amount > reward) this.transfer(account, this.poolAddress, amount - reward);
    else if (reward > amount) this.transfer(this.poolAddress, account, reward - amount);
  }

  unstake(account: string, validatorAddress: string, amount: bigint, block: bigint): bigint {
    if (amount === 0n) throw new ModelRevert("ZeroAmount");
    const v = this.validators.get(validatorAddress);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    this.accrue(block);
    this.settleValidator(v, block);
    const p = this.position(account, validatorAddress);
    const value = StakingModel.tokensFor(p.shares, v.bondedTokens, v.bondedShares);
    if (amount > value) throw new ModelRevert("InsufficientStake");
    const burned = amount === value ? p.shares : mulDivUp(amount, v.bondedShares, v.bondedTokens);
    const remaining = StakingModel.tokensFor(
      p.shares - burned,
      v.bondedTokens - amount,
      v.bondedShares - burned,
    );
    this.checkSize(account, validatorAddress, v.status, remaining);
    const ring = this.ring(account);
    if (ring.count === MAX_ENTRIES) throw new ModelRevert("TooManyUnbondingEntries");
    const reward = this.settlePosition(p, v);
    p.shares -= burned;
    v.bondedTokens -= amount;
    v.bondedShares -= burned;
    this.totalStaked -= amount;
    this.syncVotes(account, p, remaining);
    const maturity = this.queue(account, validatorAddress, v, amount, block);
    if (reward !== 0n) {
      this.debit(this.poolAddress, reward);
      this.credit(account, reward);
    }
    return maturity;
  }

  private ring(account: string) {
    let ring = this.rings.get(account);
    if (!ring) {
      ring = { head: 0, count: 0, lastMaturity: 0n, entries: [] };
      this.rings.set(account, ring);
    }
    return ring;
  }

  private queue(
    account: string,
    validator: string,
    v: ModelValidator,
    amount: bigint,
    block: bigint,
  ): bigint {
    const ring = this.ring(account);
    let maturity = block + this.params.unbondingBlocks;
    if (maturity < ring.lastMaturity) maturity = ring.lastMaturity;
    const shares = v.unbondingShares === 0n ? amount : mulDiv(amount, v.unbondingShares, v.unbondingTokens);
    v.unbondingTokens += amount;
    v.unbondingShares += shares;
    ring.entries[(ring.head + ring.count) % MAX_ENTRIES] = { validator, maturity, shares };
    ring.count += 1;
    ring.lastMaturity = maturity;
    return maturity;
  }

  withdraw(account: string, block: bigint): bigint {
    const ring = this.ring(account);
    let total = 0n;
    let entries = 0;
    let { head, count } = ring;
    const updates: (() => void)[] = [];
    const pools = new Map<string, { tokens: bigint; shares: bigint }>();
    while (count !== 0) {
      const entry = ring.entries[head];
      if (entry.maturity > block) break;
      const v = this.validators.get(entry.validator)!;
      const pool = pools.get(entry.validator) ?? { tokens: v.unbondingTokens, shares: v.unbondingShares };
      if (pool.shares !== 0n) {
        const tokens = mulDiv(entry.shares, pool.tokens, pool.shares);
        pool.tokens -= tokens;
        pool.shares -= entry.shares;
        total += tokens;
      }
      pools.set(entry.validator, pool);
      head = (head + 1) % MAX_ENTRIES;
      count -= 1;
      entries += 1;
    }
    if (entries === 0) throw new ModelRevert("NothingToWithdraw");
    for (const [address, pool] of pools) {
      const v = this.validators.get(address)!;
      updates.push(() => {
        v.unbondingTokens = pool.tokens;
        v.unbondingShares = pool.shares;
      });
    }
    updates.forEach((apply) => apply());
    ring.head = head;
    ring.count = count;
    this.debit(this.poolAddress, total);
    this.credit(account, total);
    return total;
  }

  private collect(account: string, validatorAddress: string, block: bigint): bigint {
    const v = this.validators.get(validatorAddress);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    this.accrue(block);
    this.settleValidator(v, block);
    const p = this.position(account, validatorAddress);
    const reward = mulDiv(p.shares, v.rewardPerShare - p.rewardPerSharePaid, RAY);
    const commission = account === validatorAddress ? v.commissionOwed : 0n;
    if (reward + commission === 0n) throw new ModelRevert("NothingToClaim");
    p.rewardPerSharePaid = v.rewardPerShare;
    if (commission !== 0n) v.commissionOwed = 0n;
    return reward + commission;
  }

  claim(account: string, validator: string, block: bigint): bigint {
    const amount = this.collect(account, validator, block);
    this.debit(this.poolAddress, amount);
    this.credit(account, amount);
    return amount;
  }

  compound(account: string, validator: string, block: bigint): bigint {
    const amount = this.collect(account, validator, block);
    this.bond(account, validator, amount, block);
    return amount;
  }

  /**
   * `proofValid`: whether the signer proof is the signer key's signature for this operator (the
   * chain checks it first, after the zero-address check).
   */
  register(
    operator: string,
    signer: string,
    commission: bigint,
    selfStake: bigint,
    block: bigint,
    proofValid = true,
  ): void {
    if (!proofValid) throw new ModelRevert("InvalidSignerProof");
    const existing = this.validators.get(operator);
    if (existing && existing.status !== Status.None) throw new ModelRevert("AlreadyRegistered");
    for (const v of this.validators.values()) {
      if (v.signer === signer && v.status === Status.Active) throw new ModelRevert("SignerInUse");
    }
    // A signer stays reserved while its last validator is jailed, and forever once it is tombstoned.
    const previousOperator = this.lastOperatorOfSigner.get(signer);
    if (previousOperator !== undefined) {
      const previous = this.validators.get(previousOperator)!;
      const untilBlock = previous.status === Status.Tombstoned ? 2n ** 256n - 1n : previous.jailedUntil;
      if (untilBlock > block) throw new ModelRevert("SignerReserved");
    }
    if (commission > this.params.maxCommission) throw new ModelRevert("CommissionAboveMax");
    this.makeRoom(operator, selfStake);
    this.accrue(block);
    this.validators.set(operator, {
      status: Status.Active,
      signer,
      jailedUntil: 0n,
      jailEndAfterTopUp: 0n,
      bondedTokens: 0n,
      bondedShares: 0n,
      unbondingTokens: 0n,
      unbondingShares: 0n,
      commission,
      pendingCommission: 0n,
      commissionEffective: 0n,
      rewardPerTokenPaid: this.rewardPerToken,
      rewardPerShare: 0n,
      commissionOwed: 0n,
    });
    this.candidates.push(operator);
    this.bond(operator, operator, selfStake, block);
    this.transfer(operator, this.poolAddress, selfStake);
  }

  setCommission(operator: string, commission: bigint, block: bigint): void {
    const v = this.validators.get(operator);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    if (v.status !== Status.Active) throw new ModelRevert("ValidatorNotActive");
    this.accrue(block);
    this.settleValidator(v, block);
    if (commission > this.params.maxCommission) throw new ModelRevert("CommissionAboveMax");
    const change = commission > v.commission ? commission - v.commission : v.commission - commission;
    if (change > this.params.maxCommissionChange) throw new ModelRevert("CommissionChangeTooLarge");
    if (v.commissionEffective !== 0n) this.unscheduleSwitch(v.commissionEffective);
    v.pendingCommission = commission;
    if (this.params.commissionDelayBlocks === 0n) {
      v.commission = commission;
      v.commissionEffective = 0n;
    } else {
      v.commissionEffective = commissionEffectiveBlock(block, this.params.commissionDelayBlocks);
      this.scheduleSwitch(v.commissionEffective);
    }
  }

  deregister(operator: string, block: bigint): void {
    const v = this.validators.get(operator);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    if (v.status !== Status.Active) throw new ModelRevert("ValidatorNotActive");
    if (this.ring(operator).count === MAX_ENTRIES) throw new ModelRevert("TooManyUnbondingEntries");
    this.accrue(block);
    this.settleValidator(v, block);
    const p = this.position(operator, operator);
    const reward = this.settlePosition(p, v);
    const selfStake = StakingModel.tokensFor(p.shares, v.bondedTokens, v.bondedShares);
    v.bondedTokens -= selfStake;
    v.bondedShares -= p.shares;
    v.status = Status.Deregistered;
    this.lastOperatorOfSigner.set(v.signer, operator);
    v.commission = 0n;
    if (v.commissionEffective !== 0n) this.unscheduleSwitch(v.commissionEffective);
    v.commissionEffective = 0n;
    this.removeFromList(operator);
    p.shares = 0n;
    this.totalStaked -= selfStake;
    this.syncVotes(operator, p, 0n);
    this.queue(operator, operator, v, selfStake, block);
    if (reward !== 0n) {
      this.debit(this.poolAddress, reward);
      this.credit(operator, reward);
    }
  }

  slash(validatorAddress: string, fraction: bigint, block: bigint): void {
    if (fraction > WAD) throw new ModelRevert("SlashFractionTooLarge");
    const v = this.validators.get(validatorAddress);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    this.accrue(block);
    this.settleValidator(v, block);
    const bondedBurned = mulDiv(v.bondedTokens, fraction, WAD);
    const unbondingBurned = mulDiv(v.unbondingTokens, fraction, WAD);
    v.bondedTokens -= bondedBurned;
    v.unbondingTokens -= unbondingBurned;
    this.totalStaked -= bondedBurned;
    if (fraction === WAD) {
      v.bondedShares = 0n;
      v.unbondingShares = 0n;
      if (v.status === Status.Active) {
        this.removeFromList(validatorAddress);
        this.lastOperatorOfSigner.set(v.signer, validatorAddress);
      }
      v.status = Status.Tombstoned;
    }
    this.extendJail(v, block + this.params.jailBlocks);
    this.jailIfShortfall(validatorAddress, v, this.params.minSelfStake);
    const burned = bondedBurned + unbondingBurned;
    this.debit(this.poolAddress, burned);
    this.supply -= burned;
    this.burnedTotal += burned;
  }

  /** The pool's jail rule: never shorter; during a shortfall, the timed jail kept for the top-up grows. */
  private extendJail(v: ModelValidator, until: bigint): void {
    if (v.jailedUntil === SHORTFALL_JAIL) {
      if (until > v.jailEndAfterTopUp) v.jailEndAfterTopUp = until;
    } else if (until > v.jailedUntil) v.jailedUntil = until;
  }

  /** A listed validator whose self-stake is below `minSelfStake` is jailed until its operator tops up. */
  private jailIfShortfall(operator: string, v: ModelValidator, minSelfStake: bigint): void {
    // Listed validators only (the pool skips unlisted ones: deregistered, tombstoned, displaced).
    if (!this.candidates.includes(operator) || v.jailedUntil === SHORTFALL_JAIL) return;
    const self = StakingModel.tokensFor(
      this.position(operator, operator).shares,
      v.bondedTokens,
      v.bondedShares,
    );
    if (self >= minSelfStake) return;
    v.jailEndAfterTopUp = v.jailedUntil;
    v.jailedUntil = SHORTFALL_JAIL;
  }

  /** The parameter role raises or lowers `minSelfStake`; a raise jails every listed validator below it. */
  setMinSelfStake(minSelfStake: bigint, block: bigint): void {
    if (minSelfStake < this.params.minStake) throw new ModelRevert("ParameterOutOfRange");
    this.accrue(block);
    const old = this.params.minSelfStake;
    this.params.minSelfStake = minSelfStake;
    if (minSelfStake > old)
      for (const [operator, v] of this.validators) this.jailIfShortfall(operator, v, minSelfStake);
  }

  setInflationRate(year: bigint, rate: bigint, block: bigint): void {
    const now = this.currentYear(block);
    if (year <= now) throw new ModelRevert("YearNotInFuture");
    if (rate > WAD / 10n) throw new ModelRevert("InflationRateTooHigh");
    this.accrue(block);
    this.schedule.set(year, rate);
  }

  setDelta(delta: bigint, block: bigint): void {
    if (delta > WAD / 2n) throw new ModelRevert("ParameterOutOfRange");
    this.accrue(block);
    this.params.delta = delta;
  }

  transfer(from: string, to: string, amount: bigint): void {
    this.debit(from, amount);
    this.credit(to, amount);
  }

  collectValidatorRewards(collector: string, block: bigint): bigint {
    this.accrue(block);
    const amount = this.validatorRewardsOwed;
    this.validatorRewardsOwed = 0n;
    if (amount !== 0n) {
      this.debit(this.poolAddress, amount);
      this.credit(collector, amount);
    }
    return amount;
  }

  // ------------------------------------------------------------------ views (at `block`, no writes)

  /** Runs `view` on the state as it would be after accruing to `block`, then restores the state. */
  private preview<T>(block: bigint, view: () => T): T {
    const saved = this.snapshot();
    this.accrue(block);
    const result = view();
    this.restore(saved);
    return result;
  }

  rewardPerTokenAt(block: bigint): bigint {
    return this.preview(block, () => this.rewardPerToken);
  }

  stakeOf(account: string, validator: string): bigint {
    const v = this.validators.get(validator);
    const p = this.positions.get(`${account}:${validator}`);
    if (!v || !p) return 0n;
    return StakingModel.tokensFor(p.shares, v.bondedTokens, v.bondedShares);
  }

  pendingRewardAt(account: string, validator: string, block: bigint): bigint {
    const v = this.validators.get(validator);
    const p = this.positions.get(`${account}:${validator}`);
    if (!v || !p) return 0n;
    return this.preview(block, () => {
      const copy = { ...v };
      this.settleValidator(copy, block);
      return mulDiv(p.shares, copy.rewardPerShare - p.rewardPerSharePaid, RAY);
    });
  }

  pendingCommissionAt(validator: string, block: bigint): bigint {
    const v = this.validators.get(validator);
    if (!v) return 0n;
    return this.preview(block, () => {
      const copy = { ...v };
      this.settleValidator(copy, block);
      return copy.commissionOwed;
    });
  }

  unbondingOf(account: string): { validator: string; maturity: bigint; amount: bigint }[] {
    const ring = this.rings.get(account);
    if (!ring) return [];
    const out = [];
    for (let i = 0; i < ring.count; i++) {
      const entry = ring.entries[(ring.head + i) % MAX_ENTRIES];
      const v = this.validators.get(entry.validator)!;
      out.push({
        validator: entry.validator,
        maturity: entry.maturity,
        amount: StakingModel.tokensFor(entry.shares, v.unbondingTokens, v.unbondingShares),
      });
    }
    return out;
  }
}
