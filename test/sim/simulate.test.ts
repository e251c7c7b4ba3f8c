import { createHash } from "node:crypto";
import { expect } from "chai";
import { BLOCKS_PER_ROUND, BLOCKS_PER_YEAR } from "../../sim/emission";
import { loadScenario } from "../../sim/scenarioFiles";
import { simulate, TrajectoryRow } from "../../sim/simulate";
import { smallScenario } from "../shared/simScenarios";

function relativeDifference(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : Infinity;
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

function rowsBetween(rows: readonly TrajectoryRow[], fromDay: number, toDay = Infinity) {
  return rows.filter((row) => row.day >= fromDay && row.day <= toDay);
}

describe("sim/simulate", () => {
  describe("emission and its split", () => {
    it("gives the whole mint to the treasury while nothing is staked", () => {
      const scenario = smallScenario({
        validators: { count: 2, selfStakeEtm: 0 },
        populations: [{ name: "holders", count: 3, holdingsPerAgentEtm: 1e6, strategy: "fixed" }],
      });
      const { rows } = simulate(scenario);
      const last = rows[rows.length - 1];
      expect(last.stakedEtm).to.equal(0);
      expect(last.treasuryEtm).to.be.above(0);
      expect(last.treasuryEtm).to.be.closeTo(last.supplyEtm - scenario.initialSupplyEtm, 1e-6);
      expect(last.validatorsTakeEtm).to.equal(0);
      expect(last.estimatedApy).to.equal(null);
      expect(last.marginalRewardPerTokenPerBlock).to.equal(null);
      expect(last.realisedApy).to.equal(null);
    });

    it("gives the treasury nothing once something is staked, whatever stakers do", () => {
      const { rows } = simulate(smallScenario());
      expect(rows.every((row) => row.treasuryEtm === 0)).to.equal(true);
      // The supply schedule does not depend on stake: the same as with nothing staked.
      const unstaked = simulate(
        smallScenario({
          validators: { count: 1, selfStakeEtm: 0 },
          populations: [{ name: "holders", count: 1, holdingsPerAgentEtm: 1, strategy: "fixed" }],
        }),
      ).rows;
      expect(rows[rows.length - 1].supplyEtm).to.be.closeTo(unstaked[unstaked.length - 1].supplyEtm, 1e-6);
    });

    it("splits each mint: delta to the validators, the rest to stakers pro rata, commission to validators", () => {
      const delta = 0.2;
      const scenario = smallScenario({ delta });
      const result = simulate(scenario);
      const last = result.rows[result.rows.length - 1];
      const mintedEtm = last.supplyEtm - scenario.initialSupplyEtm;
      const agentsEtm = result.agents.reduce((sum, agent) => sum + agent.rewardsEarnedEtm, 0);
      const commissionEtm = result.validators.reduce((sum, v) => sum + v.commissionEtm, 0);
      const selfStakeEtm = result.validators.reduce((sum, v) => sum + v.selfStakeRewardsEtm, 0);
      expect(commissionEtm).to.be.above(0);
      // Everything minted is accounted for: stakers' share (net + commission) and the direct share.
      expect(agentsEtm + commissionEtm + selfStakeEtm).to.be.closeTo((1 - delta) * mintedEtm, 1e-6);
      expect(last.validatorsTakeEtm - commissionEtm).to.be.closeTo(delta * mintedEtm, 1e-6);
    });

    it("pays every staker in proportion to its stake, less its validator's commission", () => {
      const holder = { strategy: "fixed", initialStakedFraction: 0.5, compoundRewards: false };
      const scenario = smallScenario({
        minStakeEtm: 10_000, // larger than any rebalancing move: stakes stay as they started
        validators: { count: 2, commission: 0.1, commissionSpread: 0.05, selfStakeEtm: 1000 },
        populations: [
          { name: "small", count: 4, holdingsPerAgentEtm: 1e5, ...holder },
          { name: "large", count: 4, holdingsPerAgentEtm: 3e5, ...holder },
        ],
      });
      const result = simulate(scenario);
      const grossPerToken = (agent: (typeof result.agents)[number]) =>
        agent.rewardsEarnedEtm / (agent.stakedEtm * (1 - result.validators[agent.validatorIndex].commission));
      const reference = grossPerToken(result.agents[0]);
      for (const agent of result.agents)
        expect(relativeDifference(grossPerToken(agent), reference)).to.be.below(1e-12);
    });
  });

  it("aggregating blocks in closed form between decisions equals stepping block by block", () => {
    const scenario = smallScenario({
      blocks: 100_000,
      decisionIntervalBlocks: 2_500,
      unbondingBlocks: 7_500,
    });
    const aggregated = simulate(scenario, { recordActions: true });
    const stepped = simulate(scenario, { recordActions: true, maxBlocksPerStep: 1 });
    expect(stepped.rows.length).to.equal(aggregated.rows.length);
    expect(stepped.actions.map((a) => a.kind)).to.deep.equal(aggregated.actions.map((a) => a.kind));
    let worst = 0;
    aggregated.rows.forEach((row, index) => {
      for (const key of Object.keys(row) as Array<keyof TrajectoryRow>) {
        worst = Math.max(worst, relativeDifference(row[key], stepped.rows[index][key]));
      }
    });
    // Minting each interval at simple interest instead would be off by ~1e-8.
    expect(aggregated.actions.length).to.be.above(100);
    expect(worst).to.be.below(1e-10);
  });

  it("is deterministic: the same seed gives the same run, another seed another run", () => {
    const scenario = loadScenario("baseline");
    const options = { blocks: 60 * BLOCKS_PER_ROUND, recordActions: true };
    // Fingerprints: chai's deep equality is slow on 10^5 actions.
    const fingerprint = (result: ReturnType<typeof simulate>) =>
      createHash("sha256")
        .update(JSON.stringify([result.rows, result.actions]))
        .digest("hex");
    const first = simulate(scenario, options);
    expect(first.actions.length).to.be.above(10_000);
    expect(fingerprint(simulate(scenario, options))).to.equal(fingerprint(first));
    expect(fingerprint(simulate(scenario, { ...options, seed: scenario.seed + 1 }))).to.not.equal(
      fingerprint(first),
    );
  });

  describe("presets", () => {
    it("baseline: the staking ratio converges to a band and stays there (the dynamic equilibrium)", () => {
      const { rows } = simulate(loadScenario("baseline"));
      expect(rows[rows.length - 1].block).to.equal(BLOCKS_PER_YEAR);
      const settled = rowsBetween(rows, 120);
      const ratios = settled.map((row) => row.stakingRatio);
      const [low, high] = [Math.min(...ratios), Math.max(...ratios)];
      expect(high - low, `staking ratio band after day 120: [${low}, ${high}]`).to.be.below(0.02);
      // It got there from well below: few stakers earned a high reward per token, which drew stake in.
      expect(rows[0].stakingRatio).to.be.below(low - 0.2);
      expect(rows[0].marginalRewardPerTokenPerBlock!).to.be.above(
        1.5 * settled[0].marginalRewardPerTokenPerBlock!,
      );
      // Once settled, the estimate and what stakers were actually paid agree.
      for (const row of settled) expect(row.estimatedApy!).to.be.closeTo(row.realisedApy!, 0.002);
    });

    it("low-participation: stake floods in while the reward per token is high", () => {
      const { rows } = simulate(loadScenario("low-participation"));
      expect(rows[0].stakingRatio).to.be.below(0.1);
      expect(rows[0].estimatedApy!).to.be.above(1);
      const ratios = rowsBetween(rows, 150).map((row) => row.stakingRatio);
      expect(Math.min(...ratios)).to.be.above(0.55);
      expect(Math.max(...ratios) - Math.min(...ratios)).to.be.below(0.02);
    });

    it("yield-shock: better yields elsewhere pull stake out until the staking reward rises to match", () => {
      const { rows } = simulate(loadScenario("yield-shock"));
      const before = rowsBetween(rows, 170, 179);
      const after = rowsBetween(rows, 300);
      expect(after[0].stakingRatio).to.be.below(before[0].stakingRatio - 0.05);
      expect(after[0].estimatedApy!).to.be.above(before[0].estimatedApy! + 0.02);
    });

    it("inflation-cut: year two's lower rate settles at a lower staking ratio; the supply follows the schedule", () => {
      const scenario = loadScenario("inflation-cut");
      const { rows } = simulate(scenario);
      const endOfYearOne = rowsBetween(rows, 350, 364);
      const endOfYearTwo = rowsBetween(rows, 700);
      expect(endOfYearTwo[0].annualRate).to.equal(0.05);
      expect(endOfYearTwo[0].stakingRatio).to.be.below(endOfYearOne[0].stakingRatio - 0.1);
      const last = rows[rows.length - 1];
      expect(last.block).to.equal(2 * BLOCKS_PER_YEAR);
      expect(last.supplyEtm / scenario.initialSupplyEtm).to.be.closeTo(1.1 * 1.05, 1e-8);
    });
  });
});
