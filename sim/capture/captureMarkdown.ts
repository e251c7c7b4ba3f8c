/** The capture table as Markdown, the form docs/election.md quotes. */
import { formatProbability as p, formatRoundLength, formatShare } from "./format";
import { captureThresholds } from "./thresholds";
import {
  CaptureRow,
  CaptureTable,
  DEFAULT_ROUND_LENGTH_BLOCKS,
  DEFAULT_VALIDATOR_COUNT,
  GRINDING_TRIES,
  MONTE_CARLO_COALITION_CANDIDATES,
} from "./table";

type Filter = Partial<
  Pick<CaptureRow, "election" | "honest" | "validatorCount" | "roundLengthBlocks" | "kind" | "grindingTries">
>;

function find(table: CaptureTable, f: number, filter: Filter): CaptureRow | undefined {
  return table.rows.find(
    (r) =>
      r.coalitionShare === f &&
      Object.entries(filter).every(
        ([key, value]) => (r as unknown as Record<string, unknown>)[key] === value,
      ),
  );
}

function cell(
  row: CaptureRow | undefined,
  pick: (r: CaptureRow) => { estimate: number; low: number; high: number },
) {
  if (row === undefined) return "";
  const e = pick(row);
  if (row.method !== "monteCarlo") return p(e.estimate);
  return `${p(e.estimate)} [${p(e.low)}, ${p(e.high)}]`;
}

/** A Markdown table laid out as prettier lays it out (padded cells; first column left, the rest right). */
function tableOf(header: string[], body: string[][]): string {
  const widths = header.map((h, c) => Math.max(3, h.length, ...body.map((row) => (row[c] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(" | ")} |`;
  const rule = `| ${widths.map((w, c) => (c === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`;
  return [line(header), rule, ...body.map(line)].join("\n");
}

export function captureMarkdown(table: CaptureTable): string {
  const n = DEFAULT_VALIDATOR_COUNT;
  const round = DEFAULT_ROUND_LENGTH_BLOCKS;
  const t = captureThresholds(n);
  const shares = table.options.coalitionShares;
  const H = table.options.honestCandidates;
  const exact: Filter = {
    election: "random",
    honest: "equal",
    validatorCount: n,
    roundLengthBlocks: round,
    grindingTries: 1,
  };
  const out: string[] = [];

  out.push(
    `### At the defaults: ${n} validators, ${formatRoundLength(round)} rounds (exact; ${H} equal honest candidates; the coalition split without limit)\n`,
  );
  out.push(
    tableOf(
      [
        "coalition stake",
        `equivocate (${t.equivocateSeats}) / election`,
        `halt (${t.haltSeats}) / election`,
        `control (${t.controlSeats}) / election`,
        "halt ≥ once a day",
        "halt ≥ once a month",
        "halt ≥ once a year",
        "equivocate ≥ once a year",
        "control ≥ once a year",
      ],
      shares.map((f) => [
        formatShare(f),
        cell(find(table, f, { ...exact, kind: "equivocate" }), (r) => r.perElection),
        cell(find(table, f, { ...exact, kind: "halt" }), (r) => r.perElection),
        cell(find(table, f, { ...exact, kind: "control" }), (r) => r.perElection),
        cell(find(table, f, { ...exact, kind: "halt" }), (r) => r.perDay),
        cell(find(table, f, { ...exact, kind: "halt" }), (r) => r.perMonth),
        cell(find(table, f, { ...exact, kind: "halt" }), (r) => r.perYear),
        cell(find(table, f, { ...exact, kind: "equivocate" }), (r) => r.perYear),
        cell(find(table, f, { ...exact, kind: "control" }), (r) => r.perYear),
      ]),
    ),
  );

  out.push(
    `\n### Halt at least once a year, by validator count (${formatRoundLength(round)} rounds, exact)\n`,
  );
  const counts = table.options.validatorCounts;
  out.push(
    tableOf(
      [
        "coalition stake",
        ...counts.map((c) => `n = ${c} (halt ${captureThresholds(c).haltSeats})`),
        ...counts.map((c) => `control, n = ${c}`),
      ],
      shares.map((f) => [
        formatShare(f),
        ...counts.map((c) =>
          cell(find(table, f, { ...exact, validatorCount: c, kind: "halt" }), (r) => r.perYear),
        ),
        ...counts.map((c) =>
          cell(find(table, f, { ...exact, validatorCount: c, kind: "control" }), (r) => r.perYear),
        ),
      ]),
    ),
  );

  out.push(
    `\n### Halt at least once a year, by the number of honest candidates (${formatRoundLength(round)} rounds, exact, coalition split without limit)\n\n` +
      "Each election removes the honest candidates it seats from the draw; the fewer there are, the more the coalition's share of what is left grows. `∞`: Binomial(n, f).\n",
  );
  const sensitivityShares = [...new Set(table.sensitivity.map((r) => r.coalitionShare))];
  const sensitivityCounts = [...new Set(table.sensitivity.map((r) => r.honestCandidates))];
  out.push(
    tableOf(
      ["n", "coalition stake", ...sensitivityCounts.map((h) => (h === Infinity ? "H = ∞" : `H = ${h}`))],
      counts.flatMap((c) =>
        sensitivityShares.map((f) => [
          String(c),
          formatShare(f),
          ...sensitivityCounts.map((h) => {
            const row = table.sensitivity.find(
              (r) => r.validatorCount === c && r.coalitionShare === f && r.honestCandidates === h,
            );
            return row ? p(row.haltPerYear) : "";
          }),
        ]),
      ),
    ),
  );

  out.push(`\n### Halt at least once a year, by round length (n = ${n}, exact)\n`);
  const lengths = table.options.roundLengthsBlocks;
  out.push(
    tableOf(
      ["coalition stake", ...lengths.map((l) => `${formatRoundLength(l)} (${l} blocks)`)],
      shares.map((f) => [
        formatShare(f),
        ...lengths.map((l) =>
          cell(find(table, f, { ...exact, roundLengthBlocks: l, kind: "halt" }), (r) => r.perYear),
        ),
      ]),
    ),
  );

  out.push(
    `\n### The last proposer grinding its block hash (n = ${n}, ${formatRoundLength(round)} rounds, exact chain)\n`,
  );
  out.push(
    tableOf(
      [
        "coalition stake",
        ...GRINDING_TRIES.map((k) =>
          k === 1
            ? "halt ≥ once a year, no grinding"
            : `halt ≥ once a year, ${k.toLocaleString("en-US")} tries`,
        ),
        ...GRINDING_TRIES.filter((k) => k > 1).map(
          (k) => `halt ≥ once a month, ${k.toLocaleString("en-US")} tries`,
        ),
        `control ≥ once a year, ${GRINDING_TRIES[GRINDING_TRIES.length - 1].toLocaleString("en-US")} tries`,
      ],
      shares.map((f) => [
        formatShare(f),
        ...GRINDING_TRIES.map((k) =>
          cell(find(table, f, { ...exact, grindingTries: k, kind: "halt" }), (r) => r.perYear),
        ),
        ...GRINDING_TRIES.filter((k) => k > 1).map((k) =>
          cell(find(table, f, { ...exact, grindingTries: k, kind: "halt" }), (r) => r.perMonth),
        ),
        cell(
          find(table, f, {
            ...exact,
            grindingTries: GRINDING_TRIES[GRINDING_TRIES.length - 1],
            kind: "control",
          }),
          (r) => r.perYear,
        ),
      ]),
    ),
  );

  out.push(
    `\n### Other populations and top-${n} election (n = ${n}, ${formatRoundLength(round)} rounds)\n\n` +
      `Monte Carlo: Zipf honest stakes (${H} candidates, the k-th largest ∝ 1/k), the coalition in ${MONTE_CARLO_COALITION_CANDIDATES} candidates, ` +
      `${table.options.monteCarloSamples.toLocaleString("en-US")} elections per share, 95% Wilson intervals. Top-${n}: the coalition's seats (deterministic).\n`,
  );
  const mc: Filter = { election: "random", honest: "zipf", validatorCount: n, roundLengthBlocks: round };
  out.push(
    tableOf(
      [
        "coalition stake",
        "Zipf: halt / election",
        "Zipf: halt ≥ once a year",
        `top-${n}, equal honest: seats`,
        `top-${n}, Zipf honest: seats`,
        "Nakamoto (operators to halt): random, mean",
        `top-${n}`,
        "stake (> 1/3)",
      ],
      shares.map((f) => {
        const nk = table.nakamoto.find((r) => r.validatorCount === n && r.coalitionShare === f);
        return [
          formatShare(f),
          cell(find(table, f, { ...mc, kind: "halt" }), (r) => r.perElection),
          cell(find(table, f, { ...mc, kind: "halt" }), (r) => r.perYear),
          String(
            find(table, f, { election: "topN", honest: "equal", validatorCount: n, kind: "halt" })
              ?.coalitionCandidates ?? "",
          ),
          String(
            find(table, f, { election: "topN", honest: "zipf", validatorCount: n, kind: "halt" })
              ?.coalitionCandidates ?? "",
          ),
          nk ? nk.randomExpected.toFixed(2) : "",
          nk ? String(nk.topN) : "",
          nk ? String(nk.stake) : "",
        ];
      }),
    ),
  );

  const agree = table.crossChecks.filter((c) => c.agrees).length;
  out.push(
    `\nMonte Carlo against the exact programme on the same population (equal honest stakes, coalition in ${MONTE_CARLO_COALITION_CANDIDATES} candidates, 99.9% intervals): ${agree} of ${table.crossChecks.length} agree.\n`,
  );
  return `${out.join("\n").trimEnd()}\n`;
}
