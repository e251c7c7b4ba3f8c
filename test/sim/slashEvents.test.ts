import { expect } from "chai";
import { ScenarioError } from "../../sim/scenario";
import { simulate } from "../../sim/simulate";
import { smallScenario } from "../shared/simScenarios";

describe("sim: slash events in the floating-point simulator", () => {
  it("burn the fraction of the validator's self-stake, its delegators' stake and their unbonding, off the supply", () => {
    const events = [{ type: "slash", atBlock: 3_000, validator: 2, fraction: 0.2 }];
    const slashed = simulate(smallScenario({ blocks: 3_001, jailBlocks: 1_000, events }), {
      recordActions: true,
    });
    const plain = simulate(smallScenario({ blocks: 3_000 }));
    // Just before the slash (the plain run's end) the validator held its self-stake plus its
    // delegators' stake and unbonding; 20% of that is burned.
    const heldEtm =
      plain.validators[2].selfStakeEtm +
      plain.agents
        .filter((a) => a.validatorIndex === 2)
        .reduce((sum, a) => sum + a.stakedEtm + a.unbonding.reduce((u, e) => u + e.amountEtm, 0), 0);
    const plainEnd = plain.rows[plain.rows.length - 1];
    const row = slashed.rows.find((r) => r.block === 3_000)!;
    expect(plainEnd.supplyEtm - row.supplyEtm).to.be.closeTo(0.2 * heldEtm, 1e-6);
    expect(slashed.validators[2].selfStakeEtm).to.be.closeTo(0.8 * plain.validators[2].selfStakeEtm, 1e-9);
    expect(slashed.actions.filter((a) => a.kind === "slash")).to.deep.equal([
      { kind: "slash", block: 3_000, validator: "validator-2", fraction: 0.2, infractionBlock: 3_000 },
    ]);
  });

  it("are checked: a validator that exists, a fraction in (0, 1], no yield fields", () => {
    const bad = (event: Record<string, unknown>) => () => smallScenario({ events: [event] });
    expect(bad({ type: "slash", atBlock: 0, validator: 3, fraction: 0.1 })).to.throw(
      ScenarioError,
      /events\[0\]\.validator must be an integer in \[0, 2\], got 3/,
    );
    expect(bad({ type: "slash", atBlock: 0, validator: 0, fraction: 0 })).to.throw(ScenarioError, /fraction/);
    expect(bad({ type: "slash", atBlock: 0, validator: 0, fraction: 0.1, alternativeYield: 0.1 })).to.throw(
      ScenarioError,
      /does not belong to a slash event/,
    );
    expect(bad({ atBlock: 0, validator: 0, alternativeYield: 0.1 })).to.throw(
      ScenarioError,
      /belongs to a slash event/,
    );
  });
});
