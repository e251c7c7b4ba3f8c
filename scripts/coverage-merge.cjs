#!/usr/bin/env node
/**
 * Merges the coverage.json files of scripts/coverage.sh's shards (solidity-coverage's istanbul data,
 * keyed by paths relative to the project root) into coverage.json and the reports of .solcover.js
 * (text summary, json-summary, lcov) in coverage/, which scripts/check-coverage.js reads.
 * Usage: node scripts/coverage-merge.cjs shard0.json shard1.json ...
 */
"use strict";
const fs = require("node:fs");
// solidity-coverage's own istanbul (a dependency of the pinned solidity-coverage), resolved through it
const istanbul = require(require.resolve("sc-istanbul", { paths: [require.resolve("solidity-coverage")] }));

const inputs = process.argv.slice(2);
const collector = new istanbul.Collector();
for (const file of inputs) {
  if (!fs.existsSync(file)) {
    console.error(`coverage-merge: ${file} is missing (did that shard's hardhat coverage run finish?)`);
    process.exit(1);
  }
  collector.add(JSON.parse(fs.readFileSync(file, "utf8")));
}
fs.writeFileSync("coverage.json", JSON.stringify(collector.getFinalCoverage()));
const reporter = new istanbul.Reporter(false, "coverage");
for (const report of require("../.solcover.js").istanbulReporter) reporter.add(report);
reporter.write(collector, true, () => {
  console.log(`coverage of ${inputs.length} shard(s) merged into coverage/`);
});
