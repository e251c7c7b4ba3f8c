/**
 * Governance: the governor's settings, the Propose form (parameter changes by name, as etm:propose
 * takes them) and the recent proposals, each with its timeline and the buttons its state allows —
 * For / Against / Abstain while voting is open and you have not voted, Queue once it passed, Execute
 * once queued — with its own status line beside them. Descriptions are anyone's text: shown as text.
 */
import { allowedSteps } from "../../../lib/actions/governance";
import { SETTINGS } from "../../../lib/governanceSettings";
import { cardCells, cardTable, facts, fill, h, setText, syncRows } from "../dom";
import type { GovernanceSnapshot, Proposal, Timeline } from "../governance";
import { shortProposalId, timelineSteps } from "../governance";
import type { Snapshot } from "../snapshot";
import { amount, setAmount } from "./amount";
import { actionForm, type ActionForm } from "./forms";
import { createStatus } from "./status";

export type VoteChoice = "for" | "against" | "abstain";

export interface ProposalHandlers {
  vote(p: Proposal, choice: VoteChoice, status: HTMLElement): void;
  queue(p: Proposal, status: HTMLElement): void;
  execute(p: Proposal, status: HTMLElement): void;
}

export interface GovernanceView {
  element: HTMLElement;
  summary: HTMLElement;
  body: HTMLTableSectionElement;
  /** Propose by parameter name: changes and description; its status under its button. */
  propose: ActionForm;
}

const COLUMNS = [
  "Proposal",
  "Description",
  "State",
  "For",
  "Against",
  "Abstain",
  "Voting",
  "Timeline",
  "Actions",
];

export function createGovernanceView(onPropose: (form: ActionForm) => void): GovernanceView {
  const summary = h("div");
  const body = h("tbody");
  const propose = actionForm(
    "Propose",
    [
      {
        name: "settings",
        label: "Changes (name=value, comma-separated)",
        placeholder: "e.g. minStake=2, delta=5%",
      },
      { name: "description", label: "Description (what and why, shown to voters)", placeholder: "" },
    ],
    "Propose",
    onPropose,
  );
  propose.element.prepend(
    h(
      "p",
      { class: "hint" },
      `The same names and units as etm:propose (docs/governance.md): fractions as 0.05 or 5%, amounts in ETM, ` +
        `blocks as whole numbers, timelockDelay in seconds. Names: ${Object.keys(SETTINGS).join(", ")}. ` +
        "Each change is tried as the timelock before anything is sent.",
    ),
  );
  return {
    element: h("div", {}, summary, propose.element, cardTable("Proposals", COLUMNS, body)),
    summary,
    body,
    propose,
  };
}

function votingWindow(p: Proposal, block: bigint): string {
  if (p.state === "Pending") return `opens after block ${p.snapshotBlock}`;
  if (p.state === "Active")
    return `closes after block ${p.deadlineBlock} (in ${p.deadlineBlock - block + 1n} blocks)`;
  return `closed at block ${p.deadlineBlock}`;
}

function button(label: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = h("button", { type: "button", "data-action": "", "aria-label": label }, text);
  b.addEventListener("click", onClick);
  return b;
}

export function updateGovernance(
  view: GovernanceView,
  s: Snapshot,
  g: GovernanceSnapshot,
  timeline: (p: Proposal) => Timeline | undefined,
  handlers: ProposalHandlers,
): void {
  fill(
    view.summary,
    facts([
      ["governor", "Governor", g.address],
      [
        "voting",
        "Voting",
        `opens ${g.votingDelayBlocks} blocks after a proposal, lasts ${g.votingPeriodBlocks} blocks`,
      ],
      ["threshold", "Votes needed to propose", h("span", {}, amount(g.thresholdWei), " ETM")],
    ]),
    g.proposals.length === 0 ? h("p", { class: "hint" }, "No proposals yet.") : undefined,
  );
  syncRows(
    view.body,
    g.proposals,
    (p) => p.id.toString(),
    (p) => {
      const label = shortProposalId(p.id);
      // Beside this proposal's buttons: the progress and outcome of what was clicked here.
      const status = createStatus(`Proposal ${label}`);
      const votes = h(
        "span",
        { class: "vote-buttons" },
        ...(["for", "against", "abstain"] as const).flatMap((choice) => [
          button(
            `Vote ${choice} proposal ${label}`,
            choice === "for" ? "For" : choice === "against" ? "Against" : "Abstain",
            () => handlers.vote(p, choice, status),
          ),
          " ",
        ]),
      );
      const queue = button(`Queue proposal ${label}`, "Queue", () => handlers.queue(p, status));
      const execute = button(`Execute proposal ${label}`, "Execute", () => handlers.execute(p, status));
      return h(
        "tr",
        {},
        h("td", { class: "address", title: p.id.toString(), "data-label": COLUMNS[0] }, label),
        ...cardCells(COLUMNS.slice(1, 7)),
        h(
          "td",
          { "data-label": "Timeline" },
          h("ol", { class: "proposal-timeline", "aria-label": `Timeline of proposal ${label}` }),
        ),
        h("td", { "data-label": "Actions" }, votes, queue, execute, status),
      );
    },
    (row, p) => {
      // textContent only: a description is whatever its proposer wrote.
      setText(row.cells[1], p.description);
      setText(row.cells[2], p.voted ? `${p.state} (you voted)` : p.state);
      setAmount(row.cells[3], p.forWei);
      setAmount(row.cells[4], p.againstWei);
      setAmount(row.cells[5], p.abstainWei);
      setText(row.cells[6], votingWindow(p, s.block));
      const list = row.cells[7].querySelector("ol")!;
      const steps = timelineSteps(p, timeline(p));
      if (
        Array.from(list.children)
          .map((li) => li.textContent)
          .join("\n") !== steps.join("\n")
      )
        fill(list, ...steps.map((step) => h("li", {}, step)));
      const allowed = allowedSteps(p.state);
      const cell = row.cells[8];
      (cell.querySelector(".vote-buttons") as HTMLElement).hidden = !(allowed.vote && !p.voted);
      (cell.querySelector(`button[aria-label^="Queue"]`) as HTMLElement).hidden = !allowed.queue;
      (cell.querySelector(`button[aria-label^="Execute"]`) as HTMLElement).hidden = !allowed.execute;
    },
  );
}
