/**
 * The wallet's EIP-2612 permit signatures, watched: lib/actions' stake planner asks the wallet for a
 * permit through `ctx.permitSigner` when the pool's allowance is short and falls back to approve +
 * stake by itself when the wallet cannot sign typed data. This wrapper only records what happened
 * (signed, declined by the user, or not possible) so the page can say which path a stake takes, and
 * stops asking a wallet that could not sign for the rest of the session.
 */
import type { TypedDataSigner } from "../../lib/actions/step";

/** What the last permit request came to. */
export type PermitOutcome = "signed" | "declined" | "unsupported";

export class PermitTracker {
  /** The wallet could not sign typed data in this session: stakes go through approve + stake. */
  unsupported = false;
  /** The outcome of the last request, reset by `reset` before each action. */
  last?: PermitOutcome;
  /** Why the wallet could not sign, as it said. */
  reason?: string;

  reset(): void {
    this.last = undefined;
  }

  /** `inner` for the planner, or none once the wallet has shown it cannot sign typed data. */
  signer(inner: TypedDataSigner): TypedDataSigner | undefined {
    if (this.unsupported) return undefined;
    return {
      signTypedData: async (domain, types, value) => {
        try {
          const signature = await inner.signTypedData(domain, types, value);
          this.last = "signed";
          return signature;
        } catch (error) {
          // The planner's rule (lib/actions/staking.ts permitOrNone): ACTION_REJECTED stops the
          // stake; anything else falls back to approve + stake.
          if ((error as { code?: unknown }).code === "ACTION_REJECTED") {
            this.last = "declined";
          } else {
            this.last = "unsupported";
            this.unsupported = true;
            const e = error as { shortMessage?: string; message?: string };
            this.reason = e.shortMessage ?? e.message ?? String(error);
          }
          throw error;
        }
      },
    };
  }
}
