import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { runCli } from "../../sim/cli";
import { CAPTURE_CSV_HEADER } from "../../sim/capture/captureCsv";
import { seatDistribution, tailProbability } from "../../sim/capture/seatDistribution";
import { smallScenarioJson } from "../shared/simScenarios";

/** The CLI's new modes, run in process: --capture and --paths. */
describe("sim/cli: --capture and --paths", function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etm-sim-cli-v2-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--capture writes the table, its CSVs and charts, and the CSV holds the exact programme's values", async () => {
    const out = path.join(dir, "capture");
    const lines: string[] = [];
    const code = await runCli(["--capture", "--samples", "200", "--out", out], (line) => lines.push(line));
    expect(code).to.equal(0);
    for (const file of [
      "capture.csv",
      "nakamoto.csv",
      "capture-crosscheck.csv",
      "capture-table.md",
      "capture-per-election.svg",
      "capture-halt-per-year-by-count.svg",
      "capture-halt-per-year-by-round-length.svg",
      "capture-grinding.svg",
    ])
      expect(fs.existsSync(path.join(out, file)), file).to.equal(true);
    const csv = fs.readFileSync(path.join(out, "capture.csv"), "utf8").trim().split("\n");
    expect(csv[0].split(",")).to.deep.equal(CAPTURE_CSV_HEADER);
    const rows = csv
      .slice(1)
      .map((line) => Object.fromEntries(line.split(",").map((v, i) => [CAPTURE_CSV_HEADER[i], v])));
    const halt10 = rows.find(
      (r) =>
        r.method === "exact" &&
        r.validatorCount === "21" &&
        r.roundLengthBlocks === "28800" &&
        r.coalitionShare === "0.1" &&
        r.kind === "halt" &&
        r.grindingTries === "1",
    )!;
    const p = tailProbability(
      seatDistribution({
        validatorCount: 21,
        coalitionShare: 0.1,
        coalitionCandidates: Infinity,
        honestCandidates: 100,
      }),
      8,
    );
    expect(Number(halt10.perElection)).to.equal(p);
    expect(Number(halt10.perYear)).to.be.closeTo(1 - (1 - p) ** 365, 1e-12);
    expect(fs.readFileSync(path.join(out, "capture-table.md"), "utf8")).to.match(
      /^### At the defaults: 21 validators/,
    );
    expect(lines.join("\n")).to.match(/Monte Carlo against the exact programme: \d+ of 144 agree/);
  });

  it("--paths writes bands, paths and the mean-field model, and says how long it took", async () => {
    const scenarioFile = path.join(dir, "small.json");
    fs.writeFileSync(scenarioFile, JSON.stringify(smallScenarioJson({ blocks: 10_000 })));
    const out = path.join(dir, "ensemble");
    const lines: string[] = [];
    const code = await runCli(
      ["--scenario", scenarioFile, "--paths", "12", "--workers", "0", "--seed", "4", "--out", out],
      (line) => lines.push(line),
    );
    expect(code).to.equal(0);
    expect(lines[0]).to.match(
      /^scenario small: 12 paths of 10000 blocks, seed 4, 0 worker thread\(s\), [\d.]+ s$/,
    );
    const bands = fs.readFileSync(path.join(out, "bands.csv"), "utf8").trim().split("\n");
    expect(bands).to.have.length(1 + 21); // decisions at 0, 500, ..., 9500, and the end
    expect(bands[0]).to.match(/^day,stakingRatio_p05,stakingRatio_p25,stakingRatio_p50/);
    const paths = fs.readFileSync(path.join(out, "paths.csv"), "utf8").trim().split("\n");
    expect(paths).to.have.length(1 + 12);
    for (const file of ["mean-field.csv", "bands-stakingRatio.svg", "bands-overview.svg"])
      expect(fs.existsSync(path.join(out, file)), file).to.equal(true);
  });

  it("refuses mixing --capture with a scenario, and --samples without --capture", async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      expect(await runCli(["--capture", "--scenario", "baseline"], () => {})).to.equal(1);
      expect(await runCli(["--scenario", "baseline", "--samples", "100"], () => {})).to.equal(1);
      expect(await runCli(["--scenario", "baseline", "--paths", "0"], () => {})).to.equal(1);
    } finally {
      console.error = original;
    }
    expect(errors[0]).to.match(/--capture takes no --scenario/);
    expect(errors[1]).to.match(/--samples goes with --capture/);
    expect(errors[2]).to.match(/--paths must be an integer in \[1, 1000000\]/);
  });
});
