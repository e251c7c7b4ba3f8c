/**
 * The simulator's command line (`npm run simulate -- --scenario baseline`). Bad input ends with a
 * message naming the problem and the fix and exit code 1, never a stack trace.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { BLOCKS_PER_ROUND, BLOCKS_PER_YEAR } from "./emission";
import { writeRunOutputs } from "./outputs";
import { ScenarioError } from "./scenario";
import { loadScenario, presetNames } from "./scenarioFiles";
import { simulate } from "./simulate";
import { captureTable, DEFAULT_CAPTURE_OPTIONS } from "./capture/table";
import { writeCaptureOutputs } from "./capture/captureOutputs";
import { defaultWorkers, runEnsemble } from "./ensemble/ensemble";
import { writeEnsembleOutputs } from "./ensemble/ensembleOutputs";
import { compareMeanField, meanFieldCsv, meanFieldReferences } from "./meanField/compare";

/** Bad command-line input; the message says what to do. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const USAGE = `Usage: npm run simulate -- --scenario <preset|file.json> [options]
       npm run simulate -- --capture [--samples n] [--seed n] [--out dir]

Options:
  --scenario <name|path>  a preset (${"{presets}"}) or a scenario JSON file (required)
  --blocks <n>            blocks to simulate (default: the scenario's; one year = ${BLOCKS_PER_YEAR})
  --seed <n>              random seed, an integer in [0, 4294967295] (default: the scenario's)
  --out <dir>             output directory (default: sim/out/<scenario>/, sim/out/capture/)
  --paths <n>             an ensemble of n seeded paths with the scenario's shocks (its "stochastic"
                          section, or the defaults); writes bands.csv, paths.csv and band charts
  --workers <n>           worker threads for --paths (default: the machine's cores; 0: none)
  --capture               the election's capture odds instead of a scenario (docs/election.md)
  --samples <n>           Monte Carlo elections per coalition share with --capture (default 20000)
  --help                  this text

Writes trajectory.csv and SVG charts (staking-ratio, marginal-reward, apy, supply, overview);
with --capture, capture.csv, capture-table.md, nakamoto.csv, capture-crosscheck.csv and charts.`;

export interface CliOptions {
  /** The scenario; empty with `capture`. */
  scenario: string;
  capture?: boolean;
  samples?: number;
  paths?: number;
  workers?: number;
  blocks?: number;
  seed?: number;
  outDir?: string;
}

function usage(): string {
  return USAGE.replace("{presets}", presetNames().join(", "));
}

function parseInteger(flag: string, text: string, min: number, max: number): number {
  const cleaned = text.replace(/_/g, "");
  const value = /^\d+$/.test(cleaned) ? Number(cleaned) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${flag} must be an integer in [${min}, ${max}], got "${text}"; e.g. ${flag} ${min === 1 ? BLOCKS_PER_ROUND : 42}`,
    );
  }
  return value;
}

/** Parses the arguments after `simulate.ts`; `undefined` means "print the usage". */
export function parseCliArgs(argv: readonly string[]): CliOptions | undefined {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        scenario: { type: "string" },
        blocks: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        capture: { type: "boolean" },
        samples: { type: "string" },
        paths: { type: "string" },
        workers: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage()}`);
  }
  if (values.help) return undefined;
  if (values.capture) {
    if (
      typeof values.scenario === "string" ||
      typeof values.blocks === "string" ||
      typeof values.paths === "string"
    ) {
      throw new UsageError("--capture takes no --scenario, --blocks or --paths; run them separately");
    }
    return {
      scenario: "",
      capture: true,
      ...(typeof values.samples === "string"
        ? { samples: parseInteger("--samples", values.samples, 100, 10_000_000) }
        : {}),
      ...(typeof values.seed === "string"
        ? { seed: parseInteger("--seed", values.seed, 0, 0xffffffff) }
        : {}),
      ...(typeof values.out === "string" ? { outDir: values.out } : {}),
    };
  }
  if (typeof values.samples === "string") throw new UsageError("--samples goes with --capture");
  if (typeof values.scenario !== "string" || values.scenario === "") {
    throw new UsageError(
      `--scenario is required: name a preset (${presetNames().join(", ")}) or a JSON file, e.g. --scenario baseline`,
    );
  }
  return {
    scenario: values.scenario,
    ...(typeof values.blocks === "string"
      ? { blocks: parseInteger("--blocks", values.blocks, 1, 100 * BLOCKS_PER_YEAR) }
      : {}),
    ...(typeof values.seed === "string" ? { seed: parseInteger("--seed", values.seed, 0, 0xffffffff) } : {}),
    ...(typeof values.out === "string" ? { outDir: values.out } : {}),
    ...(typeof values.paths === "string"
      ? { paths: parseInteger("--paths", values.paths, 1, 1_000_000) }
      : {}),
    ...(typeof values.workers === "string"
      ? { workers: parseInteger("--workers", values.workers, 0, 64) }
      : {}),
  };
}

async function runEnsembleCli(
  scenario: ReturnType<typeof loadScenario>,
  options: CliOptions,
  log: (line: string) => void,
): Promise<number> {
  const effective = options.blocks === undefined ? scenario : { ...scenario, blocks: options.blocks };
  const result = await runEnsemble(effective, {
    paths: options.paths!,
    workers: options.workers ?? defaultWorkers(),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const outDir = options.outDir ?? path.join("sim", "out", `${scenario.name}-ensemble`);
  const meanField = compareMeanField(result);
  const files = await writeEnsembleOutputs(result, outDir, meanFieldReferences(meanField), [
    ["mean-field.csv", meanFieldCsv(meanField)],
  ]);
  const last = result.rows - 1;
  const band = (metric: "stakingRatio" | "estimatedApy") => {
    const b = result.bands[metric][last];
    return `${(b.p50 * 100).toFixed(1)}% [5–95%: ${(b.p05 * 100).toFixed(1)}–${(b.p95 * 100).toFixed(1)}%]`;
  };
  log(
    `scenario ${scenario.name}: ${result.paths} paths of ${effective.blocks} blocks, seed ${result.seed}, ` +
      `${result.workers} worker thread(s), ${(result.elapsedMs / 1000).toFixed(1)} s`,
  );
  log(`end: staking ratio ${band("stakingRatio")}, estimated APY ${band("estimatedApy")} (an estimate)`);
  log(
    `mean-field model: ${(meanField.points[meanField.points.length - 1].stakingRatio * 100).toFixed(1)}% at the end; ` +
      `equilibrium without the dead band ${(meanField.equilibriumAtEnd * 100).toFixed(1)}%; ` +
      `largest gap to the median from day ${meanField.fromDay}: ${(meanField.maxMedianGap * 100).toFixed(2)} points`,
  );
  for (const file of files) log(`wrote ${file}`);
  return 0;
}

async function runCapture(options: CliOptions, log: (line: string) => void): Promise<number> {
  const startedAt = process.hrtime.bigint();
  const table = captureTable({
    ...DEFAULT_CAPTURE_OPTIONS,
    ...(options.samples === undefined ? {} : { monteCarloSamples: options.samples }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const computedMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
  const outDir = options.outDir ?? path.join("sim", "out", "capture");
  const files = await writeCaptureOutputs(table, outDir);
  const agree = table.crossChecks.filter((c) => c.agrees).length;
  log(`capture odds: ${table.rows.length} rows in ${computedMs.toFixed(0)} ms`);
  log(
    `Monte Carlo against the exact programme: ${agree} of ${table.crossChecks.length} agree (99.9% intervals)`,
  );
  for (const file of files) log(`wrote ${file}`);
  return 0;
}

/** Runs the command line; returns the exit code. */
export async function runCli(
  argv: readonly string[],
  log: (line: string) => void = console.log,
): Promise<number> {
  try {
    const options = parseCliArgs(argv);
    if (options === undefined) {
      log(usage());
      return 0;
    }
    if (options.capture) return await runCapture(options, log);
    const scenario = loadScenario(options.scenario);
    if (options.paths !== undefined) return await runEnsembleCli(scenario, options, log);
    const startedAt = process.hrtime.bigint();
    const result = simulate(scenario, { blocks: options.blocks, seed: options.seed });
    const simulatedMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
    const outDir = options.outDir ?? path.join("sim", "out", scenario.name);
    const files = await writeRunOutputs(result, outDir);
    const last = result.rows[result.rows.length - 1];
    const percent = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(2)}%`);
    log(
      `scenario ${scenario.name}: ${result.scenario.blocks} blocks, seed ${result.scenario.seed}, simulated in ${simulatedMs.toFixed(0)} ms`,
    );
    log(
      `end: supply ${(last.supplyEtm / 1e6).toFixed(2)}M ETM, staking ratio ${percent(last.stakingRatio)}, ` +
        `estimated APY ${percent(last.estimatedApy)} (an estimate), realised APY ${percent(last.realisedApy)}`,
    );
    for (const file of files) log(`wrote ${file}`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    if (
      error instanceof Error &&
      "code" in error &&
      typeof error.code === "string" &&
      error.code.startsWith("E")
    ) {
      console.error(`error: ${error.message}; check the --out directory and its permissions`);
      return 1;
    }
    throw error;
  }
}
