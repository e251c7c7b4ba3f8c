/**
 * Runtime code sizes of the compiled contracts (`artifacts/contracts`), against the budget every
 * deployed contract must stay under (docs/architecture.md): 20,000 bytes, about 20% below the
 * 24,576-byte limit of EIP-170, so that fixes and features always have room. Mocks and test
 * harnesses (`contracts/mocks/`) are not deployed and not counted; interfaces and abstract contracts
 * have no runtime code, and libraries with internal functions only are compiled into their callers. Reads files only: no Hardhat, no network. Importing has no side effects.
 */
import fs from "node:fs";
import path from "node:path";

/** Largest runtime code, in bytes, of any deployed contract or library. */
export const CODE_SIZE_BUDGET_BYTES = 20_000;
/** EIP-170's limit on runtime code, in bytes. */
export const EIP170_LIMIT_BYTES = 24_576;

export interface ContractSize {
  /** Source path and name, e.g. `contracts/staking/StakingPool.sol:StakingPool`. */
  name: string;
  /** Runtime (deployed) code, bytes. */
  runtimeBytes: number;
}

/** Every contract with runtime code under `artifactsDir/contracts`, mocks excluded, largest first. */
export function contractSizes(artifactsDir = path.join(process.cwd(), "artifacts")): ContractSize[] {
  const root = path.join(artifactsDir, "contracts");
  if (!fs.existsSync(root))
    throw new Error(`no compiled contracts in ${root}: run \`npm run compile\` first`);
  const sizes: ContractSize[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "mocks") walk(full);
      } else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json")) {
        const artifact = JSON.parse(fs.readFileSync(full, "utf8")) as {
          contractName: string;
          sourceName: string;
          deployedBytecode?: string;
          abi: unknown[];
        };
        const runtimeBytes = ((artifact.deployedBytecode ?? "0x").length - 2) / 2;
        // A library with internal functions only (empty ABI) is compiled into its callers, never deployed.
        if (runtimeBytes > 0 && artifact.abi.length > 0)
          sizes.push({ name: `${artifact.sourceName}:${artifact.contractName}`, runtimeBytes });
      }
    }
  };
  walk(root);
  return sizes.sort((a, b) => b.runtimeBytes - a.runtimeBytes || a.name.localeCompare(b.name));
}

/** One line per contract over `budgetBytes`, naming it, its size and the budget; empty when none is. */
export function sizeBudgetProblems(sizes: ContractSize[], budgetBytes = CODE_SIZE_BUDGET_BYTES): string[] {
  return sizes
    .filter((s) => s.runtimeBytes > budgetBytes)
    .map(
      (s) =>
        `${s.name} is ${s.runtimeBytes.toLocaleString("en-US")} bytes of runtime code, over the budget of ` +
        `${budgetBytes.toLocaleString("en-US")} by ${(s.runtimeBytes - budgetBytes).toLocaleString("en-US")}: ` +
        `move code into a logic library or module (docs/architecture.md)`,
    );
}

/** The size table: bytes, headroom under the budget, share of the EIP-170 limit. */
export function formatSizeReport(sizes: ContractSize[], budgetBytes = CODE_SIZE_BUDGET_BYTES): string {
  const width = Math.max(...sizes.map((s) => s.name.length));
  const lines = [
    `Runtime code per contract (budget ${budgetBytes.toLocaleString("en-US")} bytes; EIP-170 limit ${EIP170_LIMIT_BYTES.toLocaleString("en-US")})`,
    `${"contract".padEnd(width)}  ${"bytes".padStart(7)}  ${"headroom".padStart(8)}`,
  ];
  for (const s of sizes)
    lines.push(
      `${s.name.padEnd(width)}  ${s.runtimeBytes.toLocaleString("en-US").padStart(7)}  ${(budgetBytes - s.runtimeBytes).toLocaleString("en-US").padStart(8)}`,
    );
  return lines.join("\n");
}
