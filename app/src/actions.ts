/**
 * What each button does: reads the form's text (lib/units.ts), then asks lib/'s planners for the
 * checked transactions to send — the same plans the etm: tasks run. Every refusal is an InputError
 * whose message is shown as is; nothing is sent.
 */
import { requireAddress } from "../../lib/actions/checks";
import { planExecute, planQueue, planVote, type VoteSupport } from "../../lib/actions/governance";
import { planPropose, splitSettings } from "../../lib/actions/proposal";
import type { GovernedAddresses } from "../../lib/deployment";
import { planRedelegate } from "../../lib/actions/redelegation";
import { planSetCompounding } from "../../lib/actions/compounding";
import {
  planClaim,
  planClaimAll,
  planDelegate,
  planStake,
  planUnstake,
  planWithdraw,
} from "../../lib/actions/staking";
import type { ActionContext, Step } from "../../lib/actions/step";
import { planHeartbeat, planRegister, planSetCommission, planSetProfile } from "../../lib/actions/validator";
import { parseSignerProof } from "../../lib/signerProof";
import { InputError, parseEtm, parsePercentToWad } from "../../lib/units";

export type { ActionContext } from "../../lib/actions/step";
export { VOTE_SUPPORT } from "../../lib/actions/governance";

function chosenValidator(text: string): string {
  if (!text) throw new InputError("choose a validator.");
  return requireAddress("validator", text);
}

export async function stake(ctx: ActionContext, validatorText: string, amountText: string): Promise<Step[]> {
  const amountWei = parseEtm(amountText);
  return planStake(ctx, chosenValidator(validatorText), amountWei);
}

export async function unstake(
  ctx: ActionContext,
  validatorText: string,
  amountText: string,
): Promise<Step[]> {
  const validator = chosenValidator(validatorText);
  const all = amountText.trim().toLowerCase() === "all";
  return planUnstake(ctx, validator, all ? "all" : parseEtm(amountText));
}

/**
 * Moves stake from the position at `sourceText` to `destinationText` at once (lib's planner, the one
 * etm:redelegate runs): an amount in ETM or "all"; what the pool would refuse is said before sending.
 */
export async function redelegate(
  ctx: ActionContext,
  sourceText: string,
  destinationText: string,
  amountText: string,
): Promise<Step[]> {
  if (!sourceText) throw new InputError("choose the position to move stake from.");
  if (!destinationText) throw new InputError("choose the validator to move it to.");
  const source = requireAddress("position", sourceText);
  const destination = requireAddress("destination", destinationText);
  const all = amountText.trim().toLowerCase() === "all";
  return planRedelegate(ctx, source, destination, all ? "all" : parseEtm(amountText));
}

export const withdraw = (ctx: ActionContext): Promise<Step[]> => planWithdraw(ctx);

export const claim = (ctx: ActionContext, validator: string, restake: boolean): Promise<Step[]> =>
  planClaim(ctx, validator, restake);

/** Claims (or compounds, `restake`) the rewards of every position of the account in one transaction. */
export const claimAll = (ctx: ActionContext, restake: boolean): Promise<Step[]> => planClaimAll(ctx, restake);

/**
 * Switches the position at `validator` into its validator's compounding class (`compounding` true:
 * rewards bonded at every settlement, nothing to claim) or back; lib's planner says before sending
 * what the pool would refuse (the operator's own validator, the mode the position has already).
 */
export const setCompounding = (
  ctx: ActionContext,
  validator: string,
  compounding: boolean,
): Promise<Step[]> => planSetCompounding(ctx, validator, compounding);

export function delegate(ctx: ActionContext, toText: string): Step[] {
  return planDelegate(ctx, toText.trim() === "" ? undefined : requireAddress("delegate", toText));
}

export async function register(
  ctx: ActionContext,
  signerText: string,
  commissionText: string,
  selfStakeText: string,
  proofText: string,
): Promise<Step[]> {
  const signer = requireAddress("signer", signerText);
  const commissionWad = parsePercentToWad(commissionText);
  const selfStakeWei = parseEtm(selfStakeText);
  const { pool } = ctx.system;
  const network = await pool.runner?.provider?.getNetwork();
  if (!network) throw new InputError("not connected to a chain: connect a wallet first.");
  // The signer key (the node's, usually not in this wallet) signs SignerProof(signer, operator)
  // for this pool and chain; the proof is checked here before anything is sent.
  const proof = parseSignerProof(proofText, {
    signer,
    operator: ctx.account,
    pool: await pool.getAddress(),
    chainId: network.chainId,
  });
  return planRegister(ctx, signer, commissionWad, selfStakeWei, proof);
}

export const setCommission = (ctx: ActionContext, commissionText: string): Step[] =>
  planSetCommission(ctx, parsePercentToWad(commissionText));

/** The operator's public profile; the pool checks every rule (characters, lengths, a name taken). */
export function setProfile(ctx: ActionContext, name: string, website: string, description: string): Step[] {
  if (name.trim() === "") throw new InputError("a name is required for the profile.");
  return planSetProfile(ctx, { name: name.trim(), website: website.trim(), description: description.trim() });
}

export const heartbeat = (ctx: ActionContext): Step[] => planHeartbeat(ctx);

export const vote = (ctx: ActionContext, proposalId: bigint, support: VoteSupport, label: string): Step[] =>
  planVote(ctx, proposalId, support, label);

/**
 * A proposal of parameter changes by name ("minStake=2, delta=5%"), planned and checked by lib's
 * planner, the one `etm:propose` runs: a value the contracts would refuse is said now, nothing sent.
 */
export async function propose(
  ctx: ActionContext,
  addresses: GovernedAddresses | undefined,
  settingsText: string,
  description: string,
): Promise<Step[]> {
  if (!addresses) throw new InputError("this deployment has no governor.");
  try {
    const plan = await planPropose(ctx, addresses, splitSettings(settingsText), description, {
      skipCheckHint: "propose them separately, or with etm:propose --skip-check",
      descriptionLabel: "the description",
    });
    return plan.steps;
  } catch (error) {
    // lib's parser names the task's flag ("--set delta=x: …"); here the changes are typed in a field.
    if (error instanceof InputError)
      throw new InputError(
        error.message
          .replace(/^--set /, "")
          .replace(
            /no --set given: name at least one change, e\.g\. --set /,
            "no change given: name at least one, e.g. ",
          ),
      );
    throw error;
  }
}

export const queue = (ctx: ActionContext, proposalId: bigint, label: string): Promise<Step[]> =>
  planQueue(ctx, proposalId, label);

export const execute = (ctx: ActionContext, proposalId: bigint, label: string): Promise<Step[]> =>
  planExecute(ctx, proposalId, label);
