/** Small scenarios for the simulator's tests, built from JSON the way users write them. */
import { parseScenario, Scenario } from "../../sim/scenario";

/** A few agents of each kind; anything can be overridden. */
export function smallScenarioJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "small",
    blocks: 20_000,
    decisionIntervalBlocks: 500,
    seed: 7,
    initialSupplyEtm: 10_000_000,
    inflation: [{ year: 0, annualRate: 0.1 }],
    unbondingBlocks: 1_500,
    realisedApyWindowBlocks: 5_000,
    validators: { count: 3, commission: 0.1, commissionSpread: 0.05, selfStakeEtm: 100_000 },
    populations: [
      {
        name: "seekers",
        count: 6,
        holdingsPerAgentEtm: 500_000,
        initialStakedFraction: 0.2,
        alternativeYield: 0.15,
        alternativeYieldSpread: 0.1,
        thresholdYield: 0.002,
        reactionSpeed: 0.3,
      },
      {
        name: "savers",
        count: 3,
        holdingsPerAgentEtm: 400_000,
        initialStakedFraction: 0.5,
        alternativeYield: 0.3,
        reactionSpeed: 0.2,
        compoundRewards: false,
      },
      {
        name: "custodians",
        count: 2,
        holdingsPerAgentEtm: 1_000_000,
        initialStakedFraction: 0.4,
        strategy: "fixed",
      },
    ],
    ...overrides,
  };
}

export function smallScenario(overrides: Record<string, unknown> = {}): Scenario {
  return parseScenario(smallScenarioJson(overrides));
}
