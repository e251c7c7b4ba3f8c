/** The capture table as CSV, one row per (election, population, count, round length, share, threshold, grinding). */
import type { CaptureTable, CrossCheck, NakamotoRow } from "./table";

const number = (x: number) => (Number.isFinite(x) ? String(x) : "inf");

export const CAPTURE_CSV_HEADER = [
  "election",
  "honestStakes",
  "method",
  "validatorCount",
  "roundLengthBlocks",
  "coalitionShare",
  "kind",
  "seats",
  "coalitionCandidates",
  "grindingTries",
  "perElection",
  "perElectionLow",
  "perElectionHigh",
  "perDay",
  "perDayLow",
  "perDayHigh",
  "perMonth",
  "perMonthLow",
  "perMonthHigh",
  "perYear",
  "perYearLow",
  "perYearHigh",
  "monteCarloSamples",
];

export function captureCsv(table: CaptureTable): string {
  const lines = [CAPTURE_CSV_HEADER.join(",")];
  for (const r of table.rows) {
    const e = (x: { estimate: number; low: number; high: number }) => [x.estimate, x.low, x.high].map(number);
    lines.push(
      [
        r.election,
        r.honest,
        r.method,
        r.validatorCount,
        r.roundLengthBlocks,
        r.coalitionShare,
        r.kind,
        r.seats,
        number(r.coalitionCandidates),
        r.grindingTries,
        ...e(r.perElection),
        ...e(r.perDay),
        ...e(r.perMonth),
        ...e(r.perYear),
        r.perElection.samples,
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

export function nakamotoCsv(rows: readonly NakamotoRow[]): string {
  const lines = ["validatorCount,coalitionShare,randomExpected,randomOne,topN,stake"];
  for (const r of rows) {
    lines.push(
      [r.validatorCount, r.coalitionShare, r.randomExpected, r.randomOne, r.topN, r.stake].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

export function crossCheckCsv(rows: readonly CrossCheck[]): string {
  const lines = ["validatorCount,coalitionShare,kind,exact,monteCarlo,low999,high999,samples,agrees"];
  for (const r of rows) {
    lines.push(
      [
        r.validatorCount,
        r.coalitionShare,
        r.kind,
        r.exact,
        r.monteCarlo.estimate,
        r.monteCarlo.low,
        r.monteCarlo.high,
        r.monteCarlo.samples,
        r.agrees,
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
