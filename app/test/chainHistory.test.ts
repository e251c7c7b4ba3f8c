/** The charts' points: a window of recent blocks, in block order, and the bounded back-fill. */
import { expect } from "chai";
import {
  BACKFILL_STEP_BLOCKS,
  backfillBlocks,
  CHART_WINDOW_BLOCKS,
  ChainHistory,
  pointOf,
  wadToPercent,
  weiToEtm,
} from "../src/chainHistory";
import { MAX_UINT256 } from "../src/units";

const ETM = 10n ** 18n;

function point(block: bigint, stakedEtm = 40n, supplyEtm = 100n, apyWad = 3n * 10n ** 17n) {
  return pointOf({ block, stakedWei: stakedEtm * ETM, supplyWei: supplyEtm * ETM, apyWad });
}

describe("dApp charts: the points over recent blocks", function () {
  it("takes the headline's figures: staking ratio S/B, APY (infinite while nothing is staked), supply", function () {
    const p = point(7n);
    expect(p.ratioWad).to.equal(4n * 10n ** 17n);
    expect(wadToPercent(p.ratioWad)).to.equal(40);
    expect(wadToPercent(p.apyWad)).to.equal(30);
    expect(weiToEtm(p.supplyWei)).to.equal(100);
    expect(pointOf({ block: 1n, stakedWei: 0n, supplyWei: ETM, apyWad: MAX_UINT256 }).apyInfinite).to.equal(
      true,
    );
  });

  it("keeps the points in block order whatever order they come in, one per block", function () {
    const history = new ChainHistory();
    for (const b of [100n, 90n, 101n, 95n, 101n]) history.add(point(b));
    expect(history.points.map((p) => p.block)).to.deep.equal([90n, 95n, 100n, 101n]);
    history.add(point(100n, 41n));
    expect(history.points.map((p) => p.block)).to.deep.equal([90n, 95n, 100n, 101n]);
    expect(history.points[2].stakedWei).to.equal(41n * ETM);
    expect(history.latest!.block).to.equal(101n);
  });

  it("keeps only the last CHART_WINDOW_BLOCKS blocks, and drops an old point that comes late", function () {
    const history = new ChainHistory();
    history.add(point(1000n));
    history.add(point(1000n - CHART_WINDOW_BLOCKS)); // out of the window already
    history.add(point(1000n - CHART_WINDOW_BLOCKS + 1n));
    expect(history.points.map((p) => p.block)).to.deep.equal([1000n - CHART_WINDOW_BLOCKS + 1n, 1000n]);
    history.add(point(1001n));
    // Block 881 (1000 − 120 + 1) is now 120 blocks behind the newest: it leaves.
    expect(history.points.map((p) => p.block)).to.deep.equal([1000n, 1001n]);
  });

  it("back-fills one block in 5 over the window before the first block read: at most 23 reads, none before block 1", function () {
    const blocks = backfillBlocks(10_000n);
    expect(blocks).to.have.length(Number(CHART_WINDOW_BLOCKS / BACKFILL_STEP_BLOCKS) - 1);
    expect(blocks[0]).to.equal(10_000n - BACKFILL_STEP_BLOCKS);
    expect(blocks[blocks.length - 1]! > 10_000n - CHART_WINDOW_BLOCKS).to.equal(true);
    expect(new Set(blocks).size).to.equal(blocks.length);
    expect(backfillBlocks(12n)).to.deep.equal([7n, 2n]);
    expect(backfillBlocks(5n)).to.deep.equal([]);
  });
});
