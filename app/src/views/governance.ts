/** Governance: the governor's settings and its recent proposals, with vote buttons while one is open. */
import { facts, fill, h, setText, syncRows } from "../dom";
import type { GovernanceSnapshot, Proposal } from "../governance";
import { shortProposalId } from "../governance";
import type { Snapshot } from "../snapshot";
import { amount, setAmount } from "./amount";
import { createStatus } from "./status";

export type VoteChoice = "for" | "against" | "abstain";

export interface GovernanceView {
  element: HTMLElement;
  summary: HTMLElement;
  body: HTMLTableSectionElement;
  /** Under the proposals: the vote's progress and outcome. */
  status: HTMLParagraphElement;
}

export function createGovernanceView(): GovernanceView {
  const summary = h("div");
  const body = h("tbody");
  const table = h(
    "table",
    { "aria-label": "Proposals" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...["Proposal", "Description", "State", "For", "Against", "Abstain", "Voting", ""].map((t) =>
          h("th", { scope: "col" }, t),
        ),
      ),
    ),
    body,
  );
  const status = createStatus("Vote");
  return {
    element: h("div", {}, summary, h("div", { class: "table-wrap" }, table), status),
    summary,
    body,
    status,
  };
}

function votingWindow(p: Proposal, block: bigint): string {
  if (p.state === "Pending") return `opens after block ${p.snapshotBlock}`;
  if (p.state === "Active")
    return `closes after block ${p.deadlineBlock} (in ${p.deadlineBlock - block + 1n} blocks)`;
  return `closed at block ${p.deadlineBlock}`;
}

export function updateGovernance(
  view: GovernanceView,
  s: Snapshot,
  g: GovernanceSnapshot,
  onVote: (p: Proposal, choice: VoteChoice) => void,
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
      const buttons = (["for", "against", "abstain"] as const).map((choice) => {
        const button = h(
          "button",
          { type: "button", "data-action": "", "aria-label": `Vote ${choice} proposal ${label}` },
          choice === "for" ? "For" : choice === "against" ? "Against" : "Abstain",
        );
        button.addEventListener("click", () => onVote(p, choice));
        return button;
      });
      return h(
        "tr",
        {},
        h("td", { class: "address", title: p.id.toString() }, label),
        ...Array.from({ length: 6 }, () => h("td")),
        h("td", {}, ...buttons.flatMap((b) => [b, " "])),
      );
    },
    (row, p) => {
      setText(row.cells[1], p.description);
      setText(row.cells[2], p.voted ? `${p.state} (you voted)` : p.state);
      setAmount(row.cells[3], p.forWei);
      setAmount(row.cells[4], p.againstWei);
      setAmount(row.cells[5], p.abstainWei);
      setText(row.cells[6], votingWindow(p, s.block));
      (row.cells[7] as HTMLElement).hidden = !(p.state === "Active" && !p.voted);
    },
  );
}
