/** Redelegating's pure part (app/src/redelegation.ts), without a browser. */
import { expect } from "chai";
import { destinationsFor, maturityText, maxAmountText } from "../src/redelegation";

const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const [A, B, C, ME] = [0xa1, 0xb2, 0xc3, 0xee].map(address);

describe("dApp redelegation logic", function () {
  it("offers every candidate but the source and the account's own validator, in order", function () {
    const candidates = [A, ME, B, C].map((operator) => ({ operator }));
    expect(destinationsFor(candidates, B, ME).map((c) => c.operator)).to.deep.equal([A, C]);
    // Addresses compare whatever their case (a checksummed source, a lower-case account).
    expect(
      destinationsFor(
        candidates,
        A.toUpperCase().replace("0X", "0x"),
        ME.toUpperCase().replace("0X", "0x"),
      ).map((c) => c.operator),
    ).to.deep.equal([B, C]);
    // No source chosen yet: only the own validator is left out.
    expect(destinationsFor(candidates, "", ME).map((c) => c.operator)).to.deep.equal([A, B, C]);
  });

  it("Max fills in 'all' for the chosen position (the pool values it when the transaction runs), '' without one", function () {
    const positions = [
      { validator: A, stakedWei: 1_000_500_000_000_000_000_001n },
      { validator: B, stakedWei: 0n },
    ];
    expect(maxAmountText(positions, A)).to.equal("all");
    expect(maxAmountText(positions, A.toUpperCase().replace("0X", "0x"))).to.equal("all");
    expect(maxAmountText(positions, B), "an empty position").to.equal("");
    expect(maxAmountText(positions, C), "no position there").to.equal("");
  });

  it("says when a redelegation matures, at 3 s a block, and when it has", function () {
    expect(maturityText(1_000n, 900n)).to.equal("in 100 blocks (~5 min)");
    expect(maturityText(1_000n, 999n)).to.equal("in 1 block (~3 s)");
    expect(maturityText(121_000n, 1_000n)).to.equal("in 120000 blocks (~4 days)");
    expect(maturityText(1_000n, 1_000n)).to.equal("matured: the stake may leave its destination");
    expect(maturityText(1_000n, 1_001n)).to.equal("matured: the stake may leave its destination");
  });
});
