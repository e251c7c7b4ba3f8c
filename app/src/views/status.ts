/**
 * The status line beside an action's control: what the action is doing (checking, waiting for the
 * wallet, pending) and how it ended, where the user clicked — announced to screen readers (a polite
 * live region). The page's top message does not repeat it: it is for the network and the connection.
 */
import { h } from "../dom";

export type StatusKind = "pending" | "ok" | "error";

/** A hidden status line for the action named `action` (its accessible name: "<action> status"). */
export function createStatus(action: string): HTMLParagraphElement {
  return h("p", {
    class: "action-status",
    role: "status",
    "aria-live": "polite",
    "aria-label": `${action} status`,
    hidden: true,
  });
}

/** Shows `text` in `status` with its kind (the class styles it). */
export function showStatus(status: HTMLElement, text: string, kind: StatusKind): void {
  status.textContent = text;
  status.className = `action-status ${kind}`;
  status.hidden = false;
  // The line is under the control clicked: if that control sat at the bottom edge of the window,
  // scroll the least needed for the line to be seen too.
  status.scrollIntoView?.({ block: "nearest" });
}
