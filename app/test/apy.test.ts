/** A delegator's APY after commission (app/src/snapshot.ts `apyAfterCommission`), without a browser. */
import { expect } from "chai";
import { apyAfterCommission } from "../src/snapshot";
import type { Snapshot } from "../src/snapshot";

const WAD = 10n ** 18n;
const MAX_UINT256 = 2n ** 256n - 1n;

/** The fields the estimate reads; the pool's APY computed from the closed form (1+i)^((1−δ)·B/S) − 1. */
function chain(inflation: number, delta: number, supply: number, staked: number): Snapshot {
  const apy = Math.pow(1 + inflation, ((1 - delta) * supply) / staked) - 1;
  return { apyWad: BigInt(Math.round(apy * 1e18)) } as Snapshot;
}

/** The closed form with the commission in the exponent: (1+i)^((1−δ)(1−c)·B/S) − 1. */
function closedForm(inflation: number, delta: number, supply: number, staked: number, c: number): number {
  return Math.pow(1 + inflation, ((1 - delta) * (1 - c) * supply) / staked) - 1;
}

describe("dApp APY after commission", function () {
  it("is the pool's estimate at 0% commission, and 0 at 100%", function () {
    const s = chain(0.1, 0, 50e6, 17e6);
    expect(apyAfterCommission(s, 0n)).to.be.closeTo(Number(s.apyWad) / 1e18, 1e-15);
    expect(apyAfterCommission(s, WAD)).to.equal(0);
  });

  it("equals the closed form with the commission in the exponent, across rates, shares and commissions", function () {
    for (const [i, delta, B, S] of [
      [0.1, 0, 50e6, 17e6],
      [0.1, 0.2, 50e6, 40e6],
      [0.05, 0.1, 1e9, 1e6],
      [0.02, 0, 1e6, 1e6],
    ]) {
      for (const c of [0, 0.05, 0.165, 0.5, 0.99]) {
        const s = chain(i!, delta!, B!, S!);
        const expected = closedForm(i!, delta!, B!, S!, c);
        const got = apyAfterCommission(s, BigInt(Math.round(c * 1e18)))!;
        expect(Math.abs(got - expected)).to.be.below(
          1e-12 * Math.max(1, expected),
          `i ${i} δ ${delta} c ${c}`,
        );
      }
    }
  });

  it("at 16.5% commission, a 32.38% network APY is about 26.4% for a delegator (not 32.38%)", function () {
    const s = { apyWad: 323_800_000_000_000_000n } as Snapshot;
    expect(apyAfterCommission(s, 165_000_000_000_000_000n)! * 100).to.be.closeTo(26.39, 0.01);
  });

  it("is undefined while nothing is staked (the pool's estimate is infinite)", function () {
    expect(apyAfterCommission({ apyWad: MAX_UINT256 } as Snapshot, 0n)).to.equal(undefined);
  });
});
