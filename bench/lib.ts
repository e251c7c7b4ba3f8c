/**
 * Shared pieces of the gas benchmarks: measure a transaction's gas, print a table with the change
 * against the committed baseline, and write the new baseline. Gas is deterministic, so any change
 * in a figure is a real change in the code (or the compiler settings, which the baseline records).
 */
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import type { ContractTransactionResponse } from "ethers";

export interface Measurement {
  operation: string;
  /** What state the operation starts from: it decides the storage costs. */
  conditions: string;
  gasUsed: number;
}

/** `gasUsed` of a mined transaction's receipt (the 21,000 intrinsic gas and calldata included). */
export async function gasOf(
  sent: Promise<ContractTransactionResponse | null> | ContractTransactionResponse | null,
): Promise<number> {
  const tx = await sent;
  if (!tx) throw new Error("No transaction to measure");
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new Error(`Transaction ${tx.hash} failed`);
  return Number(receipt.gasUsed);
}

export function assertInProcessChain(): void {
  if (hre.network.name !== "hardhat") {
    throw new Error(`Run the bench on the in-process chain (--network hardhat), not "${hre.network.name}"`);
  }
}

/** Prints `measurements` against `bench/<name>-baseline.json` and rewrites that file. */
export function reportAndWriteBaseline(name: string, description: string, measurements: Measurement[]): void {
  const file = path.join(__dirname, `${name}-baseline.json`);
  const previous: Record<string, number> = fs.existsSync(file)
    ? Object.fromEntries(
        (JSON.parse(fs.readFileSync(file, "utf8")) as { measurements: Measurement[] }).measurements.map(
          (m) => [m.operation, m.gasUsed],
        ),
      )
    : {};
  const nameWidth = Math.max(...measurements.map((m) => m.operation.length));
  console.log(`\n${description}`);
  console.log(
    `${"operation".padEnd(nameWidth)}  ${"gas used".padStart(10)}  ${"vs baseline".padStart(11)}  conditions`,
  );
  for (const m of measurements) {
    const before = previous[m.operation];
    const delta =
      before === undefined
        ? "new"
        : m.gasUsed === before
          ? "="
          : `${m.gasUsed > before ? "+" : ""}${m.gasUsed - before}`;
    console.log(
      `${m.operation.padEnd(nameWidth)}  ${m.gasUsed.toLocaleString("en-US").padStart(10)}  ${delta.padStart(11)}  ${m.conditions}`,
    );
  }
  const solidity = hre.config.solidity.compilers[0];
  const baseline = {
    description: `${description} Receipt gasUsed, intrinsic gas included. Written by bench/${name}.ts.`,
    hardfork: hre.config.networks.hardhat.hardfork,
    solc: solidity?.version,
    optimizer: solidity?.settings?.optimizer,
    evmVersion: solidity?.settings?.evmVersion,
    measurements,
  };
  fs.writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
}
