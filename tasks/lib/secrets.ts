/** Where etm:commit keeps, and etm:reveal finds, an operator's beacon secret for a round. */
import path from "node:path";

/** The `--secrets-dir` flag, or ./secrets. */
export function secretsDir(flag: string | undefined): string {
  return flag ?? path.join(process.cwd(), "secrets");
}

/** The file of the operator's secret for `round` (a file only its owner can read). */
export function secretFile(dir: string, operator: string, round: bigint): string {
  return path.join(dir, `${operator.toLowerCase()}-round-${round}.secret`);
}
