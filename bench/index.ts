/** `npm run bench` (first part): token, pool and governance gas, each compared with and rewriting its committed baseline; bench/election.ts runs next. */
import { benchToken } from "./token";
import { benchPool } from "./pool";
import { benchGovernance } from "./governance";

async function main() {
  await benchToken();
  await benchPool();
  await benchGovernance();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
