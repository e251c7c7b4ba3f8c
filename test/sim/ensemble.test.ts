import { expect } from "chai";
import { runEnsemble } from "../../sim/ensemble/ensemble";
import { pathSeed, runPath, stakeConcentration } from "../../sim/ensemble/path";
import { bandsOf, quantileOfSorted } from "../../sim/ensemble/quantiles";
import { NO_STOCHASTIC, Stochastic } from "../../sim/ensemble/stochastic";
import { BLOCKS_PER_ROUND } from "../../sim/emission";
import { loadScenario } from "../../sim/scenarioFiles";
import { simulate } from "../../sim/simulate";
import { createAgents, createValidators } from "../../sim/agents";
import { SeededRandom } from "../../sim/random";
import { smallScenario } from "../shared/simScenarios";

const quiet = (overrides: Partial<Stochastic>): Stochastic => ({ ...NO_STOCHASTIC, ...overrides });

describe("sim/ensemble", () => {
  describe("a path without shocks is the deterministic simulator's", () => {
    for (const preset of ["baseline", "yield-shock"]) {
      it(`${preset}: every row's staking ratio, APY and supply equal, bit for bit`, () => {
        const scenario = loadScenario(preset);
        const rows = simulate(scenario).rows;
        const path = runPath(scenario, scenario.seed, NO_STOCHASTIC);
        expect(path.days.length).to.equal(rows.length);
        rows.forEach((row, i) => {
          expect(path.series.stakingRatio[i], `row ${i}`).to.equal(row.stakingRatio);
          expect(path.series.supplyEtm[i], `row ${i}`).to.equal(row.supplyEtm);
          expect(path.series.estimatedApy[i], `row ${i}`).to.equal(row.estimatedApy);
        });
      });
    }

    it("with a scenario's slash (jail, unbonding slashed too): every row equal, bit for bit", () => {
      const scenario = smallScenario({
        blocks: 8_000,
        jailBlocks: 1_500,
        events: [
          { type: "slash", atBlock: 2_000, validator: 1, fraction: 0.1 },
          { type: "slash", atBlock: 4_500, validator: 0, fraction: 0.25 },
        ],
      });
      const result = simulate(scenario, { recordActions: true });
      const path = runPath(scenario, scenario.seed, NO_STOCHASTIC);
      expect(path.slashes).to.equal(2);
      expect(result.actions.filter((a) => a.kind === "slash")).to.have.length(2);
      result.rows.forEach((row, i) => {
        expect(path.series.stakingRatio[i], `row ${i}`).to.equal(row.stakingRatio);
        expect(path.series.supplyEtm[i], `row ${i}`).to.equal(row.supplyEtm);
      });
      const unslashed = simulate(smallScenario({ blocks: 8_000 })).rows;
      expect(result.rows[result.rows.length - 1].supplyEtm).to.be.below(
        unslashed[unslashed.length - 1].supplyEtm,
      );
    });

    it("and the shocks move it away (the comparison above can fail)", () => {
      const scenario = smallScenario();
      const plain = runPath(scenario, 7, NO_STOCHASTIC).series.stakingRatio;
      const shaken = runPath(
        scenario,
        7,
        quiet({ outsideYield: { meanReversionPerYear: 2, volatilityPerSqrtYear: 0.5 } }),
      ).series.stakingRatio;
      expect(plain.some((x, i) => x !== shaken[i])).to.equal(true);
    });
  });

  describe("determinism", () => {
    const scenario = smallScenario({ blocks: 40_000 });

    it("the same seed gives the same ensemble; another seed another one", async () => {
      const a = await runEnsemble(scenario, { paths: 8, workers: 0, seed: 11 });
      const b = await runEnsemble(scenario, { paths: 8, workers: 0, seed: 11 });
      const c = await runEnsemble(scenario, { paths: 8, workers: 0, seed: 12 });
      expect([...a.series.stakingRatio]).to.deep.equal([...b.series.stakingRatio]);
      expect([...a.series.supplyEtm]).to.deep.equal([...b.series.supplyEtm]);
      expect([...a.series.stakingRatio]).to.not.deep.equal([...c.series.stakingRatio]);
      expect(a.summaries.map((s) => s.seed)).to.deep.equal(
        Array.from({ length: 8 }, (_, p) => pathSeed(11, p)),
      );
    });

    it("worker threads change nothing: 2 workers give the main thread's result", async function () {
      this.timeout(60_000);
      const alone = await runEnsemble(scenario, { paths: 6, workers: 0, seed: 5 });
      const threaded = await runEnsemble(scenario, { paths: 6, workers: 2, seed: 5 });
      expect(threaded.workers).to.equal(2);
      for (const metric of ["stakingRatio", "estimatedApy", "stakeNakamoto"] as const) {
        expect([...threaded.series[metric]]).to.deep.equal([...alone.series[metric]]);
      }
      expect(threaded.bands.stakingRatio).to.deep.equal(alone.bands.stakingRatio);
    });
  });

  describe("shocks", () => {
    it("the outside yield's shift has the Ornstein–Uhlenbeck stationary spread σ/√(2κ)", () => {
      const scenario = smallScenario({
        blocks: 365 * BLOCKS_PER_ROUND,
        decisionIntervalBlocks: BLOCKS_PER_ROUND,
        populations: [{ name: "one", count: 1, holdingsPerAgentEtm: 1_000, alternativeYield: 0.1 }],
      });
      const stochastic = quiet({ outsideYield: { meanReversionPerYear: 4, volatilityPerSqrtYear: 0.04 } });
      const ends: number[] = [];
      for (let p = 0; p < 600; p++) {
        const shifts = runPath(scenario, pathSeed(3, p), stochastic).series.outsideYieldShift;
        ends.push(shifts[shifts.length - 1]);
      }
      const mean = ends.reduce((a, b) => a + b, 0) / ends.length;
      const sd = Math.sqrt(ends.reduce((a, b) => a + (b - mean) ** 2, 0) / (ends.length - 1));
      const expected = 0.04 / Math.sqrt(2 * 4); // 0.01414
      expect(Math.abs(mean)).to.be.below((4 * expected) / Math.sqrt(ends.length));
      expect(sd).to.be.within(expected * 0.88, expected * 1.12); // ±12%: about 3 standard errors of an sd from 600 draws
    });

    it("a slash burns its fraction of the largest validator's stake (self-stake and delegators'), off the supply", () => {
      const scenario = smallScenario({ blocks: 500 }); // one decision: the slash meets the initial positions
      const stochastic = quiet({ slashing: { ratePerYear: 365, fraction: 0.1 } });
      // 365 a year makes a slash at a 500-block decision about 1.7% likely: take the first seed with one
      let seed = 0;
      let path = runPath(scenario, seed, stochastic);
      while (path.slashes === 0 && seed < 10_000) path = runPath(scenario, ++seed, stochastic);
      expect(path.slashes).to.equal(1);
      const random = new SeededRandom(seed);
      const validators = createValidators(scenario.validators, random);
      const stakes = validators.map((v) => v.selfStakeEtm);
      for (const agent of createAgents(scenario.populations, validators.length, random))
        stakes[agent.validatorIndex] += agent.stakedEtm;
      expect(path.burnedEtm).to.be.closeTo(0.1 * Math.max(...stakes), 1e-6);
      const plain = runPath(scenario, seed, NO_STOCHASTIC);
      expect(plain.series.supplyEtm[0] - path.series.supplyEtm[0]).to.be.closeTo(path.burnedEtm, 1e-6);
      // its delegators unstaked: less is staked than the burn alone explains
      expect(plain.series.stakingRatio[0] * plain.series.supplyEtm[0] - path.burnedEtm).to.be.above(
        path.series.stakingRatio[0] * path.series.supplyEtm[0],
      );
    });

    it("a whale staking everything with one validator raises the ratio by its holdings and concentrates the stake", () => {
      const scenario = smallScenario({
        populations: [
          {
            name: "custodians",
            count: 20,
            holdingsPerAgentEtm: 100_000,
            initialStakedFraction: 0.5,
            strategy: "fixed",
          },
        ],
      });
      const plain = runPath(scenario, 9, NO_STOCHASTIC);
      const whale = (stayDays: [number, number]) =>
        quiet({ whale: { probability: 1, holdingsEtm: 2_000_000, enterDay: [0, 0], stayDays } });
      // stays past the run's end
      const withWhale = runPath(scenario, 9, whale([1, 1]));
      expect(withWhale.whaleEnterDay).to.equal(0);
      const rise = withWhale.series.stakingRatio[0] - plain.series.stakingRatio[0];
      expect(rise).to.be.closeTo(2_000_000 / plain.series.supplyEtm[0], 1e-12);
      expect(withWhale.series.stakeNakamoto[0]).to.be.below(plain.series.stakeNakamoto[0] + 1e-9);
      expect(withWhale.series.stakeHhi[0]).to.be.above(plain.series.stakeHhi[0]);
      // enters and leaves at the same decision: it unbonds at once and the ratio is the plain one
      const inAndOut = runPath(scenario, 9, whale([0, 0]));
      expect(inAndOut.series.stakingRatio[0]).to.equal(plain.series.stakingRatio[0]);
    });
  });

  describe("bands and concentration", () => {
    it("quantiles interpolate between order statistics and skip undefined values", () => {
      expect(quantileOfSorted([1, 2, 3, 4, 5], 0.5)).to.equal(3);
      expect(quantileOfSorted([1, 2, 3, 4], 0.5)).to.equal(2.5);
      expect(quantileOfSorted([0, 10], 0.05)).to.be.closeTo(0.5, 1e-12);
      // two paths × two rows, path-major; one undefined value
      const bands = bandsOf(Float64Array.from([1, NaN, 3, 4]), 2, 2);
      expect(bands[0]).to.include({ p50: 2, mean: 2, count: 2 });
      expect(bands[1]).to.include({ p50: 4, mean: 4, count: 1 });
    });

    it("the Herfindahl index and the Nakamoto coefficient of stake", () => {
      expect(stakeConcentration(Float64Array.from([1, 1, 1, 1]))).to.deep.equal({ hhi: 0.25, nakamoto: 2 });
      expect(stakeConcentration(Float64Array.from([5, 1, 1, 1]))).to.deep.equal({
        hhi: 28 / 64,
        nakamoto: 1,
      });
    });
  });
});
