/** Writes the capture table: CSVs, the Markdown tables and the SVG charts. */
import { renderSvg } from "../charts";
import { writeFiles } from "../outputs";
import { captureCharts } from "./captureCharts";
import { captureCsv, crossCheckCsv, nakamotoCsv } from "./captureCsv";
import { captureMarkdown } from "./captureMarkdown";
import type { CaptureTable } from "./table";

export async function writeCaptureOutputs(table: CaptureTable, outDir: string): Promise<string[]> {
  const files: [string, string][] = [
    ["capture.csv", captureCsv(table)],
    ["nakamoto.csv", nakamotoCsv(table.nakamoto)],
    ["capture-crosscheck.csv", crossCheckCsv(table.crossChecks)],
    ["capture-table.md", captureMarkdown(table)],
  ];
  for (const chart of captureCharts(table)) files.push([`${chart.name}.svg`, await renderSvg(chart.spec)]);
  return writeFiles(outDir, files);
}
