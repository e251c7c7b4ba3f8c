/** A labelled form whose submit button is an action; the app enables and disables it. */
import { h } from "../dom";
import { createStatus } from "./status";

export interface Field {
  name: string;
  label: string;
  placeholder?: string;
  /** A select instead of a text input. */
  select?: boolean;
  inputmode?: "decimal" | "text";
}

export interface ActionForm {
  element: HTMLFormElement;
  value(name: string): string;
  field(name: string): HTMLInputElement | HTMLSelectElement;
  /** The status line under the button: the action's progress and outcome. */
  status: HTMLParagraphElement;
}

export function actionForm(
  name: string,
  fields: Field[],
  buttonText: string,
  onSubmit: (form: ActionForm) => void,
): ActionForm {
  const controls = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const element = h("form", { "aria-label": name });
  for (const f of fields) {
    const control = f.select
      ? h("select", { name: f.name })
      : h("input", {
          name: f.name,
          type: "text",
          placeholder: f.placeholder,
          inputmode: f.inputmode,
          autocomplete: "off",
          spellcheck: "false",
        });
    controls.set(f.name, control);
    element.append(h("label", {}, f.label, control));
  }
  const status = createStatus(name);
  element.append(h("button", { type: "submit", "data-action": "" }, buttonText), status);
  const form: ActionForm = {
    element,
    value: (n) => controls.get(n)?.value ?? "",
    field: (n) => controls.get(n)!,
    status,
  };
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    onSubmit(form);
  });
  return form;
}

/** Sets a select's options to the given addresses, keeping the user's choice; `prompt` is the empty choice. */
export function setOptions(
  select: HTMLSelectElement,
  options: { value: string; text: string }[],
  prompt = "choose a validator",
): void {
  const chosen = select.value;
  const signature = options.map((o) => `${o.value}=${o.text}`).join("|");
  if (select.dataset.signature === signature) return;
  select.dataset.signature = signature;
  select.replaceChildren(
    h("option", { value: "" }, prompt),
    ...options.map((o) => h("option", { value: o.value }, o.text)),
  );
  if (options.some((o) => o.value === chosen)) select.value = chosen;
}
