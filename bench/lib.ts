/**
 * Shared pieces of the gas benchmarks: measure a transaction's gas, print a table with the change
 * against the committed baseline, and write the new baseline. Gas is deterministic, so any change
 * in a figure is a real change in the code (or the compiler settings, which the baseline records).
 */
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { keccak256, toUtf8Bytes, Wallet, type ContractTransactionResponse } from "ethers";

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

/** The genesis time of the bench's chain (any fixed date: only its sameness from run to run matters). */
export const BENCH_GENESIS_DATE = "2026-01-01T00:00:00Z";

/** The calls that mine a block (a transaction under automine, or a mine request). */
const MINING_METHODS = new Set(["eth_sendTransaction", "eth_sendRawTransaction", "evm_mine", "hardhat_mine"]);

/**
 * Makes the in-process chain the same block for block on every run, so a figure changes only when the
 * code does: a fixed genesis time, and every block mined one second after the block before it unless
 * the caller set the next block's time itself (`time.increase`). Without it Hardhat stamps blocks with
 * the wall clock (also after an `evm_revert`), the block hashes differ from run to run, and with them
 * the election's seed, which candidates are drawn and how much gas the draw takes (elect() moved by up
 * to 55,000 gas between two runs of the same code). Call it before anything touches the chain; throws
 * on any other network.
 */
export function deterministicChain(): void {
  assertInProcessChain();
  // The provider is created on its first request, from this (resolved) network config.
  (hre.network.config as { initialDate?: string }).initialDate = BENCH_GENESIS_DATE;
  const provider = hre.network.provider;
  const send = provider.send.bind(provider);
  let callerSetNextTime = false;
  const beforeCall = async (method: string): Promise<void> => {
    if (method === "evm_setNextBlockTimestamp") {
      callerSetNextTime = true;
      return;
    }
    if (!MINING_METHODS.has(method)) return;
    if (callerSetNextTime) {
      callerSetNextTime = false;
      return;
    }
    const latest = (await send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    await send("evm_setNextBlockTimestamp", [Number(BigInt(latest.timestamp) + 1n)]);
  };
  // ethers calls send, the network helpers call request (neither calls the other on this provider).
  provider.send = async (method: string, params?: unknown[]) => {
    await beforeCall(method);
    return send(method, params);
  };
  const request = provider.request.bind(provider);
  provider.request = async (args: { method: string; params?: unknown[] | object }) => {
    await beforeCall(args.method);
    return request(args);
  };
}

/** An account (the caller funds it) whose key is derived from `label`: the same address on every run. */
export function benchWallet(label: string): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(`etm-bench:${label}`)), hre.ethers.provider);
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
