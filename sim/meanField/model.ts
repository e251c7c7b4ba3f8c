/**
 * A mean-field model of the staking ratio: the agent populations as continua over their
 * alternative yield, in continuous time. Each yield-seeking population's yields are uniform on
 * `[μ − s, μ + s]`, cut into `BINS` equal bins; bin `b` holds wealth `W_b` and stake `S_b` and moves
 * toward its target at the rate of the agents' reaction:
 *
 *   dS_b/dt = λ·(max·W_b − S_b)  if A(R) − a_b > θ,   λ·(min·W_b − S_b)  if A(R) − a_b < −θ,   0 otherwise,
 *
 * `A(R) = (1 + i)^((1 − δ)(1 − c̄)/R) − 1` the estimated APY at staking ratio `R = S/B` net of the
 * mean commission, `λ = −ln(1 − p·k)` per decision (`k` the reaction speed, `p` the attention).
 * Rewards `ln(1 + i)(1 − δ)/S` per staked token and year, net of commission, raise the wealth (and,
 * for compounders, the stake); the supply grows at `ln(1 + i)` a year. Fixed populations move toward
 * their fraction the same way; validators' self-stake is constant. Integrated with RK4.
 *
 * Its equilibrium without the dead band (θ → 0) solves `R = v + Σ_P h_P·(max·F_P + min·(1 − F_P))`
 * with `F_P = clamp((A(R) − μ + s)/(2s))` the share of the population staking: one equation in `R`,
 * decreasing, solved by bisection to 1e-12. With one yield-seeking population without spread whose
 * wealth is not the limit, `A(R*) = μ` in closed form: `R* = (1 − δ)(1 − c̄)·ln(1 + i)/ln(1 + μ)`.
 */
import { BLOCKS_PER_YEAR } from "../emission";
import type { Scenario } from "../scenario";
import type { Stochastic } from "../ensemble/stochastic";

export const BINS = 200;

interface Bin {
  alternativeYield: number;
  wealthShare: number; // of the population's wealth
}

export interface MeanFieldPopulation {
  yieldSeeking: boolean;
  bins: Bin[];
  threshold: number;
  /** Per year. */
  rate: number;
  minFraction: number;
  maxFraction: number;
  fixedFraction: number;
  compounds: boolean;
  initialWealthEtm: number;
  initialStakedEtm: number;
  meanYield: number;
  spread: number;
}

/** From `day` on, the population's (or every population's) mean alternative yield is `alternativeYield`. */
export interface MeanFieldEvent {
  day: number;
  population?: number;
  alternativeYield: number;
}

export interface MeanFieldModel {
  events: MeanFieldEvent[];
  annualRate: number;
  delta: number;
  meanCommission: number;
  selfStakeEtm: number;
  initialSupplyEtm: number;
  populations: MeanFieldPopulation[];
}

/** The model of a scenario's first year (its year-0 rate), with the stochastic section's attention. */
export function meanFieldModelOf(scenario: Scenario, stochastic?: Stochastic): MeanFieldModel {
  const attention = stochastic?.decisionProbability ?? 1;
  const decisionsPerYear = BLOCKS_PER_YEAR / scenario.decisionIntervalBlocks;
  const names = scenario.populations.map((p) => p.name);
  return {
    // Slashes are not in the mean-field model (it has no validators); yield events are.
    events: scenario.events
      .flatMap((e) => (e.type !== "alternativeYield" ? [] : [e]))
      .map((e) => ({
        day:
          Math.ceil(e.atBlock / scenario.decisionIntervalBlocks) * (scenario.decisionIntervalBlocks / 28_800),
        ...(e.population === undefined ? {} : { population: names.indexOf(e.population) }),
        alternativeYield: e.alternativeYield,
      })),
    annualRate: scenario.inflation.find((e) => e.year === 0)!.annualRate,
    delta: scenario.delta,
    meanCommission: scenario.validators.commission,
    selfStakeEtm: scenario.validators.count * scenario.validators.selfStakeEtm,
    initialSupplyEtm: scenario.initialSupplyEtm,
    populations: scenario.populations.map((p) => {
      const yieldSeeking = p.strategy === "yieldSeeking";
      const binCount = yieldSeeking && p.alternativeYieldSpread > 0 ? BINS : 1;
      const bins = Array.from({ length: binCount }, (_, b) => ({
        alternativeYield:
          binCount === 1
            ? p.alternativeYield
            : p.alternativeYield -
              p.alternativeYieldSpread +
              ((b + 0.5) / binCount) * 2 * p.alternativeYieldSpread,
        wealthShare: 1 / binCount,
      }));
      const wealth = p.count * p.holdingsPerAgentEtm;
      return {
        yieldSeeking,
        bins,
        threshold: p.thresholdYield,
        rate: -Math.log(1 - attention * p.reactionSpeed) * decisionsPerYear,
        minFraction: p.minStakedFraction,
        maxFraction: p.maxStakedFraction,
        fixedFraction: p.initialStakedFraction,
        compounds: p.compoundRewards,
        initialWealthEtm: wealth,
        initialStakedEtm: wealth * p.initialStakedFraction,
        meanYield: p.alternativeYield,
        spread: p.alternativeYieldSpread,
      };
    }),
  };
}

/** `(1 + i)^((1 − δ)(1 − c)/R) − 1`. */
export function apyAtRatio(model: MeanFieldModel, ratio: number): number {
  return Math.expm1(((1 - model.delta) * (1 - model.meanCommission) * Math.log1p(model.annualRate)) / ratio);
}

/** State: supply, then per population per bin (wealth, stake). */
type State = Float64Array;

function derivative(model: MeanFieldModel, state: State): Float64Array {
  const out = new Float64Array(state.length);
  const supply = state[0];
  let staked = model.selfStakeEtm;
  for (let k = 1; k < state.length; k += 2) staked += state[k + 1];
  const growth = Math.log1p(model.annualRate);
  out[0] = growth * supply;
  const ratio = staked / supply;
  const apy = apyAtRatio(model, ratio);
  const rewardPerStaked = (growth * (1 - model.delta) * supply) / staked; // per year, before commission
  let k = 1;
  for (const p of model.populations) {
    for (const bin of p.bins) {
      const wealth = state[k];
      const stake = state[k + 1];
      const reward = rewardPerStaked * (1 - model.meanCommission) * stake;
      let move = 0;
      if (!p.yieldSeeking) move = p.rate * (p.fixedFraction * wealth - stake);
      else {
        const advantage = apy - bin.alternativeYield;
        if (advantage > p.threshold) move = p.rate * (p.maxFraction * wealth - stake);
        else if (advantage < -p.threshold) move = p.rate * (p.minFraction * wealth - stake);
      }
      out[k] = reward;
      out[k + 1] = move + (p.compounds ? reward : 0);
      k += 2;
    }
  }
  return out;
}

export interface MeanFieldPoint {
  day: number;
  stakingRatio: number;
  estimatedApy: number;
  supplyEtm: number;
  /** Each population's wealth (staked, liquid and unbonding). */
  wealthEtm: number[];
  /** Each population's wealth bin by bin (stakers compound, so wealth moves toward low yields). */
  binWealthEtm: number[][];
}

/** Integrates `days` days with RK4 steps of `stepDays`; one point per whole day. */
export function integrateMeanField(initial: MeanFieldModel, days: number, stepDays = 0.25): MeanFieldPoint[] {
  // Events move the bins' yields: work on a copy.
  const model: MeanFieldModel = {
    ...initial,
    populations: initial.populations.map((p) => ({ ...p, bins: p.bins.map((b) => ({ ...b })) })),
  };
  const pending = [...initial.events].sort((a, b) => a.day - b.day);
  const applyEvents = (day: number) => {
    while (pending.length > 0 && pending[0].day <= day) {
      const event = pending.shift()!;
      model.populations.forEach((p, index) => {
        if (event.population !== undefined && event.population !== index) return;
        const shift = event.alternativeYield - p.meanYield;
        for (const bin of p.bins) bin.alternativeYield += shift;
        p.meanYield = event.alternativeYield;
      });
    }
  };
  let state: State = new Float64Array(1 + 2 * model.populations.reduce((n, p) => n + p.bins.length, 0));
  state[0] = model.initialSupplyEtm;
  let k = 1;
  for (const p of model.populations) {
    for (const bin of p.bins) {
      state[k] = p.initialWealthEtm * bin.wealthShare;
      state[k + 1] = p.initialStakedEtm * bin.wealthShare;
      k += 2;
    }
  }
  // RK4 is stable for λ·h up to about 2.8: keep λ·h <= 0.5 whatever the reaction rate.
  const fastestPerDay = Math.max(...model.populations.map((p) => p.rate)) / 365;
  const stepsPerDay = Math.max(Math.round(1 / stepDays), Math.ceil(fastestPerDay / 0.5));
  const h = 1 / stepsPerDay / 365;
  const points: MeanFieldPoint[] = [];
  const record = (day: number) => {
    let staked = model.selfStakeEtm;
    for (let j = 1; j < state.length; j += 2) staked += state[j + 1];
    const ratio = staked / state[0];
    const wealthEtm: number[] = [];
    const binWealthEtm: number[][] = [];
    let j = 1;
    for (const p of model.populations) {
      let wealth = 0;
      const bins: number[] = [];
      for (let b = 0; b < p.bins.length; b++, j += 2) {
        wealth += state[j];
        bins.push(state[j]);
      }
      wealthEtm.push(wealth);
      binWealthEtm.push(bins);
    }
    points.push({
      day,
      stakingRatio: ratio,
      estimatedApy: Math.expm1(((1 - model.delta) * Math.log1p(model.annualRate)) / ratio),
      supplyEtm: state[0],
      wealthEtm,
      binWealthEtm,
    });
  };
  applyEvents(0);
  record(0);
  const add = (a: State, b: Float64Array, scale: number) => {
    const out = new Float64Array(a.length);
    for (let j = 0; j < a.length; j++) out[j] = a[j] + scale * b[j];
    return out;
  };
  for (let day = 1; day <= days; day++) {
    applyEvents(day - 1);
    for (let s = 0; s < stepsPerDay; s++) {
      const k1 = derivative(model, state);
      const k2 = derivative(model, add(state, k1, h / 2));
      const k3 = derivative(model, add(state, k2, h / 2));
      const k4 = derivative(model, add(state, k3, h));
      const next = new Float64Array(state.length);
      for (let j = 0; j < state.length; j++)
        next[j] = state[j] + (h / 6) * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
      state = next;
    }
    record(day);
  }
  return points;
}

/**
 * The equilibrium staking ratio without the dead band: the root of
 * `R − v − Σ_P (max·W_P^in(A(R)) + min·W_P^out(A(R))) / B` (fixed populations at their fraction), by
 * bisection on (0, 1], where `W_P^in` is the wealth whose alternative yield is below `A(R)`. With the
 * wealth spread uniformly over the yields (the start), `W_P^in = W_P·F_P`,
 * `F_P = clamp((A(R) − μ + s)/(2s))`. At a point `at` of the integration the wealth bin by bin is used
 * (each bin's wealth spread evenly over its width): compounding stakers hold more and more of it.
 */
export function equilibriumRatio(
  model: MeanFieldModel,
  at?: Pick<MeanFieldPoint, "supplyEtm" | "wealthEtm" | "binWealthEtm">,
): number {
  const supply = at?.supplyEtm ?? model.initialSupplyEtm;
  const implied = (ratio: number) => {
    const apy = apyAtRatio(model, ratio);
    let staked = model.selfStakeEtm;
    for (const [index, p] of model.populations.entries()) {
      const wealth = at?.wealthEtm[index] ?? p.initialWealthEtm;
      if (!p.yieldSeeking) {
        staked += p.fixedFraction * wealth;
        continue;
      }
      let inWealth: number;
      if (p.spread === 0) inWealth = apy > p.meanYield ? wealth : 0;
      else if (at === undefined) {
        inWealth = wealth * Math.min(1, Math.max(0, (apy - (p.meanYield - p.spread)) / (2 * p.spread)));
      } else {
        const width = (2 * p.spread) / p.bins.length;
        inWealth = 0;
        p.bins.forEach((bin, b) => {
          const share = Math.min(1, Math.max(0, (apy - (bin.alternativeYield - width / 2)) / width));
          inWealth += at.binWealthEtm[index][b] * share;
        });
      }
      staked += p.maxFraction * inWealth + p.minFraction * (wealth - inWealth);
    }
    return staked / supply;
  };
  let low = 1e-9;
  let high = 1;
  for (let i = 0; i < 200 && high - low > 1e-13; i++) {
    const mid = (low + high) / 2;
    if (implied(mid) > mid) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** The closed form for one population without spread: `A(R*) = μ`. */
export function singleYieldEquilibriumRatio(model: MeanFieldModel, meanYield: number): number {
  return (
    ((1 - model.delta) * (1 - model.meanCommission) * Math.log1p(model.annualRate)) / Math.log1p(meanYield)
  );
}
