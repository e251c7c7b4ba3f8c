/**
 * Scenarios: what a simulation run is made of, as read from JSON. `parseScenario` checks every field
 * and fills in defaults; a bad field fails with a `ScenarioError` that names it, says what it must
 * be, and what was found. Amounts are ETM, rates and fractions are plain numbers (0.1 = 10%),
 * durations are blocks.
 */
import { BLOCKS_PER_ROUND, BLOCKS_PER_YEAR } from "./emission";
import { parseStochastic, Stochastic } from "./ensemble/stochastic";

/** The pool's cap on annual inflation (SPEC §2: within [0, maxInflation], max 10%). */
export const MAX_ANNUAL_INFLATION = 0.1;

export type AgentStrategy = "yieldSeeking" | "fixed";

/** A group of agents that share a strategy; each agent gets its own draw of the spread. */
export interface Population {
  name: string;
  /** Number of agents. */
  count: number;
  /** ETM each agent holds at the start. */
  holdingsPerAgentEtm: number;
  /** Share of its holdings each agent has staked at the start. */
  initialStakedFraction: number;
  /** `yieldSeeking`: stake more when staking beats the alternative, less when not; `fixed`: keep `initialStakedFraction`. */
  strategy: AgentStrategy;
  /** Mean annual yield the agents can get elsewhere. */
  alternativeYield: number;
  /** Each agent's alternative yield is drawn uniformly within ± this of the mean. */
  alternativeYieldSpread: number;
  /** Dead band: an agent acts only when the staking APY beats or trails its alternative by more. */
  thresholdYield: number;
  /** Share of the distance to its target an agent closes at each decision, in (0, 1]. */
  reactionSpeed: number;
  /** Least and most of its holdings an agent will have staked. */
  minStakedFraction: number;
  maxStakedFraction: number;
  /** Rewards are staked again at each decision (true) or kept liquid (false). */
  compoundRewards: boolean;
  /**
   * The agents' positions are in their validator's compounding class (the pool's `setCompounding`,
   * switched on before the first stake): their rewards are bonded at every settlement of the
   * validator, which a keeper's `settleValidator` makes at each decision; they have nothing to claim
   * or compound (`compoundRewards` does not apply).
   */
  autoCompound: boolean;
}

export interface ValidatorSet {
  count: number;
  /** Mean commission; each validator's is drawn uniformly within ± `commissionSpread`. */
  commission: number;
  commissionSpread: number;
  /** Each validator's self-stake (security deposit), ETM; constant through the run. 0: not modelled. */
  selfStakeEtm: number;
}

/** From `atBlock` on, the population's (or every population's) mean alternative yield is `alternativeYield`. */
export interface AlternativeYieldEvent {
  type: "alternativeYield";
  atBlock: number;
  /** A population name; omitted: every population. */
  population?: string;
  alternativeYield: number;
}

/**
 * At `atBlock` the slasher slashes validator number `validator` (0-based) by `fraction`, as the pool's
 * `slash`: its self-stake, its delegators' stake and their unbonding lose `fraction` (burned), and it
 * is jailed for `jailBlocks` (no stake or compound to it meanwhile).
 */
export interface SlashEvent {
  type: "slash";
  atBlock: number;
  validator: number;
  fraction: number;
}

export type ScenarioEvent = AlternativeYieldEvent | SlashEvent;

export interface InflationEntry {
  year: number;
  annualRate: number;
}

export interface Scenario {
  name: string;
  description: string;
  /** Blocks to simulate. */
  blocks: number;
  /** Agents decide every this many blocks; emission in between is aggregated in closed form. */
  decisionIntervalBlocks: number;
  seed: number;
  initialSupplyEtm: number;
  /** Annual rates by year; year 0 required, a year without a rate keeps the last one. */
  inflation: InflationEntry[];
  /** Validators' direct share of each mint. */
  delta: number;
  /** Blocks between `unstake` and the tokens being free again. */
  unbondingBlocks: number;
  /** Smallest non-zero position and smallest move, ETM. */
  minStakeEtm: number;
  /** Trailing window of the realised APY, blocks. */
  realisedApyWindowBlocks: number;
  /** Blocks a slashed validator stays jailed (the pool's `jailBlocks`). */
  jailBlocks: number;
  validators: ValidatorSet;
  populations: Population[];
  events: ScenarioEvent[];
  /** The ensemble's randomness and shocks (`--paths`); the single deterministic path ignores it. */
  stochastic: Stochastic;
}

export { FieldReader, ScenarioError } from "./fieldReader";
import { FieldReader, ScenarioError } from "./fieldReader";

type Json = unknown;

const SCENARIO_FIELDS = [
  "$schema",
  "name",
  "description",
  "blocks",
  "decisionIntervalBlocks",
  "seed",
  "initialSupplyEtm",
  "inflation",
  "delta",
  "unbondingBlocks",
  "minStakeEtm",
  "realisedApyWindowBlocks",
  "jailBlocks",
  "validators",
  "populations",
  "events",
  "stochastic",
] as const;
const POPULATION_FIELDS = [
  "name",
  "count",
  "holdingsPerAgentEtm",
  "initialStakedFraction",
  "strategy",
  "alternativeYield",
  "alternativeYieldSpread",
  "thresholdYield",
  "reactionSpeed",
  "minStakedFraction",
  "maxStakedFraction",
  "compoundRewards",
  "autoCompound",
] as const;
const VALIDATOR_FIELDS = ["count", "commission", "commissionSpread", "selfStakeEtm"] as const;
const INFLATION_FIELDS = ["year", "annualRate"] as const;
const EVENT_FIELDS = ["type", "atBlock", "population", "alternativeYield", "validator", "fraction"] as const;

const FRACTION = { min: 0, max: 1 };
const YIELD = { min: 0, max: 10 };

/**
 * Checks a parsed JSON scenario and returns it with every default filled in. `fallbackName` names
 * the scenario when the file does not (the file's base name).
 */
export function parseScenario(json: Json, fallbackName = "scenario"): Scenario {
  const root = FieldReader.of(json, "", SCENARIO_FIELDS);

  const inflation = root
    .array("inflation", [{ year: 0, annualRate: MAX_ANNUAL_INFLATION }])
    .map((entry, index) => {
      const field = FieldReader.of(entry, `inflation[${index}]`, INFLATION_FIELDS);
      return {
        year: field.number("year", { min: 0, max: 1000, integer: true }),
        annualRate: field.number("annualRate", { min: 0, max: MAX_ANNUAL_INFLATION }),
      };
    });
  if (!inflation.some((entry) => entry.year === 0)) {
    throw new ScenarioError('inflation must set a rate for year 0, e.g. { "year": 0, "annualRate": 0.1 }');
  }
  inflation.forEach((entry, index) => {
    if (inflation.findIndex((other) => other.year === entry.year) !== index) {
      throw new ScenarioError(
        `inflation[${index}].year sets year ${entry.year} a second time; keep one entry per year`,
      );
    }
  });

  const validatorField = FieldReader.of(root.raw("validators") ?? {}, "validators", VALIDATOR_FIELDS);
  const validators: ValidatorSet = {
    count: validatorField.number("count", { min: 1, max: 1000, integer: true }, 21),
    commission: validatorField.number("commission", FRACTION, 0.1),
    commissionSpread: validatorField.number("commissionSpread", FRACTION, 0),
    selfStakeEtm: validatorField.number("selfStakeEtm", { min: 0 }, 1_000_000),
  };
  if (
    validators.commission - validators.commissionSpread < 0 ||
    validators.commission + validators.commissionSpread > 1
  ) {
    throw new ScenarioError(
      `validators.commission ± validators.commissionSpread must stay within [0, 1], got ${validators.commission} ± ${validators.commissionSpread}`,
    );
  }

  const populationsJson = root.array("populations");
  if (populationsJson.length === 0) {
    throw new ScenarioError("populations must list at least one population of agents");
  }
  const populations = populationsJson.map((entry, index) => parsePopulation(entry, `populations[${index}]`));
  populations.forEach((population, index) => {
    if (populations.findIndex((other) => other.name === population.name) !== index) {
      throw new ScenarioError(
        `populations[${index}].name "${population.name}" is used twice; names must be unique`,
      );
    }
  });

  const events = root.array("events", []).map((entry, index): ScenarioEvent => {
    const path = `events[${index}]`;
    const field = FieldReader.of(entry, path, EVENT_FIELDS);
    const type = field.oneOf("type", ["alternativeYield", "slash"], "alternativeYield");
    if (type === "slash") {
      for (const key of ["population", "alternativeYield"]) {
        if (field.has(key))
          throw new ScenarioError(`${path}.${key} does not belong to a slash event; remove it`);
      }
      return {
        type: "slash",
        atBlock: field.number("atBlock", { min: 0, integer: true }),
        validator: field.number("validator", { min: 0, max: validators.count - 1, integer: true }),
        fraction: field.number("fraction", { min: 0, max: 1, minExclusive: true }),
      };
    }
    for (const key of ["validator", "fraction"]) {
      if (field.has(key))
        throw new ScenarioError(`${path}.${key} belongs to a slash event; add "type": "slash" or remove it`);
    }
    const population = field.has("population") ? field.string("population") : undefined;
    if (population !== undefined && !populations.some((p) => p.name === population)) {
      throw new ScenarioError(
        `${path}.population "${population}" is not a population of this scenario; use one of ${populations.map((p) => `"${p.name}"`).join(", ")} or leave it out for all`,
      );
    }
    return {
      type: "alternativeYield",
      atBlock: field.number("atBlock", { min: 0, integer: true }),
      ...(population === undefined ? {} : { population }),
      alternativeYield: field.number("alternativeYield", YIELD),
    };
  });

  const scenario: Scenario = {
    name: root.string("name", fallbackName),
    description: root.has("description") ? root.string("description") : "",
    blocks: root.number("blocks", { min: 1, integer: true }, BLOCKS_PER_YEAR),
    decisionIntervalBlocks: root.number(
      "decisionIntervalBlocks",
      { min: 1, integer: true },
      BLOCKS_PER_ROUND,
    ),
    seed: root.number("seed", { min: 0, max: 0xffffffff, integer: true }, 1),
    initialSupplyEtm: root.number("initialSupplyEtm", { min: 0, minExclusive: true }),
    inflation,
    delta: root.number("delta", { min: 0, max: 1 }, 0),
    unbondingBlocks: root.number("unbondingBlocks", { min: 0, integer: true }, 7 * BLOCKS_PER_ROUND),
    minStakeEtm: root.number("minStakeEtm", { min: 0 }, 1),
    realisedApyWindowBlocks: root.number(
      "realisedApyWindowBlocks",
      { min: 1, integer: true },
      30 * BLOCKS_PER_ROUND,
    ),
    jailBlocks: root.number("jailBlocks", { min: 0, integer: true }, 3 * BLOCKS_PER_ROUND),
    validators,
    populations,
    events,
    stochastic: parseStochastic(root.raw("stochastic"), "stochastic"),
  };

  const allocatedEtm =
    validators.count * validators.selfStakeEtm +
    populations.reduce((sum, p) => sum + p.count * p.holdingsPerAgentEtm, 0);
  if (allocatedEtm > scenario.initialSupplyEtm) {
    throw new ScenarioError(
      `validators' self-stake and the populations' holdings add up to ${allocatedEtm} ETM, more than initialSupplyEtm (${scenario.initialSupplyEtm}); raise initialSupplyEtm or lower the holdings`,
    );
  }
  if (!root.has("stochastic")) {
    // The default whale holds what is left when the scenario leaves less than its default.
    const whale = scenario.stochastic.whale;
    const unheldEtm = scenario.initialSupplyEtm - allocatedEtm;
    scenario.stochastic = {
      ...scenario.stochastic,
      whale: { ...whale, holdingsEtm: Math.min(whale.holdingsEtm, unheldEtm) },
    };
  }
  const { whale } = scenario.stochastic;
  if (whale.probability > 0 && allocatedEtm + whale.holdingsEtm > scenario.initialSupplyEtm) {
    throw new ScenarioError(
      `stochastic.whale.holdingsEtm (${whale.holdingsEtm}) is more than the supply nobody holds (${scenario.initialSupplyEtm - allocatedEtm} ETM); lower it or raise initialSupplyEtm`,
    );
  }
  return scenario;
}

function parsePopulation(json: Json, path: string): Population {
  const field = FieldReader.of(json, path, POPULATION_FIELDS);
  const strategy = field.oneOf<AgentStrategy>("strategy", ["yieldSeeking", "fixed"], "yieldSeeking");
  const population: Population = {
    name: field.string("name"),
    count: field.number("count", { min: 1, max: 1_000_000, integer: true }),
    holdingsPerAgentEtm: field.number("holdingsPerAgentEtm", { min: 0, minExclusive: true }),
    initialStakedFraction: field.number("initialStakedFraction", FRACTION, 0),
    strategy,
    alternativeYield: field.number("alternativeYield", YIELD, strategy === "fixed" ? 0 : undefined),
    alternativeYieldSpread: field.number("alternativeYieldSpread", YIELD, 0),
    thresholdYield: field.number("thresholdYield", YIELD, 0.005),
    reactionSpeed: field.number("reactionSpeed", { min: 0, max: 1, minExclusive: true }, 0.1),
    minStakedFraction: field.number("minStakedFraction", FRACTION, 0),
    maxStakedFraction: field.number("maxStakedFraction", FRACTION, 1),
    compoundRewards: field.boolean("compoundRewards", true),
    autoCompound: field.boolean("autoCompound", false),
  };
  if (population.minStakedFraction > population.maxStakedFraction) {
    throw new ScenarioError(
      `${path}.minStakedFraction (${population.minStakedFraction}) is above ${path}.maxStakedFraction (${population.maxStakedFraction}); swap them`,
    );
  }
  return population;
}
