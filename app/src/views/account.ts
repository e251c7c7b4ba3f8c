/**
 * The connected account, first on the page: a summary (staked, pending rewards at the block shown,
 * unbonding, voting power, balance), then the positions with their rewards and the unbonding entries,
 * each with a timeline bar from the unstake to the block it matures at. The page lays the summary and
 * the holdings (`holdings`: positions, unbonding) out around the actions (main.ts, style.css): the
 * actions beside both on a wide screen, between them on a phone; on a phone each row is a card.
 */
import { cardTable, fill, facts, h, setText, syncRows } from "../dom";
import type { AccountSnapshot, Position, Snapshot, UnbondingEntry } from "../snapshot";
import { nameOf, SECONDS_PER_BLOCK } from "../snapshot";
import { formatDuration } from "../units";
import { showValidator } from "./names";
import { amount, setAmount } from "./amount";
import { createStatus } from "./status";
import { createCompoundingControls, showCompounding } from "./compounding";

export interface AccountView {
  summary: HTMLElement;
  positions: HTMLTableSectionElement;
  unbonding: HTMLTableSectionElement;
  /** Holds the claim-all and compound-all buttons; hidden without positions. */
  allActions: HTMLElement;
  /** Right under Claim all / Compound all (above the positions): progress and outcome. */
  allStatus: HTMLParagraphElement;
  /** Under the withdraw button. */
  withdrawStatus: HTMLParagraphElement;
  /** Positions (with Claim all / Compound all and `underPositions`) and unbonding entries. */
  holdings: HTMLElement;
}

/** `status`: the line beside the row's own Claim, Compound and Auto-compound buttons. */
export interface PositionHandlers {
  claim(validator: string, status: HTMLElement): void;
  compound(validator: string, status: HTMLElement): void;
  /** Switches the position at `validator` into auto-compounding (`compounding` true) or out of it. */
  setCompounding(validator: string, compounding: boolean, status: HTMLElement): void;
}

/**
 * `allButtons`: "Claim all" and "Compound all" (one transaction for every position), shown above the
 * positions while the account has one; `underPositions`: shown right under the positions (redelegating).
 */
export function createAccountView(
  withdrawButton: HTMLButtonElement,
  allButtons: HTMLButtonElement[],
  underPositions?: HTMLElement,
): AccountView {
  const summary = h("div");
  const positions = h("tbody");
  const unbonding = h("tbody");
  const allStatus = createStatus("Claim all");
  const all = h("div", { class: "position-actions", hidden: true }, ...allButtons, allStatus);
  const withdrawStatus = createStatus("Withdraw");
  const holdings = h(
    "div",
    { class: "account-holdings" },
    h("h3", {}, "Positions"),
    all,
    cardTable("Positions", ["Validator", "Staked (ETM)", "Pending reward (ETM)", "Actions"], positions),
    underPositions,
    h("h3", {}, "Unbonding"),
    cardTable(
      "Unbonding entries",
      ["Validator", "Amount (ETM)", "Matures at block", "When", "Timeline"],
      unbonding,
    ),
    withdrawButton,
    withdrawStatus,
  );
  return {
    summary,
    positions,
    unbonding,
    allActions: all,
    allStatus,
    withdrawStatus,
    holdings,
  };
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
  const sum = (values: bigint[]) => values.reduce((x, y) => x + y, 0n);
  const unbondingWei = sum(a.unbonding.map((e) => e.amountWei));
  const next = a.unbonding.reduce<bigint | undefined>(
    (min, e) => (min === undefined || e.maturityBlock < min ? e.maturityBlock : min),
    undefined,
  );
  const unbondingNote =
    next === undefined
      ? ""
      : ` in ${a.unbonding.length} ${a.unbonding.length === 1 ? "entry" : "entries"}; ${
          next <= s.block ? "some matured: withdraw now" : `the next matures at block ${next}`
        }`;
  fill(
    view.summary,
    facts([
      ["staked-total", "Staked", h("span", {}, amount(sum(a.positions.map((p) => p.stakedWei))), " ETM")],
      [
        "pending-total",
        `Pending rewards (block ${s.block})`,
        h("span", {}, amount(sum(a.positions.map((p) => p.pendingRewardWei))), " ETM"),
      ],
      ["unbonding-total", "Unbonding", h("span", {}, amount(unbondingWei), ` ETM${unbondingNote}`)],
      ["votes", "Voting power", h("span", {}, amount(a.votesWei), ` ETM (${delegated})`)],
      ["balance", "Balance", h("span", {}, amount(a.balanceWei), " ETM")],
      ["address", "Account", a.address],
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
        {
          type: "button",
          "data-action": "",
          "data-claim": "",
          "aria-label": `Claim rewards at ${p.validator}`,
        },
        "Claim",
      );
      const compound = h(
        "button",
        {
          type: "button",
          "data-action": "",
          "data-claim": "",
          "aria-label": `Compound rewards at ${p.validator}`,
        },
        "Compound",
      );
      // The row's own status, under its buttons: a claim's message shows where it was clicked. The
      // toggle comes first: in the account's narrow column, Claim and Compound (kept together) wrap
      // onto the line right above the status.
      const status = createStatus(`Rewards at ${p.validator}`);
      const compounding = createCompoundingControls(p.validator, (on) =>
        handlers.setCompounding(p.validator, on, status),
      );
      claim.addEventListener("click", () => handlers.claim(p.validator, status));
      compound.addEventListener("click", () => handlers.compound(p.validator, status));
      return h(
        "tr",
        {},
        h("td", { "data-label": "Validator" }),
        h("td", { "data-label": "Staked (ETM)" }),
        h("td", { "data-label": "Pending reward (ETM)" }),
        h(
          "td",
          { "data-label": "Actions" },
          compounding.toggle,
          " ",
          h("span", { class: "claim-buttons" }, claim, " ", compound),
          compounding.note,
          status,
        ),
      );
    },
    (row, p) => {
      showValidator(row.cells[0], p.validator, nameOf(s, p.validator));
      setAmount(row.cells[1], p.stakedWei);
      setAmount(row.cells[2], p.pendingRewardWei);
      const own = p.validator.toLowerCase() === a.address.toLowerCase();
      showCompounding(row.cells[3], p.compounding, own);
    },
  );
  syncRows(
    view.unbonding,
    a.unbonding,
    (e: UnbondingEntry) => `${e.validator}-${e.maturityBlock}-${e.amountWei}`,
    (e) =>
      h(
        "tr",
        {},
        h("td", { "data-label": "Validator" }),
        h("td", { "data-label": "Amount (ETM)" }),
        h("td", { "data-label": "Matures at block" }),
        h("td", { "data-label": "When" }),
        h("td", { "data-label": "Timeline" }, h("progress", { class: "timeline", max: "1", value: "0" })),
      ),
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
      // From the unstake (the maturity block less the unbonding period) to the maturity block.
      const bar = row.cells[4].querySelector("progress")!;
      const period = s.unbondingBlocks > 0n ? s.unbondingBlocks : 1n;
      const left = e.maturityBlock > s.block ? e.maturityBlock - s.block : 0n;
      const done = left >= period ? 0n : period - left;
      bar.max = Number(period);
      bar.value = Number(done);
      const label = `${done} of ${period} blocks unbonded; matures at block ${e.maturityBlock}`;
      if (bar.getAttribute("aria-label") !== label) {
        bar.setAttribute("aria-label", label);
        bar.title = label;
      }
    },
  );
}
