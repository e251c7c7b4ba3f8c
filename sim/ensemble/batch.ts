/** A batch of paths, the unit of work of one worker thread (or of the main thread). */
import type { Scenario } from "../scenario";
import { PATH_METRICS, PathMetric, pathSeed, runPath } from "./path";
import type { Stochastic } from "./stochastic";

export interface BatchRequest {
  scenario: Scenario;
  stochastic: Stochastic;
  ensembleSeed: number;
  from: number;
  to: number;
}

export interface PathSummary {
  path: number;
  seed: number;
  slashes: number;
  burnedEtm: number;
  whaleEnterDay: number | null;
  whaleLeaveDay: number | null;
}

export interface BatchResult {
  from: number;
  to: number;
  rows: number;
  days: Float64Array;
  /** Per metric, `(to - from) * rows` values, path after path. */
  series: Record<PathMetric, Float64Array>;
  summaries: PathSummary[];
}

export function runPathBatch(request: BatchRequest): BatchResult {
  const { scenario, stochastic, ensembleSeed, from, to } = request;
  let rows = 0;
  let days: Float64Array = new Float64Array(0);
  let series: Record<PathMetric, Float64Array> | undefined;
  const summaries: PathSummary[] = [];
  for (let p = from; p < to; p++) {
    const seed = pathSeed(ensembleSeed, p);
    const result = runPath(scenario, seed, stochastic);
    if (series === undefined) {
      rows = result.days.length;
      days = result.days;
      series = Object.fromEntries(
        PATH_METRICS.map((m) => [m, new Float64Array((to - from) * rows)]),
      ) as Record<PathMetric, Float64Array>;
    }
    for (const metric of PATH_METRICS) series[metric].set(result.series[metric], (p - from) * rows);
    summaries.push({
      path: p,
      seed,
      slashes: result.slashes,
      burnedEtm: result.burnedEtm,
      whaleEnterDay: result.whaleEnterDay,
      whaleLeaveDay: result.whaleLeaveDay,
    });
  }
  return { from, to, rows, days, series: series!, summaries };
}
