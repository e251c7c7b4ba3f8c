/**
 * A validator as the page shows it: its profile name with its short address beside it, or the bare
 * short address when it has none; the full address in the tooltip and in `data-address`. Profile
 * names are written by anyone (the pool only checks their characters): they are set as text nodes,
 * never parsed as HTML.
 */
import { h } from "../dom";
import { shortAddress } from "../units";

/** "Name (0x1234…abcd)", or "0x1234…abcd": for a select's options and other plain text. */
export function validatorText(address: string, name: string): string {
  return name ? `${name} (${shortAddress(address)})` : shortAddress(address);
}

/**
 * Shows `address` and `name` in `element` (a table cell, a list item): "Name 0x1234…abcd" or
 * "0x1234…abcd". Rebuilt only when the name or the address changes.
 */
export function showValidator(element: HTMLElement, address: string, name: string): void {
  if (element.dataset.address === address && element.dataset.name === name) return;
  element.dataset.address = address;
  element.dataset.name = name;
  element.title = address;
  element.classList.add("validator");
  element.replaceChildren(
    ...(name ? [h("span", { class: "validator-name" }, name), " "] : []),
    h("span", { class: "address" }, shortAddress(address)),
  );
}
