/**
 * How a task fails: one plain message, no "Error in plugin" wrapper, no stack trace. Tasks throw
 * `plainError(message)`; `printPlainFailures` (installed by hardhat.config.ts) prints its message
 * alone and exits 1 when the task was the command line's own, and lets it through otherwise (a
 * test's `hre.run` sees the error).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { HardhatPluginError } from "hardhat/plugins";

const PLUGIN = "etm";

/** An error whose message says what to fix. */
export function plainError(message: string): HardhatPluginError {
  return new HardhatPluginError(PLUGIN, message);
}

export function isPlainError(error: unknown): error is HardhatPluginError {
  return HardhatPluginError.isHardhatPluginError(error) && error.pluginName === PLUGIN;
}

/**
 * Wraps `hre.run`: a plain error escaping the outermost task (the one the command line named) is
 * printed as its message and the process exits 1. `before` runs first (e.g. the etm network's
 * variable check), so its failure is printed the same way.
 */
export function printPlainFailures(hre: HardhatRuntimeEnvironment, before: () => void = () => {}): void {
  const run = hre.run;
  let depth = 0;
  // `run` is a field of Hardhat's Environment (an arrow function); typed read-only, replaceable.
  (hre as { run: typeof run }).run = async (...args: Parameters<typeof run>) => {
    depth++;
    try {
      if (depth === 1) before();
      return await run(...args);
    } catch (error) {
      if (depth === 1 && (isPlainError(error) || error instanceof ConfigError)) {
        console.error(error.message);
        process.exit(1);
      }
      throw error;
    } finally {
      depth--;
    }
  };
}

/** A configuration problem found before any task ran (printed like a plain error). */
export class ConfigError extends Error {}
