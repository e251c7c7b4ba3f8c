/** `npm run bench` (first part): token and pool gas, each compared with and rewriting its committed baseline; bench/election.ts runs next. */
import { benchToken } from "./token";
import { benchPool } from "./pool";

async function main() {
  await benchToken();
  await benchPool();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
