#!/usr/bin/env node
/**
 * Merges the coverage.json files of scripts/coverage.sh's shards (solidity-coverage's istanbul data,
 * keyed by paths relative to the project root) into coverage.json and the reports of .solcover.js
 * (text summary, json-summary, lcov) in coverage/, which scripts/check-coverage.js reads.
 * The hit counts of statements, functions, branches and lines are summed file by file; the line map is
 * solidity-coverage's own (istanbul's merge would re-derive it from statement start lines only, a
 * different measure from a single run's).
 * Usage: node scripts/coverage-merge.cjs shard0.json shard1.json ...
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
// solidity-coverage's own istanbul (a dependency of the pinned solidity-coverage), resolved through it
const istanbul = require(require.resolve("sc-istanbul", { paths: [require.resolve("solidity-coverage")] }));

const inputs = process.argv.slice(2);
const merged = {};
for (const file of inputs) {
  if (!fs.existsSync(file)) {
    console.error(`coverage-merge: ${file} is missing (did that shard's hardhat coverage run finish?)`);
    process.exit(1);
  }
  for (const [source, coverage] of Object.entries(JSON.parse(fs.readFileSync(file, "utf8")))) {
    coverage.path = path.resolve(source); // the shard's copy of the tree is gone: read the sources here
    const into = merged[source];
    if (!into) {
      merged[source] = coverage;
      continue;
    }
    for (const map of ["s", "f", "l"])
      for (const [key, hits] of Object.entries(coverage[map] ?? {}))
        into[map][key] = (into[map][key] ?? 0) + hits;
    for (const [key, hits] of Object.entries(coverage.b))
      into.b[key] = into.b[key].map((n, i) => n + hits[i]);
  }
}
fs.writeFileSync("coverage.json", JSON.stringify(merged));
const collector = new istanbul.Collector();
collector.add(merged);
const reporter = new istanbul.Reporter(false, "coverage");
for (const report of require("../.solcover.js").istanbulReporter) reporter.add(report);
reporter.write(collector, true, () => {
  console.log(`coverage of ${inputs.length} shard(s) merged into coverage/`);
});
