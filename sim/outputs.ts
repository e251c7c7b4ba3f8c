/** Writes a run's CSV and SVG charts into a directory. */
import fs from "node:fs";
import path from "node:path";
import { ChartMarker, overviewChart, renderSvg, trajectoryCharts } from "./charts";
import { trajectoryCsv } from "./csv";
import { BLOCKS_PER_ROUND, BLOCKS_PER_YEAR } from "./emission";
import type { Scenario } from "./scenario";
import type { SimulationResult } from "./simulate";

/** Dashed rules on the charts: scenario events and changes of the inflation rate within the run. */
export function scenarioMarkers(scenario: Scenario): ChartMarker[] {
  const markers: ChartMarker[] = [];
  for (const event of scenario.events) {
    if (event.atBlock >= scenario.blocks) continue;
    if (event.type === "slash") {
      markers.push({
        day: event.atBlock / BLOCKS_PER_ROUND,
        label: `validator ${event.validator} slashed ${(event.fraction * 100).toFixed(1)}%`,
      });
      continue;
    }
    const who = event.population === undefined ? "" : ` (${event.population})`;
    markers.push({
      day: event.atBlock / BLOCKS_PER_ROUND,
      label: `alternative yield ${(event.alternativeYield * 100).toFixed(1)}%${who}`,
    });
  }
  for (const entry of scenario.inflation) {
    const block = entry.year * BLOCKS_PER_YEAR;
    if (entry.year === 0 || block >= scenario.blocks) continue;
    markers.push({
      day: block / BLOCKS_PER_ROUND,
      label: `inflation ${(entry.annualRate * 100).toFixed(1)}%`,
    });
  }
  return markers;
}

/** Writes `trajectory.csv` and one SVG per chart plus `overview.svg`; returns the files written. */
export async function writeRunOutputs(result: SimulationResult, outDir: string): Promise<string[]> {
  const files: [string, string][] = [["trajectory.csv", trajectoryCsv(result.rows)]];
  const charts = trajectoryCharts(result.scenario.name, result.rows, scenarioMarkers(result.scenario));
  for (const chart of [...charts, overviewChart(charts)])
    files.push([`${chart.name}.svg`, await renderSvg(chart.spec)]);
  return writeFiles(outDir, files);
}

/** Writes each `[name, content]` into `outDir` (created if missing); returns the paths, in order. */
export function writeFiles(outDir: string, files: readonly [string, string][]): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  return files.map(([name, content]) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, content);
    return file;
  });
}
