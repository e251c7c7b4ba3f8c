/** The trajectory as CSV: one row per decision step, a header naming each column with its unit. */
import type { TrajectoryRow } from "./simulate";

/** Columns in order: header name and value. Amounts in ETM, rates as fractions (0.1 = 10%). */
const COLUMNS: ReadonlyArray<[string, (row: TrajectoryRow) => number | null]> = [
  ["block", (row) => row.block],
  ["day", (row) => row.day],
  ["year", (row) => row.year],
  ["annualInflationRate", (row) => row.annualRate],
  ["supplyEtm", (row) => row.supplyEtm],
  ["stakedEtm", (row) => row.stakedEtm],
  ["unbondingEtm", (row) => row.unbondingEtm],
  ["stakingRatio", (row) => row.stakingRatio],
  ["marginalRewardPerTokenPerBlock", (row) => row.marginalRewardPerTokenPerBlock],
  ["estimatedApy", (row) => row.estimatedApy],
  ["realisedApy", (row) => row.realisedApy],
  ["treasuryEtm", (row) => row.treasuryEtm],
  ["validatorsTakeEtm", (row) => row.validatorsTakeEtm],
];

export const CSV_HEADER = COLUMNS.map(([name]) => name);

/** Renders the rows; an empty cell means "undefined here" (nothing staked, no window yet). */
export function trajectoryCsv(rows: readonly TrajectoryRow[]): string {
  const lines = [CSV_HEADER.join(",")];
  for (const row of rows) {
    lines.push(COLUMNS.map(([, value]) => formatCell(value(row))).join(","));
  }
  return `${lines.join("\n")}\n`;
}

function formatCell(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "";
  return Number.isInteger(value) ? String(value) : value.toPrecision(12).replace(/\.?0+(e|$)/, "$1");
}
