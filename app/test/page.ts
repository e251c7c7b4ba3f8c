/** Reading the dApp's page in tests: what it shows, in one synchronous look (one render). */
import { parseUnits } from "ethers";
import type { Page } from "playwright-core";

export interface Shown {
  fields: Record<string, string>;
  active: string[];
  positions: string[][];
  unbonding: string[][];
  candidates: string[][];
  proposals: string[][];
  /** The account's maturing redelegations: from, to, amount, still slashable, owed, matures at block, when. */
  redelegations: string[][];
  message: string;
  /** The full address of each validator shown (its `data-address`), by list. */
  addresses: {
    active: string[];
    positions: string[];
    unbonding: string[];
    candidates: string[];
    redelegationSources: string[];
    redelegationDestinations: string[];
  };
}

export function shown(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    // An amount reads as its exact value (`data-exact`: its title, and what focus shows), so that the
    // tests compare to the wei; what the page shows rounded is checked apart (`shownRounded`).
    const read = (element: Element): string => {
      const copy = element.cloneNode(true) as HTMLElement;
      for (const a of Array.from(copy.querySelectorAll<HTMLElement>("[data-exact]"))) {
        a.textContent = a.dataset.exact ?? "";
      }
      if (copy.dataset.exact !== undefined) copy.textContent = copy.dataset.exact;
      return copy.textContent ?? "";
    };
    const rows = (label: string) =>
      Array.from(document.querySelectorAll(`table[aria-label="${label}"] tbody tr`)).map((tr) =>
        Array.from((tr as HTMLTableRowElement).cells).map((td) => read(td)),
      );
    const addresses = (selector: string) =>
      Array.from(document.querySelectorAll<HTMLElement>(selector)).map((e) => e.dataset.address ?? "");
    const fields: Record<string, string> = {};
    for (const element of Array.from(document.querySelectorAll<HTMLElement>("[data-field]"))) {
      fields[element.dataset.field!] = read(element);
    }
    return {
      fields,
      active: Array.from(document.querySelectorAll('ol[aria-label="Active validators"] li')).map(
        (li) => li.textContent ?? "",
      ),
      positions: rows("Positions"),
      unbonding: rows("Unbonding entries"),
      candidates: rows("Candidates"),
      proposals: rows("Proposals"),
      redelegations: rows("Maturing redelegations"),
      addresses: {
        active: addresses('ol[aria-label="Active validators"] li'),
        positions: addresses('table[aria-label="Positions"] tbody tr td:first-child'),
        unbonding: addresses('table[aria-label="Unbonding entries"] tbody tr td:first-child'),
        candidates: addresses('table[aria-label="Candidates"] tbody tr td:first-child'),
        redelegationSources: addresses('table[aria-label="Maturing redelegations"] tbody tr td:nth-child(1)'),
        redelegationDestinations: addresses(
          'table[aria-label="Maturing redelegations"] tbody tr td:nth-child(2)',
        ),
      },
      message: document.getElementById("message")?.hidden
        ? ""
        : (document.getElementById("message")?.textContent ?? ""),
    };
  });
}

/** "1,000.5 ETM" or "1,000.5" -> wei. */
export function etm(text: string): bigint {
  return parseUnits(
    text
      .replace(/ ETM.*$/, "")
      .replace(/,/g, "")
      .trim(),
    18,
  );
}

/** Waits until the top banner (the network and the connection) shows a message matching `pattern`; returns it. */
export async function waitForMessage(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  try {
    await page.waitForFunction(
      ([source, flags]) => {
        const element = document.getElementById("message");
        return Boolean(
          element && !element.hidden && new RegExp(source, flags).test(element.textContent ?? ""),
        );
      },
      [pattern.source, pattern.flags] as const,
      { timeout: timeoutMs, polling: 100 },
    );
  } catch (error) {
    const now = await page.locator("#message").textContent();
    throw new Error(`no message matching ${pattern} within ${timeoutMs} ms; the page says: "${now}"`, {
      cause: error,
    });
  }
  return (await page.locator("#message").textContent()) ?? "";
}

/**
 * Waits until the status line named `name` (the one beside the control used: "Stake status") shows a
 * message matching `pattern`; returns it. Action outcomes are said there, not in the top banner.
 */
export async function waitForStatus(
  page: Page,
  name: string,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  const status = page.getByRole("status", { name, exact: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text =
      (await status.count()) === 1 && (await status.isVisible()) ? await status.textContent() : null;
    if (text !== null && pattern.test(text)) return text;
    if (Date.now() > deadline)
      throw new Error(
        `the status "${name}" never matched ${pattern} within ${timeoutMs} ms; it says "${text}"`,
      );
    await page.waitForTimeout(100);
  }
}

/** Waits until what the page shows satisfies `predicate` (it re-renders every block). */
export async function waitForShown(
  page: Page,
  predicate: (s: Shown) => boolean,
  timeoutMs = 60_000,
): Promise<Shown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await shown(page);
    if (predicate(s)) return s;
    if (Date.now() > deadline)
      throw new Error(
        `the page never showed what was expected; it shows ${JSON.stringify(s, null, 1).slice(0, 3000)}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}
