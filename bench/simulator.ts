/**
 * Simulator benchmark: `npx hardhat run bench/simulator.ts` (about a minute and a half).
 *
 * Times, and writes to bench/simulator-baseline.json:
 *   - the issue's target: an ensemble of 1,000 one-year paths of the baseline scenario (21 validators,
 *     2,060 agents, a decision a day, the default shocks) on worker threads, one per core; the
 *     budget is 60 s on the project's 2-core machine;
 *   - 100 of those paths on the main thread alone (the speed-up of the threads);
 *   - the capture table (`npm run simulate -- --capture`, without writing files).
 * Wall-clock times depend on the machine and on what else runs on it, so the load average before
 * and after is recorded with each figure. The ensemble's median end staking ratio is deterministic
 * (the same seed gives the same paths): a change in it is a change in the model, not noise.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { captureTable } from "../sim/capture/table";
import { defaultWorkers, runEnsemble } from "../sim/ensemble/ensemble";
import { loadScenario } from "../sim/scenarioFiles";

const BUDGET_SECONDS = 60;

interface Timing {
  name: string;
  wallSeconds: number;
  detail: string;
  loadAverageBefore: number;
  loadAverageAfter: number;
}

async function timed(name: string, detail: string, run: () => Promise<unknown> | unknown): Promise<Timing> {
  const loadAverageBefore = os.loadavg()[0];
  const startedAt = process.hrtime.bigint();
  await run();
  const wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  return { name, wallSeconds, detail, loadAverageBefore, loadAverageAfter: os.loadavg()[0] };
}

async function main() {
  const scenario = loadScenario("baseline");
  const workers = Math.min(2, defaultWorkers());
  let medianEndRatio = NaN;
  const timings: Timing[] = [];
  timings.push(
    await timed(
      "ensemble 1,000 paths",
      `baseline, 1 year, ${scenario.populations.reduce((n, p) => n + p.count, 0)} agents, ${workers} worker threads`,
      async () => {
        const result = await runEnsemble(scenario, { paths: 1000, workers });
        medianEndRatio = result.bands.stakingRatio[result.rows - 1].p50;
      },
    ),
  );
  timings.push(
    await timed("ensemble 100 paths, main thread", "baseline, 1 year, no worker threads", () =>
      runEnsemble(scenario, { paths: 100, workers: 0 }),
    ),
  );
  timings.push(
    await timed("capture table", "exact, Monte Carlo (20,000 per share), grinding", () => captureTable()),
  );

  const file = path.join(__dirname, "simulator-baseline.json");
  const previous = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, "utf8")) as { timings: Timing[]; medianEndStakingRatio: number })
    : undefined;
  console.log(`\nSimulator (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"})`);
  for (const t of timings) {
    const before = previous?.timings.find((p) => p.name === t.name);
    const vs = before ? `${((t.wallSeconds / before.wallSeconds - 1) * 100).toFixed(0)}% vs baseline` : "new";
    console.log(
      `${t.name.padEnd(34)} ${t.wallSeconds.toFixed(1).padStart(6)} s  ${vs.padStart(16)}  load ${t.loadAverageBefore.toFixed(1)} → ${t.loadAverageAfter.toFixed(1)}  (${t.detail})`,
    );
  }
  const ensemble = timings[0];
  const single = timings[1];
  console.log(
    `1,000 paths: ${ensemble.wallSeconds.toFixed(1)} s (budget ${BUDGET_SECONDS} s: ${ensemble.wallSeconds <= BUDGET_SECONDS ? "within" : "OVER"}); ` +
      `${(1000 / ensemble.wallSeconds).toFixed(0)} paths/s threaded, ${(100 / single.wallSeconds).toFixed(0)} paths/s on one thread`,
  );
  console.log(
    `median end staking ratio ${medianEndRatio}${previous && previous.medianEndStakingRatio !== medianEndRatio ? ` (baseline ${previous.medianEndStakingRatio}: the model changed)` : ""}`,
  );
  const baseline = {
    description:
      "Wall-clock seconds of the simulator on this machine, written by bench/simulator.ts; load average (1 min) before and after each run, since other jobs share the cores.",
    cores: os.cpus().length,
    budgetSeconds: BUDGET_SECONDS,
    medianEndStakingRatio: medianEndRatio,
    timings,
  };
  fs.writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
