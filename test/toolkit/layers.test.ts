/**
 * The layer rule of `npm run lint` (.dependency-cruiser.cjs, docs/architecture.md) bites: probe
 * files importing the wrong way are reported, each under its rule. The probes live in the real
 * folders (the rules are by path) for the length of the test only.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

const PROBES: Record<string, string> = {
  "lib/__layer_probe.ts":
    'import fs from "node:fs";\nimport "../tasks/lib/input";\nexport const probe = fs;\n',
  "scripts/devnet/__layer_probe.ts": 'import "../../tasks/lib/input";\n',
  "tasks/lib/__layer_probe.ts": 'import "../../scripts/start";\n',
  "app/src/__layer_probe.ts": 'import "../../config/localhost";\n',
  "lib/__layer_probe_cycle.ts": 'import "./__layer_probe_cycle2";\n',
  "lib/__layer_probe_cycle2.ts": 'import "./__layer_probe_cycle";\n',
};

describe("Toolkit: the layer rule", function () {
  this.timeout(120_000);

  after(() => {
    for (const file of Object.keys(PROBES)) fs.rmSync(path.join(ROOT, file), { force: true });
  });

  it("reports each import that runs the wrong way, and only those", () => {
    for (const [file, text] of Object.entries(PROBES)) fs.writeFileSync(path.join(ROOT, file), text);
    const result = spawnSync(
      "npx",
      ["depcruise", "--config", ".dependency-cruiser.cjs", "--output-type", "err", ...Object.keys(PROBES)],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    expect(result.status).to.not.equal(0);
    const reported = result.stdout
      .split("\n")
      .map((line) => line.trim().replace(/\s+/g, " "))
      .filter((line) => line.startsWith("error ") && !line.startsWith("error no-cycles"))
      .sort();
    expect(reported).to.deep.equal(
      [
        "error adapters-not-entry-points: tasks/lib/__layer_probe.ts → scripts/start.ts",
        "error app-is-browser-code: app/src/__layer_probe.ts → config/localhost.ts",
        "error lib-imports-only-lib: lib/__layer_probe.ts → tasks/lib/input.ts",
        "error lib-is-browser-safe: lib/__layer_probe.ts → fs",
        "error scripts-not-tasks: scripts/devnet/__layer_probe.ts → tasks/lib/input.ts",
        "error tasks-use-only-the-deploy-entry: tasks/lib/__layer_probe.ts → scripts/start.ts",
      ].sort(),
    );
    expect(result.stdout).to.match(/error no-cycles: lib\/__layer_probe_cycle2?\.ts → /);
  });
});
