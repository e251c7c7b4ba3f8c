/**
 * `npm run sizes`: prints the runtime code size of every deployed contract and fails (exit 1) with
 * one line per contract over the 20,000-byte budget. Run after `npm run compile`; `.ci/run` does.
 */
import { contractSizes, formatSizeReport, sizeBudgetProblems } from "./lib/contractSizes";

try {
  const sizes = contractSizes();
  console.log(formatSizeReport(sizes));
  const problems = sizeBudgetProblems(sizes);
  if (problems.length > 0) {
    console.error(`\nContract size budget exceeded:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`npm run sizes: ${(error as Error).message}`);
  process.exitCode = 1;
}
