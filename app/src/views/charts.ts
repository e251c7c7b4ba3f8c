/**
 * Charts of the staking ratio, the estimated APY and the supply over recent blocks, drawn with uPlot
 * (a small canvas charting library) from the points of chainHistory.ts. Each chart is a <figure>
 * whose caption says in words what it draws — the latest value at its block (as the headline shows
 * it), and the first, lowest and highest over the blocks drawn — and the table under the charts holds
 * the latest values block by block: the text alternative of the canvas, which is hidden from screen
 * readers. uPlot loads in a chunk of its own (uplot.ts) once there is something to draw.
 */
import type uPlot from "uplot";
import type { ChainHistory, ChainPoint } from "../chainHistory";
import { CHART_WINDOW_BLOCKS, wadToPercent, weiToEtm } from "../chainHistory";
import { h, setText, syncRows } from "../dom";
import { formatPercent } from "../units";
import { formatEtmRounded } from "./amount";

type ChartKey = "staking-ratio" | "apy" | "supply";

interface ChartSpec {
  key: ChartKey;
  title: string;
  /** The value plotted (null: a gap, e.g. an infinite APY). */
  value(p: ChainPoint): number | null;
  /** The value in words, exactly as the headline shows it. */
  text(p: ChainPoint): string;
  /** An axis tick. */
  tick(v: number): string;
  /** Width of the value axis, px. */
  axisSize: number;
}

const percentTick = (v: number) => `${Number(v.toFixed(4))}%`;

const SPECS: ChartSpec[] = [
  {
    key: "staking-ratio",
    title: "Staking ratio S/B",
    value: (p) => wadToPercent(p.ratioWad),
    text: (p) => formatPercent(p.ratioWad),
    tick: percentTick,
    axisSize: 64,
  },
  {
    key: "apy",
    title: "Estimated APY (before commission)",
    value: (p) => (p.apyInfinite ? null : wadToPercent(p.apyWad)),
    text: (p) => (p.apyInfinite ? "∞ (nothing staked)" : formatPercent(p.apyWad)),
    tick: percentTick,
    axisSize: 64,
  },
  {
    key: "supply",
    title: "Supply (ETM)",
    value: (p) => weiToEtm(p.supplyWei),
    text: (p) => `${formatEtmRounded(p.supplyWei)} ETM`,
    tick: (v) => v.toLocaleString("en-US", { maximumFractionDigits: 4 }),
    axisSize: 96,
  },
];

const HEIGHT = 150;
const INK = "#57606a";
const LINE = "#0550ae";

interface Chart {
  spec: ChartSpec;
  figure: HTMLElement;
  plotBox: HTMLElement;
  caption: HTMLElement;
  /** Under the pointer: the nearest point's block and value, as the headline shows it. */
  tip: HTMLElement;
  plot?: uPlot;
  data: uPlot.AlignedData;
  /** The points drawn (the tooltip's words come from them). */
  points: readonly ChainPoint[];
}

export interface ChartsView {
  element: HTMLElement;
  charts: Chart[];
  /** The latest values, newest first: the charts' text alternative. */
  values: HTMLTableSectionElement;
  /** Under the table: what the charts span and where the older points come from. */
  note: HTMLElement;
}

/** Rows of the values table. */
const TABLE_ROWS = 5;

export function createChartsView(): ChartsView {
  const charts = SPECS.map((spec): Chart => {
    const plotBox = h("div", { class: "chart-plot", "aria-hidden": "true" });
    const caption = h("figcaption", {});
    const figure = h("figure", { class: "chart", "data-chart": spec.key }, plotBox, caption);
    const tip = h("div", { class: "chart-tip", hidden: true });
    return { spec, figure, plotBox, caption, tip, data: [[], []], points: [] };
  });
  const values = h("tbody");
  const note = h("p", { class: "hint" });
  const element = h(
    "div",
    { class: "charts", hidden: true },
    h("h3", { id: "charts-heading" }, "Over recent blocks"),
    h("div", { class: "chart-grid" }, ...charts.map((c) => c.figure)),
    h(
      "details",
      { class: "chart-values" },
      h("summary", {}, `The charts' latest values, block by block`),
      h(
        "table",
        { "aria-label": "Charts' latest values" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Block"),
            ...SPECS.map((s) => h("th", { scope: "col" }, s.title)),
          ),
        ),
        values,
      ),
    ),
    note,
  );
  const view: ChartsView = { element, charts, values, note };
  // Follow the width of the column (the page's width, a phone turned): redraw at the new size.
  if (typeof ResizeObserver !== "undefined") {
    const observer = new ResizeObserver(() => {
      for (const c of charts) draw(c);
    });
    for (const c of charts) observer.observe(c.plotBox);
  }
  return view;
}

/** Shows the tooltip at the cursor's point (the nearest block's), or hides it off the plot. */
function showTip(chart: Chart, u: uPlot): void {
  const i = u.cursor.idx;
  const point = i === null || i === undefined ? undefined : chart.points[i];
  const tip = chart.tip;
  if (!point || u.cursor.left === undefined || u.cursor.left < 0) {
    tip.hidden = true;
    return;
  }
  setText(tip, `Block ${point.block}: ${chart.spec.text(point)}`);
  tip.hidden = false;
  const x = u.valToPos(Number(point.block), "x");
  const y = u.valToPos(chart.spec.value(point) ?? 0, "y");
  tip.style.left = `${x}px`;
  tip.style.top = `${y}px`;
  // Right of the point in the plot's left half, left of it in the right half: always inside.
  tip.classList.toggle("chart-tip-left", x > u.over.clientWidth / 2);
}

function options(chart: Chart, width: number): uPlot.Options {
  const spec = chart.spec;
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false } },
    axes: [
      {
        stroke: INK,
        grid: { stroke: "#eaeef2" },
        ticks: { stroke: "#d8dde3" },
        // Whole blocks only.
        incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000],
        values: (_u, splits) => splits.map((v) => String(v)),
      },
      {
        stroke: INK,
        grid: { stroke: "#eaeef2" },
        ticks: { stroke: "#d8dde3" },
        size: spec.axisSize,
        values: (_u, splits) => splits.map((v) => spec.tick(v)),
      },
    ],
    hooks: {
      init: [(u) => void u.over.append(chart.tip)],
      setCursor: [(u) => showTip(chart, u)],
    },
    series: [
      {},
      {
        label: spec.title,
        stroke: LINE,
        width: 2,
        fill: "rgba(5, 80, 174, 0.08)",
        spanGaps: false,
        points: { size: 5, fill: LINE },
      },
    ],
  };
}

/** uPlot, once its chunk has loaded. */
let UPlot: typeof uPlot | undefined;
let loading: Promise<void> | undefined;

/** Loads uPlot's chunk (once), then draws `charts`. */
function load(charts: Chart[]): void {
  loading ??= import("./uplot").then((m) => {
    UPlot = m.default;
  });
  void loading.then(() => charts.forEach(draw));
}

/** Draws (or redraws at the box's width) a chart with its data; not while the box has no width. */
function draw(chart: Chart): void {
  const width = Math.floor(chart.plotBox.clientWidth);
  if (width <= 0 || chart.data[0].length === 0) return;
  if (!UPlot) return;
  if (!chart.plot) {
    chart.plot = new UPlot(options(chart, width), chart.data, chart.plotBox);
    return;
  }
  if (chart.plot.width !== width) chart.plot.setSize({ width, height: HEIGHT });
}

/** Shows the history's points: each chart's line and caption, and the table of the latest values. */
export function updateCharts(view: ChartsView, history: ChainHistory): void {
  const points = history.points;
  view.element.hidden = points.length === 0;
  const latest = history.latest;
  if (!latest) {
    for (const c of view.charts) {
      c.data = [[], []];
      c.plot?.setData(c.data);
      setText(c.caption, "");
    }
    return;
  }
  const first = points[0];
  for (const c of view.charts) {
    const ys = points.map((p) => c.spec.value(p));
    c.data = [points.map((p) => Number(p.block)), ys];
    c.points = points;
    const figure = c.figure;
    figure.dataset.points = String(points.length);
    figure.dataset.firstBlock = String(first.block);
    figure.dataset.lastBlock = String(latest.block);
    figure.dataset.lastValue = String(ys[ys.length - 1]);
    figure.dataset.lastText = c.spec.text(latest);
    if (c.plot) c.plot.setData(c.data);
    draw(c);
    if (!UPlot) load(view.charts);
    setText(c.caption, caption(c.spec, points));
  }
  setText(
    view.note,
    `A point per block the page read, and before that one block in 5 read once when the page opened; the last ${CHART_WINDOW_BLOCKS} blocks at most.`,
  );
  syncRows(
    view.values,
    points.slice(-TABLE_ROWS).reverse(),
    (p) => String(p.block),
    () => h("tr", {}, h("td"), ...SPECS.map(() => h("td"))),
    (row, p) => {
      setText(row.cells[0], String(p.block));
      SPECS.forEach((s, i) => setText(row.cells[i + 1], s.text(p)));
    },
  );
}

/** "Staking ratio S/B: 12.34% at block 512; over blocks 392–512 from 12.30% (lowest 12.29%, highest 12.35%)." */
function caption(spec: ChartSpec, points: readonly ChainPoint[]): string {
  const latest = points[points.length - 1];
  const now = `${spec.title}: ${spec.text(latest)} at block ${latest.block}`;
  if (points.length === 1) return `${now}.`;
  const drawn = points.filter((p) => spec.value(p) !== null);
  let low = drawn[0];
  let high = drawn[0];
  for (const p of drawn) {
    if (spec.value(p)! < spec.value(low)!) low = p;
    if (spec.value(p)! > spec.value(high)!) high = p;
  }
  const range = low ? ` (lowest ${spec.text(low)}, highest ${spec.text(high)})` : "";
  return `${now}; over blocks ${points[0].block}–${latest.block} from ${spec.text(points[0])}${range}.`;
}
