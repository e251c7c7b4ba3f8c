/** The validators table's pure logic (app/src/views/validatorTable.ts), without a browser. */
import { expect } from "chai";
import type { Candidate } from "../src/snapshot";
import { filterCandidates, pageOf, shareOfVotingPower, sortCandidates } from "../src/views/validatorTable";

const cand = (i: number, name: string, bonded: bigint, comm = 0n): Candidate =>
  ({
    operator: `0x${i.toString(16).padStart(40, "0")}`,
    name,
    bondedWei: bonded,
    commissionWad: comm,
  }) as Candidate;

describe("dApp validators table logic", function () {
  const cs = [cand(1, "Alpha", 5n, 3n), cand(2, "beta", 9n, 1n), cand(0xab, "Gamma", 1n, 2n)];
  it("sorts by stake both ways", function () {
    expect(sortCandidates(cs, "stake", "descending").map((c) => c.name)).to.deep.equal([
      "beta",
      "Alpha",
      "Gamma",
    ]);
    expect(sortCandidates(cs, "stake", "ascending").map((c) => c.name)).to.deep.equal([
      "Gamma",
      "Alpha",
      "beta",
    ]);
  });
  it("searches by name or address, case-insensitive", function () {
    expect(filterCandidates(cs, "BETA").map((c) => c.name)).to.deep.equal(["beta"]);
    expect(
      filterCandidates(cs, "0X00000000000000000000000000000000000000AB").map((c) => c.name),
    ).to.deep.equal(["Gamma"]);
  });
  it("pages with counts", function () {
    const many = Array.from({ length: 1000 }, (_, i) => i);
    const p = pageOf(many, 1);
    expect(p.status).to.equal("26–50 of 1,000");
    expect(p.rows).to.have.length(25);
    expect(p.pages).to.equal(40);
    expect(pageOf([], 0).status).to.equal("0 of 0");
  });
  it("computes the share of voting power", function () {
    expect(shareOfVotingPower(cs[0], 20n)).to.equal(0.25);
    expect(shareOfVotingPower(cs[0], 0n)).to.equal(0);
  });
});
