/**
 * Everything the page shows, read from the chain at one block so that every number on the screen
 * belongs to the same state (the block is shown with it): one eth_call to the StakingLens for the
 * chain, a page of candidates and the account, one more for the governance panel, and — only when
 * the page shows a validator outside the page of candidates (an active validator or a position on
 * another page, a validator that left the list) — one to the pool's `namesOf` for their names. The
 * account's maturing redelegations (`pool.redelegationsOf`) are read with it only when asked: on
 * connect and after the account's own transactions, not every block.
 */
import type { IStakingLens } from "../../typechain-types";
import { redelegationsOf } from "../../lib/actions/redelegation";
import type { RedelegationView } from "../../lib/actions/redelegation";
import type { System } from "./contracts";
import { readGovernance } from "./governance";
import type { GovernanceSnapshot } from "./governance";
import { MAX_UINT256, WAD } from "./units";

export const SECONDS_PER_BLOCK = 3;

export interface Candidate {
  operator: string;
  status: number;
  signer: string;
  jailedUntilBlock: bigint;
  commissionWad: bigint;
  pendingCommissionWad: bigint;
  commissionEffectiveBlock: bigint;
  bondedWei: bigint;
  /** Round of the last heartbeat, or undefined when none was ever sent. */
  lastHeartbeatRound?: bigint;
  /** A member of the active set (the election's isActiveValidator). */
  active: boolean;
  /** Its profile name (`pool.setProfile`), "" when it has none. Written by anyone: text only. */
  name: string;
}

export interface Position {
  validator: string;
  stakedWei: bigint;
  pendingRewardWei: bigint;
  /** In the validator's compounding class: rewards bonded into the stake, none to claim. */
  compounding: boolean;
}

export interface UnbondingEntry {
  validator: string;
  maturityBlock: bigint;
  amountWei: bigint;
}

export interface AccountSnapshot {
  address: string;
  balanceWei: bigint;
  allowanceWei: bigint;
  votesWei: bigint;
  delegatee: string;
  positions: Position[];
  unbonding: UnbondingEntry[];
  /** The account's own validator, when it is a registered operator (listed or not). */
  ownValidator?: Candidate;
  pendingCommissionWei: bigint;
  /**
   * The account's maturing redelegations (`pool.redelegationsOf`, soonest first), when this snapshot
   * read them (`SnapshotRequest.readRedelegations`); undefined otherwise.
   */
  redelegations?: RedelegationView[];
}

export interface Snapshot {
  block: bigint;
  round: bigint;
  roundStartBlock: bigint;
  roundLength: bigint;
  nextElectionBlock: bigint;
  /** The active set's operators, in the shuffled proposer order. */
  active: string[];
  /** The page of candidates shown (`candidateOffset` .. + `candidates.length` of `candidateCount`). */
  candidates: Candidate[];
  candidateOffset: bigint;
  candidateCount: bigint;
  supplyWei: bigint;
  stakedWei: bigint;
  apyWad: bigint;
  year: bigint;
  inflationWad: bigint;
  deltaWad: bigint;
  /** What one bonded token earns in the next block, before commission, ray (1e27 = 1 ETM). */
  rewardPerStakedTokenPerBlockRay: bigint;
  minStakeWei: bigint;
  minSelfStakeWei: bigint;
  unbondingBlocks: bigint;
  schedule: { fromYear: bigint; rateWad: bigint }[];
  blocksPerYear: bigint;
  account?: AccountSnapshot;
  governance?: GovernanceSnapshot;
  /**
   * Profile names of every validator the page shows (candidates, active set, positions, unbonding
   * entries), by lower-cased address; "" for none. See `nameOf`.
   */
  names: Map<string, string>;
}

/** `address`'s profile name at the snapshot's block, "" when it has none. */
export function nameOf(s: Snapshot, address: string): string {
  return s.names.get(address.toLowerCase()) ?? "";
}

/** Candidates per page: one lens call reads a page, whatever the number of candidates. */
export const CANDIDATES_PER_PAGE = 100n;

/** What the page asks the lens for besides the block. */
export interface SnapshotRequest {
  account?: string;
  /** Index of the first candidate of the page. */
  offset: bigint;
  /** Validators where the account had positions (e.g. deregistered since): looked at too. */
  extraValidators: string[];
  /**
   * Read the account's maturing redelegations too (one more eth_call at the same block): the page asks
   * on connect and after the account's own transactions, not every block.
   */
  readRedelegations?: boolean;
  /** Validators the page shows besides the snapshot's (e.g. redelegations read earlier): named too. */
  namedValidators?: string[];
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * Everything the page shows at `block`, in one eth_call to the lens (plus one for the governance
 * panel on a governed deployment, and one for the names of validators shown off the page of
 * candidates, when there are any): at most 3 eth_calls per block whatever the number of candidates.
 */
export async function readSnapshot(
  system: System,
  block: bigint,
  request: SnapshotRequest,
): Promise<Snapshot> {
  const at = { blockTag: Number(block) };
  const extra = request.extraValidators.slice(0, MAX_EXTRA_VALIDATORS);
  const [s, governance, redelegations] = await Promise.all([
    system.lens.snapshot(request.account ?? ZERO_ADDRESS, request.offset, CANDIDATES_PER_PAGE, extra, at),
    system.governor ? readGovernance(system.lens, system.governor, at, request.account) : undefined,
    request.account && request.readRedelegations
      ? redelegationsOf(system.pool, request.account, at.blockTag)
      : undefined,
  ]);
  const snapshot: Snapshot = {
    block: s.blockNumber,
    round: s.round.round,
    roundStartBlock: s.round.startBlock,
    roundLength: s.round.lengthBlocks,
    nextElectionBlock: s.round.nextElectionBlock,
    active: [...s.activeOperators],
    candidates: s.candidates.items.map(candidateOf),
    candidateOffset: s.candidates.offset,
    candidateCount: s.candidates.totalCount,
    supplyWei: s.emission.supplyWei,
    stakedWei: s.emission.totalStakedWei,
    apyWad: s.emission.estimatedApyWad,
    year: s.emission.year,
    inflationWad: s.emission.inflationWad,
    deltaWad: s.emission.deltaWad,
    rewardPerStakedTokenPerBlockRay: s.emission.rewardPerStakedTokenPerBlockRay,
    minStakeWei: s.parameters.minStakeWei,
    minSelfStakeWei: s.parameters.minSelfStakeWei,
    unbondingBlocks: s.parameters.unbondingBlocks,
    schedule: s.emission.schedule.map((entry) => ({ fromYear: entry.fromYear, rateWad: entry.rateWad })),
    blocksPerYear: s.emission.blocksPerYear,
    governance,
    names: new Map(),
  };
  if (request.account) {
    const a = s.account;
    snapshot.account = {
      address: request.account,
      balanceWei: a.balanceWei,
      allowanceWei: a.allowanceWei,
      votesWei: a.votesWei,
      delegatee: a.delegatee,
      positions: a.positions.map((p) => ({
        validator: p.validator,
        stakedWei: p.stakedWei,
        pendingRewardWei: p.pendingRewardWei,
        compounding: p.compounding,
      })),
      unbonding: a.unbonding.map((u) => ({
        validator: u.validator,
        maturityBlock: u.maturityBlock,
        amountWei: u.amountWei,
      })),
      ownValidator: a.isOperator ? candidateOf(a.operatorValidator) : undefined,
      pendingCommissionWei: a.pendingCommissionWei,
      redelegations,
    };
  }
  await readNames(system, snapshot, at, [
    ...(request.namedValidators ?? []),
    ...(redelegations ?? []).flatMap((r) => [r.source, r.destination]),
  ]);
  return snapshot;
}

/** The chain's totals and estimated APY at one block: what the charts draw. */
export interface ChainFigures {
  block: bigint;
  supplyWei: bigint;
  stakedWei: bigint;
  apyWad: bigint;
}

/**
 * The charts' figures at an older `block`, for their back-fill: one eth_call to the lens's snapshot
 * with no account and no candidates (the round, the active set, the emission figures and the
 * parameters: a small read). The page reads this once per block back-filled, once per session — never
 * for the blocks it reads anyway, whose snapshot carries the same figures.
 */
export async function readChainFigures(system: System, block: bigint): Promise<ChainFigures> {
  const s = await system.lens.snapshot(ZERO_ADDRESS, 0n, 0n, [], { blockTag: Number(block) });
  return {
    block: s.blockNumber,
    supplyWei: s.emission.supplyWei,
    stakedWei: s.emission.totalStakedWei,
    apyWad: s.emission.estimatedApyWad,
  };
}

/**
 * Fills `snapshot.names`: the page of candidates carries its names (the lens's `CandidateView.name`);
 * the other validators shown (the active set beyond the page or genesis placeholders, positions and
 * unbonding entries at validators off the page) are read with one `pool.namesOf` at the same block,
 * only when there are any.
 */
async function readNames(
  system: System,
  snapshot: Snapshot,
  at: { blockTag: number },
  others: string[],
): Promise<void> {
  const names = snapshot.names;
  const own = snapshot.account?.ownValidator;
  for (const c of [...snapshot.candidates, ...(own ? [own] : [])])
    names.set(c.operator.toLowerCase(), c.name);
  const shown = [
    ...snapshot.active,
    ...(snapshot.account?.positions.map((p) => p.validator) ?? []),
    ...(snapshot.account?.unbonding.map((u) => u.validator) ?? []),
    ...others,
  ];
  const missing = [...new Set(shown.map((a) => a.toLowerCase()))].filter((a) => !names.has(a));
  if (missing.length === 0) return;
  const found = await system.pool.namesOf(missing, at);
  missing.forEach((a, i) => names.set(a, found[i] ?? ""));
}

/** The lens accepts at most this many extra validators (StakingLens.MAX_EXTRA_VALIDATORS). */
export const MAX_EXTRA_VALIDATORS = 64;

function candidateOf(c: IStakingLens.CandidateViewStructOutput): Candidate {
  return {
    operator: c.operator,
    status: Number(c.status),
    signer: c.signer,
    jailedUntilBlock: c.jailedUntilBlock,
    commissionWad: c.commissionWad,
    pendingCommissionWad: c.pendingCommissionWad,
    commissionEffectiveBlock: c.commissionEffectiveBlock,
    bondedWei: c.bondedWei,
    lastHeartbeatRound: c.heartbeatEver ? c.lastHeartbeatRound : undefined,
    active: c.active,
    name: c.name,
  };
}

/**
 * What staking `stakeWei` more at a validator charging `commissionWad` would earn in a year, in ETM
 * (a float, for display): the stake times the estimated APY with the stake counted in the total,
 * `(1+i)^((1−δ)·B/(S+a)·(1−c)) − 1`, at this year's rate `i` — an estimate that holds `B/S` as it is
 * after the stake. Undefined when there would still be nothing staked.
 */
export function yearlyRewardEstimate(
  s: Snapshot,
  commissionWad: bigint,
  stakeWei: bigint,
): number | undefined {
  const staked = Number(s.stakedWei + stakeWei);
  if (staked === 0) return undefined;
  const i = Number(s.inflationWad) / 1e18;
  const keep = (1 - Number(s.deltaWad) / 1e18) * (1 - Number(commissionWad) / 1e18);
  const apy = Math.pow(1 + i, (keep * Number(s.supplyWei)) / staked) - 1;
  return (apy * Number(stakeWei)) / 1e18;
}

/** Staking ratio S/B, wad. */
export function stakingRatioWad(s: Pick<Snapshot, "supplyWei" | "stakedWei">): bigint {
  return s.supplyWei === 0n ? 0n : (s.stakedWei * WAD) / s.supplyWei;
}

/**
 * Reward per staked token per block at the margin, `ln(1+i)/n · (1−δ) · B/S` ETM per ETM: what one
 * more staked token earns in the next block (the per-block mint `B·i_n` less the validators' δ,
 * shared over `S`), as the lens computes it from the pool's own per-block rate.
 */
export function marginalRewardPerBlock(s: Snapshot): number {
  return Number(s.rewardPerStakedTokenPerBlockRay) / 1e27;
}

export function apyIsInfinite(s: Pick<Snapshot, "apyWad">): boolean {
  return s.apyWad === MAX_UINT256;
}

/**
 * A delegator's estimated APY at a validator charging `commissionWad`, as a fraction (0.27 = 27%);
 * undefined while nothing is staked. The pool's estimate is (1+i)^E − 1 with E = (1−δ)·B/S; the
 * commission takes its share of every block's reward, so the exponent is E·(1−c):
 * (1 + APY)^(1−c) − 1. The operator's own stake earns the commission on top (not counted here).
 */
export function apyAfterCommission(s: Snapshot, commissionWad: bigint): number | undefined {
  if (apyIsInfinite(s)) return undefined;
  const apy = Number(s.apyWad) / 1e18;
  const keep = 1 - Number(commissionWad) / 1e18;
  return Math.pow(1 + apy, keep) - 1;
}
