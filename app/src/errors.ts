/**
 * Any failure of a wallet request or call, in one sentence. A contract's refusal is worded by
 * lib/errors (the same sentences as the tasks'), with the hint for the action tried.
 */
import { describeRevert } from "../../lib/errors/decode";
import type { Action } from "../../lib/errors/actions";

export { describeRevert } from "../../lib/errors/decode";

export function describeError(error: unknown, action?: Action): string {
  const decoded = describeRevert(error, action);
  if (decoded) return decoded;
  const e = error as {
    code?: unknown;
    shortMessage?: string;
    message?: string;
    info?: { error?: { code?: number } };
  };
  if (e.code === "ACTION_REJECTED" || e.code === 4001 || e.info?.error?.code === 4001) {
    return "You rejected the request in your wallet.";
  }
  if (e.code === "CALL_EXCEPTION") return `The transaction reverted: ${e.shortMessage ?? "no reason given"}.`;
  return e.shortMessage ?? e.message ?? String(error);
}
