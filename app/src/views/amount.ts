/**
 * Amounts of ETM as people read them: rounded on the page ("140,355.8001"), every decimal there is on
 * hover (the title) and on keyboard focus (shown beside it), as the wallet and the chain count them.
 */
import { h } from "../dom";
import { formatEtm, formatEtmExact } from "../units";

/** Significant digits kept below 1 ETM, so that a small reward does not show as 0. */
const SIGNIFICANT_DIGITS_BELOW_ONE = 4;

/**
 * wei -> ETM cut (never rounded up) to 4 decimals from 1 ETM up, and to 4 significant digits below
 * ("0.00001234"); 0 is "0". Never shows more than the exact amount.
 */
export function formatEtmRounded(wei: bigint): string {
  const abs = wei < 0n ? -wei : wei;
  if (abs >= 10n ** 18n || abs === 0n) return formatEtm(wei, 4);
  const leadingZeros = 18 - abs.toString().length; // decimals before the first significant digit
  return formatEtm(wei, Math.min(18, leadingZeros + SIGNIFICANT_DIGITS_BELOW_ONE));
}

/** An amount element: rounded text, the exact amount in `title` and `data-exact`, focusable. */
export function amount(wei: bigint): HTMLSpanElement {
  const element = h("span", { class: "amount", tabindex: "0" });
  setAmount(element, wei);
  return element;
}

/** Shows `wei` in `element` (an `amount()` span, or any element, which then becomes one). */
export function setAmount(element: Element, wei: bigint): void {
  const exact = formatEtmExact(wei);
  const html = element as HTMLElement;
  if (html.dataset.exact === exact) return;
  html.classList.add("amount");
  if (!html.hasAttribute("tabindex")) html.setAttribute("tabindex", "0");
  html.dataset.exact = exact;
  html.title = `${exact} ETM (exact)`;
  html.textContent = formatEtmRounded(wei);
}
