/** Charts of the capture table (Vega-Lite, rendered to SVG like the trajectory charts). */
import type { Chart } from "../charts";
import { formatRoundLength } from "./format";
import { CaptureRow, CaptureTable, DEFAULT_ROUND_LENGTH_BLOCKS, DEFAULT_VALIDATOR_COUNT } from "./table";

interface Point {
  share: number;
  series: string;
  value: number;
  low?: number;
  high?: number;
}

/** Probabilities below this are drawn at it on log scales (they are in the CSV exactly). */
const LOG_FLOOR = 1e-12;

function chart(options: {
  name: string;
  title: string;
  subtitle: string | string[];
  data: Point[];
  yTitle: string;
  log: boolean;
  bands?: boolean;
}): Chart {
  const y = {
    field: "value",
    type: "quantitative",
    title: options.yTitle,
    scale: options.log ? { type: "log", domain: [LOG_FLOOR, 1] } : { domain: [0, 1] },
    axis: { format: options.log ? ".0e" : ".0%" },
  };
  const x = {
    field: "share",
    type: "quantitative",
    title: "coalition's share of the stake",
    axis: { format: ".0%" },
  };
  const series = [...new Set(options.data.map((point) => point.series))];
  const color = {
    field: "series",
    type: "nominal",
    title: null,
    sort: series,
    legend: { orient: "bottom", columns: 2, labelLimit: 400 },
  };
  const data = options.data.map((point) => ({
    ...point,
    value: options.log ? Math.max(point.value, LOG_FLOOR) : point.value,
    low: point.low === undefined ? undefined : options.log ? Math.max(point.low, LOG_FLOOR) : point.low,
    high: point.high === undefined ? undefined : options.log ? Math.max(point.high, LOG_FLOOR) : point.high,
  }));
  const layers: unknown[] = [
    {
      mark: { type: "line", point: true, strokeWidth: 2 },
      encoding: { x, y, color, strokeDash: { ...color } },
    },
  ];
  if (options.bands) {
    layers.push({
      transform: [{ filter: "isValid(datum.low)" }],
      mark: { type: "errorbar", ticks: true },
      encoding: { x, y: { ...y, field: "low" }, y2: { field: "high" }, color },
    });
  }
  return {
    name: options.name,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: { text: options.title, subtitle: options.subtitle, anchor: "start" },
      width: 640,
      height: 300,
      data: { values: data },
      layer: layers,
      config: { background: "white", font: "sans-serif" },
    },
  };
}

function rowsWhere(table: CaptureTable, where: (row: CaptureRow) => boolean): CaptureRow[] {
  return table.rows.filter(where);
}

export function captureCharts(table: CaptureTable): Chart[] {
  const n = DEFAULT_VALIDATOR_COUNT;
  const round = DEFAULT_ROUND_LENGTH_BLOCKS;
  const exact = (r: CaptureRow) => r.election === "random" && r.honest === "equal" && r.grindingTries === 1;
  const charts: Chart[] = [];

  charts.push(
    chart({
      name: "capture-per-election",
      title: `Chance that one election seats a coalition at a QBFT threshold (n = ${n})`,
      subtitle: [
        "lines: exact, 100 equal honest candidates; with [low, high]: Monte Carlo, Zipf honest stakes (95%)",
        "the coalition splits its stake over as many candidates as helps it",
      ],
      data: [
        ...rowsWhere(table, (r) => exact(r) && r.validatorCount === n && r.roundLengthBlocks === round).map(
          (r) => ({
            share: r.coalitionShare,
            series: `${r.kind} (${r.seats} seats), exact`,
            value: r.perElection.estimate,
          }),
        ),
        ...rowsWhere(
          table,
          (r) =>
            r.method === "monteCarlo" &&
            r.validatorCount === n &&
            r.roundLengthBlocks === round &&
            r.kind === "halt",
        ).map((r) => ({
          share: r.coalitionShare,
          series: `halt, Zipf honest, Monte Carlo`,
          value: r.perElection.estimate,
          low: r.perElection.low,
          high: r.perElection.high,
        })),
      ],
      yTitle: "probability per election (log)",
      log: true,
      bands: true,
    }),
  );

  charts.push(
    chart({
      name: "capture-halt-per-year-by-count",
      title: "Chance of at least one halting set in a year, by validator count",
      subtitle: `${formatRoundLength(round)} rounds (365 elections), exact, 100 equal honest candidates`,
      data: rowsWhere(table, (r) => exact(r) && r.roundLengthBlocks === round && r.kind === "halt").map(
        (r) => ({
          share: r.coalitionShare,
          series: `n = ${r.validatorCount} (halt at ${r.seats})`,
          value: r.perYear.estimate,
        }),
      ),
      yTitle: "P(halt at least once a year)",
      log: false,
    }),
  );

  charts.push(
    chart({
      name: "capture-halt-per-year-by-round-length",
      title: `Chance of at least one halting set in a year, by round length (n = ${n})`,
      subtitle: "exact, 100 equal honest candidates; fewer elections a year, fewer chances",
      data: rowsWhere(table, (r) => exact(r) && r.validatorCount === n && r.kind === "halt").map((r) => ({
        share: r.coalitionShare,
        series: `${formatRoundLength(r.roundLengthBlocks)} rounds`,
        value: r.perYear.estimate,
      })),
      yTitle: "P(halt at least once a year)",
      log: false,
    }),
  );

  charts.push(
    chart({
      name: "capture-grinding",
      title: `A last proposer grinding its block hash (n = ${n}, ${formatRoundLength(round)} rounds)`,
      subtitle:
        "chance of at least one halting set in a month; tries = seeds the coalition's proposer can try per round",
      data: rowsWhere(
        table,
        (r) =>
          r.election === "random" &&
          r.honest === "equal" &&
          r.validatorCount === n &&
          r.roundLengthBlocks === round &&
          r.kind === "halt",
      ).map((r) => ({
        share: r.coalitionShare,
        series: r.grindingTries === 1 ? "no grinding" : `${r.grindingTries.toLocaleString("en-US")} tries`,
        value: r.perMonth.estimate,
      })),
      yTitle: "P(halt at least once a month)",
      log: false,
    }),
  );
  return charts;
}
