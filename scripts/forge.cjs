#!/usr/bin/env node
/**
 * Runs the forge binary of the npm package @foundry-rs/forge (pinned in package.json) with the given
 * arguments: `node scripts/forge.cjs test ...`. npm 11 does not run the package's install script, and
 * `npm ci` does not mark the platform package's binary executable, so this makes it executable first.
 * forge compiles with the npm solc through scripts/forge-solc.cjs (foundry.toml); see docs/fuzzing.md.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const arch = { x64: "amd64", arm64: "arm64" }[process.arch];
const platform = process.platform === "win32" ? "win32" : process.platform;
const pkg = `@foundry-rs/forge-${platform}-${arch}`;
let binary;
try {
  binary = path.join(
    path.dirname(require.resolve(`${pkg}/package.json`)),
    "bin",
    platform === "win32" ? "forge.exe" : "forge",
  );
} catch {
  console.error(
    `forge: the package ${pkg} is not installed; run \`npm ci\` (it is an optional dependency of @foundry-rs/forge)`,
  );
  process.exit(1);
}
for (const file of [binary, path.join(__dirname, "forge-solc.cjs")]) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    fs.chmodSync(file, 0o755);
  }
}
const root = path.join(__dirname, "..");
const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit", cwd: root });
if (result.error) {
  console.error(`forge: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
