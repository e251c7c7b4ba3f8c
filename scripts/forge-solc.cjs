#!/usr/bin/env node
/**
 * forge's compiler: the npm `solc` package (WebAssembly), the same pinned compiler Hardhat uses
 * (docs/fuzzing.md). These machines cannot download compilers, so foundry.toml names this script as
 * `solc` with `offline = true`. forge calls it as a solc binary: `--version`, and `--standard-json`
 * with the input on stdin (every source inlined; the import callback only serves what is not).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const solc = require("solc");

const args = process.argv.slice(2);
if (args.includes("--version") || args.includes("-v")) {
  // forge parses "Version: X.Y.Z+commit..." (solc's CLI banner).
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
  process.exit(0);
}
if (!args.includes("--standard-json")) {
  process.stderr.write(
    `forge-solc: only --version and --standard-json are supported (got: ${args.join(" ")})\n`,
  );
  process.exit(2);
}

// Directories forge allows (--base-path, --include-path, --allow-paths), then the working directory.
const roots = [process.cwd()];
for (let i = 0; i < args.length; i++) {
  if (["--base-path", "--include-path", "--allow-paths"].includes(args[i]) && args[i + 1]) {
    for (const p of args[i + 1].split(",")) roots.push(p);
  }
}

function findImports(importPath) {
  const candidates = path.isAbsolute(importPath)
    ? [importPath]
    : [...roots.map((r) => path.join(r, importPath)), path.join(process.cwd(), "node_modules", importPath)];
  for (const candidate of candidates) {
    try {
      return { contents: fs.readFileSync(candidate, "utf8") };
    } catch {
      // next candidate
    }
  }
  return { error: `forge-solc: file not found: ${importPath}` };
}

const input = fs.readFileSync(0, "utf8");
process.stdout.write(solc.compile(input, { import: findImports }));
