/**
 * A position's auto-compounding, in its row of the positions table: the mode (a "compounding" badge,
 * or how its rewards are paid) and the toggle that switches it (`setCompounding`, planned by lib's
 * planSetCompounding). A compounding position's rewards are bonded into its stake at every settlement
 * of the validator: its Claim and Compound buttons give way to a note. An operator's own position
 * (its self-stake) pays out its rewards and cannot compound: it has no toggle.
 */
import { fill, h, setText } from "../dom";

/** The row's toggle (`aria-pressed`: the mode shown; a click asks for the other) and the note. */
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
      "aria-label": `Auto-compounding rewards at ${validator}`,
    },
    "Auto-compound: off",
  );
  toggle.addEventListener("click", () => onToggle(toggle.getAttribute("aria-pressed") !== "true"));
  const note = h(
    "span",
    { class: "compound-note", hidden: true },
    "Rewards are bonded automatically: nothing to claim.",
  );
  return { toggle, note };
}

/**
 * Shows the position's mode: in `modeCell` a badge (compounding) or how its rewards are paid; in
 * `actionsCell` the toggle pressed or not (hidden for the operator's own position), and the Claim /
 * Compound buttons (`[data-claim]`) or the note in their place.
 */
export function showCompounding(
  modeCell: HTMLElement,
  actionsCell: HTMLElement,
  compounding: boolean,
  ownValidator: boolean,
): void {
  const mode = compounding ? "compounding" : ownValidator ? "self-stake" : "claim";
  if (modeCell.dataset.mode !== mode) {
    modeCell.dataset.mode = mode;
    fill(
      modeCell,
      compounding
        ? h("span", { class: "badge badge-compounding" }, "compounding")
        : ownValidator
          ? "paid out (self-stake)"
          : "paid when claimed",
    );
  }
  const toggle = actionsCell.querySelector<HTMLButtonElement>(".compound-toggle")!;
  toggle.hidden = ownValidator;
  const pressed = String(compounding);
  if (toggle.getAttribute("aria-pressed") !== pressed) toggle.setAttribute("aria-pressed", pressed);
  setText(toggle, compounding ? "Auto-compound: on" : "Auto-compound: off");
  actionsCell.querySelector<HTMLElement>(".compound-note")!.hidden = !compounding;
  for (const button of actionsCell.querySelectorAll<HTMLButtonElement>("button[data-claim]"))
    button.hidden = compounding;
}
