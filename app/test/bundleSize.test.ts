/** The dApp's bundle-size budget (app/server/bundleSize.ts): which files count, and when it fails. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import {
  assetSizes,
  BUNDLE_BUDGETS_GZIP_BYTES,
  budgetTotals,
  bundleBudgetProblems,
  initialFiles,
} from "../server/bundleSize";
import type { AssetSize } from "../server/bundleSize";

const INDEX = `<!doctype html><html><head>
<script type="module" crossorigin src="./assets/index-abc.js"></script>
<link rel="modulepreload" crossorigin href="./assets/shared-def.js">
<link rel="stylesheet" crossorigin href="./assets/index-abc.css">
<link rel="icon" href="https://example.invalid/favicon.ico">
</head><body></body></html>`;

function size(file: string, gzipBytes: number, initial: boolean): AssetSize {
  return { file, bytes: gzipBytes * 3, gzipBytes, initial };
}

describe("dApp bundle-size budget", function () {
  it("counts as initial what index.html loads: its script, preloaded modules and stylesheets, not other hosts", function () {
    expect([...initialFiles(INDEX)].sort()).to.deep.equal([
      "assets/index-abc.css",
      "assets/index-abc.js",
      "assets/shared-def.js",
    ]);
  });

  it("adds up initial scripts, all scripts and stylesheets, and names each budget exceeded", function () {
    const sizes = [
      size("assets/index-abc.js", 100_000, true),
      size("assets/uplot-x.js", 30_000, false),
      size("assets/index-abc.css", 2_000, true),
      size("assets/uplot-x.css", 700, false),
    ];
    expect(budgetTotals(sizes)).to.deep.equal({
      initialScripts: 100_000,
      allScripts: 130_000,
      stylesheets: 2_700,
    });
    expect(bundleBudgetProblems(sizes)).to.deep.equal([]);
    const heavy = [...sizes, size("assets/index-abc.js", BUNDLE_BUDGETS_GZIP_BYTES.initialScripts, true)];
    expect(bundleBudgetProblems(heavy)).to.deep.equal([
      `initialScripts: ${((100_000 + BUNDLE_BUDGETS_GZIP_BYTES.initialScripts) / 1000).toFixed(2)} kB gzipped, over the budget of 150.00 kB`,
      `allScripts: ${((130_000 + BUNDLE_BUDGETS_GZIP_BYTES.initialScripts) / 1000).toFixed(2)} kB gzipped, over the budget of 180.00 kB`,
    ]);
  });

  it("fails a folder whose index.html loads none of its scripts", function () {
    expect(bundleBudgetProblems([size("assets/x.js", 10, false)])).to.have.length(1);
  });

  it("reads a built folder: each script and stylesheet with its gzipped size", function () {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), "etm-dist-"));
    try {
      fs.mkdirSync(path.join(dist, "assets"));
      fs.writeFileSync(path.join(dist, "index.html"), INDEX);
      fs.writeFileSync(path.join(dist, "assets", "index-abc.js"), "console.log(1);\n".repeat(1000));
      fs.writeFileSync(path.join(dist, "assets", "index-abc.css"), "body{margin:0}");
      fs.writeFileSync(path.join(dist, "assets", "later.js"), "export const x = 1;");
      fs.writeFileSync(path.join(dist, "deployments.json"), "{}");
      const sizes = assetSizes(dist);
      expect(sizes.map((s) => [s.file, s.initial])).to.have.deep.members([
        ["assets/index-abc.js", true],
        ["assets/index-abc.css", true],
        ["assets/later.js", false],
      ]);
      const js = sizes.find((s) => s.file === "assets/index-abc.js")!;
      expect(js.bytes).to.equal(16_000);
      expect(js.gzipBytes).to.be.within(1, 200); // a thousand times the same line
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});
