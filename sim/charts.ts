/**
 * Charts of a trajectory as Vega-Lite specs, rendered headless to SVG with `vega` (no browser, no
 * canvas). Each chart plots one quantity against days; scenario events are drawn as dashed rules.
 */
import { pathToFileURL } from "node:url";
import type { TrajectoryRow } from "./simulate";

/** A Vega-Lite specification (typed loosely: vega-lite ships ESM-only types this project cannot resolve). */
export type VegaLiteSpec = Record<string, unknown>;

/** A moment worth marking on every chart (an event, a change of inflation rate). */
export interface ChartMarker {
  day: number;
  label: string;
}

export interface Chart {
  /** File name without extension. */
  name: string;
  spec: VegaLiteSpec;
}

const WIDTH = 720;
const HEIGHT = 220;

interface SeriesPoint {
  day: number;
  series: string;
  value: number;
}

/** Rows as long-format points, skipping undefined values (nothing staked yet). */
function points(
  rows: readonly TrajectoryRow[],
  series: Record<string, (row: TrajectoryRow) => number | null>,
) {
  const result: SeriesPoint[] = [];
  for (const row of rows) {
    for (const [name, value] of Object.entries(series)) {
      const number = value(row);
      if (number !== null && Number.isFinite(number))
        result.push({ day: row.day, series: name, value: number });
    }
  }
  return result;
}

/** Log scale when the values span more than a factor of 20 (a low-participation start, say). */
function scaleFor(values: readonly SeriesPoint[]): Record<string, unknown> {
  const positive = values.map((point) => point.value).filter((value) => value > 0);
  if (positive.length === 0) return { zero: false };
  const spread = Math.max(...positive) / Math.min(...positive);
  return spread > 20 && positive.length === values.length ? { type: "log" } : { zero: false };
}

function lineChart(options: {
  name: string;
  title: string;
  subtitle: string | string[];
  data: SeriesPoint[];
  yTitle: string;
  yFormat: string;
  markers: readonly ChartMarker[];
  dayDomain: [number, number];
  scale?: Record<string, unknown>;
}): Chart {
  const series = [...new Set(options.data.map((point) => point.series))];
  const line = {
    data: { values: options.data },
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: {
        field: "day",
        type: "quantitative",
        title: "day",
        scale: { domain: options.dayDomain, nice: false },
      },
      y: {
        field: "value",
        type: "quantitative",
        title: options.yTitle,
        axis: { format: options.yFormat },
        scale: options.scale ?? scaleFor(options.data),
      },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        sort: series,
        legend: series.length > 1 ? { orient: "top-right" } : null,
      },
      strokeDash: {
        field: "series",
        type: "nominal",
        title: null,
        sort: series,
        legend: series.length > 1 ? { orient: "top-right" } : null,
      },
    },
  };
  const layers: unknown[] = [line];
  if (options.markers.length > 0) {
    layers.push({
      data: { values: options.markers },
      mark: { type: "rule", strokeDash: [4, 4], color: "#888" },
      encoding: { x: { field: "day", type: "quantitative" } },
    });
    layers.push({
      data: { values: options.markers },
      mark: { type: "text", align: "left", dx: 4, dy: 2, baseline: "top", color: "#555" },
      encoding: { x: { field: "day", type: "quantitative" }, y: { value: 0 }, text: { field: "label" } },
    });
  }
  return {
    name: options.name,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: { text: options.title, subtitle: options.subtitle, anchor: "start" },
      width: WIDTH,
      height: HEIGHT,
      layer: layers,
      config: { background: "white", font: "sans-serif" },
    },
  };
}

/** The four charts of a run: staking ratio, marginal reward, APY (estimated and realised), supply. */
export function trajectoryCharts(
  scenarioName: string,
  rows: readonly TrajectoryRow[],
  markers: readonly ChartMarker[] = [],
): Chart[] {
  const dayDomain: [number, number] = [0, rows.length > 0 ? rows[rows.length - 1].day : 1];
  const apy = points(rows, {
    "estimated APY": (row) => row.estimatedApy,
    "realised APY": (row) => row.realisedApy,
  });
  return [
    lineChart({
      name: "staking-ratio",
      title: `Staking ratio S/B — ${scenarioName}`,
      subtitle: "share of the supply bonded in the pool",
      data: points(rows, { "staking ratio": (row) => row.stakingRatio }),
      yTitle: "S / B",
      yFormat: ".0%",
      markers,
      dayDomain,
    }),
    lineChart({
      name: "marginal-reward",
      title: `Marginal reward per staked ETM per block — ${scenarioName}`,
      subtitle: "r_n = B·i_n·(1−δ)/S, before commission: high when few stake, low when many do",
      data: points(rows, { r_n: (row) => row.marginalRewardPerTokenPerBlock }),
      yTitle: "ETM per staked ETM per block",
      yFormat: ".2e",
      markers,
      dayDomain,
    }),
    lineChart({
      name: "apy",
      title: `Staking APY, estimated and realised — ${scenarioName}`,
      subtitle: [
        "estimated: (1+i)^((1−δ)B/S) − 1 at that moment (an estimate, assumes B/S stays put);",
        "realised: paid per staked token over the trailing window, annualised; both before commission",
      ],
      data: apy,
      yTitle: "APY",
      yFormat: ".1%",
      markers,
      dayDomain,
    }),
    lineChart({
      name: "supply",
      title: `Supply, stake and treasury — ${scenarioName}`,
      subtitle: "million ETM; the treasury takes the mint while nothing is staked",
      data: points(rows, {
        supply: (row) => row.supplyEtm / 1e6,
        staked: (row) => row.stakedEtm / 1e6,
        treasury: (row) => row.treasuryEtm / 1e6,
      }),
      yTitle: "million ETM",
      yFormat: ",.0f",
      scale: { zero: true },
      markers,
      dayDomain,
    }),
  ];
}

/** All charts one under the other, for a README. */
export function overviewChart(charts: readonly Chart[]): Chart {
  return {
    name: "overview",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      vconcat: charts.map((chart) => {
        const { $schema: _schema, config: _config, ...rest } = chart.spec;
        return rest;
      }),
      resolve: {
        scale: { color: "independent", strokeDash: "independent" },
        legend: { color: "independent", strokeDash: "independent" },
      },
      config: { background: "white", font: "sans-serif" },
    },
  };
}

interface VegaView {
  toSVG(): Promise<string>;
  finalize(): void;
}
interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: "none" }) => VegaView;
}
interface VegaLiteModule {
  compile(spec: VegaLiteSpec): { spec: unknown };
}

/**
 * `vega` and `vega-lite` are ES modules with top-level await, which `require` cannot load; a real
 * dynamic `import()` (kept from TypeScript's CommonJS output by `new Function`) can.
 */
const importModule = new Function("specifier", "return import(specifier)") as (
  specifier: string,
) => Promise<unknown>;

function importPackage<T>(name: string): Promise<T> {
  return importModule(pathToFileURL(require.resolve(name)).href) as Promise<T>;
}

/** Renders a Vega-Lite spec to an SVG document. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([
    importPackage<VegaModule>("vega"),
    importPackage<VegaLiteModule>("vega-lite"),
  ]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
