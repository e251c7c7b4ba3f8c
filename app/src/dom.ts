/** A few DOM helpers: element creation and keyed table rows that are updated in place. */

type Child = Node | string | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child !== undefined && child !== false) element.append(child);
  return element;
}

/** Replaces an element's content. */
export function fill(element: Element, ...children: Child[]): void {
  element.replaceChildren(...children.filter((c): c is Node | string => c !== undefined && c !== false));
}

/** A definition list from [term, value] pairs; each value gets a test-friendly data-field name. */
export function facts(pairs: [string, string, string | Node][]): HTMLDListElement {
  const list = h("dl");
  for (const [field, term, value] of pairs)
    list.append(h("dt", {}, term), h("dd", { "data-field": field }, value));
  return list;
}

/**
 * Keeps `tbody`'s rows in step with `items`: rows are matched by key, created once, updated in place
 * (so a button being clicked is not replaced under the pointer) and removed when their item goes.
 */
export function syncRows<T>(
  tbody: HTMLTableSectionElement,
  items: T[],
  key: (item: T) => string,
  create: (item: T) => HTMLTableRowElement,
  update: (row: HTMLTableRowElement, item: T) => void,
): void {
  const existing = new Map<string, HTMLTableRowElement>();
  for (const row of Array.from(tbody.rows)) existing.set(row.dataset.key ?? "", row);
  let previous: HTMLTableRowElement | undefined;
  for (const item of items) {
    const k = key(item);
    let row = existing.get(k);
    if (row) existing.delete(k);
    else {
      row = create(item);
      row.dataset.key = k;
    }
    update(row, item);
    const expectedPosition: ChildNode | null = previous ? previous.nextSibling : tbody.firstChild;
    if (expectedPosition !== row) tbody.insertBefore(row, expectedPosition);
    previous = row;
  }
  for (const row of existing.values()) row.remove();
}

/**
 * A table in a wrapper that scrolls sideways when the table is wider than the screen: the wrapper is
 * a labelled region in the tab order, so a keyboard user can focus it and scroll it with the arrow
 * keys (axe's scrollable-region-focusable).
 */
export function scrollingTable(table: HTMLTableElement): HTMLDivElement {
  const label = table.getAttribute("aria-label");
  return h(
    "div",
    {
      class: "table-wrap",
      role: "region",
      tabindex: "0",
      "aria-label": label ? `${label} table` : undefined,
    },
    table,
  );
}

/**
 * A table that becomes cards on a phone (style.css, `table.card-table`): each row a card, each cell
 * under its column's name (the cell's `data-label`; `cardCells` makes them). The first cell is the
 * card's title unless `labelEveryCell` (then every value keeps its column's name). Scrolls sideways
 * (keyboard-reachable) on wider screens when it must.
 */
export function cardTable(
  label: string,
  headings: string[],
  body: HTMLTableSectionElement,
  options: { labelEveryCell?: boolean; head?: HTMLTableSectionElement } = {},
): HTMLDivElement {
  const head =
    options.head ?? h("thead", {}, h("tr", {}, ...headings.map((t) => h("th", { scope: "col" }, t))));
  const classes = options.labelEveryCell ? "card-table card-labels" : "card-table";
  return scrollingTable(h("table", { "aria-label": label, class: classes }, head, body));
}

/** A row's cells for a `cardTable`, each carrying its column's name for the phone's cards. */
export function cardCells(headings: string[]): HTMLTableCellElement[] {
  return headings.map((label) => h("td", { "data-label": label }));
}

export function setText(element: Element | null | undefined, text: string): void {
  if (element && element.textContent !== text) element.textContent = text;
}
