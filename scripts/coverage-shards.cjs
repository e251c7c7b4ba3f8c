#!/usr/bin/env node
/**
 * Splits test files into N shards of about equal run time for scripts/coverage.sh: longest processing
 * time first. A file's cost is its measured time under coverage (scripts/coverage-weights.json,
 * seconds, from a sharded run: the per-file sums of mocha's test times), or for a file not measured
 * yet an estimate from its size (4 s per KB, about the median of the measured files; 0 for a helper
 * module without tests). Refresh the
 * weights when the shards' times drift apart (CONTRIBUTING.md).
 * Usage: node scripts/coverage-shards.cjs N file... ; prints N lines, each a comma-separated list.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const SECONDS_PER_BYTE = 4 / 1024;
const weights = JSON.parse(fs.readFileSync(path.join(__dirname, "coverage-weights.json"), "utf8"));

const [count, ...files] = process.argv.slice(2);
const shards = Array.from({ length: Number(count) }, () => ({ cost: 0, files: [] }));
if (!(shards.length >= 1)) {
  console.error(`coverage-shards: the shard count must be a positive integer, not ${count}`);
  process.exit(1);
}
/** Measured, else estimated; a helper module (no `describe(`) runs no test of its own. */
const cost = (file) => {
  if (weights[file] !== undefined) return weights[file];
  const source = fs.readFileSync(file, "utf8");
  return source.includes("describe(") ? source.length * SECONDS_PER_BYTE : 0;
};
for (const file of [...files].sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : 1))) {
  const lightest = shards.reduce((best, shard) => (shard.cost < best.cost ? shard : best));
  lightest.cost += cost(file);
  lightest.files.push(file);
}
for (const shard of shards) {
  console.error(`coverage shard: ${shard.files.length} files, ~${Math.round(shard.cost)} s measured`);
  console.log(shard.files.sort().join(","));
}
