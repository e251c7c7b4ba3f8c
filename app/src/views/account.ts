/** The connected account: balance, votes, positions with their rewards, unbonding entries. */
import { fill, facts, h, setText, syncRows } from "../dom";
import type { AccountSnapshot, Position, Snapshot, UnbondingEntry } from "../snapshot";
import { nameOf, SECONDS_PER_BLOCK } from "../snapshot";
import { formatDuration } from "../units";
import { showValidator } from "./names";
import { amount, setAmount } from "./amount";
import { createStatus } from "./status";

export interface AccountView {
  summary: HTMLElement;
  positions: HTMLTableSectionElement;
  unbonding: HTMLTableSectionElement;
  /** Holds the claim-all and compound-all buttons; hidden without positions. */
  allActions: HTMLElement;
  /** Beside the positions' buttons (claim, compound, and all of them): progress and outcome. */
  positionsStatus: HTMLParagraphElement;
  /** Under the withdraw button. */
  withdrawStatus: HTMLParagraphElement;
  element: HTMLElement;
}

export interface PositionHandlers {
  claim(validator: string): void;
  compound(validator: string): void;
}

function table(label: string, headings: string[], body: HTMLTableSectionElement): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { "aria-label": label },
      h("thead", {}, h("tr", {}, ...headings.map((t) => h("th", { scope: "col" }, t)))),
      body,
    ),
  );
}

/**
 * `allButtons`: "Claim all" and "Compound all" (one transaction for every position), shown above the
 * positions while the account has one.
 */
export function createAccountView(
  withdrawButton: HTMLButtonElement,
  allButtons: HTMLButtonElement[],
): AccountView {
  const summary = h("div");
  const positions = h("tbody");
  const unbonding = h("tbody");
  const all = h("div", { class: "position-actions", hidden: true }, ...allButtons);
  const positionsStatus = createStatus("Positions");
  const withdrawStatus = createStatus("Withdraw");
  const element = h(
    "div",
    {},
    summary,
    h("h3", {}, "Positions"),
    all,
    table("Positions", ["Validator", "Staked (ETM)", "Pending reward (ETM)", ""], positions),
    positionsStatus,
    h("h3", {}, "Unbonding"),
    table("Unbonding entries", ["Validator", "Amount (ETM)", "Matures at block", "When"], unbonding),
    withdrawButton,
    withdrawStatus,
  );
  return { summary, positions, unbonding, allActions: all, positionsStatus, withdrawStatus, element };
}

export function updateAccount(
  view: AccountView,
  s: Snapshot,
  a: AccountSnapshot,
  handlers: PositionHandlers,
): void {
  const delegated =
    a.delegatee === "0x0000000000000000000000000000000000000000"
      ? "not delegated: delegate to vote"
      : a.delegatee.toLowerCase() === a.address.toLowerCase()
        ? "delegated to yourself"
        : `delegated to ${a.delegatee}`;
  fill(
    view.summary,
    facts([
      ["address", "Account", a.address],
      ["balance", "Balance", h("span", {}, amount(a.balanceWei), " ETM")],
      ["votes", "Votes", h("span", {}, amount(a.votesWei), ` (${delegated})`)],
      ...(a.ownValidator
        ? ([
            [
              "commission-owed",
              "Commission owed to you",
              h("span", {}, amount(a.pendingCommissionWei), " ETM"),
            ],
          ] as [string, string, Node][])
        : []),
    ]),
  );
  view.allActions.hidden = a.positions.length === 0;
  syncRows(
    view.positions,
    a.positions,
    (p: Position) => p.validator,
    (p) => {
      const claim = h(
        "button",
        { type: "button", "data-action": "", "aria-label": `Claim rewards at ${p.validator}` },
        "Claim",
      );
      const compound = h(
        "button",
        { type: "button", "data-action": "", "aria-label": `Compound rewards at ${p.validator}` },
        "Compound",
      );
      claim.addEventListener("click", () => handlers.claim(p.validator));
      compound.addEventListener("click", () => handlers.compound(p.validator));
      return h("tr", {}, h("td"), h("td"), h("td"), h("td", {}, claim, " ", compound));
    },
    (row, p) => {
      showValidator(row.cells[0], p.validator, nameOf(s, p.validator));
      setAmount(row.cells[1], p.stakedWei);
      setAmount(row.cells[2], p.pendingRewardWei);
    },
  );
  syncRows(
    view.unbonding,
    a.unbonding,
    (e: UnbondingEntry) => `${e.validator}-${e.maturityBlock}-${e.amountWei}`,
    (e) => h("tr", {}, h("td"), h("td"), h("td"), h("td")),
    (row, e) => {
      showValidator(row.cells[0], e.validator, nameOf(s, e.validator));
      setAmount(row.cells[1], e.amountWei);
      setText(row.cells[2], e.maturityBlock.toString());
      setText(
        row.cells[3],
        e.maturityBlock <= s.block
          ? "matured: withdraw now"
          : `in ${e.maturityBlock - s.block} blocks (${formatDuration(Number(e.maturityBlock - s.block) * SECONDS_PER_BLOCK)})`,
      );
    },
  );
}
