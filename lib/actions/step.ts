/**
 * A planned transaction: what an action sends once its checks passed. The tasks (tasks/lib/send.ts)
 * and the dApp (app/src/tx.ts) run the same steps: dry run, send, wait, report.
 */
import type {
  ContractTransactionReceipt,
  ContractTransactionResponse,
  TypedDataDomain,
  TypedDataField,
} from "ethers";
import type { Action } from "../errors";
import type { System } from "../system";

export interface Step {
  /** What the log says, e.g. "Approve 10 ETM for the staking pool". */
  label: string;
  /** Picks the hint when the contract refuses. */
  action: Action;
  /** A dry run of the call (`method.staticCall(...)`); its refusal stops the action before sending. */
  check: () => Promise<unknown>;
  send: () => Promise<ContractTransactionResponse>;
  /** What the confirmed transaction did, read from its receipt (e.g. the exact amount paid). */
  outcome?: (receipt: ContractTransactionReceipt) => string | undefined;
}

/** Signs EIP-712 typed data as the sender (an ethers Signer has this method). */
export interface TypedDataSigner {
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/** Who acts, on which system. */
export interface ActionContext {
  system: System;
  /** The sender's address. */
  account: string;
  /**
   * Given when the sender can sign typed data and wants permits: a stake whose allowance is short is
   * then one `stakeWithPermit` transaction instead of approve + stake.
   */
  permitSigner?: TypedDataSigner;
}
