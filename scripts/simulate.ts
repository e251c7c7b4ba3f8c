/**
 * Economic simulator: `npm run simulate -- --scenario baseline [--blocks n] [--seed n] [--out dir]`.
 * See docs/simulator.md.
 */
import { runCli } from "../sim/cli";

runCli(process.argv.slice(2)).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
