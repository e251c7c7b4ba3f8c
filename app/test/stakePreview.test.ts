/** The Stake form's yearly estimate (app/src/views/stakePreview.ts), without a browser. */
import { expect } from "chai";
import { apyAfterCommission, yearlyRewardEstimate } from "../src/snapshot";
import type { Candidate, Snapshot } from "../src/snapshot";
import { stakePreviewText } from "../src/views/stakePreview";

const WAD = 10n ** 18n;
const ETM = WAD;
const NODE = "0x1234567890123456789012345678901234567890";

/** A chain at 10% inflation, δ 10%, 50M supply and 17M staked, the pool's APY from its closed form. */
function chain(commissionWad: bigint): Snapshot {
  const [i, delta, supply, staked] = [0.1, 0.1, 50e6, 17e6];
  const apy = Math.pow(1 + i, ((1 - delta) * supply) / staked) - 1;
  return {
    inflationWad: WAD / 10n,
    deltaWad: WAD / 10n,
    supplyWei: 50_000_000n * ETM,
    stakedWei: 17_000_000n * ETM,
    apyWad: BigInt(Math.round(apy * 1e18)),
    candidates: [{ operator: NODE, name: "Node One", commissionWad } as Candidate],
  } as Snapshot;
}

describe("dApp Stake preview: a year's estimated reward", function () {
  it("for a stake small beside the total, is the stake times the APY after commission", function () {
    for (const c of [0n, WAD / 20n, (WAD * 165n) / 1000n]) {
      const s = chain(c);
      const yearly = yearlyRewardEstimate(s, c, ETM)!;
      expect(yearly).to.be.closeTo(apyAfterCommission(s, c)!, 1e-6);
    }
  });

  it("counts the stake in the total: a stake as large as the total staked earns a lower rate", function () {
    const s = chain(0n);
    const small = yearlyRewardEstimate(s, 0n, ETM)!;
    const large = yearlyRewardEstimate(s, 0n, 17_000_000n * ETM)!;
    // (1+i)^((1−δ)·B/(2S)) − 1 against (1+i)^((1−δ)·B/S) − 1
    expect(large / 17e6).to.be.closeTo(Math.pow(1.1, (0.9 * 50) / 34) - 1, 1e-9);
    expect(large / 17e6).to.be.below(small);
  });

  it("says it in words at the validator chosen; nothing for no amount, another validator or nothing staked", function () {
    const s = chain(WAD / 20n);
    const text = stakePreviewText(s, NODE, 100n * ETM);
    const yearly = yearlyRewardEstimate(s, WAD / 20n, 100n * ETM)!;
    expect(text).to.equal(
      `About ${Number(yearly.toPrecision(4))} ETM a year (${yearly.toFixed(2)}%) at Node One (0x1234…7890), after its 5.00% commission, ` +
        "with your stake in the total staked — an estimate: it moves as the total staked and the supply change.",
    );
    expect(stakePreviewText(s, NODE, undefined)).to.equal("");
    expect(stakePreviewText(s, NODE, 0n)).to.equal("");
    expect(stakePreviewText(s, "0x0000000000000000000000000000000000000001", ETM)).to.equal("");
    expect(yearlyRewardEstimate({ ...s, stakedWei: 0n }, 0n, 0n)).to.equal(undefined);
  });
});
