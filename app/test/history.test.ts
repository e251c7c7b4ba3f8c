/** The history's block ranges: the window read in chunks, newest first, every block once. */
import { expect } from "chai";
import { chunks, HISTORY_CHUNK_BLOCKS, HISTORY_WINDOW_BLOCKS } from "../src/history";

describe("dApp history: block ranges of the eth_getLogs requests", function () {
  it("covers the window newest first, each block once, no range over the chunk size", function () {
    const to = 123_456n;
    const from = to - HISTORY_WINDOW_BLOCKS + 1n;
    const ranges = chunks(from, to);
    expect(ranges[0]![1]).to.equal(to);
    expect(ranges[ranges.length - 1]![0]).to.equal(from);
    for (const [i, [start, end]] of ranges.entries()) {
      expect(end - start + 1n <= HISTORY_CHUNK_BLOCKS).to.equal(true);
      if (i > 0) expect(end).to.equal(ranges[i - 1]![0] - 1n);
    }
    expect(ranges).to.have.length(Number(HISTORY_WINDOW_BLOCKS / HISTORY_CHUNK_BLOCKS));
  });

  it("reads a short chain from block 0 in one range, and nothing when the range is empty", function () {
    expect(chunks(0n, 10n)).to.deep.equal([[0n, 10n]]);
    expect(chunks(5n, 4n)).to.deep.equal([]);
    expect(chunks(0n, 10n, 4n)).to.deep.equal([
      [7n, 10n],
      [3n, 6n],
      [0n, 2n],
    ]);
  });
});
