import { expect } from "chai";
import { runEnsemble } from "../../sim/ensemble/ensemble";
import { compareMeanField } from "../../sim/meanField/compare";
import {
  apyAtRatio,
  equilibriumRatio,
  integrateMeanField,
  meanFieldModelOf,
  singleYieldEquilibriumRatio,
} from "../../sim/meanField/model";
import { loadScenario } from "../../sim/scenarioFiles";
import { simulate } from "../../sim/simulate";
import { smallScenario } from "../shared/simScenarios";

describe("sim/meanField: the staking ratio's mean-field model", () => {
  for (const [preset, tolerance] of [
    ["baseline", 0.01],
    ["low-participation", 0.01],
  ] as const) {
    it(`follows the deterministic agent simulation (${preset}) within ${tolerance} from day 30 to day 365`, () => {
      const scenario = loadScenario(preset);
      const rows = simulate(scenario).rows;
      const points = integrateMeanField(meanFieldModelOf(scenario), 365);
      let gap = 0;
      for (let day = 30; day <= 365; day++)
        gap = Math.max(gap, Math.abs(rows[day].stakingRatio - points[day].stakingRatio));
      expect(gap).to.be.below(tolerance);
      // and it is not trivially close: at the start the two differ by the agents' first decision
      expect(Math.abs(rows[0].stakingRatio - points[0].stakingRatio)).to.be.above(0.01);
    });
  }

  it("its equilibrium has the closed form A(R*) = μ for one population without spread", () => {
    const scenario = smallScenario({
      populations: [
        { name: "one", count: 10, holdingsPerAgentEtm: 900_000, alternativeYield: 0.2, thresholdYield: 0 },
      ],
    });
    const model = meanFieldModelOf(scenario);
    const closed = singleYieldEquilibriumRatio(model, 0.2);
    expect(closed).to.be.closeTo((0.9 * Math.log(1.1)) / Math.log(1.2), 1e-15);
    expect(equilibriumRatio(model)).to.be.closeTo(closed, 1e-9);
    expect(apyAtRatio(model, closed)).to.be.closeTo(0.2, 1e-12);
  });

  it("without the dead band the integrated model settles at its equilibrium", () => {
    const scenario = smallScenario({
      blocks: 3 * 10_512_000,
      decisionIntervalBlocks: 28_800,
      populations: [
        {
          name: "spread",
          count: 10,
          holdingsPerAgentEtm: 900_000,
          alternativeYield: 0.2,
          alternativeYieldSpread: 0.05,
          thresholdYield: 0,
          reactionSpeed: 0.05,
        },
      ],
    });
    const model = meanFieldModelOf(scenario);
    const points = integrateMeanField(model, 3 * 365);
    const end = points[points.length - 1];
    // the wealth shares move as rewards accrue: compare with the equilibrium at the end's wealth
    expect(end.stakingRatio).to.be.closeTo(equilibriumRatio(model, end), 2e-3);
    expect(Math.abs(points[0].stakingRatio - equilibriumRatio(model, points[0]))).to.be.above(0.1); // it starts far off
  });

  it("sits within 3 points of the median of an ensemble with the default shocks (40 paths, day 30 on)", async () => {
    const scenario = loadScenario("baseline");
    const result = await runEnsemble(scenario, { paths: 40, workers: 0 });
    const comparison = compareMeanField(result);
    expect(comparison.maxMedianGap).to.be.below(0.03);
    expect(comparison.maxMedianGap).to.be.above(0); // it is a model, not a copy
    expect(comparison.equilibriumAtEnd).to.be.within(0.6, 0.7);
  });
});
