/** The gas the page sends a transaction with: the node's estimate plus a margin, never less. */
import { expect } from "chai";
import { GAS_MARGIN_PERCENT, withGasMargin } from "../src/tx";

describe("dApp gas: the estimate plus a margin", function () {
  it("adds GAS_MARGIN_PERCENT, rounding up", function () {
    expect(GAS_MARGIN_PERCENT).to.equal(25n);
    expect(withGasMargin(321_641n)).to.equal(402_052n);
    expect(withGasMargin(100n)).to.equal(125n);
    expect(withGasMargin(1n)).to.equal(2n);
    expect(withGasMargin(0n)).to.equal(0n);
  });

  it("leaves well over the 1/64 of a call's gas that ran out in a stake estimated one block before it was mined", function () {
    // Estimated on block 669's state, mined in 671: reverted without a reason at 315,482 of 321,641
    // gas (out of gas in a subcall). With the margin it has about 80,000 more.
    expect(withGasMargin(321_641n) - 321_641n > 64_000n).to.equal(true);
  });
});
