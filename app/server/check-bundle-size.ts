/**
 * `npm run app:size`: prints the dApp's scripts and stylesheets in app/dist (raw and gzipped) and
 * fails (exit 1) with a line per budget exceeded (bundleSize.ts has the budgets and why). Run after
 * `npm run app:build`; `.ci/run` does.
 */
import path from "node:path";
import { assetSizes, bundleBudgetProblems, formatBundleReport } from "./bundleSize";

try {
  const sizes = assetSizes(path.join(__dirname, "..", "dist"));
  console.log(formatBundleReport(sizes));
  const problems = bundleBudgetProblems(sizes);
  if (problems.length > 0) {
    console.error(`\ndApp bundle budget exceeded:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`npm run app:size: ${(error as Error).message}`);
  process.exitCode = 1;
}
