/**
 * Redelegating, beside the positions: the Redelegate form (a position, a destination, an amount with
 * Max) and the account's maturing redelegations — what moved where, what is still slashable for the
 * source's past (and cannot leave the destination before it matures), what is owed, and when.
 */
import { cardCells, cardTable, h, setText, syncRows } from "../dom";
import { maturityText } from "../redelegation";
import type { RedelegationView } from "../redelegation";
import type { Snapshot } from "../snapshot";
import { nameOf } from "../snapshot";
import { setAmount } from "./amount";
import { showValidator } from "./names";

export interface RedelegationsView {
  element: HTMLElement;
  /** The heading, hint and form: shown while the account has a position to move. */
  composer: HTMLElement;
  /** The maturing redelegations' table, shown while there are any. */
  maturing: HTMLElement;
  body: HTMLTableSectionElement;
}

/** The maturing redelegations' columns (on a phone, each value's name in its card). */
const COLUMNS = [
  "From",
  "To",
  "Amount (ETM)",
  "Still slashable (ETM)",
  "Owed (ETM)",
  "Matures at block",
  "When",
];

/** `form`: the Redelegate form (views/forms.ts), its Max button already beside the amount. */
export function createRedelegationsView(form: HTMLFormElement): RedelegationsView {
  const body = h("tbody");
  const maturing = h(
    "div",
    { hidden: true },
    h("h3", {}, "Maturing redelegations"),
    h(
      "p",
      { class: "hint" },
      "Stake you moved stays slashable for its source's past until it matures: until then that much cannot leave the destination (unstaked or moved on).",
    ),
    cardTable("Maturing redelegations", COLUMNS, body, { labelEveryCell: true }),
  );
  const composer = h(
    "div",
    { hidden: true },
    h("h3", {}, "Redelegate"),
    h(
      "p",
      { class: "hint" },
      "Moves stake from one of your positions to another validator at once, without unbonding: it earns there from the next block.",
    ),
    form,
  );
  const element = h("div", { class: "redelegations" }, composer, maturing);
  return { element, composer, maturing, body };
}

/** Shows `list` (the account's maturing redelegations, soonest first) as seen at the snapshot's block. */
export function updateRedelegations(view: RedelegationsView, s: Snapshot, list: RedelegationView[]): void {
  view.maturing.hidden = list.length === 0;
  syncRows(
    view.body,
    list,
    (r) => `${r.source}-${r.destination}-${r.maturityBlock}-${r.amountWei}`,
    () => h("tr", {}, ...cardCells(COLUMNS)),
    (row, r) => {
      showValidator(row.cells[0], r.source, nameOf(s, r.source));
      showValidator(row.cells[1], r.destination, nameOf(s, r.destination));
      setAmount(row.cells[2], r.amountWei);
      setAmount(row.cells[3], r.slashableWei);
      const owed = row.cells[4];
      if (r.owedWei !== 0n) setAmount(owed, r.owedWei);
      else if (owed.textContent !== "none") {
        // Nothing owed: plain text, no longer an amount (its exact value and focus go).
        delete owed.dataset.exact;
        owed.removeAttribute("title");
        owed.removeAttribute("tabindex");
        owed.classList.remove("amount");
        owed.textContent = "none";
      }
      setText(row.cells[5], r.maturityBlock.toString());
      setText(row.cells[6], maturityText(r.maturityBlock, s.block));
    },
  );
}
