/**
 * A validator's page (issue 17), opened from the validators table's Details: what the chain has for
 * it at the block shown — status badges, stake and its share, commission and a scheduled change, a
 * delegator's estimated APY after commission, its uptime (heartbeats over recent rounds) — and its
 * history from the chain's logs (validatorHistory.ts): its slashes in a table of their own, then
 * every event of its life, newest first. Names and profiles are anyone's: set as text only.
 */
import { jailWords } from "../../../lib/validatorStatus";
import { cardCells, cardTable, facts, fill, h, setText, syncRows } from "../dom";
import type { Candidate, Snapshot } from "../snapshot";
import { formatEtm, formatPercent, shortAddress } from "../units";
import { logKey } from "../logWindow";
import type { ValidatorEntry, ValidatorHistory } from "../validatorHistory";
import { uptimeOf } from "../validatorHistory";
import { amount, setAmount } from "./amount";
import { describeApy, describeCommission, statusBadges } from "./candidates";
import { shareOfVotingPower } from "./validatorTable";

const SLASH_COLUMNS = [
  "Block",
  "Fraction",
  "Infraction block",
  "Bonded burned (ETM)",
  "Unbonding burned (ETM)",
  "Reason",
  "Jailed until block",
];
const HISTORY_COLUMNS = ["Block", "Event", "Details"];
/** History rows shown (the newest); heartbeats are many: the uptime sums them up. */
const HISTORY_ROWS = 50;

export interface ValidatorPageView {
  element: HTMLElement;
  heading: HTMLElement;
  summary: HTMLElement;
  slashesNote: HTMLElement;
  slashes: HTMLTableSectionElement;
  note: HTMLElement;
  history: HTMLTableSectionElement;
}

export function createValidatorPageView(onClose: () => void): ValidatorPageView {
  const heading = h("h2", { id: "validator-page-heading", tabindex: "-1" }, "Validator");
  const close = h("button", { type: "button" }, "Close the validator's page");
  close.addEventListener("click", onClose);
  const summary = h("div");
  const slashesNote = h("p", { class: "hint" });
  const slashes = h("tbody");
  const note = h("p", { class: "hint", "data-field": "validator-history-window" });
  const history = h("tbody");
  const element = h(
    "div",
    { class: "validator-page" },
    h("div", { class: "validator-page-head" }, heading, close),
    summary,
    h("h3", {}, "Slashes"),
    slashesNote,
    cardTable("Slashes", SLASH_COLUMNS, slashes, { labelEveryCell: true }),
    h("h3", {}, "History"),
    note,
    cardTable("Validator history", HISTORY_COLUMNS, history, { labelEveryCell: true }),
  );
  return { element, heading, summary, slashesNote, slashes, note, history };
}

/**
 * Shows `validator` as `s` has it (`c`: its row at the block shown, or undefined when the page of
 * candidates read does not hold it) and its history read so far.
 */
export function updateValidatorPage(
  view: ValidatorPageView,
  s: Snapshot,
  validator: string,
  c: Candidate | undefined,
  history: ValidatorHistory,
): void {
  const name = c?.name ?? "";
  setText(view.heading, `Validator ${name ? `${name} ` : ""}${shortAddress(validator)}`);
  const entries = history.entries;
  const read = history.readUpTo >= 0n;
  const uptime = read
    ? uptimeOf(entries, {
        currentRound: s.round,
        roundStartBlock: s.roundStartBlock,
        roundLength: s.roundLength,
        fromBlock: history.fromBlock,
      })
    : undefined;
  const uptimeText = !read
    ? "reading…"
    : uptime
      ? `heartbeats in ${uptime.withHeartbeat} of the last ${uptime.rounds} rounds (rounds ${uptime.firstRound}–${uptime.lastRound})`
      : "no completed round in the blocks read yet";
  const pairs: [string, string, string | Node][] = [["validator-address", "Address", validator]];
  if (c) {
    pairs.push(
      [
        "validator-status",
        "Status",
        statusBadges(c, s.block)
          .map((b) => b.text)
          .join(", "),
      ],
      ["validator-signer", "Signer", c.signer],
      [
        "validator-stake",
        "Stake",
        h(
          "span",
          {},
          amount(c.bondedWei),
          ` ETM (${(shareOfVotingPower(c, s.stakedWei) * 100).toFixed(2)}% of all staked)`,
        ),
      ],
      ["validator-commission", "Commission", describeCommission(c)],
      ["validator-apy", "Est. APY after commission", describeApy(s, c)],
      [
        "validator-heartbeat",
        "Last heartbeat",
        c.lastHeartbeatRound === undefined ? "never" : `round ${c.lastHeartbeatRound}`,
      ],
    );
  } else {
    pairs.push([
      "validator-status",
      "Status",
      "not on the page of candidates read: open it from its page of candidates for its figures",
    ]);
  }
  pairs.push(["validator-uptime", "Uptime", uptimeText]);
  fill(view.summary, facts(pairs));

  const slashes = entries.filter((e) => e.event === "Slashed");
  setText(
    view.slashesNote,
    !read
      ? "Reading…"
      : slashes.length === 0
        ? "No slash in the blocks read."
        : `${slashes.length} in the blocks read.`,
  );
  syncRows(
    view.slashes,
    slashes,
    logKey,
    () => h("tr", {}, ...cardCells(SLASH_COLUMNS)),
    (row, e) => {
      const slash = e.slash!;
      setText(row.cells[0], String(e.block));
      setText(row.cells[1], formatPercent(slash.fractionWad));
      setText(row.cells[2], String(slash.infractionBlock));
      setAmount(row.cells[3], slash.bondedBurnedWei);
      setAmount(row.cells[4], slash.unbondingBurnedWei);
      setText(row.cells[5], slash.reason);
      setText(row.cells[6], String(e.untilBlock));
    },
  );
  setText(
    view.note,
    read
      ? `From the chain's logs, blocks ${history.fromBlock}–${history.readUpTo}; the newest ${HISTORY_ROWS} events.`
      : "Reading the chain's logs…",
  );
  syncRows(
    view.history,
    entries.slice(0, HISTORY_ROWS),
    logKey,
    () => h("tr", {}, ...cardCells(HISTORY_COLUMNS)),
    (row, e) => {
      setText(row.cells[0], String(e.block));
      setText(row.cells[1], e.event);
      setText(row.cells[2], details(e));
    },
  );
}

/** An event's figures in words. */
export function details(e: ValidatorEntry): string {
  switch (e.event) {
    case "Heartbeat":
      return `round ${e.round}`;
    case "ValidatorRegistered":
      return `self-stake ${formatEtm(e.selfStakeWei!, 18)} ETM, commission ${formatPercent(e.commissionWad!)}`;
    case "CommissionChangeScheduled":
      return `${formatPercent(e.commissionWad!)} from block ${e.effectiveBlock}`;
    case "CommissionChanged":
      return `${formatPercent(e.oldCommissionWad!)} → ${formatPercent(e.commissionWad!)}`;
    case "Slashed":
      return `${formatPercent(e.slash!.fractionWad)} for block ${e.slash!.infractionBlock} (${e.slash!.reason}); jailed ${jailWords(e.untilBlock!)}`;
    case "Jailed":
      return `jailed ${jailWords(e.untilBlock!)}`;
    case "SelfStakeShortfall":
      return `self-stake ${formatEtm(e.selfStakeWei!, 18)} ETM, under the minimum`;
    case "ValidatorDisplaced":
      return `left the full list for ${e.newcomer} (${formatEtm(e.bondedWei!, 18)} ETM bonded)`;
    case "ProfileSet":
      return `name "${e.name}"`;
    default:
      return "";
  }
}
