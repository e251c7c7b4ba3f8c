/**
 * The candidates table: name and address, stake, commission and a scheduled change, status and
 * jail, last heartbeat.
 */
import { jailWords, validatorStatusWord } from "../../../lib/validatorStatus";
import { h, setText, syncRows } from "../dom";
import type { Candidate, Snapshot } from "../snapshot";
import { apyAfterCommission } from "../snapshot";
import { formatEtm, formatPercent } from "../units";
import { showValidator } from "./names";

export function createCandidatesTable(): { element: HTMLElement; body: HTMLTableSectionElement } {
  const body = h("tbody");
  const table = h(
    "table",
    { "aria-label": "Candidates" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...[
          "Validator",
          "Stake (ETM)",
          "Commission",
          "Est. APY after commission",
          "Status",
          "Last heartbeat",
          "Active",
        ].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    body,
  );
  return { element: h("div", { class: "table-wrap" }, table), body };
}

export function describeStatus(c: Candidate, block: bigint): string {
  if (c.status === 1 && c.jailedUntilBlock > block) return `jailed ${jailWords(c.jailedUntilBlock)}`;
  return validatorStatusWord(c.status);
}

export function describeCommission(c: Candidate): string {
  const scheduled =
    c.commissionEffectiveBlock !== 0n
      ? ` → ${formatPercent(c.pendingCommissionWad)} from block ${c.commissionEffectiveBlock}`
      : "";
  return `${formatPercent(c.commissionWad)}${scheduled}`;
}

/** A delegator's estimated APY at `c`, after its commission (and after a scheduled change, too). */
export function describeApy(s: Snapshot, c: Candidate): string {
  const now = apyAfterCommission(s, c.commissionWad);
  if (now === undefined) return "∞ (nothing staked)";
  const percent = (x: number) => `${(x * 100).toFixed(2)}%`;
  if (c.commissionEffectiveBlock === 0n) return percent(now);
  return `${percent(now)} → ${percent(apyAfterCommission(s, c.pendingCommissionWad)!)}`;
}

export function updateCandidates(body: HTMLTableSectionElement, s: Snapshot): void {
  syncRows(
    body,
    s.candidates,
    (c) => c.operator,
    (c) => h("tr", {}, ...Array.from({ length: 7 }, () => h("td"))),
    (row, c) => {
      const cells = row.cells;
      showValidator(cells[0], c.operator, c.name);
      setText(cells[1], formatEtm(c.bondedWei, 2));
      setText(cells[2], describeCommission(c));
      setText(cells[3], describeApy(s, c));
      setText(cells[4], describeStatus(c, s.block));
      setText(cells[5], c.lastHeartbeatRound === undefined ? "never" : `round ${c.lastHeartbeatRound}`);
      setText(cells[6], c.active ? "yes" : "");
    },
  );
}
