/**
 * How a task fails: one plain message, no "Error in plugin" wrapper, no stack trace. Tasks throw
 * `plainError(message)`; `printPlainFailures` (installed by hardhat.config.ts) prints its message
 * alone and exits 1 when the task is the one Hardhat's command line ran, and lets it through
 * otherwise (a test's `hre.run` and `npm run deploy` see the error and report it themselves).
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

/** Whether this process is Hardhat's command line (`npx hardhat …`), not a program that loads Hardhat. */
function underHardhatCli(): boolean {
  return /hardhat([\\/]internal[\\/]cli[\\/]cli\.js)?$/.test(process.argv[1] ?? "");
}

/** Prints `message` and exits 1 under Hardhat's command line; throws it as a plain error otherwise. */
export function failPlainly(message: string): never {
  if (underHardhatCli()) {
    console.error(message);
    process.exit(1);
  }
  throw plainError(message);
}

/** Wraps `hre.run`: a plain error escaping the outermost task is printed as its message (exit 1). */
export function printPlainFailures(hre: HardhatRuntimeEnvironment): void {
  if (!underHardhatCli()) return;
  const run = hre.run;
  let depth = 0;
  // `run` is a field of Hardhat's Environment (an arrow function); typed read-only, replaceable.
  (hre as { run: typeof run }).run = async (...args: Parameters<typeof run>) => {
    depth++;
    try {
      return await run(...args);
    } catch (error) {
      if (depth === 1 && isPlainError(error)) failPlainly(error.message);
      throw error;
    } finally {
      depth--;
    }
  };
}
