/**
 * Sending transactions: one at a time (a double click sends nothing twice), each checked before it
 * is sent (a dry run surfaces the contract's refusal without spending gas), and each shown in the
 * activity log as waiting, pending, confirmed or failed.
 */
import type { ContractTransactionResponse } from "ethers";
import { h } from "./dom";
import { describeError } from "./errors";
import { InputError } from "./units";

export interface Step {
  /** What the log says, e.g. "Approve 10 ETM for the pool". */
  label: string;
  /** A dry run of the call (`method.staticCall(...)`); its refusal stops the action before sending. */
  check: () => Promise<unknown>;
  send: () => Promise<ContractTransactionResponse>;
}

export type Notify = (text: string, kind: "ok" | "error") => void;

export class Transactions {
  private busy = false;

  constructor(
    private readonly log: HTMLOListElement,
    private readonly notify: Notify,
    private readonly onBusyChange: (busy: boolean) => void,
    private readonly onConfirmed: () => void,
  ) {}

  get isBusy(): boolean {
    return this.busy;
  }

  /**
   * Runs an action: `prepare` validates the input and returns its steps (usually one; approve then
   * stake for a stake). Returns whether every step was confirmed. Ignored while another runs.
   */
  async run(title: string, prepare: () => Promise<Step[]>): Promise<boolean> {
    if (this.busy) return false;
    this.setBusy(true);
    try {
      let steps: Step[];
      try {
        steps = await prepare();
      } catch (error) {
        this.notify(
          `${title} not sent: ${error instanceof InputError ? error.message : describeError(error)}`,
          "error",
        );
        return false;
      }
      let lastBlock = 0;
      for (const step of steps) {
        try {
          await step.check();
        } catch (error) {
          this.notify(`${step.label} not sent: ${describeError(error)}`, "error");
          return false;
        }
        const entry = h("li", {}, `${step.label}: waiting for your wallet…`);
        this.log.prepend(entry);
        let hash = "";
        try {
          const tx = await step.send();
          hash = tx.hash;
          entry.textContent = `${step.label}: pending (tx ${hash})`;
          const receipt = await tx.wait();
          lastBlock = receipt?.blockNumber ?? 0;
          entry.textContent = `${step.label}: confirmed in block ${lastBlock} (tx ${hash})`;
          entry.className = "confirmed";
          this.onConfirmed();
        } catch (error) {
          const reason = describeError(error);
          entry.textContent = `${step.label}: failed${hash ? ` (tx ${hash})` : ""}: ${reason}`;
          entry.className = "failed";
          this.notify(`${step.label} failed: ${reason}`, "error");
          return false;
        }
      }
      this.notify(`${title}: confirmed in block ${lastBlock}.`, "ok");
      return true;
    } finally {
      this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.onBusyChange(busy);
  }
}
