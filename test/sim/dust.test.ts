import { expect } from "chai";
import { exactLedgerFor, replayExact, toExactActions } from "../../sim/exactReplay";
import { runPath } from "../../sim/ensemble/path";
import { NO_STOCHASTIC } from "../../sim/ensemble/stochastic";
import { simulate } from "../../sim/simulate";
import { smallScenario } from "../shared/simScenarios";

/**
 * The dust rule in the floating-point simulator, against the exact ledger (which the cross-check
 * holds to the contracts wei for wei, its dust period included): below a millionth of the supply the
 * mint goes to the treasury; at or above it, to the stakers.
 */
describe("sim: the dust rule in the floating-point simulator", () => {
  const supplyEtm = 10_000_000; // dust below 10 ETM staked
  // one validator with a self-stake of 1 ETM, one staker with the rest of `stakedEtm`
  const scenarioWith = (stakedEtm: number) =>
    smallScenario({
      blocks: 3_000,
      validators: { count: 1, selfStakeEtm: 1 },
      populations: [
        {
          name: "staker",
          count: 1,
          holdingsPerAgentEtm: stakedEtm - 1,
          initialStakedFraction: 1,
          strategy: "fixed",
        },
        { name: "idle", count: 1, holdingsPerAgentEtm: 1_000_000, strategy: "fixed" },
      ],
      initialSupplyEtm: supplyEtm,
    });

  for (const [stakedEtm, dust] of [
    [9.99, true],
    [10, false],
  ] as const) {
    it(`${stakedEtm} ETM staked of ${supplyEtm.toLocaleString("en-US")}: the mint goes to the ${dust ? "treasury" : "stakers"}, as on the exact ledger`, () => {
      const scenario = scenarioWith(stakedEtm);
      const result = simulate(scenario, { recordActions: true });
      const last = result.rows[result.rows.length - 1];
      const mintedEtm = last.supplyEtm - supplyEtm;
      const ledger = exactLedgerFor(scenario, 100n);
      replayExact(ledger, toExactActions(result.actions, 100n));
      ledger.accrue(100n + BigInt(scenario.blocks));
      const treasuryExactEtm = Number(ledger.treasuryWei) / 1e18;
      const staker = result.agents[0];
      const rewardExactEtm =
        Number(
          ledger.rewardPaid(staker.id, "validator-0") +
            ledger.pendingReward(100n + BigInt(scenario.blocks), staker.id, "validator-0"),
        ) / 1e18;
      if (dust) {
        expect(last.treasuryEtm).to.be.closeTo(mintedEtm, 1e-10 * mintedEtm); // summed step by step
        expect(staker.rewardsEarnedEtm).to.equal(0);
        expect(last.estimatedApy).to.be.above(1e6); // what the dust staker would have been paid
      } else {
        expect(last.treasuryEtm).to.equal(0);
        expect(staker.rewardsEarnedEtm).to.be.above(0);
      }
      expect(Math.abs(treasuryExactEtm - last.treasuryEtm)).to.be.at.most(1e-12 * mintedEtm);
      expect(Math.abs(rewardExactEtm - staker.rewardsEarnedEtm)).to.be.at.most(1e-12 * mintedEtm + 1e-15);
      // the ensemble's path engine applies the same rule
      const path = runPath(scenario, scenario.seed, NO_STOCHASTIC);
      expect(path.series.supplyEtm[path.days.length - 1]).to.equal(last.supplyEtm);
    });
  }
});
