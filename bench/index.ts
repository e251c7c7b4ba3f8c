/** `npm run bench` (first part): contract sizes against the 20,000-byte budget; token, pool, governance and double-sign evidence gas, each compared with and rewriting its committed baseline; bench/election.ts runs next. */
import { benchToken } from "./token";
import { benchPool } from "./pool";
import { benchGovernance } from "./governance";
import { benchEvidence } from "./evidence";
import { deterministicChain } from "./lib";
import { contractSizes, formatSizeReport, sizeBudgetProblems } from "../scripts/lib/contractSizes";

async function main() {
  deterministicChain();
  const sizes = contractSizes();
  console.log(formatSizeReport(sizes));
  for (const problem of sizeBudgetProblems(sizes)) console.log(`OVER BUDGET: ${problem}`);
  await benchToken();
  await benchPool();
  await benchGovernance();
  await benchEvidence();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
