/**
 * Agents and validators, and the feedback rule agents stake by. A yield-seeking agent compares the
 * APY a staked token earns now with its validator (the estimate of SPEC §2, net of commission,
 * which it reads off the staking ratio `S/B`) with the yield it can get elsewhere, and moves a
 * share `reactionSpeed` of the way toward all-in (`maxStakedFraction`) when staking pays more by
 * over `thresholdYield`, toward all-out (`minStakedFraction`) when it pays less by over it, and
 * holds inside that dead band. Agents take the APY as given (they ignore their own effect on it).
 */
import { estimatedApy } from "./emission";
import { SeededRandom } from "./random";
import type { AgentStrategy, Population, ValidatorSet } from "./scenario";

export interface UnbondingEntry {
  amountEtm: number;
  /** First block at which the tokens are free again. */
  maturesAtBlock: number;
}

export interface Validator {
  id: string;
  commission: number;
  selfStakeEtm: number;
  /** Rewards on the self-stake, commission and the direct (`delta`) share, cumulative, ETM. */
  selfStakeRewardsEtm: number;
  commissionEtm: number;
  directShareEtm: number;
  /** The reward accumulator when the self-stake was last settled. */
  settledRewardPerToken: number;
  /** Jailed (by a slash) while the block is below this; 0: never. */
  jailedUntilBlock: number;
}

export interface Agent {
  id: string;
  population: string;
  strategy: AgentStrategy;
  validatorIndex: number;
  /** This agent's draw around its population's mean alternative yield. */
  alternativeYieldOffset: number;
  thresholdYield: number;
  reactionSpeed: number;
  minStakedFraction: number;
  maxStakedFraction: number;
  /** The share a `fixed` agent keeps staked. */
  fixedStakedFraction: number;
  compoundRewards: boolean;
  /** In its validator's compounding class: rewards bonded at each settlement (each decision). */
  autoCompound: boolean;
  liquidEtm: number;
  stakedEtm: number;
  unbonding: UnbondingEntry[];
  /** Earned and not yet claimed or compounded, ETM (net of commission). */
  pendingRewardEtm: number;
  /** Everything earned so far, ETM (net of commission). */
  rewardsEarnedEtm: number;
  /** The reward accumulator when this agent was last settled. */
  settledRewardPerToken: number;
}

export function createValidators(set: ValidatorSet, random: SeededRandom): Validator[] {
  return Array.from({ length: set.count }, (_, index) => ({
    id: `validator-${index}`,
    commission: set.commission + random.uniform(-set.commissionSpread, set.commissionSpread),
    selfStakeEtm: set.selfStakeEtm,
    selfStakeRewardsEtm: 0,
    commissionEtm: 0,
    directShareEtm: 0,
    settledRewardPerToken: 0,
    jailedUntilBlock: 0,
  }));
}

/** Creates every population's agents; each delegates to a validator drawn uniformly. */
export function createAgents(
  populations: readonly Population[],
  validatorCount: number,
  random: SeededRandom,
): Agent[] {
  const agents: Agent[] = [];
  for (const population of populations) {
    for (let index = 0; index < population.count; index++) {
      const stakedEtm = population.holdingsPerAgentEtm * population.initialStakedFraction;
      agents.push({
        id: `${population.name}-${index}`,
        population: population.name,
        strategy: population.strategy,
        validatorIndex: random.integerBelow(validatorCount),
        alternativeYieldOffset: random.uniform(
          -population.alternativeYieldSpread,
          population.alternativeYieldSpread,
        ),
        thresholdYield: population.thresholdYield,
        reactionSpeed: population.reactionSpeed,
        minStakedFraction: population.minStakedFraction,
        maxStakedFraction: population.maxStakedFraction,
        fixedStakedFraction: population.initialStakedFraction,
        compoundRewards: population.compoundRewards,
        autoCompound: population.autoCompound,
        liquidEtm: population.holdingsPerAgentEtm - stakedEtm,
        stakedEtm,
        unbonding: [],
        pendingRewardEtm: 0,
        rewardsEarnedEtm: 0,
        settledRewardPerToken: 0,
      });
    }
  }
  return agents;
}

export function unbondingEtmOf(agent: Agent): number {
  return agent.unbonding.reduce((sum, entry) => sum + entry.amountEtm, 0);
}

/** What every agent sees at a decision: the chain's state as of that block. */
export interface MarketObservation {
  annualRate: number;
  supplyEtm: number;
  stakedEtm: number;
  delta: number;
}

/**
 * The stake (ETM) the agent wants after this decision; the caller trims it to what the agent can do
 * (liquid tokens, minimum positions).
 */
export function desiredStakeEtm(
  agent: Agent,
  commission: number,
  alternativeYield: number,
  market: MarketObservation,
): number {
  const wealthEtm = agent.liquidEtm + agent.stakedEtm + unbondingEtmOf(agent);
  let targetFraction: number;
  if (agent.strategy === "fixed") {
    targetFraction = agent.fixedStakedFraction;
  } else {
    const apy = estimatedApy(market.annualRate, market.supplyEtm, market.stakedEtm, market.delta, commission);
    const advantage = apy - (alternativeYield + agent.alternativeYieldOffset);
    if (advantage > agent.thresholdYield) targetFraction = agent.maxStakedFraction;
    else if (advantage < -agent.thresholdYield) targetFraction = agent.minStakedFraction;
    else return agent.stakedEtm;
  }
  return agent.stakedEtm + agent.reactionSpeed * (targetFraction * wealthEtm - agent.stakedEtm);
}
