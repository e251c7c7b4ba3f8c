#!/usr/bin/env node
/**
 * The shard weights of scripts/coverage-shards.cjs from measured times. scripts/coverage.sh has each
 * coverage shard record its seconds per test file (ETM_TEST_SECONDS_FILE, config/testSeconds.ts) and
 * runs `node scripts/coverage-weights.cjs shard0.json shard1.json ...`, which writes their union to
 * coverage/test-seconds.json and prints each shard's total. To rebalance the shards after a coverage
 * run: `node scripts/coverage-weights.cjs --write` copies coverage/test-seconds.json (whole seconds)
 * into scripts/coverage-weights.json, keeping the weights of files the run did not measure.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const measuredFile = path.join(root, "coverage", "test-seconds.json");
const weightsFile = path.join(__dirname, "coverage-weights.json");
const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const sortedKeys = (object) =>
  Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : 1)));

const args = process.argv.slice(2);
if (args[0] === "--write") {
  if (!fs.existsSync(measuredFile)) {
    console.error(
      `coverage-weights: ${path.relative(root, measuredFile)} is missing; run \`npm run coverage\` first`,
    );
    process.exit(1);
  }
  const weights = readJson(weightsFile);
  for (const [file, seconds] of Object.entries(readJson(measuredFile)))
    weights[file] = Math.max(1, Math.round(seconds));
  fs.writeFileSync(weightsFile, JSON.stringify(sortedKeys(weights), null, 2) + "\n");
  console.log(
    `coverage-weights: ${path.relative(root, weightsFile)} updated from ${path.relative(root, measuredFile)}`,
  );
} else {
  const union = {};
  args.forEach((file, shard) => {
    if (!fs.existsSync(file)) {
      console.error(
        `coverage-weights: shard ${shard} recorded no times (${file}); its weights stay as they were`,
      );
      return;
    }
    const times = readJson(file);
    const total = Object.values(times).reduce((sum, seconds) => sum + seconds, 0);
    console.log(
      `coverage shard ${shard}: ${Object.keys(times).length} files, ${Math.round(total)} s of tests`,
    );
    Object.assign(union, times);
  });
  fs.mkdirSync(path.dirname(measuredFile), { recursive: true });
  fs.writeFileSync(measuredFile, JSON.stringify(sortedKeys(union), null, 2) + "\n");
}
