/** A vote, a queue and an execution of a proposal, planned once for the etm: tasks and the dApp. */
import { PROPOSAL_STATES, type ProposalState } from "../proposalStates";
import { formatDuration, InputError } from "../units";
import type { ActionContext, Step } from "./step";

/** OpenZeppelin Governor's vote types. */
export const VOTE_SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type VoteSupport = keyof typeof VOTE_SUPPORT;

function governorOf(ctx: ActionContext) {
  const { governor } = ctx.system;
  if (!governor) throw new InputError("this deployment has no governor.");
  return governor;
}

export function planVote(
  ctx: ActionContext,
  proposalId: bigint,
  support: VoteSupport,
  label: string,
): Step[] {
  const governor = governorOf(ctx);
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

/** Which of queue and execute a proposal in `state` allows (the dApp shows those buttons). */
export function allowedSteps(state: ProposalState): { vote: boolean; queue: boolean; execute: boolean } {
  return { vote: state === "Active", queue: state === "Succeeded", execute: state === "Queued" };
}

/** How a refusal of queue or execute ends, in the words of who asks (a task's flags, the dApp's buttons). */
export interface StepWords {
  /** After "can be queued" while voting has not closed. */
  waitHint: string;
  /** After "can be executed" while it has passed but is not queued. */
  queueHint: string;
  /** How long until the eta, from the latest block's time. */
  wait(seconds: number): string;
  /** The sentence's end ("." or nothing). */
  end: string;
}

/** The dApp's words. */
export const PAGE_WORDS: StepWords = {
  waitHint: "wait until voting closes",
  queueHint: "queue it first",
  wait: (seconds) => `${formatDuration(seconds)} from the latest block's time`,
  end: ".",
};

async function stateOf(ctx: ActionContext, proposalId: bigint): Promise<ProposalState> {
  return PROPOSAL_STATES[Number(await governorOf(ctx).state(proposalId))];
}

/** Puts a passed proposal into the timelock (anyone may). */
export async function planQueue(
  ctx: ActionContext,
  proposalId: bigint,
  label: string,
  words: StepWords = PAGE_WORDS,
): Promise<Step[]> {
  const governor = governorOf(ctx);
  const state = await stateOf(ctx, proposalId);
  if (state !== "Succeeded")
    throw new InputError(
      `proposal ${label} is ${state}: only a proposal that passed (Succeeded) can be queued` +
        (state === "Active" || state === "Pending" ? `; ${words.waitHint}` : "") +
        words.end,
    );
  return [
    {
      label: `Queue proposal ${label}`,
      action: "queue",
      check: () => governor["queue(uint256)"].staticCall(proposalId),
      send: () => governor["queue(uint256)"](proposalId),
    },
  ];
}

/** Runs a queued proposal once its timelock delay has passed (anyone may). */
export async function planExecute(
  ctx: ActionContext,
  proposalId: bigint,
  label: string,
  words: StepWords = PAGE_WORDS,
): Promise<Step[]> {
  const governor = governorOf(ctx);
  const state = await stateOf(ctx, proposalId);
  if (state !== "Queued")
    throw new InputError(
      `proposal ${label} is ${state}: only a queued proposal can be executed` +
        (state === "Succeeded" ? `; ${words.queueHint}` : "") +
        words.end,
    );
  const eta = Number(await governor.proposalEta(proposalId));
  const latest = await governor.runner?.provider?.getBlock("latest");
  if (latest && eta > latest.timestamp)
    throw new InputError(
      `proposal ${label} is in the timelock until ${new Date(eta * 1000).toISOString()} ` +
        `(${words.wait(eta - latest.timestamp)}); execute it then${words.end}`,
    );
  return [
    {
      label: `Execute proposal ${label}`,
      action: "execute",
      check: () => governor["execute(uint256)"].staticCall(proposalId),
      send: () => governor["execute(uint256)"](proposalId),
    },
  ];
}
