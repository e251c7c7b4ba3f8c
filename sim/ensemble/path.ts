/**
 * One path of an ensemble: the simulator's economics (sim/simulate.ts: the emission in closed form
 * between decisions, the same agents, feedback rule, rewards, unbonding and dust rule) on typed
 * arrays, plus the stochastic section's shocks. With `NO_STOCHASTIC` a path is the deterministic
 * simulator's trajectory, bit for bit (test/sim/ensemble.test.ts); that is what keeps the fast
 * engine honest. A year of 2,000 agents and 365 decisions costs a few milliseconds.
 */
import { createAgents, createValidators } from "../agents";
import {
  BLOCKS_PER_ROUND,
  BLOCKS_PER_YEAR,
  estimatedApy,
  InflationSchedule,
  mintedEtmOver,
} from "../emission";
import { stakersEarn } from "../dust";
import { SeededRandom } from "../random";
import { ScenarioError } from "../scenario";
import type { Scenario } from "../scenario";
import type { Stochastic } from "./stochastic";

/** The series a path records, one value per decision and one at the end. */
export const PATH_METRICS = [
  "stakingRatio",
  "estimatedApy",
  "supplyEtm",
  "stakeHhi",
  "stakeNakamoto",
  "outsideYieldShift",
] as const;
export type PathMetric = (typeof PATH_METRICS)[number];

export interface PathResult {
  /** Day (block / 28,800) of each row. */
  days: Float64Array;
  series: Record<PathMetric, Float64Array>;
  slashes: number;
  burnedEtm: number;
  whaleEnterDay: number | null;
  whaleLeaveDay: number | null;
}

/** A path's seed from the ensemble's seed and the path's index (splitmix32 finaliser). */
export function pathSeed(ensembleSeed: number, pathIndex: number): number {
  let z = (Math.imul(ensembleSeed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(pathIndex + 1, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function gaussian(random: SeededRandom): number {
  const u = 1 - random.nextFraction(); // (0, 1]
  const v = random.nextFraction();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Sum of squared shares and the fewest validators holding more than a third. */
export function stakeConcentration(stakes: Float64Array): { hhi: number; nakamoto: number } {
  let total = 0;
  for (let v = 0; v < stakes.length; v++) total += stakes[v];
  if (total <= 0) return { hhi: NaN, nakamoto: NaN };
  let hhi = 0;
  for (let v = 0; v < stakes.length; v++) hhi += (stakes[v] / total) ** 2;
  const sorted = Float64Array.from(stakes).sort().reverse();
  let held = 0;
  let nakamoto = 0;
  while (held <= total / 3 && nakamoto < sorted.length) held += sorted[nakamoto++];
  return { hhi, nakamoto };
}

/** Every agent's position and parameters, in typed arrays (index = agent). */
interface Positions {
  N: number;
  liquid: Float64Array;
  staked: Float64Array;
  validatorOf: Int32Array;
  offset: Float64Array;
  threshold: Float64Array;
  speed: Float64Array;
  minFraction: Float64Array;
  maxFraction: Float64Array;
  fixedFraction: Float64Array;
  isFixed: Uint8Array;
  compounds: Uint8Array;
  population: Int32Array;
  commission: Float64Array;
  /** Unbonding: agent i's entry that is free at decision k sits at `ring[i * ringSize + k % ringSize]`. */
  ring: Float64Array;
  ringSize: number;
  /** Decisions from unstake to free (0: at once). */
  lag: number;
  unbondingEntries: Uint16Array;
  minStakeEtm: number;
  /** Per validator: jailed by a scenario's slash while the block is below this (no stake, no compound). */
  jailedUntilBlock: Float64Array;
}

/**
 * At decision `d`: frees matured unbonding, pays each position its reward since the last decision
 * (compounded or claimed, net of commission), and returns `total` plus every agent's stake, summed
 * in simulate()'s order. Hot loop: top-level, arrays in locals.
 */
function settleAndRelease(
  p: Positions,
  d: number,
  block: number,
  growth: number,
  total: number,
  preSlashNet: Float64Array | undefined,
): number {
  const { N, liquid, staked, ring, ringSize, unbondingEntries, commission, validatorOf, compounds } = p;
  const jailedUntilBlock = p.jailedUntilBlock;
  const slotOffset = d % ringSize;
  for (let i = 0; i < N; i++) {
    if (unbondingEntries[i] > 0) {
      const slot = i * ringSize + slotOffset;
      if (ring[slot] !== 0) {
        liquid[i] += ring[slot];
        ring[slot] = 0;
        unbondingEntries[i]--;
      }
    }
    const position = staked[i];
    let net = 0;
    if (preSlashNet !== undefined) net = preSlashNet[i];
    else if (position > 0 && growth > 0) {
      const gross = position * growth;
      net = gross - gross * commission[validatorOf[i]];
    }
    if (net > 0) {
      // The pool refuses to bond to a jailed validator, compounding included: claimed instead.
      if (compounds[i] === 1 && position > 0 && jailedUntilBlock[validatorOf[i]] <= block)
        staked[i] = position + net;
      else liquid[i] += net;
    }
    total += staked[i];
  }
  return total;
}

/**
 * Every agent's decision at decision `d` (simulate()'s desiredStakeEtm and moveStake, in the same
 * arithmetic), an inattentive agent skipping its turn; adds each stake afterwards to `total` and to
 * its validator's. Hot loop: top-level, arrays in locals.
 */
function decideAll(
  p: Positions,
  d: number,
  block: number,
  shift: number,
  attention: number,
  whale: number,
  shocks: SeededRandom,
  apyOf: Float64Array,
  populationMean: Float64Array,
  validatorStake: Float64Array,
  total: number,
): number {
  const {
    N,
    liquid,
    staked,
    validatorOf,
    offset,
    threshold,
    speed,
    minFraction,
    maxFraction,
    fixedFraction,
  } = p;
  const { isFixed, population, ring, ringSize, lag, unbondingEntries, minStakeEtm } = p;
  const newSlotOffset = (d + lag) % ringSize;
  for (let i = 0; i < N; i++) {
    const validator = validatorOf[i];
    if (i !== whale && (attention >= 1 || shocks.nextFraction() < attention)) {
      const current = staked[i];
      let wealth = liquid[i] + current;
      if (unbondingEntries[i] > 0) {
        let unbonding = 0;
        for (let k = 1; k <= ringSize; k++) unbonding += ring[i * ringSize + ((d + k) % ringSize)];
        wealth = liquid[i] + current + unbonding;
      }
      let target = -1;
      if (isFixed[i] === 1) target = fixedFraction[i];
      else {
        const advantage = apyOf[validator] - (populationMean[population[i]] + shift + offset[i]);
        if (advantage > threshold[i]) target = maxFraction[i];
        else if (advantage < -threshold[i]) target = minFraction[i];
      }
      if (target >= 0) {
        const desired = current + speed[i] * (target * wealth - current);
        const change = desired - current;
        if (change > 0) {
          const amount = Math.min(change, liquid[i]);
          if (p.jailedUntilBlock[validator] <= block && amount > 0 && amount >= minStakeEtm) {
            liquid[i] -= amount;
            staked[i] = current + amount;
          }
        } else if (change < 0) {
          let amount = -change;
          if (amount >= minStakeEtm) {
            const all = current - amount < Math.max(minStakeEtm, Number.EPSILON * current);
            if (all) amount = current;
            staked[i] = all ? 0 : current - amount;
            if (lag === 0) liquid[i] += amount;
            else {
              ring[i * ringSize + newSlotOffset] += amount;
              unbondingEntries[i]++;
            }
          }
        }
      }
    }
    total += staked[i];
    validatorStake[validator] += staked[i];
  }
  return total;
}

/**
 * simulate() bonds an auto-compounding agent's reward at every settlement, a jailed validator's and a
 * slash's included; this engine compounds at decisions only, so a scenario with `autoCompound`
 * populations is refused rather than played differently.
 */
export function refuseAutoCompound(scenario: Scenario): void {
  const autoCompounding = scenario.populations.find((population) => population.autoCompound);
  if (autoCompounding !== undefined) {
    throw new ScenarioError(
      `population "${autoCompounding.name}" has autoCompound, which ensembles (--paths) do not model; drop it or run the scenario without --paths`,
    );
  }
}

export function runPath(scenario: Scenario, seed: number, stochastic: Stochastic): PathResult {
  refuseAutoCompound(scenario);
  const { blocks, decisionIntervalBlocks: interval, delta, minStakeEtm, unbondingBlocks } = scenario;
  // Creation draws from the seed exactly as simulate() does; shocks draw from a second stream.
  const random = new SeededRandom(seed);
  const validatorList = createValidators(scenario.validators, random);
  const agentList = createAgents(scenario.populations, validatorList.length, random);
  const shocks = new SeededRandom(pathSeed(seed, 0x7fffffff));
  const schedule = new InflationSchedule(scenario.inflation);

  const V = validatorList.length;
  const commission = Float64Array.from(validatorList, (v) => v.commission);
  const selfStake = Float64Array.from(validatorList, (v) => v.selfStakeEtm);
  const jailed = new Uint8Array(V);

  const whaleOn = stochastic.whale.probability > 0 && shocks.nextFraction() < stochastic.whale.probability;
  const N = agentList.length + (whaleOn ? 1 : 0);
  const whale = whaleOn ? N - 1 : -1;
  const liquid = new Float64Array(N);
  const staked = new Float64Array(N);
  const validatorOf = new Int32Array(N);
  const offset = new Float64Array(N);
  const threshold = new Float64Array(N);
  const speed = new Float64Array(N);
  const minFraction = new Float64Array(N);
  const maxFraction = new Float64Array(N);
  const fixedFraction = new Float64Array(N);
  const isFixed = new Uint8Array(N);
  const compounds = new Uint8Array(N);
  const population = new Int32Array(N);
  const populationIndex = new Map(scenario.populations.map((p, i) => [p.name, i]));
  const populationMean = Float64Array.from(scenario.populations, (p) => p.alternativeYield);
  agentList.forEach((a, i) => {
    liquid[i] = a.liquidEtm;
    staked[i] = a.stakedEtm;
    validatorOf[i] = a.validatorIndex;
    offset[i] = a.alternativeYieldOffset;
    threshold[i] = a.thresholdYield;
    speed[i] = a.reactionSpeed;
    minFraction[i] = a.minStakedFraction;
    maxFraction[i] = a.maxStakedFraction;
    fixedFraction[i] = a.fixedStakedFraction;
    isFixed[i] = a.strategy === "fixed" ? 1 : 0;
    compounds[i] = a.compoundRewards ? 1 : 0;
    population[i] = populationIndex.get(a.population)!;
  });
  let whaleEnterDecision = -1;
  let whaleLeaveDecision = -1;
  if (whaleOn) {
    const [first, last] = stochastic.whale.enterDay;
    const [shortest, longest] = stochastic.whale.stayDays;
    const dayBlocks = BLOCKS_PER_ROUND / interval; // decisions per day
    const enterDay = first + shocks.integerBelow(last - first + 1);
    const stay = shortest + shocks.integerBelow(longest - shortest + 1);
    whaleEnterDecision = Math.round(enterDay * dayBlocks);
    whaleLeaveDecision = Math.round((enterDay + stay) * dayBlocks);
    validatorOf[whale] = shocks.integerBelow(V);
    compounds[whale] = 1;
    isFixed[whale] = 1;
  }

  // Unbonding: an entry made at decision k is free at decision k + lag; one slot per decision.
  const lag = unbondingBlocks === 0 ? 0 : Math.ceil(unbondingBlocks / interval);
  const ringSize = lag + 1;
  const ring = new Float64Array(N * ringSize);
  const unbondingEntries = new Uint16Array(N);

  const events = [...scenario.events].sort((a, b) => a.atBlock - b.atBlock);
  const decisions = Math.ceil(blocks / interval);
  const rows = decisions + 1;
  const days = new Float64Array(rows);
  const series = Object.fromEntries(PATH_METRICS.map((m) => [m, new Float64Array(rows)])) as Record<
    PathMetric,
    Float64Array
  >;
  const validatorStake = new Float64Array(V);
  const apyOf = new Float64Array(V);

  let supply = scenario.initialSupplyEtm;
  let rewardPerToken = 0;
  let settledRewardPerToken = 0;
  let yieldShift = 0;
  let logPrice = 0;
  let slashes = 0;
  let burnedEtm = 0;
  const dtYears = interval / BLOCKS_PER_YEAR;
  const ou = stochastic.outsideYield;
  const ouDecay = Math.exp(-ou.meanReversionPerYear * dtYears);
  const ouStep =
    ou.volatilityPerSqrtYear * Math.sqrt((1 - ouDecay * ouDecay) / (2 * ou.meanReversionPerYear));
  const price = stochastic.priceShocks;
  const priceDecay = Math.exp(-price.meanReversionPerYear * dtYears);
  const priceJumpChance = 1 - Math.exp(-price.ratePerYear * dtYears);
  const slashChance = 1 - Math.exp(-stochastic.slashing.ratePerYear * dtYears);
  const attention = stochastic.decisionProbability;

  const totalStaked = () => {
    let total = 0;
    for (let v = 0; v < V; v++) total += selfStake[v];
    for (let i = 0; i < N; i++) total += staked[i];
    return total;
  };
  let stakedTotal = totalStaked();

  const fillValidatorStake = () => {
    validatorStake.set(selfStake);
    for (let i = 0; i < N; i++) validatorStake[validatorOf[i]] += staked[i];
  };

  /** Records a row; `validatorStake` must hold the validators' stakes as of now. */
  const record = (row: number, block: number) => {
    const rate = schedule.annualRateAtBlock(block);
    days[row] = block / BLOCKS_PER_ROUND;
    series.stakingRatio[row] = stakedTotal / supply;
    series.estimatedApy[row] = stakedTotal > 0 ? estimatedApy(rate, supply, stakedTotal, delta) : NaN;
    series.supplyEtm[row] = supply;
    const { hhi, nakamoto } = stakeConcentration(validatorStake);
    series.stakeHhi[row] = hhi;
    series.stakeNakamoto[row] = nakamoto;
    series.outsideYieldShift[row] = yieldShift - price.yieldPerLogPrice * logPrice;
  };

  const unstakeAll = (i: number, d: number) => {
    const amount = staked[i];
    if (amount <= 0) return;
    staked[i] = 0;
    if (lag === 0) liquid[i] += amount;
    else {
      ring[i * ringSize + ((d + lag) % ringSize)] += amount;
      unbondingEntries[i]++;
    }
  };

  const slashLargest = (d: number) => {
    fillValidatorStake();
    let target = -1;
    for (let v = 0; v < V; v++)
      if (!jailed[v] && (target < 0 || validatorStake[v] > validatorStake[target])) target = v;
    if (target < 0) return;
    const keep = 1 - stochastic.slashing.fraction;
    let burned = selfStake[target] * stochastic.slashing.fraction;
    selfStake[target] *= keep;
    const free: number[] = [];
    for (let v = 0; v < V; v++) if (v !== target && !jailed[v]) free.push(v);
    for (let i = 0; i < N; i++) {
      if (validatorOf[i] !== target) continue;
      burned += staked[i] * stochastic.slashing.fraction;
      staked[i] *= keep;
      for (let s = 0; s < ringSize; s++) {
        burned += ring[i * ringSize + s] * stochastic.slashing.fraction;
        ring[i * ringSize + s] *= keep;
      }
      // The delegators leave: unstake now, stake with another validator once free.
      unstakeAll(i, d);
      if (free.length > 0) validatorOf[i] = free[shocks.integerBelow(free.length)];
    }
    jailed[target] = 1;
    supply -= burned;
    burnedEtm += burned;
    slashes++;
  };

  const positions: Positions = {
    N,
    liquid,
    staked,
    validatorOf,
    offset,
    threshold,
    speed,
    minFraction,
    maxFraction,
    fixedFraction,
    isFixed,
    compounds,
    population,
    commission,
    ring,
    ringSize,
    lag,
    unbondingEntries,
    minStakeEtm,
    jailedUntilBlock: new Float64Array(V),
  };
  let total = 0;

  /** A scenario's slash event, as simulate() applies it (positions settled before, not yet paid). */
  const scenarioSlash = (target: number, fraction: number, d: number, block: number) => {
    let burned = selfStake[target] * fraction;
    selfStake[target] -= selfStake[target] * fraction;
    for (let i = 0; i < N; i++) {
      if (validatorOf[i] !== target) continue;
      burned += staked[i] * fraction;
      staked[i] -= staked[i] * fraction;
      for (let k = 0; k < ringSize; k++) {
        const slot = i * ringSize + ((d + k) % ringSize); // oldest entry first, as simulate() keeps them
        burned += ring[slot] * fraction;
        ring[slot] -= ring[slot] * fraction;
      }
    }
    supply -= burned;
    burnedEtm += burned;
    positions.jailedUntilBlock[target] = Math.max(
      positions.jailedUntilBlock[target],
      block + scenario.jailBlocks,
    );
    slashes++;
  };

  for (let d = 0; d < decisions; d++) {
    const block = d * interval;
    // Settle every position since the last decision (positions were constant in between).
    const growth = rewardPerToken - settledRewardPerToken;
    settledRewardPerToken = rewardPerToken;
    // Scenario events due at this decision, in simulate()'s order; a slash meets settled, unpaid rewards.
    let preSlashNet: Float64Array | undefined;
    for (const event of events) {
      if (event.atBlock > block || event.atBlock <= block - interval) continue;
      if (event.type === "slash") {
        if (preSlashNet === undefined) {
          preSlashNet = new Float64Array(N);
          for (let i = 0; i < N; i++) {
            if (staked[i] > 0 && growth > 0) {
              const gross = staked[i] * growth;
              preSlashNet[i] = gross - gross * commission[validatorOf[i]];
            }
          }
        }
        scenarioSlash(event.validator, event.fraction, d, block);
        continue;
      }
      scenario.populations.forEach((p, k) => {
        if (event.population === undefined || event.population === p.name)
          populationMean[k] = event.alternativeYield;
      });
    }
    // The total stake, summed in simulate()'s order (validators, then agents) as positions settle.
    total = 0;
    for (let v = 0; v < V; v++) total += selfStake[v];
    total = settleAndRelease(positions, d, block, growth, total, preSlashNet);
    stakedTotal = total;
    // Shocks, drawn once per decision in a fixed order.
    if (ouStep > 0) yieldShift = yieldShift * ouDecay + ouStep * gaussian(shocks);
    if (priceJumpChance > 0) {
      logPrice *= priceDecay;
      if (shocks.nextFraction() < priceJumpChance)
        logPrice += price.meanLogJump + price.sdLogJump * gaussian(shocks);
    }
    let moved = false;
    if (slashChance > 0 && shocks.nextFraction() < slashChance) {
      slashLargest(d);
      moved = true;
    }
    if (d === whaleEnterDecision) {
      staked[whale] += stochastic.whale.holdingsEtm;
      moved = true;
    }
    if (d === whaleLeaveDecision) {
      unstakeAll(whale, d);
      moved = true;
    }
    if (moved) stakedTotal = totalStaked();

    const rate = schedule.annualRateAtBlock(block);
    for (let v = 0; v < V; v++) apyOf[v] = estimatedApy(rate, supply, stakedTotal, delta, commission[v]);
    const shift = yieldShift - price.yieldPerLogPrice * logPrice;
    total = 0;
    for (let v = 0; v < V; v++) total += selfStake[v];
    validatorStake.set(selfStake);
    total = decideAll(
      positions,
      d,
      block,
      shift,
      attention,
      whale,
      shocks,
      apyOf,
      populationMean,
      validatorStake,
      total,
    );
    stakedTotal = total;
    record(d, block);

    const end = Math.min(block + interval, blocks);
    const minted = mintedEtmOver(schedule, supply, block, end);
    const earning = stakersEarn(stakedTotal, supply);
    supply += minted;
    if (earning) rewardPerToken += (minted - minted * delta) / stakedTotal;
  }
  fillValidatorStake();
  record(decisions, blocks);
  return {
    days,
    series,
    slashes,
    burnedEtm,
    whaleEnterDay: whaleOn ? (whaleEnterDecision * interval) / BLOCKS_PER_ROUND : null,
    whaleLeaveDay: whaleOn ? (whaleLeaveDecision * interval) / BLOCKS_PER_ROUND : null,
  };
}
