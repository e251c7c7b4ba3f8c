/** Writes an ensemble: `bands.csv`, `paths.csv` and one band chart per metric plus an overview. */
import { overviewChart, renderSvg } from "../charts";
import { writeFiles } from "../outputs";
import { bandChart, ReferenceLine } from "./bandCharts";
import { bandsCsv, pathsCsv } from "./ensembleCsv";
import type { EnsembleResult } from "./ensemble";
import { PATH_METRICS } from "./path";

export async function writeEnsembleOutputs(
  result: EnsembleResult,
  outDir: string,
  references: readonly ReferenceLine[] = [],
  extraFiles: readonly [string, string][] = [],
): Promise<string[]> {
  const files: [string, string][] = [
    ["bands.csv", bandsCsv(result)],
    ["paths.csv", pathsCsv(result)],
    ...extraFiles,
  ];
  const charts = PATH_METRICS.map((metric) => bandChart(result, metric, references));
  for (const chart of charts) files.push([`${chart.name}.svg`, await renderSvg(chart.spec)]);
  const overview = overviewChart(charts.slice(0, 5));
  files.push(["bands-overview.svg", await renderSvg(overview.spec)]);
  return writeFiles(outDir, files);
}
