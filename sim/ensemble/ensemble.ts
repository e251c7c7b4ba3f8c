/**
 * An ensemble: `paths` seeded paths of one scenario, split over worker threads, then bands across
 * paths per row. Each path's seed depends on the ensemble's seed and the path's index only, so the
 * result is the same whatever the number of workers (tested).
 */
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Scenario } from "../scenario";
import { BatchRequest, BatchResult, PathSummary, runPathBatch } from "./batch";
import { PATH_METRICS, PathMetric, refuseAutoCompound } from "./path";
import { Band, bandsOf } from "./quantiles";

export interface EnsembleOptions {
  paths: number;
  /** Worker threads; 0 runs everything on the calling thread. Default: the machine's cores (at least 1). */
  workers?: number;
  /** Default: the scenario's seed. */
  seed?: number;
}

export interface EnsembleResult {
  scenario: Scenario;
  paths: number;
  seed: number;
  workers: number;
  rows: number;
  days: Float64Array;
  /** Every path's values per metric, path-major (`paths × rows`). */
  series: Record<PathMetric, Float64Array>;
  bands: Record<PathMetric, Band[]>;
  summaries: PathSummary[];
  elapsedMs: number;
}

export function defaultWorkers(): number {
  return Math.max(
    1,
    typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length,
  );
}

/** Starts a worker on batch.ts's worker entry; under ts-node the worker registers ts-node itself. */
function runInWorker(request: BatchRequest): Promise<BatchResult> {
  const extension = path.extname(__filename);
  const entry = path.join(__dirname, `worker${extension}`);
  const worker =
    extension === ".ts"
      ? new Worker(
          `require("ts-node").register({ transpileOnly: true }); require(${JSON.stringify(entry)});`,
          {
            eval: true,
            workerData: request,
          },
        )
      : new Worker(entry, { workerData: request });
  return new Promise((resolve, reject) => {
    worker.once("message", (result: BatchResult) => resolve(result));
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`ensemble worker stopped with exit code ${code}`));
    });
  });
}

export async function runEnsemble(scenario: Scenario, options: EnsembleOptions): Promise<EnsembleResult> {
  refuseAutoCompound(scenario);
  const startedAt = process.hrtime.bigint();
  const paths = options.paths;
  const seed = options.seed ?? scenario.seed;
  const workers = Math.min(options.workers ?? defaultWorkers(), paths);
  const base = { scenario, stochastic: scenario.stochastic, ensembleSeed: seed };
  let batches: BatchResult[];
  if (workers <= 0) {
    batches = [runPathBatch({ ...base, from: 0, to: paths })];
  } else {
    const requests: BatchRequest[] = [];
    for (let w = 0; w < workers; w++) {
      const from = Math.floor((w * paths) / workers);
      const to = Math.floor(((w + 1) * paths) / workers);
      if (to > from) requests.push({ ...base, from, to });
    }
    batches = await Promise.all(requests.map(runInWorker));
  }
  batches.sort((a, b) => a.from - b.from);
  const rows = batches[0].rows;
  const series = Object.fromEntries(
    PATH_METRICS.map((metric) => {
      const all = new Float64Array(paths * rows);
      for (const batch of batches) all.set(batch.series[metric], batch.from * rows);
      return [metric, all];
    }),
  ) as Record<PathMetric, Float64Array>;
  const bands = Object.fromEntries(PATH_METRICS.map((m) => [m, bandsOf(series[m], paths, rows)])) as Record<
    PathMetric,
    Band[]
  >;
  return {
    scenario,
    paths,
    seed,
    workers: Math.max(0, workers),
    rows,
    days: batches[0].days,
    series,
    bands,
    summaries: batches.flatMap((b) => b.summaries),
    elapsedMs: Number(process.hrtime.bigint() - startedAt) / 1e6,
  };
}
