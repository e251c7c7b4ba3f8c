/**
 * Everything the page shows, read from the chain at one block so that every number on the screen
 * belongs to the same state (the block is shown with it).
 */
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
}

export interface Position {
  validator: string;
  stakedWei: bigint;
  pendingRewardWei: bigint;
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
  /** The account's own validator, when it is a registered operator. */
  ownValidator?: Candidate;
  pendingCommissionWei: bigint;
}

export interface Snapshot {
  block: bigint;
  round: bigint;
  roundStartBlock: bigint;
  roundLength: bigint;
  nextElectionBlock: bigint;
  active: string[];
  candidates: Candidate[];
  supplyWei: bigint;
  stakedWei: bigint;
  apyWad: bigint;
  year: bigint;
  inflationWad: bigint;
  deltaWad: bigint;
  minStakeWei: bigint;
  minSelfStakeWei: bigint;
  unbondingBlocks: bigint;
  schedule: { fromYear: bigint; rateWad: bigint }[];
  blocksPerYear: bigint;
  account?: AccountSnapshot;
  governance?: GovernanceSnapshot;
}

const PARAMETER = { Delta: 0, MinStake: 1, MinSelfStake: 2, UnbondingBlocks: 3 } as const;

export async function readSnapshot(system: System, block: bigint, account?: string): Promise<Snapshot> {
  const { token, pool, election } = system;
  const at = { blockTag: Number(block) };
  const [
    supplyWei,
    stakedWei,
    apyWad,
    year,
    info,
    nextElectionBlock,
    active,
    operators,
    deltaWad,
    minStakeWei,
    minSelfStakeWei,
    unbondingBlocks,
    schedule,
    blocksPerYear,
  ] = await Promise.all([
    token.totalSupply(at),
    pool.totalStaked(at),
    pool.estimatedAPY(at),
    pool.currentYear(at),
    election.roundInfo(at),
    election.nextElectionBlock(at),
    election.activeValidators(at),
    pool.candidates(at),
    pool.parameter(PARAMETER.Delta, at),
    pool.parameter(PARAMETER.MinStake, at),
    pool.parameter(PARAMETER.MinSelfStake, at),
    pool.parameter(PARAMETER.UnbondingBlocks, at),
    pool.inflationSchedule(at),
    pool.BLOCKS_PER_YEAR(at),
  ]);
  const inflationWad = await pool.inflationRate(year, at);
  const candidates = await Promise.all(
    operators.map(async (operator): Promise<Candidate> => {
      const [v, heartbeat] = await Promise.all([
        pool.validatorInfo(operator, at),
        election.heartbeatOf(operator, at),
      ]);
      return {
        operator,
        status: Number(v.status),
        signer: v.signer,
        jailedUntilBlock: v.jailedUntilBlock,
        commissionWad: v.commissionWad,
        pendingCommissionWad: v.pendingCommissionWad,
        commissionEffectiveBlock: v.commissionEffectiveBlock,
        bondedWei: v.bondedWei,
        lastHeartbeatRound: heartbeat.ever ? heartbeat.last : undefined,
      };
    }),
  );
  const snapshot: Snapshot = {
    block,
    round: info.round,
    roundStartBlock: info.startBlock,
    roundLength: info.lengthBlocks,
    nextElectionBlock,
    active: [...active],
    candidates,
    supplyWei,
    stakedWei,
    apyWad,
    year,
    inflationWad,
    deltaWad,
    minStakeWei,
    minSelfStakeWei,
    unbondingBlocks,
    schedule: schedule.map((entry) => ({ fromYear: entry.fromYear, rateWad: entry.rateWad })),
    blocksPerYear,
  };
  if (account) snapshot.account = await readAccount(system, at, account, candidates);
  if (system.governor) snapshot.governance = await readGovernance(system.governor, at, account);
  return snapshot;
}

async function readAccount(
  system: System,
  at: { blockTag: number },
  address: string,
  candidates: Candidate[],
): Promise<AccountSnapshot> {
  const { token, pool, votes } = system;
  const poolAddress = await pool.getAddress();
  const [balanceWei, allowanceWei, votesWei, delegatee, unbonding, positions] = await Promise.all([
    token.balanceOf(address, at),
    token.allowance(address, poolAddress, at),
    votes.getVotes(address, at),
    votes.delegates(address, at),
    pool.unbondingOf(address, at),
    Promise.all(
      candidates.map(async (c) => {
        const [stakedWei, pendingRewardWei] = await Promise.all([
          pool.stakeOf(address, c.operator, at),
          pool.pendingReward(address, c.operator, at),
        ]);
        return { validator: c.operator, stakedWei, pendingRewardWei };
      }),
    ),
  ]);
  const ownValidator = candidates.find((c) => c.operator.toLowerCase() === address.toLowerCase());
  const pendingCommissionWei = ownValidator ? await pool.pendingCommission(address, at) : 0n;
  const [validators, maturities, amounts] = unbonding;
  return {
    address,
    balanceWei,
    allowanceWei,
    votesWei,
    delegatee,
    positions: positions.filter((p) => p.stakedWei !== 0n || p.pendingRewardWei !== 0n),
    unbonding: validators.map((validator, i) => ({
      validator,
      maturityBlock: maturities[i],
      amountWei: amounts[i],
    })),
    ownValidator,
    pendingCommissionWei,
  };
}

/** Staking ratio S/B, wad. */
export function stakingRatioWad(s: Snapshot): bigint {
  return s.supplyWei === 0n ? 0n : (s.stakedWei * WAD) / s.supplyWei;
}

/**
 * Reward per staked token per block at the margin, `ln(1+i)/n · (1−δ) · B/S` ETM per ETM: what one
 * more staked token earns in the next block (the per-block mint `B·i_n` less the validators' δ,
 * shared over `S`).
 */
export function marginalRewardPerBlock(s: Snapshot): number {
  if (s.stakedWei === 0n) return 0;
  const perBlockRate = Math.log1p(Number(s.inflationWad) / 1e18) / Number(s.blocksPerYear);
  const supplyOverStake = Number((s.supplyWei * 1_000_000n) / s.stakedWei) / 1e6;
  return perBlockRate * (1 - Number(s.deltaWad) / 1e18) * supplyOverStake;
}

export function apyIsInfinite(s: Snapshot): boolean {
  return s.apyWad === MAX_UINT256;
}
