/** How the page rounds amounts of ETM (app/src/views/amount.ts), without a browser. */
import { expect } from "chai";
import { formatEtmRounded } from "../src/views/amount";

const ETM = 10n ** 18n;

describe("dApp amounts: rounded on the page, never above the exact amount", function () {
  it("cuts to 4 decimals from 1 ETM up", function () {
    expect(formatEtmRounded(140_355n * ETM + 800_165_065_856_907_772n)).to.equal("140,355.8001");
    expect(formatEtmRounded(1_000n * ETM + ETM / 2n)).to.equal("1,000.5");
    expect(formatEtmRounded(ETM)).to.equal("1");
    expect(formatEtmRounded(ETM + 99_999_999_999_999n)).to.equal("1", "0.0000999… is cut, not rounded up");
  });

  it("keeps 4 significant digits below 1 ETM, so that a small reward does not read as 0", function () {
    expect(formatEtmRounded(999_999_999_999_999_999n)).to.equal("0.9999");
    expect(formatEtmRounded(12_345_678_901_234n)).to.equal("0.00001234");
    expect(formatEtmRounded(1n)).to.equal("0.000000000000000001");
    expect(formatEtmRounded(123n)).to.equal("0.000000000000000123");
  });

  it("shows 0 as 0, and a negative amount with its sign", function () {
    expect(formatEtmRounded(0n)).to.equal("0");
    expect(formatEtmRounded(-(2n * ETM + ETM / 3n))).to.equal("-2.3333");
  });
});
