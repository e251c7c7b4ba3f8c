/** The ensemble's CSVs: bands per row (one column per metric and quantile) and one line per path. */
import type { EnsembleResult } from "./ensemble";
import { PATH_METRICS } from "./path";

const cell = (x: number | null) =>
  x === null || !Number.isFinite(x) ? "" : Number.isInteger(x) ? String(x) : x.toPrecision(10);

export const BAND_COLUMNS = ["p05", "p25", "p50", "p75", "p95", "mean"] as const;

export function bandsCsv(result: EnsembleResult): string {
  const header = ["day", ...PATH_METRICS.flatMap((m) => BAND_COLUMNS.map((c) => `${m}_${c}`))];
  const lines = [header.join(",")];
  for (let r = 0; r < result.rows; r++) {
    const cells = [cell(result.days[r])];
    for (const metric of PATH_METRICS) {
      const band = result.bands[metric][r];
      for (const column of BAND_COLUMNS) cells.push(cell(band[column]));
    }
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}

export function pathsCsv(result: EnsembleResult): string {
  const last = result.rows - 1;
  const header = [
    "path",
    "seed",
    ...PATH_METRICS.map((m) => `end_${m}`),
    "slashes",
    "burnedEtm",
    "whaleEnterDay",
    "whaleLeaveDay",
  ];
  const lines = [header.join(",")];
  for (const summary of result.summaries) {
    const p = summary.path;
    lines.push(
      [
        p,
        summary.seed,
        ...PATH_METRICS.map((m) => cell(result.series[m][p * result.rows + last])),
        summary.slashes,
        cell(summary.burnedEtm),
        cell(summary.whaleEnterDay),
        cell(summary.whaleLeaveDay),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
