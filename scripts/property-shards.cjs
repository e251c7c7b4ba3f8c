#!/usr/bin/env node
/**
 * `npm run test:property`: the TypeScript property campaign (test/property/StakingPool.property.ts)
 * in ETM_PROPERTY_SHARDS processes at once (default: the machine's cores), each with
 * ETM_PROPERTY_SHARD=k/n, so that between them they run every sequence of the campaign once. The
 * campaign's size and seeds come from the same variables as a plain run (ETM_PROPERTY_OPS,
 * ETM_PROPERTY_SEED). It compiles once first, prefixes each shard's lines with `[k/n]`, and prints the
 * passing and failing tests over all shards, the wall time and the operations a second; it exits 1
 * when any shard fails. A failing sequence prints its seed: replay it alone with
 * `ETM_PROPERTY_SEED=<seed> ETM_PROPERTY_OPS=200 npx hardhat test test/property/StakingPool.property.ts`.
 */
"use strict";
const os = require("node:os");
const path = require("node:path");
const { spawn, spawnSync } = require("node:child_process");

const root = path.join(__dirname, "..");
const hardhat = require.resolve("hardhat/internal/cli/cli.js", { paths: [root] });
const file = "test/property/StakingPool.property.ts";
const shards = Number(process.env.ETM_PROPERTY_SHARDS ?? os.availableParallelism());
if (!Number.isInteger(shards) || shards < 1) {
  console.error(`ETM_PROPERTY_SHARDS must be a positive integer, not "${process.env.ETM_PROPERTY_SHARDS}"`);
  process.exit(1);
}
// As the test file counts them: sequences of up to 200 operations, the last one full.
const requested = Number(process.env.ETM_PROPERTY_OPS ?? 400);
const perSequence = Math.min(requested, 200);
const ops = Math.max(1, Math.ceil(requested / perSequence)) * perSequence;

// Compile once: n test processes compiling at the same time would race on artifacts/.
const compiled = spawnSync(process.execPath, [hardhat, "compile", "--quiet"], {
  cwd: root,
  stdio: "inherit",
});
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const started = Date.now();
const totals = { passing: 0, failing: 0, pending: 0 };
const runs = Array.from({ length: shards }, (_, i) => {
  const tag = `[${i + 1}/${shards}]`;
  const child = spawn(process.execPath, [hardhat, "test", "--no-compile", file], {
    cwd: root,
    env: { ...process.env, ETM_PROPERTY_SHARD: `${i + 1}/${shards}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const relay = (stream, out) => {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop();
      for (const line of lines) {
        out.write(`${tag} ${line}\n`);
        const count = /^\s*(\d+) (passing|failing|pending)\b/.exec(line);
        if (count) totals[count[2]] += Number(count[1]);
      }
    });
    stream.on("end", () => rest && out.write(`${tag} ${rest}\n`));
  };
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
});

Promise.all(runs).then((codes) => {
  const seconds = (Date.now() - started) / 1000;
  const failed = codes.filter((code) => code !== 0).length;
  console.log(
    `\nproperty campaign: ${ops} operations in ${shards} shard(s): ${totals.passing} passing, ` +
      `${totals.failing} failing; ${seconds.toFixed(0)} s wall, ${(ops / seconds).toFixed(1)} operations a second` +
      (failed ? `; ${failed} shard(s) failed` : ""),
  );
  process.exit(failed ? 1 : 0);
});
