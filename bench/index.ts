/** `npm run bench`: every gas benchmark, each compared with and rewriting its committed baseline. */
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
