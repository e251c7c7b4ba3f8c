/** Finding and reading scenario files: a preset's name (`baseline`) or a path to a JSON file. */
import fs from "node:fs";
import path from "node:path";
import { parseScenario, Scenario, ScenarioError } from "./scenario";

/** The presets shipped with the simulator. */
export const PRESETS_DIR = path.join(__dirname, "scenarios");

export function presetNames(): string[] {
  return fs
    .readdirSync(PRESETS_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

/** The file a `--scenario` argument means: a preset name, or a path to a `.json` file. */
export function resolveScenarioFile(nameOrPath: string): string {
  const looksLikePath =
    nameOrPath.endsWith(".json") || nameOrPath.includes("/") || nameOrPath.includes(path.sep);
  const file = looksLikePath ? path.resolve(nameOrPath) : path.join(PRESETS_DIR, `${nameOrPath}.json`);
  if (!fs.existsSync(file)) {
    throw new ScenarioError(
      looksLikePath
        ? `scenario file ${file} does not exist; give a path to a JSON scenario or a preset name (${presetNames().join(", ")})`
        : `no preset named "${nameOrPath}"; use one of ${presetNames().join(", ")}, or a path to a .json scenario file`,
    );
  }
  return file;
}

/** Reads, checks and completes a scenario; errors name the file and the bad field. */
export function loadScenario(nameOrPath: string): Scenario {
  const file = resolveScenarioFile(nameOrPath);
  const where = path.relative(process.cwd(), file) || file;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ScenarioError(`${where} is not valid JSON (${(error as Error).message}); fix the syntax`);
  }
  try {
    return parseScenario(json, path.basename(file, ".json"));
  } catch (error) {
    if (error instanceof ScenarioError) throw new ScenarioError(`${where}: ${error.message}`);
    throw error;
  }
}
