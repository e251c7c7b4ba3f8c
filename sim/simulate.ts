/**
 * The simulation: agents decide every `decisionIntervalBlocks` blocks; between decisions nobody's
 * stake changes, so the emission and every reward over the interval follow in closed form
 * (`mintedEtmOver`, a reward-per-token accumulator), and a year of 10,512,000 blocks costs a few
 * hundred steps. Floating point throughout; the integer path the contracts follow is `exactLedger.ts`.
 */
import type { StakingAction } from "./actions";
import { Agent, createAgents, createValidators, desiredStakeEtm, unbondingEtmOf, Validator } from "./agents";
import {
  annualiseRewardPerToken,
  BLOCKS_PER_ROUND,
  estimatedApy,
  InflationSchedule,
  marginalRewardPerTokenPerBlock,
  mintedEtmOver,
  yearOfBlock,
} from "./emission";
import { SeededRandom } from "./random";
import { stakersEarn } from "./dust";
import type { Scenario } from "./scenario";

/** The state after the decisions at one decision block. */
export interface TrajectoryRow {
  block: number;
  day: number;
  /** Year of the inflation schedule the block falls in (0 = first). */
  year: number;
  annualRate: number;
  supplyEtm: number;
  stakedEtm: number;
  unbondingEtm: number;
  stakingRatio: number;
  /** `r_n = B * i_n * (1 - delta) / S`, before commission; null while nothing is staked. */
  marginalRewardPerTokenPerBlock: number | null;
  /** `(1 + i)^((1 - delta) * B / S) - 1`, before commission; null while nothing is staked. */
  estimatedApy: number | null;
  /**
   * What a token staked through the trailing window earned (before commission), compounded every
   * block and annualised; null until some block of the window had stake.
   */
  realisedApy: number | null;
  treasuryEtm: number;
  /** Validators' direct (`delta`) share plus commission, cumulative. */
  validatorsTakeEtm: number;
}

export interface SimulationOptions {
  /** Overrides the scenario's `blocks`. */
  blocks?: number;
  /** Overrides the scenario's `seed`. */
  seed?: number;
  /** Keep every staking action (for replays); off by default to save memory. */
  recordActions?: boolean;
  /**
   * Largest number of blocks minted in one closed-form step; 1 steps block by block (tests compare
   * the two). Default: no limit.
   */
  maxBlocksPerStep?: number;
}

export interface SimulationResult {
  scenario: Scenario;
  rows: TrajectoryRow[];
  actions: StakingAction[];
  agents: Agent[];
  validators: Validator[];
}

interface AccumulatorMark {
  block: number;
  rewardPerToken: number;
  /** Blocks so far during which something was staked. */
  stakedBlocks: number;
}

class Simulation {
  readonly rows: TrajectoryRow[] = [];
  readonly actions: StakingAction[] = [];
  private readonly schedule: InflationSchedule;
  readonly agents: Agent[];
  readonly validators: Validator[];
  private readonly alternativeYieldByPopulation = new Map<string, number>();
  private readonly pendingEvents: Scenario["events"];
  private readonly marks: AccumulatorMark[] = [];
  private windowStartIndex = 0;
  private supplyEtm: number;
  private stakedEtm = 0;
  private treasuryEtm = 0;
  private validatorsDirectEtm = 0;
  /** Burned by slashes, cumulative. */
  burnedEtm = 0;
  /** Cumulative stakers' reward per staked token (before commission). */
  private rewardPerToken = 0;
  private stakedBlocks = 0;

  constructor(
    readonly scenario: Scenario,
    private readonly options: SimulationOptions,
  ) {
    const random = new SeededRandom(scenario.seed);
    this.schedule = new InflationSchedule(scenario.inflation);
    this.validators = createValidators(scenario.validators, random);
    this.agents = createAgents(scenario.populations, this.validators.length, random);
    for (const population of scenario.populations) {
      this.alternativeYieldByPopulation.set(population.name, population.alternativeYield);
    }
    this.pendingEvents = [...scenario.events].sort((a, b) => a.atBlock - b.atBlock);
    this.supplyEtm = scenario.initialSupplyEtm;
    for (const validator of this.validators) {
      this.record({
        kind: "registerValidator",
        block: 0,
        validator: validator.id,
        commission: validator.commission,
        selfStakeEtm: validator.selfStakeEtm,
      });
    }
    for (const agent of this.agents) {
      // An auto-compounding agent's (empty) position switches on first: its stakes join the class.
      if (agent.autoCompound) {
        this.record({
          kind: "setCompounding",
          block: 0,
          account: agent.id,
          validator: this.validatorOf(agent).id,
          on: true,
        });
      }
      if (agent.stakedEtm > 0) {
        this.record({
          kind: "stake",
          block: 0,
          account: agent.id,
          validator: this.validatorOf(agent).id,
          amountEtm: agent.stakedEtm,
        });
      }
    }
    this.stakedEtm = this.totalStakedEtm();
  }

  run(): void {
    const { blocks, decisionIntervalBlocks } = this.scenario;
    for (let block = 0; block < blocks; block += decisionIntervalBlocks) {
      this.decide(block);
      this.mint(block, Math.min(block + decisionIntervalBlocks, blocks));
    }
    // The last settlement credits the rewards since the last decision (an auto-compounding agent's
    // into its stake, as the pool's stakeOf previews it) but leaves the row's stake as it was: the
    // pool bonds a class's reward only when the validator is next settled.
    this.settleAll();
    this.recordRow(blocks);
  }

  private validatorOf(agent: Agent): Validator {
    return this.validators[agent.validatorIndex];
  }

  private record(action: StakingAction): void {
    if (this.options.recordActions) this.actions.push(action);
  }

  private totalStakedEtm(): number {
    let total = 0;
    for (const validator of this.validators) total += validator.selfStakeEtm;
    for (const agent of this.agents) total += agent.stakedEtm;
    return total;
  }

  /** Mints `[fromBlock, toBlock)`; stakes are constant, so each step is closed form. */
  private mint(fromBlock: number, toBlock: number): void {
    const maxStep = this.options.maxBlocksPerStep ?? Infinity;
    for (let block = fromBlock; block < toBlock;) {
      const stepEnd = Math.min(toBlock, block + maxStep);
      const mintedEtm = mintedEtmOver(this.schedule, this.supplyEtm, block, stepEnd);
      // The pool's dust rule: stakers earn only while S >= B / DUST_STAKE_DIVISOR (B before the mint).
      const earning = stakersEarn(this.stakedEtm, this.supplyEtm);
      this.supplyEtm += mintedEtm;
      if (earning) {
        const directEtm = mintedEtm * this.scenario.delta;
        this.validatorsDirectEtm += directEtm;
        this.rewardPerToken += (mintedEtm - directEtm) / this.stakedEtm;
        this.stakedBlocks += stepEnd - block;
      } else {
        this.treasuryEtm += mintedEtm;
      }
      block = stepEnd;
    }
  }

  /**
   * Credits everyone's reward since they were last settled (positions are constant in between). An
   * auto-compounding agent's reward is bonded into its stake here, as the pool's settlement of its
   * validator bonds the compounding class's reward (every decision has one: `settleCompoundingClasses`).
   */
  private settleAll(): void {
    for (const validator of this.validators) {
      validator.selfStakeRewardsEtm +=
        validator.selfStakeEtm * (this.rewardPerToken - validator.settledRewardPerToken);
      validator.settledRewardPerToken = this.rewardPerToken;
    }
    for (const agent of this.agents) {
      const validator = this.validatorOf(agent);
      const grossEtm = agent.stakedEtm * (this.rewardPerToken - agent.settledRewardPerToken);
      const commissionEtm = grossEtm * validator.commission;
      validator.commissionEtm += commissionEtm;
      if (agent.autoCompound) agent.stakedEtm += grossEtm - commissionEtm;
      else agent.pendingRewardEtm += grossEtm - commissionEtm;
      agent.rewardsEarnedEtm += grossEtm - commissionEtm;
      agent.settledRewardPerToken = this.rewardPerToken;
    }
  }

  private decide(block: number): void {
    this.settleAll();
    while (this.pendingEvents.length > 0 && this.pendingEvents[0].atBlock <= block) {
      const event = this.pendingEvents.shift()!;
      if (event.type === "slash") {
        this.slash(event.validator, event.fraction, block);
        continue;
      }
      for (const name of this.alternativeYieldByPopulation.keys()) {
        if (event.population === undefined || event.population === name) {
          this.alternativeYieldByPopulation.set(name, event.alternativeYield);
        }
      }
    }
    this.settleCompoundingClasses(block);
    for (const agent of this.agents) {
      this.releaseMaturedUnbonding(agent, block);
      this.collectReward(agent, block);
    }
    this.stakedEtm = this.totalStakedEtm();

    const market = {
      annualRate: this.schedule.annualRateAtBlock(block),
      supplyEtm: this.supplyEtm,
      stakedEtm: this.stakedEtm,
      delta: this.scenario.delta,
    };
    const desired = this.agents.map((agent) =>
      desiredStakeEtm(
        agent,
        this.validatorOf(agent).commission,
        this.alternativeYieldByPopulation.get(agent.population)!,
        market,
      ),
    );
    this.agents.forEach((agent, index) => this.moveStake(agent, desired[index], block));
    this.stakedEtm = this.totalStakedEtm();
    this.recordRow(block);
  }

  /**
   * The pool's `slash` (after every position is settled), naming its own block as the infraction's:
   * the validator's self-stake, its delegators' stake and their unbonding lose `fraction`, burned from
   * the supply; it is jailed for `jailBlocks`. Approximation: the pool burns only the unbonding queued
   * since the infraction's slash epoch began (28,800-block epochs counted from chain block 0, which
   * this simulator does not know) and spares stake bonded in the slash's own block; here every
   * unbonding entry and all the stake pay.
   */
  private slash(index: number, fraction: number, block: number): void {
    const validator = this.validators[index];
    let burnedEtm = validator.selfStakeEtm * fraction;
    validator.selfStakeEtm -= validator.selfStakeEtm * fraction;
    for (const agent of this.agents) {
      if (agent.validatorIndex !== index) continue;
      burnedEtm += agent.stakedEtm * fraction;
      agent.stakedEtm -= agent.stakedEtm * fraction;
      for (const entry of agent.unbonding) {
        burnedEtm += entry.amountEtm * fraction;
        entry.amountEtm -= entry.amountEtm * fraction;
      }
    }
    this.supplyEtm -= burnedEtm;
    this.burnedEtm += burnedEtm;
    validator.jailedUntilBlock = Math.max(validator.jailedUntilBlock, block + this.scenario.jailBlocks);
    this.record({ kind: "slash", block, validator: validator.id, fraction, infractionBlock: block });
  }

  /**
   * A keeper's `settleValidator` at each decision (after the first) for every validator an
   * auto-compounding agent is staked with: the pool bonds a compounding class's reward only when it
   * settles the validator, and `settleAll` has bonded the agents' rewards up to this block. (A slash
   * at the block has settled it already; this one then bonds nothing.) Jailed validators too: the
   * class compounds while its validator is jailed.
   */
  private settleCompoundingClasses(block: number): void {
    if (block === 0) return;
    const settled = new Set<number>();
    for (const agent of this.agents) {
      if (!agent.autoCompound || agent.stakedEtm <= 0 || settled.has(agent.validatorIndex)) continue;
      settled.add(agent.validatorIndex);
    }
    for (const index of [...settled].sort((a, b) => a - b)) {
      this.record({ kind: "settleValidator", block, validator: this.validators[index].id });
    }
  }

  private isJailed(validator: Validator, block: number): boolean {
    return validator.jailedUntilBlock > block;
  }

  private releaseMaturedUnbonding(agent: Agent, block: number): void {
    if (agent.unbonding.length === 0 || agent.unbonding[0].maturesAtBlock > block) return;
    let releasedEtm = 0;
    while (agent.unbonding.length > 0 && agent.unbonding[0].maturesAtBlock <= block) {
      releasedEtm += agent.unbonding.shift()!.amountEtm;
    }
    agent.liquidEtm += releasedEtm;
    this.record({ kind: "withdraw", block, account: agent.id, amountEtm: releasedEtm });
  }

  private collectReward(agent: Agent, block: number): void {
    if (agent.pendingRewardEtm <= 0) return;
    const validator = this.validatorOf(agent).id;
    // The pool refuses to bond to a jailed validator, compounding included: claim instead.
    if (agent.compoundRewards && agent.stakedEtm > 0 && !this.isJailed(this.validatorOf(agent), block)) {
      agent.stakedEtm += agent.pendingRewardEtm;
      this.record({ kind: "compound", block, account: agent.id, validator });
    } else {
      agent.liquidEtm += agent.pendingRewardEtm;
      this.record({ kind: "claim", block, account: agent.id, validator });
    }
    agent.pendingRewardEtm = 0;
  }

  /** Moves the agent's stake toward `desiredEtm` within what it can do; no dust positions, no dust moves. */
  private moveStake(agent: Agent, desiredEtm: number, block: number): void {
    const { minStakeEtm, unbondingBlocks } = this.scenario;
    const validator = this.validatorOf(agent).id;
    const changeEtm = desiredEtm - agent.stakedEtm;
    if (changeEtm > 0) {
      if (this.isJailed(this.validatorOf(agent), block)) return; // the pool refuses
      const amountEtm = Math.min(changeEtm, agent.liquidEtm);
      if (amountEtm <= 0 || amountEtm < minStakeEtm) return;
      agent.liquidEtm -= amountEtm;
      agent.stakedEtm += amountEtm;
      this.record({ kind: "stake", block, account: agent.id, validator, amountEtm });
    } else if (changeEtm < 0) {
      let amountEtm = -changeEtm;
      if (amountEtm < minStakeEtm) return;
      const all = agent.stakedEtm - amountEtm < Math.max(minStakeEtm, Number.EPSILON * agent.stakedEtm);
      if (all) amountEtm = agent.stakedEtm;
      agent.stakedEtm = all ? 0 : agent.stakedEtm - amountEtm;
      this.record({ kind: "unstake", block, account: agent.id, validator, amountEtm, all });
      if (unbondingBlocks === 0) agent.liquidEtm += amountEtm;
      else agent.unbonding.push({ amountEtm, maturesAtBlock: block + unbondingBlocks });
    }
  }

  private recordRow(block: number): void {
    const { delta, realisedApyWindowBlocks } = this.scenario;
    this.marks.push({ block, rewardPerToken: this.rewardPerToken, stakedBlocks: this.stakedBlocks });
    while (this.marks[this.windowStartIndex].block < block - realisedApyWindowBlocks) this.windowStartIndex++;
    const windowStart = this.marks[this.windowStartIndex];
    const windowStakedBlocks = this.stakedBlocks - windowStart.stakedBlocks;

    const annualRate = this.schedule.annualRateAtBlock(block);
    const staked = this.stakedEtm > 0;
    let unbondingEtm = 0;
    for (const agent of this.agents) unbondingEtm += unbondingEtmOf(agent);
    let commissionEtm = 0;
    for (const validator of this.validators) commissionEtm += validator.commissionEtm;

    this.rows.push({
      block,
      day: block / BLOCKS_PER_ROUND,
      year: yearOfBlock(block),
      annualRate,
      supplyEtm: this.supplyEtm,
      stakedEtm: this.stakedEtm,
      unbondingEtm,
      stakingRatio: this.stakedEtm / this.supplyEtm,
      marginalRewardPerTokenPerBlock: staked
        ? marginalRewardPerTokenPerBlock(annualRate, this.supplyEtm, this.stakedEtm, delta)
        : null,
      estimatedApy: staked ? estimatedApy(annualRate, this.supplyEtm, this.stakedEtm, delta) : null,
      realisedApy:
        windowStakedBlocks > 0
          ? annualiseRewardPerToken(this.rewardPerToken - windowStart.rewardPerToken, windowStakedBlocks)
          : null,
      treasuryEtm: this.treasuryEtm,
      validatorsTakeEtm: this.validatorsDirectEtm + commissionEtm,
    });
  }
}

/** Runs a scenario; the same scenario and seed always give the same result. */
export function simulate(scenario: Scenario, options: SimulationOptions = {}): SimulationResult {
  const effective: Scenario = {
    ...scenario,
    blocks: options.blocks ?? scenario.blocks,
    seed: options.seed ?? scenario.seed,
  };
  const simulation = new Simulation(effective, options);
  simulation.run();
  return {
    scenario: effective,
    rows: simulation.rows,
    actions: simulation.actions,
    agents: simulation.agents,
    validators: simulation.validators,
  };
}
