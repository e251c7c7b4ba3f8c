/** The governance panel's pure rules: which steps a state allows, the timeline in words, when to read events. */
import { expect } from "chai";
import { allowedSteps } from "../../lib/actions/governance";
import { splitSettings } from "../../lib/actions/proposal";
import { PROPOSAL_STATES } from "../../lib/proposalStates";
import { needsEvents, timelineSteps } from "../src/governance";
import type { Proposal } from "../src/governance";

const proposal: Proposal = {
  id: 1n,
  description: "<img src=x onerror=alert(1)>",
  state: "Active",
  forWei: 0n,
  againstWei: 0n,
  abstainWei: 0n,
  snapshotBlock: 104n,
  deadlineBlock: 134n,
  voted: false,
  createdBlock: 100,
};

describe("dApp governance: steps, timeline and event reads", function () {
  it("offers the vote only while Active, queue only once Succeeded, execute only once Queued", function () {
    const offered = PROPOSAL_STATES.map((state) => {
      const a = allowedSteps(state);
      return [state, a.vote, a.queue, a.execute];
    });
    expect(offered).to.deep.equal([
      ["Pending", false, false, false],
      ["Active", true, false, false],
      ["Canceled", false, false, false],
      ["Defeated", false, false, false],
      ["Succeeded", false, true, false],
      ["Queued", false, false, true],
      ["Expired", false, false, false],
      ["Executed", false, false, false],
    ]);
  });

  it("says each step of the timeline with its block, the eta in UTC", function () {
    expect(timelineSteps(proposal, undefined)).to.deep.equal([
      "Created in block 100",
      "Voting from block 105 to block 134",
    ]);
    expect(
      timelineSteps(
        { ...proposal, state: "Executed" },
        { queuedBlock: 140, etaSeconds: 1_796_423_037n, executedBlock: 150, readFor: "Executed" },
      ),
    ).to.deep.equal([
      "Created in block 100",
      "Voting from block 105 to block 134",
      "Queued in block 140; executable from 2026-12-04 22:23:57 UTC",
      "Executed in block 150",
    ]);
    expect(
      timelineSteps({ ...proposal, createdBlock: undefined }, { canceledBlock: 101, readFor: "Canceled" }),
    ).to.deep.equal([
      "Created (block not found)",
      "Voting from block 105 to block 134",
      "Canceled in block 101",
    ]);
  });

  it("reads a proposal's events only when it reaches a state whose step is in them, once per state", function () {
    for (const state of ["Pending", "Active", "Defeated", "Succeeded"] as const)
      expect(needsEvents(state, undefined), state).to.equal(false);
    expect(needsEvents("Queued", undefined)).to.equal(true);
    expect(needsEvents("Queued", { readFor: "Queued" })).to.equal(false);
    expect(needsEvents("Executed", { readFor: "Queued", queuedBlock: 1 })).to.equal(true);
    expect(needsEvents("Canceled", { readFor: "Canceled" })).to.equal(false);
  });

  it("splits the Propose field as etm:propose splits --set", function () {
    expect(splitSettings(" minStake=2 , delta=5%,,")).to.deep.equal(["minStake=2", "delta=5%"]);
    expect(splitSettings("  ")).to.deep.equal([]);
  });
});
