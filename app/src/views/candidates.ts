/**
 * The validators table (issue 17): name and address, stake and its share of the total staked,
 * commission and a scheduled change, a delegator's estimated APY after commission, status badges
 * (active, candidate, jailed, deregistered, tombstoned) and last heartbeat. Sortable by the column
 * headers (aria-sort on each), searchable by profile name or address, in pages; the sort, the search
 * and the page are the user's and survive the refresh of every block (validatorTable.ts has the
 * logic). Under 640 px wide the rows show as cards (style.css). Each row's Details opens the
 * validator's page (validatorPage.ts).
 */
import { jailWords, validatorStatusWord } from "../../../lib/validatorStatus";
import { cardCells, cardTable, h, setText, syncRows } from "../dom";
import type { Candidate, Snapshot } from "../snapshot";
import { apyAfterCommission } from "../snapshot";
import { formatEtm, formatPercent } from "../units";
import { showValidator } from "./names";
import { filterCandidates, pageOf, shareOfVotingPower, sortCandidates } from "./validatorTable";
import type { SortDir, SortKey } from "./validatorTable";

/** Rows per page the user can choose, and the default. */
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PER_PAGE = 50;

interface Column {
  label: string;
  sort?: SortKey;
  /** The direction of the first click on this header. */
  first?: SortDir;
}

const COLUMNS: Column[] = [
  { label: "Validator", sort: "name", first: "ascending" },
  { label: "Stake (ETM)", sort: "stake", first: "descending" },
  { label: "Commission", sort: "commission", first: "ascending" },
  { label: "Est. APY after commission", sort: "apy", first: "descending" },
  { label: "Share of stake", sort: "share", first: "descending" },
  { label: "Status" },
  { label: "Last heartbeat" },
  { label: "Actions" },
];

const SORT_WORDS: Record<SortKey, string> = {
  name: "name",
  stake: "stake",
  commission: "commission",
  apy: "estimated APY after commission",
  share: "share of stake",
};

export interface CandidatesView {
  element: HTMLElement;
  body: HTMLTableSectionElement;
  /** A row's Details: opens the validator's page. */
  onOpen(operator: string): void;
  /** The user's choices: kept across blocks (and sessions). */
  state: { query: string; sort?: { key: SortKey; dir: SortDir }; page: number; perPage: number };
  /** The last snapshot shown: a click re-renders it without waiting for the next block. */
  last?: Snapshot;
  controls: {
    headers: HTMLTableCellElement[];
    previous: HTMLButtonElement;
    next: HTMLButtonElement;
    pageLabel: HTMLElement;
    summary: HTMLElement;
  };
}

/** `onOpen`: a row's Details was clicked (the validator's page opens). */
export function createCandidatesTable(onOpen: (operator: string) => void = () => undefined): CandidatesView {
  const body = h("tbody");
  const headers = COLUMNS.map((c) => {
    if (!c.sort) return h("th", { scope: "col" }, c.label);
    // The arrow is drawn by CSS from aria-sort, hidden from the button's accessible name.
    const button = h(
      "button",
      { type: "button", class: "sort", "data-sort": c.sort },
      c.label,
      h("span", { class: "sort-icon", "aria-hidden": "true" }),
    );
    return h("th", { scope: "col", "aria-sort": "none", "data-sort": c.sort }, button);
  });
  const search = h("input", {
    type: "search",
    name: "validator-search",
    placeholder: "name or 0x…",
    autocomplete: "off",
  });
  const perPage = h(
    "select",
    { name: "per-page" },
    ...PAGE_SIZES.map((n) =>
      h("option", { value: String(n), selected: n === DEFAULT_PER_PAGE ? true : undefined }, String(n)),
    ),
  );
  const summary = h("p", {
    class: "table-summary",
    role: "status",
    "aria-live": "polite",
    "aria-label": "Validators shown",
  });
  const previous = h("button", { type: "button" }, "Previous page");
  const next = h("button", { type: "button" }, "Next page");
  const pageLabel = h("span", { class: "page-of", "data-field": "candidates-page" });
  const view: CandidatesView = {
    element: h(
      "div",
      { class: "validators" },
      h(
        "div",
        { class: "table-controls", role: "search" },
        h("label", {}, "Search validators (name or address)", search),
        h("label", {}, "Rows per page", perPage),
      ),
      summary,
      cardTable("Candidates", [], body, { head: h("thead", {}, h("tr", {}, ...headers)) }),
      h("nav", { class: "pager", "aria-label": "Pages of validators" }, previous, " ", pageLabel, " ", next),
    ),
    body,
    state: { query: "", page: 0, perPage: DEFAULT_PER_PAGE },
    controls: { headers, previous, next, pageLabel, summary },
    onOpen,
  };
  const rerender = () => {
    if (view.last) updateCandidates(view, view.last);
  };
  search.addEventListener("input", () => {
    view.state.query = search.value;
    view.state.page = 0;
    rerender();
  });
  perPage.addEventListener("change", () => {
    view.state.perPage = Number(perPage.value);
    view.state.page = 0;
    rerender();
  });
  for (const th of headers) {
    const key = th.dataset.sort as SortKey | undefined;
    const column = COLUMNS.find((c) => c.sort === key);
    if (!key || !column) continue;
    th.querySelector("button")!.addEventListener("click", () => {
      const now = view.state.sort;
      const dir: SortDir =
        now?.key === key ? (now.dir === "ascending" ? "descending" : "ascending") : column.first!;
      view.state.sort = { key, dir };
      view.state.page = 0;
      rerender();
    });
  }
  previous.addEventListener("click", () => {
    view.state.page = Math.max(0, view.state.page - 1);
    rerender();
  });
  next.addEventListener("click", () => {
    view.state.page++;
    rerender();
  });
  return view;
}

export function describeStatus(c: Candidate, block: bigint): string {
  if (c.status === 1 && c.jailedUntilBlock > block) return `jailed ${jailWords(c.jailedUntilBlock)}`;
  return validatorStatusWord(c.status);
}

/** The status badges of a row: "active" or not, then jailed, deregistered or tombstoned. */
export function statusBadges(c: Candidate, block: bigint): { text: string; kind: string }[] {
  const badges: { text: string; kind: string }[] = [];
  if (c.active) badges.push({ text: "active", kind: "active" });
  const jailed = c.status === 1 && c.jailedUntilBlock > block;
  if (jailed) badges.push({ text: describeStatus(c, block), kind: "jailed" });
  else if (c.status !== 1 || !c.active)
    badges.push({
      text: validatorStatusWord(c.status),
      kind: validatorStatusWord(c.status).replace(/ /g, "-"),
    });
  return badges;
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

/** Shows `s`'s candidates as the user's search, sort and page choose. */
export function updateCandidates(view: CandidatesView, s: Snapshot): void {
  view.last = s;
  const { headers, previous, next, pageLabel, summary } = view.controls;
  const { state } = view;
  for (const th of headers) {
    if (!th.dataset.sort) continue;
    const dir = state.sort?.key === th.dataset.sort ? state.sort.dir : "none";
    if (th.getAttribute("aria-sort") !== dir) th.setAttribute("aria-sort", dir);
  }
  const found = filterCandidates(s.candidates, state.query);
  const ordered = state.sort ? sortCandidates(found, state.sort.key, state.sort.dir) : found;
  const page = pageOf(ordered, state.page, state.perPage);
  state.page = page.page;
  setText(pageLabel, `Page ${page.page + 1} of ${page.pages}`);
  previous.disabled = page.page === 0;
  next.disabled = page.page >= page.pages - 1;
  const query = state.query.trim();
  const sorted = state.sort ? `, sorted by ${SORT_WORDS[state.sort.key]} (${state.sort.dir})` : "";
  setText(
    summary,
    found.length === 0
      ? query
        ? `No validator's name or address matches "${query}".`
        : "No candidates."
      : `${page.status} ${query ? `matching "${query}"` : "candidates"}${sorted}.`,
  );
  syncRows(
    view.body,
    page.rows,
    (c) => c.operator,
    (c) => {
      const row = h("tr", {}, ...cardCells(COLUMNS.map((col) => col.label)));
      const open = h(
        "button",
        { type: "button", "aria-label": `Details of validator ${c.operator}` },
        "Details",
      );
      open.addEventListener("click", () => view.onOpen(c.operator));
      row.cells[COLUMNS.length - 1].append(open);
      return row;
    },
    (row, c) => {
      const cells = row.cells;
      showValidator(cells[0], c.operator, c.name);
      setText(cells[1], formatEtm(c.bondedWei, 2));
      setText(cells[2], describeCommission(c));
      setText(cells[3], describeApy(s, c));
      setText(cells[4], `${(shareOfVotingPower(c, s.stakedWei) * 100).toFixed(2)}%`);
      showBadges(cells[5], statusBadges(c, s.block));
      setText(cells[6], c.lastHeartbeatRound === undefined ? "never" : `round ${c.lastHeartbeatRound}`);
    },
  );
}

function showBadges(cell: HTMLElement, badges: { text: string; kind: string }[]): void {
  const key = badges.map((b) => `${b.kind}:${b.text}`).join("|");
  if (cell.dataset.badges === key) return;
  cell.dataset.badges = key;
  cell.replaceChildren(
    ...badges.flatMap((b, i) => [
      ...(i > 0 ? [" "] : []),
      h("span", { class: `badge badge-${b.kind}` }, b.text),
    ]),
  );
}
