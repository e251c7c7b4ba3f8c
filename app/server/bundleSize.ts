/**
 * The dApp's bundle-size budget: what a browser downloads from app/dist (after `npm run app:build`),
 * gzipped (`gzip -9`, as a web server would send it), against a budget, so that a dependency or a
 * feature that makes the page much heavier is noticed in CI (`npm run app:size`), not by users.
 *
 * - initial scripts: the script index.html loads (and any it preloads), everything the first render
 *   waits for — 150 kB gzipped;
 * - all scripts, the chunks loaded later included (uPlot for the charts): 180 kB gzipped;
 * - all stylesheets: 6 kB gzipped.
 * When set (the charts' uPlot in its own chunk) they were 138.6, 160.6 and 3.1 kB: about 10% of room.
 *
 * Raise a budget only on purpose, in the same commit as what needs it, saying why. kB = 1,000 bytes.
 * Reads files only; importing has no side effects.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

export const BUNDLE_BUDGETS_GZIP_BYTES = {
  initialScripts: 150_000,
  allScripts: 180_000,
  stylesheets: 6_000,
} as const;

export type BudgetName = keyof typeof BUNDLE_BUDGETS_GZIP_BYTES;

export interface AssetSize {
  /** Path under the dist folder, e.g. `assets/index-abc.js`. */
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Loaded by index.html itself (a script, a preloaded module or a stylesheet), not later. */
  initial: boolean;
}

/** The files index.html loads: script src, modulepreload and stylesheet hrefs, relative to dist. */
export function initialFiles(indexHtml: string): Set<string> {
  const files = new Set<string>();
  const tag = /<(script|link)\b[^>]*>/gi;
  for (const [element] of indexHtml.matchAll(tag)) {
    const url = /\b(?:src|href)="([^"]+)"/i.exec(element)?.[1];
    if (!url || /^[a-z]+:|^\/\//i.test(url)) continue; // only the app's own files
    files.add(path.posix.normalize(url.replace(/^\.\//, "").replace(/^\//, "")));
  }
  return files;
}

/** The scripts and stylesheets in `dist` with their raw and gzipped sizes, largest first. */
export function assetSizes(dist: string): AssetSize[] {
  const index = path.join(dist, "index.html");
  if (!fs.existsSync(index)) throw new Error(`no ${index}: run \`npm run app:build\` first`);
  const initial = initialFiles(fs.readFileSync(index, "utf8"));
  const sizes: AssetSize[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(js|mjs|css)$/.test(entry.name)) {
        const content = fs.readFileSync(full);
        const file = path.relative(dist, full).split(path.sep).join("/");
        sizes.push({
          file,
          bytes: content.length,
          gzipBytes: zlib.gzipSync(content, { level: 9 }).length,
          initial: initial.has(file),
        });
      }
    }
  };
  walk(dist);
  return sizes.sort((a, b) => b.gzipBytes - a.gzipBytes || a.file.localeCompare(b.file));
}

/** The gzipped total of each budget's files. */
export function budgetTotals(sizes: AssetSize[]): Record<BudgetName, number> {
  const sum = (xs: AssetSize[]) => xs.reduce((n, x) => n + x.gzipBytes, 0);
  const scripts = sizes.filter((s) => /\.m?js$/.test(s.file));
  return {
    initialScripts: sum(scripts.filter((s) => s.initial)),
    allScripts: sum(scripts),
    stylesheets: sum(sizes.filter((s) => s.file.endsWith(".css"))),
  };
}

/** One line per budget exceeded; none when the bundle fits. */
export function bundleBudgetProblems(
  sizes: AssetSize[],
  budgets: Record<BudgetName, number> = BUNDLE_BUDGETS_GZIP_BYTES,
): string[] {
  const totals = budgetTotals(sizes);
  const problems: string[] = [];
  if (sizes.every((s) => !s.initial || !/\.m?js$/.test(s.file)))
    problems.push("index.html loads no script of the build: is app/dist a build of the dApp?");
  for (const name of Object.keys(budgets) as BudgetName[])
    if (totals[name] > budgets[name])
      problems.push(`${name}: ${kB(totals[name])} gzipped, over the budget of ${kB(budgets[name])}`);
  return problems;
}

export function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(2)} kB`;
}

/** The report `npm run app:size` prints: each file, then each budget with its total. */
export function formatBundleReport(sizes: AssetSize[]): string {
  const totals = budgetTotals(sizes);
  const lines = sizes.map(
    (s) =>
      `  ${s.file.padEnd(32)} ${kB(s.bytes).padStart(10)}  gzip ${kB(s.gzipBytes).padStart(9)}${s.initial ? "  (initial)" : ""}`,
  );
  const budgets = (Object.keys(BUNDLE_BUDGETS_GZIP_BYTES) as BudgetName[]).map(
    (name) =>
      `  ${name.padEnd(16)} ${kB(totals[name]).padStart(10)} of ${kB(BUNDLE_BUDGETS_GZIP_BYTES[name])} gzipped`,
  );
  return ["dApp bundle (app/dist):", ...lines, "Budgets:", ...budgets].join("\n");
}
