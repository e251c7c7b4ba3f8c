/**
 * A position's auto-compounding, in its row of the positions table: the toggle that switches it
 * (`setCompounding`, planned by lib's planSetCompounding) and, while it compounds, a "compounding"
 * badge with a short note in place of Claim and Compound (its rewards are bonded into its stake at
 * every settlement of the validator: nothing to claim). An operator's own position (its self-stake)
 * pays out its rewards and cannot compound: no toggle, a note saying so.
 */
import { fill, h } from "../dom";

/**
 * The row's toggle (`aria-pressed`: the mode shown; a click asks for the other) and its note. Its
 * label stays "Auto-compound" whatever the mode (its accessible name, "Auto-compound the position at
 * 0x…", holds the label seen, as WCAG's label-in-name asks); the mode shows as a switch drawn beside
 * the label (style.css, from aria-pressed) and is said by aria-pressed.
 */
export function createCompoundingControls(
  validator: string,
  onToggle: (compounding: boolean) => void,
): { toggle: HTMLButtonElement; note: HTMLElement } {
  const toggle = h(
    "button",
    {
      type: "button",
      class: "compound-toggle",
      "data-action": "",
      "aria-pressed": "false",
      "aria-label": `Auto-compound the position at ${validator}`,
    },
    h("span", { class: "switch", "aria-hidden": "true" }),
    "Auto-compound",
  );
  toggle.addEventListener("click", () => onToggle(toggle.getAttribute("aria-pressed") !== "true"));
  return { toggle, note: h("span", { class: "compound-note", hidden: true }) };
}

/**
 * Shows the position's mode in its actions cell: the toggle pressed or not (absent for the operator's
 * own position), and the Claim / Compound buttons (`[data-claim]`) or, while compounding, the badge
 * and the note in their place.
 */
export function showCompounding(actionsCell: HTMLElement, compounding: boolean, ownValidator: boolean): void {
  const note = actionsCell.querySelector<HTMLElement>(".compound-note")!;
  const mode = compounding ? "compounding" : ownValidator ? "self-stake" : "";
  if (note.dataset.mode !== mode) {
    note.dataset.mode = mode;
    if (compounding)
      fill(
        note,
        h("span", { class: "badge badge-compounding" }, "compounding"),
        " rewards bonded automatically",
      );
    else fill(note, ownValidator ? "self-stake pays out" : undefined);
    note.hidden = mode === "";
  }
  const toggle = actionsCell.querySelector<HTMLButtonElement>(".compound-toggle")!;
  toggle.hidden = ownValidator;
  const pressed = String(compounding);
  if (toggle.getAttribute("aria-pressed") !== pressed) toggle.setAttribute("aria-pressed", pressed);
  for (const button of actionsCell.querySelectorAll<HTMLButtonElement>("button[data-claim]"))
    button.hidden = compounding;
}
