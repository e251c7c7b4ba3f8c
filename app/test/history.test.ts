/** The history's block ranges (the window read in chunks, newest first, every block once) and times. */
import { expect } from "chai";
import { blocksToTime, HISTORY_CHUNK_BLOCKS, HISTORY_WINDOW_BLOCKS } from "../src/history";
import { chunks } from "../src/logWindow";
import type { HistoryEntry } from "../src/history";
import { formatUtc } from "../src/units";

describe("dApp history: block ranges of the eth_getLogs requests", function () {
  it("covers the window newest first, each block once, no range over the chunk size", function () {
    const to = 123_456n;
    const from = to - HISTORY_WINDOW_BLOCKS + 1n;
    const ranges = chunks(from, to, HISTORY_CHUNK_BLOCKS);
    expect(ranges[0]![1]).to.equal(to);
    expect(ranges[ranges.length - 1]![0]).to.equal(from);
    for (const [i, [start, end]] of ranges.entries()) {
      expect(end - start + 1n <= HISTORY_CHUNK_BLOCKS).to.equal(true);
      if (i > 0) expect(end).to.equal(ranges[i - 1]![0] - 1n);
    }
    expect(ranges).to.have.length(Number(HISTORY_WINDOW_BLOCKS / HISTORY_CHUNK_BLOCKS));
  });

  it("reads a short chain from block 0 in one range, and nothing when the range is empty", function () {
    expect(chunks(0n, 10n, HISTORY_CHUNK_BLOCKS)).to.deep.equal([[0n, 10n]]);
    expect(chunks(5n, 4n, HISTORY_CHUNK_BLOCKS)).to.deep.equal([]);
    expect(chunks(0n, 10n, 4n)).to.deep.equal([
      [7n, 10n],
      [3n, 6n],
      [0n, 2n],
    ]);
  });
});

describe("dApp history: block times", function () {
  const entry = (block: number, logIndex = 0): HistoryEntry => ({
    event: "Staked",
    block,
    txHash: `0x${block.toString(16).padStart(64, "0")}`,
    logIndex,
  });

  it("asks for each block without a time once, newest first, at most `limit`", function () {
    const entries = [entry(5), entry(9), entry(9, 1), entry(7), entry(3)];
    expect(blocksToTime(entries, new Map(), 10)).to.deep.equal([9, 7, 5, 3]);
    expect(blocksToTime(entries, new Map([[7, 1_700_000_000]]), 10)).to.deep.equal([9, 5, 3]);
    expect(blocksToTime(entries, new Map(), 2)).to.deep.equal([9, 7]);
    expect(blocksToTime(entries, new Map([3, 5, 7, 9].map((b) => [b, 0])), 10)).to.deep.equal([]);
  });

  it("writes a block's timestamp in UTC to the second", function () {
    expect(formatUtc(0)).to.equal("1970-01-01 00:00:00 UTC");
    expect(formatUtc(1_796_423_037)).to.equal("2026-12-04 22:23:57 UTC");
    expect(formatUtc(1_796_423_037n)).to.equal("2026-12-04 22:23:57 UTC");
  });
});
