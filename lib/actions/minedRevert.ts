/**
 * A transaction that passed its dry run and then reverted in its block: the chain changed between the
 * two (another block's rewards compounded, a validator was jailed, a proposal's vote closed). A receipt
 * carries no reason, so the step's dry run is run again: what the contract says about it now. Used by
 * the tasks (tasks/lib/send.ts) and the dApp (app/src/tx.ts).
 */
import { decodeRevert } from "../errors/decode";
import type { Step } from "./step";

/** ethers' CALL_EXCEPTION for a transaction mined with status 0 (its receipt attached). */
export interface MinedRevert {
  code: "CALL_EXCEPTION";
  receipt: { status: number | null; blockNumber: number };
}

export function isMinedRevert(error: unknown): error is MinedRevert {
  const e = error as Partial<MinedRevert> | null;
  return e?.code === "CALL_EXCEPTION" && e.receipt?.status === 0;
}

/**
 * "mined in block N but reverted: the chain changed between the dry run and that block; " and what
 * the step's dry run (`check`) says now: the contract's refusal in words, or that it passes (try again).
 */
export async function explainMinedRevert(
  step: Pick<Step, "check"> & Partial<Pick<Step, "action">>,
  error: MinedRevert,
): Promise<string> {
  const head = `mined in block ${error.receipt.blockNumber} but reverted: the chain changed between the dry run and that block`;
  try {
    await step.check();
  } catch (checkError) {
    const decoded = decodeRevert(checkError, step.action);
    const why = decoded
      ? `${decoded.sentence} (${decoded.name})`
      : ((checkError as { shortMessage?: string }).shortMessage ?? (checkError as Error).message);
    return `${head}; sent now, the contract would refuse it: ${why}.`;
  }
  return `${head}; its dry run passes now: try again.`;
}
