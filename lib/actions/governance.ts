/** A vote on a proposal, planned once for etm:vote and the dApp's governance panel. */
import { InputError } from "../units";
import type { ActionContext, Step } from "./step";

/** OpenZeppelin Governor's vote types. */
export const VOTE_SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type VoteSupport = keyof typeof VOTE_SUPPORT;

export function planVote(
  ctx: ActionContext,
  proposalId: bigint,
  support: VoteSupport,
  label: string,
): Step[] {
  const { governor } = ctx.system;
  if (!governor) throw new InputError("this deployment has no governor.");
  const choice = VOTE_SUPPORT[support];
  return [
    {
      label: `Vote ${support} proposal ${label}`,
      action: "vote",
      check: () => governor.castVote.staticCall(proposalId, choice),
      send: () => governor.castVote(proposalId, choice),
    },
  ];
}
