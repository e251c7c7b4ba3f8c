/**
 * The account's history: one row per event of its own (newest first), a card each on a phone. The
 * event column holds the contract's event name, as the chain logs it.
 */
import { cardCells, cardTable, fill, h, setText, syncRows } from "../dom";
import type { HistoryEntry } from "../history";
import { historyKey } from "../history";
import type { Snapshot } from "../snapshot";
import { nameOf, SECONDS_PER_BLOCK } from "../snapshot";
import { formatDuration, formatUtc } from "../units";
import { setAmount } from "./amount";
import { showValidator } from "./names";

/** Rows shown at first, and added by each "Show older". */
export const HISTORY_ROWS = 25;

export interface HistoryView {
  element: HTMLElement;
  note: HTMLElement;
  body: HTMLTableSectionElement;
  more: HTMLButtonElement;
  shown: number;
}

const COLUMNS = ["Block", "Event", "Validator", "Amount (ETM)", "Details", "Transaction", "Time (UTC)"];

/** `onMore`: "Show older entries" was clicked (the page shows the next rows). */
export function createHistoryView(onMore: () => void): HistoryView {
  const body = h("tbody");
  const note = h("p", { class: "hint", "data-field": "history-window" });
  const more = h("button", { type: "button", hidden: true }, "Show older entries");
  const view: HistoryView = {
    element: h(
      "div",
      { class: "history" },
      note,
      cardTable("History", COLUMNS, body, { labelEveryCell: true }),
      more,
    ),
    note,
    body,
    more,
    shown: HISTORY_ROWS,
  };
  more.addEventListener("click", () => {
    view.shown += HISTORY_ROWS;
    onMore();
  });
  return view;
}

/** Empties the table (a new session). */
export function resetHistory(view: HistoryView): void {
  fill(view.body);
  view.note.textContent = "Reading your transactions from the chain…";
  view.shown = HISTORY_ROWS;
  view.more.hidden = true;
}

function details(e: HistoryEntry, s: Snapshot | undefined): string {
  switch (e.event) {
    case "Staked":
      return "staked";
    case "Unstaked": {
      const left = s && e.maturityBlock! > s.block ? e.maturityBlock! - s.block : 0n;
      return `unbonding; matures at block ${e.maturityBlock}${
        left > 0n ? ` (in ${left} blocks, ${formatDuration(Number(left) * SECONDS_PER_BLOCK)})` : ""
      }`;
    }
    case "Withdrawn":
      return `${e.entries} unbonding ${e.entries === 1n ? "entry" : "entries"} paid out`;
    case "RewardPaid":
      return "reward claimed";
    case "Compounded":
      return "reward restaked";
    case "DelegateChanged":
      return `votes delegated to ${e.delegate}`;
  }
}

export function updateHistory(
  view: HistoryView,
  entries: HistoryEntry[],
  fromBlock: bigint,
  readUpTo: bigint,
  s: Snapshot | undefined,
  times: ReadonlyMap<number, number> = new Map(),
): void {
  setText(
    view.note,
    entries.length === 0
      ? `No transactions of yours in blocks ${fromBlock}–${readUpTo} (the last ${readUpTo - fromBlock + 1n} blocks).`
      : `Your transactions in blocks ${fromBlock}–${readUpTo}, from the chain's logs, newest first.`,
  );
  const rows = entries.slice(0, view.shown);
  view.more.hidden = entries.length <= view.shown;
  syncRows(
    view.body,
    rows,
    historyKey,
    () => h("tr", {}, ...cardCells(COLUMNS)),
    (row, e) => {
      setText(row.cells[0], String(e.block));
      setText(row.cells[1], e.event);
      if (e.validator) showValidator(row.cells[2], e.validator, s ? nameOf(s, e.validator) : "");
      else setText(row.cells[2], "—");
      if (e.amountWei !== undefined) setAmount(row.cells[3], e.amountWei);
      else setText(row.cells[3], "—");
      setText(row.cells[4], details(e, s));
      const cell = row.cells[5];
      if (cell.textContent === "") {
        cell.title = e.txHash;
        cell.append(h("span", { class: "address" }, `${e.txHash.slice(0, 10)}…${e.txHash.slice(-6)}`));
      }
      // The block's timestamp once read (the rows shown are read on load and as entries come).
      const time = times.get(e.block);
      const timeCell = row.cells[6];
      if (time === undefined) setText(timeCell, "…");
      else if (!timeCell.querySelector("time")) {
        const iso = new Date(time * 1000).toISOString();
        fill(timeCell, h("time", { datetime: iso }, formatUtc(time)));
      }
    },
  );
}
