/**
 * A plain TypeScript model of the staking pool (bigint, no floating point), written from the design
 * (SPEC sections 2 and 4): the pool's refusals, balances, jail, candidate list and votes here, its
 * integer accounting (rounding, accrual, settlement, shares, unbonding, slashing) from
 * lib/poolAccounting.ts, which the simulator's exact ledger shares. The property tests drive the chain
 * and this model with the same operations and compare every balance, reward and total.
 */
import {
  accrue,
  BLOCKS_PER_YEAR,
  bondTokens,
  InflationSchedule,
  latestBondedEver,
  lienValue,
  maturityBlock,
  newValidatorAccount,
  PositionAccount,
  positionReward,
  positionValue,
  openLien,
  queueUnbonding,
  recordBondedEver,
  releaseLien,
  releaseUnbonding,
  RewardPool,
  scheduleCommission,
  settlePosition,
  RAY,
  settleValidator,
  sharesToBurn,
  switchClass,
  slashRefusal,
  slashTokens,
  tokensForShares,
  unbondingValue,
  unbondTokens,
  unscheduleSwitch,
  ValidatorAccount,
  WAD,
} from "../../lib/poolAccounting";
import { SHORTFALL_JAIL } from "../../lib/validatorStatus";
import type { RedelegationView } from "../../lib/actions/redelegation";
import { roundStartBlock, type RoundGridTuple } from "../../lib/roundGrid";
import * as votes from "./votesModel";

export enum Status {
  None = 0,
  Active = 1,
  Deregistered = 2,
  Tombstoned = 3,
}

/** A validator: its accounts (lib/poolAccounting.ts, the pool's field names) and its standing. */
export interface ModelValidator extends ValidatorAccount {
  status: Status;
  signer: string;
  jailedUntil: bigint;
  /** The timed jail kept while jailed for a self-stake shortfall (jailedUntil = SHORTFALL_JAIL). */
  jailEndAfterTopUp: bigint;
}

interface ModelPosition extends PositionAccount {
  votingUnits: bigint;
}

interface ModelEntry {
  validator: string;
  maturity: bigint;
  /** Shares of its validator's bucket of `epoch` (the slash epoch it was queued in). */
  shares: bigint;
  epoch: bigint;
}

/** A maturing redelegation (the pool's `RedelegationEntry`). */
interface ModelRedelegation {
  source: string;
  destination: string;
  /** The slash epoch of the move: its lien bucket at `source`, and the shares of it. */
  epoch: bigint;
  shares: bigint;
  /** The lien as its shares valued it at the move; what the source's slashes took of it is burned. */
  lienWei: bigint;
  burnedWei: bigint;
  maturity: bigint;
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
/** The pool's MAX_REDELEGATIONS: redelegations an account may have maturing at once. */
const MAX_REDELEGATIONS = 7;
/** The pool's MAX_LIST_JOINS_PER_ROUND: candidates joining the list in one election round. */
const MAX_LIST_JOINS_PER_ROUND = 64;

export class StakingModel implements RewardPool {
  readonly schedule: InflationSchedule;
  readonly balances = new Map<string, bigint>();
  /** The operator that last unlisted each signer (the pool's `lastOperatorOfSigner`). */
  readonly lastOperatorOfSigner = new Map<string, string>();
  totalSupplyWei: bigint;
  mintedTotal = 0n;
  burnedTotal = 0n;
  totalStakedWei = 0n;
  validatorRewardsOwed = 0n;
  rewardPerTokenRay = 0n;
  lastAccrualBlock: bigint;
  readonly validators = new Map<string, ModelValidator>();
  readonly positions = new Map<string, ModelPosition>();
  readonly rings = new Map<
    string,
    { head: number; count: number; lastMaturity: bigint; entries: ModelEntry[] }
  >();
  /** StakeVotes: per-position units in slash-indexed tokens, delegatees' slots (test/model/votesModel.ts). */
  readonly votes: votes.VotesState = votes.newVotesState();
  /** Each account's maturing redelegations, in the pool's order (removal swaps the last into the gap). */
  readonly redelegations = new Map<string, ModelRedelegation[]>();
  /** Future commission-switch blocks (ascending), validators per block, accumulator at crossed ones. */
  switchBlocks: bigint[] = [];
  switchRefs = new Map<bigint, number>();
  rewardPerTokenAtSwitch = new Map<bigint, bigint>();
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
    this.schedule = new InflationSchedule(initialRate);
    this.totalSupplyWei = initialSupply;
    this.lastAccrualBlock = startBlock;
  }

  /** Validators' direct share of each mint, wad (a parameter the role can change). */
  get deltaWad(): bigint {
    return this.params.delta;
  }

  /** A deep copy of the mutable state; `restore` puts it back (after a ModelRevert). */
  snapshot(): unknown {
    const { schedule, ...state } = this as unknown as Record<string, unknown> & {
      schedule: InflationSchedule;
    };
    return structuredClone({ state, entries: schedule.entries });
  }

  restore(saved: unknown): void {
    this.adopt(structuredClone(saved));
  }

  /** `restore` without the copy: for a snapshot nothing else holds (preview's), used once. */
  private adopt(saved: unknown): void {
    const { state, entries } = saved as { state: Record<string, unknown>; entries: unknown };
    Object.assign(this, state);
    (this.schedule as unknown as { entries: unknown }).entries = entries;
  }

  /** Votes of `account` now (StakeVotes.getVotes). */
  votesOf(account: string): bigint {
    return votes.votesOf(this.votes, account);
  }

  /** `account`'s own voting units now (StakeVotes.votingUnitsOf). */
  votingUnitsOf(account: string): bigint {
    return votes.votingUnitsOf(this.votes, account);
  }

  /** The sum of all voting units now (StakeVotes' total supply). */
  get totalVotingUnits(): bigint {
    return this.votes.totalWei;
  }

  delegate(account: string, delegatee: string): void {
    const previous = this.delegation.get(account);
    this.delegation.set(account, delegatee);
    votes.moveDelegation(this.votes, account, previous, delegatee);
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
    const { mintedWei, toTreasuryWei, toValidatorsWei } = accrue(this, block);
    this.mintedTotal += mintedWei;
    this.validatorRewardsOwed += toValidatorsWei;
    if (toTreasuryWei !== 0n) this.credit(this.treasury, toTreasuryWei);
    if (mintedWei - toTreasuryWei !== 0n) this.credit(this.poolAddress, mintedWei - toTreasuryWei);
  }

  private position(account: string, validator: string): ModelPosition {
    const key = `${account}:${validator}`;
    let p = this.positions.get(key);
    if (!p) {
      p = { shares: 0n, rewardPerSharePaidRay: 0n, votingUnits: 0n };
      this.positions.set(key, p);
    }
    return p;
  }

  private syncVotes(account: string, validator: string, p: ModelPosition, value: bigint) {
    p.votingUnits = value;
    votes.setVotingUnits(this.votes, account, validator, value, this.delegation.get(account));
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
    settleValidator(this, v, block);
    const p = this.position(account, validatorAddress);
    const reward = settlePosition(p, v);
    const shares = bondTokens(this, v, p, amount, block);
    if (shares === 0n) throw new ModelRevert("ZeroShares");
    const value = positionValue(p, v);
    this.checkSize(account, validatorAddress, v.status, value);
    // The operator's top-up reached the minimum (checked above): back to the timed jail kept aside.
    if (v.jailedUntil === SHORTFALL_JAIL) {
      v.jailedUntil = v.jailEndAfterTopUp;
      v.jailEndAfterTopUp = 0n;
    }
    this.syncVotes(account, validatorAddress, p, value);
    return [shares, reward];
  }

  /** Number of listed candidates. */
  get candidateCount(): number {
    return this.candidates.length;
  }

  /**
   * The election's round grid as the pool holds it (`pool.roundGrid()`), once published (the property
   * world sets it); undefined before: no list log is kept then.
   */
  roundGrid?: RoundGridTuple;
  /** The pool's `ListLog` of the current round: joins, who left, and the list as it was at its start. */
  private listRound?: { roundStart: bigint; joins: number; left: Set<string>; startList: string[] };

  /** This round's list log at `block` (started, with the list before any change, if new). */
  private listRoundAt(block: bigint) {
    if (!this.roundGrid) return undefined;
    const roundStart = roundStartBlock(this.roundGrid, block);
    if (this.listRound?.roundStart !== roundStart)
      this.listRound = { roundStart, joins: 0, left: new Set<string>(), startList: [...this.candidates] };
    return this.listRound;
  }

  /**
   * The list the draw of the round containing `block` runs on (`electableCandidates`): in its order at
   * the round's start, and the candidates that left it since (reported with a zero signer).
   */
  drawList(block: bigint): { operators: string[]; left: Set<string> } {
    const round = this.listRound;
    if (!this.roundGrid || !round || round.roundStart !== roundStartBlock(this.roundGrid, block))
      return { operators: [...this.candidates], left: new Set<string>() };
    return { operators: [...round.startList], left: new Set(round.left) };
  }

  /**
   * The pool's `StakingLogic.setAside`: a candidate of this round's draw (listed and unjailed at the
   * round's start: jailed until `jailedBefore` before this jail or departure) stays in it, set aside.
   */
  private setAside(operator: string, jailedBefore: bigint, block: bigint): void {
    const round = this.listRoundAt(block);
    if (round && jailedBefore <= round.roundStart) round.left.add(operator);
  }

  /** Whether `operator` left the list or was jailed in the round containing `block` (set aside if drawn). */
  isSetAside(operator: string, block: bigint): boolean {
    return this.drawList(block).left.has(operator);
  }

  /** The pool's `_joinable`: at most MAX_LIST_JOINS_PER_ROUND joins a round, none by one set aside in it. */
  private joinable(operator: string, block: bigint): boolean {
    const round = this.listRoundAt(block);
    return !round || (round.joins < MAX_LIST_JOINS_PER_ROUND && !round.left.has(operator));
  }

  /** A candidate joins the end of the list (registration, relisting). */
  private join(operator: string, block: bigint): void {
    this.candidates.push(operator);
    const round = this.listRoundAt(block);
    if (round) round.joins++;
  }

  /** The pool's `_makeRoom`: on a full list, displace the smallest candidate if `stake` exceeds it. */
  private makeRoom(newcomer: string, stake: bigint, block: bigint): void {
    if (!this.joinable(newcomer, block)) throw new ModelRevert("CandidateJoinsThisRoundFull");
    const cap = Number(this.params.candidateCap);
    if (this.candidates.length < cap) return;
    if (this.candidates.length > cap) throw new ModelRevert("CandidateCapReached");
    const [smallest, smallestStake] = this.smallestCandidate();
    if (stake <= smallestStake) throw new ModelRevert("CandidateListFull");
    this.removeFromList(smallest, block);
  }

  /** The listed candidate with the least bonded stake, the first in list order on a tie. */
  private smallestCandidate(): [string, bigint] {
    let smallest = "";
    let smallestStake = 2n ** 256n - 1n;
    for (const operator of this.candidates) {
      const bonded = this.validators.get(operator)!.bondedTokensWei;
      if (bonded < smallestStake) [smallest, smallestStake] = [operator, bonded];
    }
    return [smallest, smallestStake];
  }

  /** Swap-and-pop removal, as the pool's `_removeFromList`; logged for this round's draw. */
  private removeFromList(operator: string, block: bigint): void {
    const index = this.candidates.indexOf(operator);
    if (index < 0) return;
    this.setAside(operator, this.validators.get(operator)!.jailedUntil, block);
    const last = this.candidates.pop()!;
    if (index < this.candidates.length) this.candidates[index] = last;
  }

  /** The pool's `relist`, when an operator stakes to its displaced validator. */
  private relist(operator: string, block: bigint): void {
    if (!this.joinable(operator, block)) return;
    const cap = Number(this.params.candidateCap);
    if (this.candidates.length >= cap) {
      if (this.candidates.length > cap) return;
      const [smallest, smallestStake] = this.smallestCandidate();
      if (this.validators.get(operator)!.bondedTokensWei <= smallestStake) return;
      this.removeFromList(smallest, block);
    }
    this.join(operator, block);
  }

  stake(account: string, validator: string, amount: bigint, block: bigint): void {
    const [, reward] = this.bond(account, validator, amount, block);
    if (account === validator && !this.candidates.includes(validator)) this.relist(validator, block);
    // The pending reward is netted against the deposit, as the contract does.
    if (amount > reward) this.transfer(account, this.poolAddress, amount - reward);
    else if (reward > amount) this.transfer(this.poolAddress, account, reward - amount);
  }

  unstake(account: string, validatorAddress: string, amount: bigint, block: bigint): bigint {
    if (amount === 0n) throw new ModelRevert("ZeroAmount");
    const v = this.validators.get(validatorAddress);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    // Stake redelegated here stays until it can no longer be slashed for its source's past.
    const locked = this.settle(account, block, validatorAddress);
    const reward = this.unbond(account, validatorAddress, v, amount, locked, block);
    const ring = this.ring(account);
    if (ring.count === MAX_ENTRIES) throw new ModelRevert("TooManyUnbondingEntries");
    const maturity = this.queue(account, validatorAddress, v, amount, block);
    if (reward !== 0n) {
      this.debit(this.poolAddress, reward);
      this.credit(account, reward);
    }
    return maturity;
  }

  /**
   * `StakingLogic.unbond` and the lock check of `unstake` and `redelegate`: takes `amount` of `account`'s
   * stake at the known validator `v` out of its bonded pool (accrued and settled), refusing more than the
   * position, a position left under a minimum, or one below `locked` (what was redelegated there and is
   * still slashable). Returns the position's settled reward, owed to `account`.
   */
  private unbond(
    account: string,
    validatorAddress: string,
    v: ModelValidator,
    amount: bigint,
    locked: bigint,
    block: bigint,
  ): bigint {
    this.accrue(block);
    settleValidator(this, v, block);
    const p = this.position(account, validatorAddress);
    const value = positionValue(p, v);
    if (amount > value) throw new ModelRevert("InsufficientStake");
    const burned = sharesToBurn(p, v, amount, value);
    const reward = settlePosition(p, v);
    unbondTokens(this, v, p, amount, burned, amount === value);
    const remaining = positionValue(p, v);
    // A refusal below leaves the model to be restored by the harness (the contract reverts).
    this.checkSize(account, validatorAddress, v.status, remaining);
    if (remaining < locked) throw new ModelRevert("RedelegationLocked");
    this.syncVotes(account, validatorAddress, p, remaining);
    return reward;
  }

  /**
   * The pool's `redelegate`: `amount` of `account`'s stake at `source` moves to `destination` at once,
   * with a lien on `source` for its earlier infractions. Returns the maturity block.
   */
  redelegate(account: string, source: string, destination: string, amount: bigint, block: bigint): bigint {
    if (amount === 0n) throw new ModelRevert("ZeroAmount");
    if (source === destination || destination === account) throw new ModelRevert("InvalidRedelegation");
    const from = this.validators.get(source);
    if (!from || from.status === Status.None) throw new ModelRevert("UnknownValidator");
    const locked = this.settle(account, block, source);
    const reward = this.unbond(account, source, from, amount, locked, block);
    const [, destinationReward] = this.bond(account, destination, amount, block);
    const entries = this.redelegations.get(account) ?? [];
    if (entries.length === MAX_REDELEGATIONS) throw new ModelRevert("TooManyRedelegations");
    const { shares, epoch, lienWei } = openLien(from, amount, block);
    const maturity = block + this.params.unbondingBlocks;
    entries.push({ source, destination, epoch, shares, lienWei, burnedWei: 0n, maturity });
    this.redelegations.set(account, entries);
    if (reward + destinationReward !== 0n) {
      this.debit(this.poolAddress, reward + destinationReward);
      this.credit(account, reward + destinationReward);
    }
    return maturity;
  }

  /** The pool's `settleRedelegations(account)` (anyone may call it). */
  settleRedelegations(account: string, block: bigint): void {
    this.settle(account, block, undefined);
  }

  /**
   * `RedelegationLiens.settle`: burns at each destination what the source's slashes took since, releases
   * the matured entries; returns what is still slashable of the entries redelegated to `lockedAt`.
   */
  private settle(account: string, block: bigint, lockedAt: string | undefined): bigint {
    const entries = this.redelegations.get(account);
    if (!entries) return 0n;
    let locked = 0n;
    for (let i = 0; i < entries.length;) {
      const e = entries[i]!;
      const source = this.validators.get(e.source)!;
      const slashable = lienValue(source, e.epoch, e.shares, e.lienWei);
      const taken = e.lienWei - slashable;
      if (taken > e.burnedWei) {
        this.burnAtDestination(account, e.destination, taken - e.burnedWei, block);
        e.burnedWei = taken;
      }
      if (block < e.maturity) {
        if (e.destination === lockedAt) locked += slashable;
        i++;
        continue;
      }
      releaseLien(source, e.epoch, e.shares, slashable);
      const last = entries.pop()!;
      if (i < entries.length) entries[i] = last;
    }
    return locked;
  }

  /** `RedelegationLiens._burnAtDestination`: a slash of the account's position at `destination` alone. */
  private burnAtDestination(account: string, destination: string, owed: bigint, block: bigint): void {
    const v = this.validators.get(destination)!;
    this.accrue(block);
    settleValidator(this, v, block);
    const p = this.position(account, destination);
    const reward = settlePosition(p, v);
    const value = positionValue(p, v);
    const burned = owed < value ? owed : value;
    if (burned !== 0n) {
      const shares = sharesToBurn(p, v, burned, value);
      recordBondedEver(v, block, latestBondedEver(v) - burned);
      unbondTokens(this, v, p, burned, shares, burned === value);
      this.debit(this.poolAddress, burned);
      this.totalSupplyWei -= burned;
      this.burnedTotal += burned;
    }
    this.syncVotes(account, destination, p, positionValue(p, v));
    if (reward !== 0n) {
      this.debit(this.poolAddress, reward);
      this.credit(account, reward);
    }
  }

  /** `redelegationsOf(account)`, in the pool's order. */
  redelegationsOf(account: string): RedelegationView[] {
    return (this.redelegations.get(account) ?? []).map((e) => {
      const slashable = lienValue(this.validators.get(e.source)!, e.epoch, e.shares, e.lienWei);
      const taken = e.lienWei - slashable;
      return {
        source: e.source,
        destination: e.destination,
        amountWei: e.lienWei,
        slashableWei: slashable,
        owedWei: taken > e.burnedWei ? taken - e.burnedWei : 0n,
        maturityBlock: e.maturity,
      };
    });
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
    const maturity = maturityBlock(block, this.params.unbondingBlocks, ring.lastMaturity);
    const { shares, epoch } = queueUnbonding(v, amount, block);
    ring.entries[(ring.head + ring.count) % MAX_ENTRIES] = { validator, maturity, shares, epoch };
    ring.count += 1;
    ring.lastMaturity = maturity;
    return maturity;
  }

  withdraw(account: string, block: bigint): bigint {
    const ring = this.ring(account);
    let { head, count } = ring;
    const matured: ModelEntry[] = [];
    while (count !== 0) {
      const entry = ring.entries[head];
      if (entry.maturity > block) break;
      matured.push(entry);
      head = (head + 1) % MAX_ENTRIES;
      count -= 1;
    }
    if (matured.length === 0) throw new ModelRevert("NothingToWithdraw");
    let total = 0n;
    for (const entry of matured) {
      total += releaseUnbonding(this.validators.get(entry.validator)!, entry.epoch, entry.shares);
    }
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
    const amount = this.take(account, validatorAddress);
    if (amount === 0n) throw new ModelRevert("NothingToClaim");
    return amount;
  }

  /** Settles a known validator (accrued) and zeroes `account`'s reward there, plus the operator's commission. */
  private take(account: string, validatorAddress: string): bigint {
    const v = this.validators.get(validatorAddress)!;
    settleValidator(this, v, this.lastAccrualBlock);
    const p = this.position(account, validatorAddress);
    const reward = positionReward(p, v);
    const commission = account === validatorAddress ? v.commissionOwedWei : 0n;
    settlePosition(p, v);
    if (commission !== 0n) v.commissionOwedWei = 0n;
    return reward + commission;
  }

  /** `account`'s positions (shares > 0), plus its own validator when it is an operator without a self-position. */
  private positionValidators(account: string): string[] {
    const validators = [...this.positions.entries()]
      .filter(([key, p]) => key.startsWith(`${account}:`) && p.shares > 0n)
      .map(([key]) => key.split(":")[1]);
    const own = this.validators.get(account);
    if (own && own.status !== Status.None && !validators.includes(account)) validators.push(account);
    return validators;
  }

  /** Every position's reward (and an operator's commission), one payment. */
  claimAll(account: string, block: bigint): bigint {
    this.accrue(block);
    let amount = 0n;
    for (const validator of this.positionValidators(account)) amount += this.take(account, validator);
    if (amount === 0n) throw new ModelRevert("NothingToClaim");
    this.debit(this.poolAddress, amount);
    this.credit(account, amount);
    return amount;
  }

  /** Every position's reward restaked where a `compound` would succeed, the rest paid. */
  compoundAll(account: string, block: bigint): [bigint, bigint] {
    this.accrue(block);
    let compounded = 0n;
    let paid = 0n;
    for (const validator of this.positionValidators(account)) {
      const reward = this.take(account, validator);
      if (reward === 0n) continue;
      const saved = this.snapshot();
      try {
        this.bond(account, validator, reward, block);
        compounded += reward;
      } catch (error) {
        if (!(error instanceof ModelRevert)) throw error;
        this.restore(saved);
        paid += reward;
      }
    }
    if (compounded + paid === 0n) throw new ModelRevert("NothingToClaim");
    this.debit(this.poolAddress, paid);
    this.credit(account, paid);
    return [compounded, paid];
  }

  /**
   * `setCompounding`: moves `account`'s position at `validatorAddress` into its compounding class (`on`)
   * or back, after settling; pays the position's reward. Returns the reward paid.
   */
  setCompounding(account: string, validatorAddress: string, on: boolean, block: bigint): bigint {
    if (account === validatorAddress) throw new ModelRevert("SelfStakeCannotCompound");
    const v = this.validators.get(validatorAddress);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    const p = this.position(account, validatorAddress);
    if ((p.compounding === true) === on) throw new ModelRevert("CompoundingUnchanged");
    this.accrue(block);
    settleValidator(this, v, block);
    const reward = settlePosition(p, v);
    if (!switchClass(p, v, on)) throw new ModelRevert("ZeroShares");
    this.syncVotes(account, validatorAddress, p, positionValue(p, v));
    this.debit(this.poolAddress, reward);
    this.credit(account, reward);
    return reward;
  }

  /** `settleValidator` (anyone): accrues and settles `validatorAddress`, bonding its class's reward. */
  settleValidatorNow(validatorAddress: string, block: bigint): void {
    const v = this.validators.get(validatorAddress);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    this.accrue(block);
    settleValidator(this, v, block);
  }

  /** `syncVotingUnits(account, validator)` (anyone): re-counts the position's value now (a compounding
   * position's validator settled first). */
  syncVotingUnits(account: string, validatorAddress: string, block: bigint): void {
    const p = this.positions.get(`${account}:${validatorAddress}`);
    const v = this.validators.get(validatorAddress);
    if (p?.compounding === true && v) {
      this.accrue(block);
      settleValidator(this, v, block);
    }
    const value = p && v ? positionValue(p, v) : 0n;
    if (p) p.votingUnits = value;
    votes.setVotingUnits(this.votes, account, validatorAddress, value, this.delegation.get(account));
  }

  /** `isCompounding`. */
  isCompounding(account: string, validator: string): boolean {
    return this.positions.get(`${account}:${validator}`)?.compounding === true;
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
    this.makeRoom(operator, selfStake, block);
    this.accrue(block);
    this.validators.set(operator, {
      status: Status.Active,
      signer,
      jailedUntil: 0n,
      jailEndAfterTopUp: 0n,
      ...newValidatorAccount(commission, this.rewardPerTokenRay),
    });
    this.join(operator, block);
    this.bond(operator, operator, selfStake, block);
    this.transfer(operator, this.poolAddress, selfStake);
  }

  setCommission(operator: string, commission: bigint, block: bigint): void {
    const v = this.validators.get(operator);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    if (v.status !== Status.Active) throw new ModelRevert("ValidatorNotActive");
    this.accrue(block);
    settleValidator(this, v, block);
    if (commission > this.params.maxCommission) throw new ModelRevert("CommissionAboveMax");
    const change = commission > v.commissionWad ? commission - v.commissionWad : v.commissionWad - commission;
    if (change > this.params.maxCommissionChange) throw new ModelRevert("CommissionChangeTooLarge");
    scheduleCommission(this, v, commission, block, this.params.commissionDelayBlocks);
  }

  deregister(operator: string, block: bigint): void {
    const v = this.validators.get(operator);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    if (v.status !== Status.Active) throw new ModelRevert("ValidatorNotActive");
    if (this.ring(operator).count === MAX_ENTRIES) throw new ModelRevert("TooManyUnbondingEntries");
    this.accrue(block);
    settleValidator(this, v, block);
    const p = this.position(operator, operator);
    const reward = settlePosition(p, v);
    const selfStake = positionValue(p, v);
    v.status = Status.Deregistered;
    this.lastOperatorOfSigner.set(v.signer, operator);
    v.commissionWad = 0n;
    if (v.commissionEffectiveBlock !== 0n) unscheduleSwitch(this, v.commissionEffectiveBlock);
    v.commissionEffectiveBlock = 0n;
    this.removeFromList(operator, block);
    unbondTokens(this, v, p, selfStake, p.shares);
    this.syncVotes(operator, operator, p, 0n);
    this.queue(operator, operator, v, selfStake, block);
    if (reward !== 0n) {
      this.debit(this.poolAddress, reward);
      this.credit(operator, reward);
    }
  }

  /**
   * The pool's `slash(validator, fraction, infractionBlock, reason)` mined in `block`; with `report`,
   * its `slashDoubleSign(validator, fraction, infractionBlock, reporter, reporterShareWad)`: the same
   * slash that tombstones whatever the fraction and pays the reporter
   * min(floor(taken * share / 1e18), what the operator's own bonded position lost), burning the rest.
   */
  slash(
    validatorAddress: string,
    fraction: bigint,
    infractionBlock: bigint,
    block: bigint,
    report?: { reporter: string; shareWad: bigint },
  ): { bondedBurnedWei: bigint; unbondingBurnedWei: bigint; reporterRewardWei: bigint } {
    const refusal = slashRefusal(
      fraction,
      infractionBlock,
      block,
      this.params.unbondingBlocks,
      report?.shareWad,
    );
    if (refusal) throw new ModelRevert(refusal.error);
    const v = this.validators.get(validatorAddress);
    if (!v || v.status === Status.None) throw new ModelRevert("UnknownValidator");
    this.accrue(block);
    settleValidator(this, v, block);
    const selfBefore = positionValue(this.position(validatorAddress, validatorAddress), v);
    const bondedBefore = v.bondedTokensWei;
    const { bondedBurnedWei: bondedBurned, unbondingBurnedWei: unbondingBurned } = slashTokens(
      this,
      v,
      fraction,
      infractionBlock,
      block,
    );
    if (bondedBurned !== 0n)
      votes.recordSlash(this.votes, validatorAddress, bondedBefore, bondedBefore - bondedBurned);
    // What the operator's own bonded position lost (before a 100% slash voids the shares).
    const selfLost = selfBefore - positionValue(this.position(validatorAddress, validatorAddress), v);
    if (fraction === WAD || report) {
      if (v.status === Status.Active) {
        this.removeFromList(validatorAddress, block);
        this.lastOperatorOfSigner.set(v.signer, validatorAddress);
      }
      v.status = Status.Tombstoned;
      // A tombstone ends the commission and cancels a scheduled change, as a deregistration does.
      v.commissionWad = 0n;
      if (v.commissionEffectiveBlock !== 0n) unscheduleSwitch(this, v.commissionEffectiveBlock);
      v.commissionEffectiveBlock = 0n;
    }
    this.extendJail(validatorAddress, v, block + this.params.jailBlocks, block);
    this.jailIfShortfall(validatorAddress, v, this.params.minSelfStake, block);
    const taken = bondedBurned + unbondingBurned;
    let reward = 0n;
    if (report) {
      reward = (taken * report.shareWad) / WAD;
      if (reward > selfLost) reward = selfLost;
      if (reward !== 0n) this.credit(report.reporter, reward);
    }
    const burned = taken - reward;
    this.debit(this.poolAddress, taken);
    this.totalSupplyWei -= burned;
    this.burnedTotal += burned;
    return { bondedBurnedWei: bondedBurned, unbondingBurnedWei: unbondingBurned, reporterRewardWei: reward };
  }

  /** The pool's jail rule: never shorter; during a shortfall, the timed jail kept for the top-up grows. */
  private extendJail(operator: string, v: ModelValidator, until: bigint, block: bigint): void {
    if (v.jailedUntil === SHORTFALL_JAIL) {
      if (until > v.jailEndAfterTopUp) v.jailEndAfterTopUp = until;
    } else if (until > v.jailedUntil) {
      if (this.candidates.includes(operator)) this.setAside(operator, v.jailedUntil, block);
      v.jailedUntil = until;
    }
  }

  /** A listed validator whose self-stake is below `minSelfStake` is jailed until its operator tops up. */
  private jailIfShortfall(operator: string, v: ModelValidator, minSelfStake: bigint, block: bigint): void {
    // Listed validators only (the pool skips unlisted ones: deregistered, tombstoned, displaced).
    if (!this.candidates.includes(operator) || v.jailedUntil === SHORTFALL_JAIL) return;
    const self = positionValue(this.position(operator, operator), v);
    if (self >= minSelfStake) return;
    v.jailEndAfterTopUp = v.jailedUntil;
    this.setAside(operator, v.jailedUntil, block);
    v.jailedUntil = SHORTFALL_JAIL;
  }

  /** The parameter role raises or lowers `minSelfStake`; a raise jails every listed validator below it. */
  setMinSelfStake(minSelfStake: bigint, block: bigint): void {
    if (minSelfStake < this.params.minStake) throw new ModelRevert("ParameterOutOfRange");
    this.accrue(block);
    const old = this.params.minSelfStake;
    this.params.minSelfStake = minSelfStake;
    if (minSelfStake > old)
      for (const [operator, v] of this.validators) this.jailIfShortfall(operator, v, minSelfStake, block);
  }

  setInflationRate(year: bigint, rate: bigint, block: bigint): void {
    const now = this.currentYear(block);
    if (year <= now) throw new ModelRevert("YearNotInFuture");
    if (rate > WAD / 10n) throw new ModelRevert("InflationRateTooHigh");
    this.accrue(block);
    this.schedule.setRate(year, rate);
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
  /**
   * Inside `preview`: a copy of `validator`'s accounts, put in its place and settled (a settlement may
   * bond the compounding class's reward: totals and history change too; `preview` restores them all,
   * and objects read before it stay untouched).
   */
  private settledInPreview(validator: string, block: bigint): ValidatorAccount {
    const settled = structuredClone(this.validators.get(validator)!);
    this.validators.set(validator, settled);
    settleValidator(this, settled, block);
    return settled;
  }

  private preview<T>(block: bigint, view: () => T): T {
    const saved = this.snapshot();
    this.accrue(block);
    const result = view();
    this.adopt(saved);
    return result;
  }

  rewardPerTokenAt(block: bigint): bigint {
    return this.preview(block, () => this.rewardPerTokenRay);
  }

  /** The position's value as stored (a compounding position's class reward not yet bonded left out). */
  stakeOf(account: string, validator: string): bigint {
    const v = this.validators.get(validator);
    const p = this.positions.get(`${account}:${validator}`);
    if (!v || !p) return 0n;
    return positionValue(p, v);
  }

  /** The pool's `stakeOf` in `block`: at a validator with a compounding class, the value a settlement then would leave. */
  stakeOfAt(account: string, validator: string, block: bigint): bigint {
    const v = this.validators.get(validator);
    const p = this.positions.get(`${account}:${validator}`);
    if (!v || !p) return 0n;
    // A settlement bonding the class's reward also moves the share price (new shares round down), so
    // every position at a validator with a class is previewed, paying ones too.
    if (p.shares === 0n || v.classBondedShares === 0n) return positionValue(p, v);
    return this.preview(block, () => {
      return positionValue(p, this.settledInPreview(validator, block));
    });
  }

  /** The reward `validator`'s compounding class has earned and not yet bonded, in `block`. */
  pendingClassRewardAt(validator: string, block: bigint): bigint {
    const v = this.validators.get(validator);
    if (!v || v.classBondedShares === 0n) return 0n;
    return this.preview(block, () => {
      const settled = this.settledInPreview(validator, block);
      return (v.classBondedShares * (settled.rewardPerShareRay - v.rewardPerShareRay)) / RAY;
    });
  }

  pendingRewardAt(account: string, validator: string, block: bigint): bigint {
    const v = this.validators.get(validator);
    const p = this.positions.get(`${account}:${validator}`);
    if (!v || !p) return 0n;
    return this.preview(block, () => positionReward(p, this.settledInPreview(validator, block)));
  }

  pendingCommissionAt(validator: string, block: bigint): bigint {
    const v = this.validators.get(validator);
    if (!v) return 0n;
    return this.preview(block, () => this.settledInPreview(validator, block).commissionOwedWei);
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
        amount: unbondingValue(v, entry.epoch, entry.shares),
      });
    }
    return out;
  }
}
