/** The validator panel's summary: the account's own validator, when it is one. */
import { facts, fill, h } from "../dom";
import type { Snapshot } from "../snapshot";
import { formatEtm } from "../units";
import { amount } from "./amount";
import { describeCommission, describeStatus } from "./candidates";

export function updateValidatorSummary(container: HTMLElement, s: Snapshot): void {
  const own = s.account?.ownValidator;
  if (!own) {
    fill(
      container,
      h(
        "p",
        { class: "hint" },
        `This account is not a validator. Registering bonds a self-stake of at least ${formatEtm(s.minSelfStakeWei, 18)} ETM.`,
      ),
    );
    return;
  }
  fill(
    container,
    facts([
      ["own-status", "Your validator", describeStatus(own, s.block)],
      ["own-name", "Profile name", own.name || "none: set one with etm:profile"],
      ["own-signer", "Signer", own.signer],
      ["own-commission", "Commission", describeCommission(own)],
      ["own-stake", "Bonded stake", h("span", {}, amount(own.bondedWei), " ETM")],
      [
        "own-heartbeat",
        "Last heartbeat",
        own.lastHeartbeatRound === undefined ? "never" : `round ${own.lastHeartbeatRound} (now ${s.round})`,
      ],
      ["own-active", "In the active set", own.active ? "yes" : "no"],
    ]),
  );
}
