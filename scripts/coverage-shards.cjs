#!/usr/bin/env node
/**
 * Splits test files into N shards of about equal cost for scripts/coverage.sh: longest processing
 * time first, the cost of a file being its size in bytes times the weight of its directory below
 * (what a line costs under coverage's tracer: the evidence tests decode and recover long headers).
 * Usage: node scripts/coverage-shards.cjs N file... ; prints N lines, each a comma-separated list.
 */
"use strict";
const fs = require("node:fs");

/** Relative cost of a byte of test code under coverage, by path prefix (first match; default 1). */
const WEIGHTS = [
  ["test/evidence/", 4],
  ["test/staking/StakingPool.commissionGrid", 3],
  ["test/staking/StakingPool.displacement", 3],
];

const [count, ...files] = process.argv.slice(2);
const shards = Array.from({ length: Number(count) }, () => ({ cost: 0, files: [] }));
if (!(shards.length >= 1)) {
  console.error(`coverage-shards: the shard count must be a positive integer, not ${count}`);
  process.exit(1);
}
const cost = (file) => fs.statSync(file).size * (WEIGHTS.find(([prefix]) => file.startsWith(prefix))?.[1] ?? 1);
for (const file of [...files].sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : 1))) {
  const lightest = shards.reduce((best, shard) => (shard.cost < best.cost ? shard : best));
  lightest.cost += cost(file);
  lightest.files.push(file);
}
for (const shard of shards) console.log(shard.files.sort().join(","));
