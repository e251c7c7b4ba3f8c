/** Writes the capture table: CSVs, the Markdown tables and the SVG charts. */
import fs from "node:fs";
import path from "node:path";
import { renderSvg } from "../charts";
import { captureCharts } from "./captureCharts";
import { captureCsv, crossCheckCsv, nakamotoCsv } from "./captureCsv";
import { captureMarkdown } from "./captureMarkdown";
import type { CaptureTable } from "./table";

export async function writeCaptureOutputs(table: CaptureTable, outDir: string): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const files: [string, string][] = [
    ["capture.csv", captureCsv(table)],
    ["nakamoto.csv", nakamotoCsv(table.nakamoto)],
    ["capture-crosscheck.csv", crossCheckCsv(table.crossChecks)],
    ["capture-table.md", captureMarkdown(table)],
  ];
  for (const chart of captureCharts(table)) files.push([`${chart.name}.svg`, await renderSvg(chart.spec)]);
  const written: string[] = [];
  for (const [name, content] of files) {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, content);
    written.push(file);
  }
  return written;
}
