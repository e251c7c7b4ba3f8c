/**
 * Sending transactions: one at a time (a double click sends nothing twice), each checked before it
 * is sent (a dry run surfaces the contract's refusal without spending gas), and each shown in the
 * activity log as waiting, pending, confirmed or failed.
 */
import { h } from "./dom";
import { describeError } from "./errors";
import { InputError } from "./units";
import { showStatus } from "./views/status";
import type { StatusKind } from "./views/status";

export type { Step } from "../../lib/actions/step";
import type { Step } from "../../lib/actions/step";
import { explainMinedRevert, isMinedRevert } from "../../lib/actions/minedRevert";

/** Extra gas over the node's estimate, in percent (a wallet sends the gas limit the page gives it). */
export const GAS_MARGIN_PERCENT = 25n;

/** `estimate` plus GAS_MARGIN_PERCENT, rounded up. */
export function withGasMargin(estimate: bigint): bigint {
  return (estimate * (100n + GAS_MARGIN_PERCENT) + 99n) / 100n;
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
   * `status`, the line beside the control the user clicked, follows the action as it goes (checking,
   * waiting for the wallet, pending) and shows how it ended; the page's top message is kept for the
   * network and the connection (it says an outcome only for an action without a status line).
   */
  async run(title: string, prepare: () => Promise<Step[]>, status?: HTMLElement): Promise<boolean> {
    if (this.busy) return false;
    this.setBusy(true);
    // Said beside the control clicked; the page's top message only when there is no such line.
    const report = (text: string, kind: StatusKind) => {
      if (status) showStatus(status, text, kind);
      else if (kind !== "pending") this.notify(text, kind);
    };
    try {
      let steps: Step[];
      report(`${title}: preparing…`, "pending");
      try {
        steps = await prepare();
      } catch (error) {
        report(
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
          report(`${step.label} not sent: ${describeError(error, step.action)}`, "error");
          return false;
        }
        const entry = h("li", {}, `${step.label}: waiting for your wallet…`);
        this.log.prepend(entry);
        report(`${step.label}: waiting for your wallet…`, "pending");
        let hash = "";
        try {
          const tx = await step.send();
          hash = tx.hash;
          entry.textContent = `${step.label}: pending (tx ${hash})`;
          report(`${step.label}: pending (tx ${hash})`, "pending");
          const receipt = await tx.wait();
          lastBlock = receipt?.blockNumber ?? 0;
          const outcome = receipt ? step.outcome?.(receipt) : undefined;
          entry.textContent = `${step.label}: confirmed in block ${lastBlock} (tx ${hash})${outcome ? `; ${outcome}` : ""}`;
          entry.className = "confirmed";
          this.onConfirmed();
        } catch (error) {
          // A revert in its block after the dry run passed: what the dry run says now.
          const reason = isMinedRevert(error)
            ? await explainMinedRevert(step, error)
            : describeError(error, step.action);
          entry.textContent = `${step.label}: failed${hash ? ` (tx ${hash})` : ""}: ${reason}`;
          entry.className = "failed";
          report(`${step.label} failed: ${reason}`, "error");
          return false;
        }
      }
      report(`${title}: confirmed in block ${lastBlock}.`, "ok");
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
