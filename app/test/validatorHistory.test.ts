/** A validator page's uptime: heartbeats counted by round over the last completed rounds in the window. */
import { expect } from "chai";
import { uptimeOf, UPTIME_ROUNDS } from "../src/validatorHistory";
import type { ValidatorEntry } from "../src/validatorHistory";

function beat(round: bigint, block = 1): ValidatorEntry {
  return { event: "Heartbeat", round, block, txHash: `0x${round.toString(16)}`, logIndex: 0 };
}

describe("dApp validator page: uptime from heartbeats", function () {
  const wide = { roundStartBlock: 100_000n, roundLength: 100n, fromBlock: 0n };

  it("counts the distinct rounds with a heartbeat among the last 10 completed, not the current one", function () {
    const entries = [beat(5n), beat(5n, 2), beat(12n), beat(14n), beat(15n), beat(20n)];
    expect(uptimeOf(entries, { ...wide, currentRound: 20n })).to.deep.equal({
      firstRound: 10n,
      lastRound: 19n,
      rounds: Number(UPTIME_ROUNDS),
      withHeartbeat: 3,
    });
  });

  it("early on, counts the rounds there are; before the first round ends, says nothing", function () {
    expect(uptimeOf([beat(0n), beat(2n)], { ...wide, currentRound: 3n })).to.deep.equal({
      firstRound: 0n,
      lastRound: 2n,
      rounds: 3,
      withHeartbeat: 2,
    });
    expect(uptimeOf([beat(0n)], { ...wide, currentRound: 0n })).to.equal(undefined);
  });

  it("counts only rounds that started inside the blocks read: a heartbeat before them is never missed", function () {
    // Round 20 started at block 1,000; rounds are 100 blocks; the logs were read from block 750: rounds
    // 18 (from 800) and 19 (from 900) are wholly inside, 17 (from 700) is not.
    const at = { currentRound: 20n, roundStartBlock: 1_000n, roundLength: 100n, fromBlock: 750n };
    expect(uptimeOf([beat(17n), beat(19n)], at)).to.deep.equal({
      firstRound: 18n,
      lastRound: 19n,
      rounds: 2,
      withHeartbeat: 1,
    });
    expect(uptimeOf([], { ...at, fromBlock: 950n }), "no whole round read yet").to.equal(undefined);
  });
});
