import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { runCli } from "../../sim/cli";
import { CSV_HEADER } from "../../sim/csv";
import { smallScenarioJson } from "../shared/simScenarios";

const ROOT = path.resolve(__dirname, "../..");

/** Runs `scripts/simulate.ts` as `npm run simulate` does, in a child process. */
function simulateCli(args: string[]) {
  const run = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "scripts/simulate.ts", ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const STACK_FRAME = /^\s+at /m;

describe("scripts/simulate.ts (the CLI)", function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etm-sim-cli-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is the `simulate` npm script", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.simulate).to.equal("ts-node --transpile-only scripts/simulate.ts");
  });

  it("writes the trajectory CSV and the SVG charts", () => {
    const out = path.join(dir, "baseline");
    const run = simulateCli([
      "--scenario",
      "baseline",
      "--blocks",
      String(10 * 28_800),
      "--seed",
      "3",
      "--out",
      out,
    ]);
    expect(run.stderr).to.equal("");
    expect(run.status).to.equal(0);
    expect(run.stdout).to.match(/scenario baseline: 288000 blocks, seed 3/);

    const csv = fs.readFileSync(path.join(out, "trajectory.csv"), "utf8").trim().split("\n");
    expect(csv[0].split(",")).to.deep.equal(CSV_HEADER);
    expect(csv).to.have.length(1 + 11); // decisions at days 0..9, and the end
    const last = Object.fromEntries(csv[0].split(",").map((name, i) => [name, csv[11].split(",")[i]]));
    expect(Number(last.block)).to.equal(288_000);
    expect(Number(last.stakingRatio)).to.be.within(0.2, 0.8);
    expect(Number(last.estimatedApy)).to.be.above(0);

    for (const chart of ["staking-ratio", "marginal-reward", "apy", "supply", "overview"]) {
      const svg = fs.readFileSync(path.join(out, `${chart}.svg`), "utf8");
      expect(svg, chart).to.match(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg, chart).to.match(/<path [^>]*d="M[\d.]+,[\d.]+L/); // a drawn line
    }
    expect(fs.readFileSync(path.join(out, "apy.svg"), "utf8"))
      .to.include("realised APY")
      .and.include("estimated APY");
  });

  it("takes a scenario file and, without --out, writes to sim/out/<scenario>/", async () => {
    const file = path.join(dir, "cli-tiny.json");
    fs.writeFileSync(file, JSON.stringify({ ...smallScenarioJson(), name: "cli-test-tiny", blocks: 2_000 }));
    const outDir = path.join(ROOT, "sim", "out", "cli-test-tiny");
    fs.rmSync(outDir, { recursive: true, force: true });
    try {
      const lines: string[] = [];
      expect(await runCli(["--scenario", file], (line) => lines.push(line))).to.equal(0);
      expect(lines.join("\n")).to.include(path.join("sim", "out", "cli-test-tiny", "trajectory.csv"));
      expect(fs.existsSync(path.join(outDir, "trajectory.csv"))).to.equal(true);
      expect(fs.existsSync(path.join(outDir, "overview.svg"))).to.equal(true);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  it("fails on an unknown preset with a message, exit code 1 and no stack trace", () => {
    const run = simulateCli(["--scenario", "basline"]);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.match(/^error: no preset named "basline"; use one of baseline/);
    expect(run.stderr).to.not.match(STACK_FRAME);
  });

  for (const [args, message] of [
    [["--scenario", "baseline", "--blocks", "-5"], /^error: .*--blocks/],
    [[], /^error: --scenario is required/],
  ] as Array<[string[], RegExp]>) {
    it(`returns exit code 1 with a message for ${JSON.stringify(args)}`, async () => {
      const errors: string[] = [];
      const original = console.error;
      console.error = (line: string) => errors.push(line);
      try {
        expect(await runCli(args, () => undefined)).to.equal(1);
      } finally {
        console.error = original;
      }
      expect(errors.join("\n")).to.match(message);
    });
  }

  it("names the bad field of a scenario file", () => {
    const file = path.join(dir, "bad-field.json");
    fs.writeFileSync(file, JSON.stringify({ ...smallScenarioJson(), seed: "seven" }));
    const run = simulateCli(["--scenario", file]);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.match(
      /^error: .*bad-field\.json: seed must be an integer in \[0, 4294967295\], got "seven"/,
    );
    expect(run.stderr).to.not.match(STACK_FRAME);
  });
});
