/** Band charts of an ensemble (Vega-Lite): the 5–95% and 25–75% bands across paths and the median. */
import type { Chart, VegaLiteSpec } from "../charts";
import type { EnsembleResult } from "./ensemble";
import type { PathMetric } from "./path";

/** A reference line drawn over a band chart (the mean-field model's staking ratio, say). */
export interface ReferenceLine {
  metric: PathMetric;
  label: string;
  points: { day: number; value: number }[];
}

const TITLES: Record<PathMetric, { title: string; y: string; format: string; scale?: number }> = {
  stakingRatio: { title: "Staking ratio S/B", y: "S / B", format: ".0%" },
  estimatedApy: { title: "Estimated APY (an estimate: (1+i)^((1−δ)B/S) − 1)", y: "APY", format: ".0%" },
  supplyEtm: { title: "Supply", y: "million ETM", format: ",.0f", scale: 1e-6 },
  stakeHhi: { title: "Validator concentration: Herfindahl index of stake", y: "Σ share²", format: ".3f" },
  stakeNakamoto: {
    title: "Nakamoto coefficient of stake (validators holding > 1/3)",
    y: "validators",
    format: "d",
  },
  outsideYieldShift: {
    title: "Shift of the yield agents ask (outside yield + price)",
    y: "yield shift",
    format: ".1%",
  },
};

export function bandChart(
  result: EnsembleResult,
  metric: PathMetric,
  references: readonly ReferenceLine[] = [],
): Chart {
  const meta = TITLES[metric];
  const k = meta.scale ?? 1;
  const values = result.bands[metric]
    .map((band, r) => ({
      day: result.days[r],
      p05: band.p05 * k,
      p25: band.p25 * k,
      p50: band.p50 * k,
      p75: band.p75 * k,
      p95: band.p95 * k,
    }))
    .filter((row) => Number.isFinite(row.p50));
  const x = { field: "day", type: "quantitative", title: "day", scale: { nice: false } };
  const layers: unknown[] = [
    {
      mark: { type: "area", opacity: 0.18, color: "#4c78a8" },
      encoding: {
        x,
        y: {
          field: "p05",
          type: "quantitative",
          title: meta.y,
          axis: { format: meta.format },
          scale: { zero: false },
        },
        y2: { field: "p95" },
      },
    },
    {
      mark: { type: "area", opacity: 0.35, color: "#4c78a8" },
      encoding: { x, y: { field: "p25", type: "quantitative" }, y2: { field: "p75" } },
    },
    {
      mark: { type: "line", color: "#1f3b63", strokeWidth: 2 },
      encoding: { x, y: { field: "p50", type: "quantitative" } },
    },
  ];
  for (const reference of references.filter((r) => r.metric === metric)) {
    layers.push({
      data: { values: reference.points.map((p) => ({ day: p.day, value: p.value * k })) },
      mark: { type: "line", color: "#e45756", strokeDash: [6, 4], strokeWidth: 2 },
      encoding: { x, y: { field: "value", type: "quantitative" } },
    });
  }
  const refText = references.filter((r) => r.metric === metric).map((r) => `dashed red: ${r.label}`);
  const spec: VegaLiteSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `${meta.title} — ${result.scenario.name}, ${result.paths} paths`,
      subtitle: ["median (line), 25–75% (dark band), 5–95% (light band) across paths", ...refText],
      anchor: "start",
    },
    width: 720,
    height: 220,
    data: { values },
    layer: layers,
    config: { background: "white", font: "sans-serif" },
  };
  return { name: `bands-${metric}`, spec };
}
