/**
 * Sending from a task: each transaction dry-run first (a refusal surfaces with the contract's
 * custom error, even on a node that mines later), then sent, waited for, and reported with its
 * block, hash, gas and — for planned steps — what it did (the exact amount paid, …).
 */
import type { ContractTransactionReceipt } from "ethers";
import type { Step } from "../../lib/actions/step";

/** Runs lib/'s planned steps in order, printing one line per confirmed transaction. */
export async function runSteps(steps: Step[]): Promise<ContractTransactionReceipt[]> {
  const receipts: ContractTransactionReceipt[] = [];
  for (const step of steps) {
    await step.check();
    const tx = await step.send();
    const receipt = await waitForReceipt(step, tx);
    if (!receipt) throw new Error(`${step.label}: the node returned no receipt for ${tx.hash}`);
    const outcome = step.outcome?.(receipt);
    console.log(
      `${step.label}: confirmed in block ${receipt.blockNumber} (tx ${tx.hash}, gas ${receipt.gasUsed})${outcome ? `; ${outcome}` : ""}`,
    );
    receipts.push(receipt);
  }
  return receipts;
}

/**
 * Waits for `tx` of `step`. A transaction that reverted in its block after its dry run passed (the
 * chain changed in between) is said with what the dry run says now (lib/actions/minedRevert).
 */
async function waitForReceipt<R>(
  step: Pick<Step, "label" | "check"> & Partial<Pick<Step, "action">>,
  tx: { hash: string; wait(): Promise<R> },
): Promise<R> {
  try {
    return await tx.wait();
  } catch (error) {
    // Loaded on failure only: the sentences read the compiled ABIs, which a fresh clone has not yet.
    const { explainMinedRevert, isMinedRevert } = await import("../../lib/actions/minedRevert");
    if (!isMinedRevert(error)) throw error;
    throw new Error(`${step.label} (tx ${tx.hash}): ${await explainMinedRevert(step, error)}`);
  }
}

/** A contract method as typechain/ethers gives it: callable, with a `staticCall` dry run. */
interface SendableMethod {
  // The arguments are checked by the typed method at each call site's declaration; here only passed on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (...args: any[]): Promise<{ hash: string; wait(): Promise<unknown> }>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  staticCall(...args: any[]): Promise<unknown>;
}

/** Dry-runs, sends and waits for one call that no planner covers; prints its block, hash and gas. */
export async function confirm(label: string, method: SendableMethod, ...args: unknown[]): Promise<void> {
  const check = () => method.staticCall(...args);
  await check();
  const tx = await method(...args);
  const receipt = (await waitForReceipt({ label, check }, tx)) as {
    gasUsed: bigint;
    blockNumber: number;
  } | null;
  console.log(
    `${label}: confirmed in block ${receipt?.blockNumber} (tx ${tx.hash}, gas ${receipt?.gasUsed})`,
  );
}
