/** What a validator operator's actions need, planned once for the tasks and the dApp. */
import { formatEtmExact, formatPercent, InputError, shortAddress } from "../units";
import { poolParameterId } from "../poolParameters";
import type { SignerProof } from "../signerProof";
import { approvalIfNeeded, requireBalance } from "./checks";
import type { ActionContext, Step } from "./step";

export async function planRegister(
  ctx: ActionContext,
  signer: string,
  commissionWad: bigint,
  selfStakeWei: bigint,
  proof: SignerProof,
): Promise<Step[]> {
  const { pool } = ctx.system;
  const minSelfStakeWei = await pool.parameter(poolParameterId("minSelfStake"));
  if (selfStakeWei < minSelfStakeWei) {
    throw new InputError(
      `a self-stake of ${formatEtmExact(selfStakeWei)} ETM is below the minimum self-stake of ${formatEtmExact(minSelfStakeWei)} ETM.`,
    );
  }
  await requireBalance(ctx, selfStakeWei, "of self-stake");
  return [
    ...(await approvalIfNeeded(ctx, selfStakeWei)),
    {
      label: `Register as a validator (signer ${shortAddress(signer)}, commission ${formatPercent(commissionWad)}, self-stake ${formatEtmExact(selfStakeWei)} ETM)`,
      action: "register",
      check: () => pool.registerValidator.staticCall(signer, commissionWad, selfStakeWei, proof.r, proof.vs),
      send: () => pool.registerValidator(signer, commissionWad, selfStakeWei, proof.r, proof.vs),
    },
  ];
}

export function planSetCommission(ctx: ActionContext, commissionWad: bigint): Step[] {
  const { pool } = ctx.system;
  return [
    {
      label: `Change the commission to ${formatPercent(commissionWad)}`,
      action: "commission",
      check: () => pool.setCommission.staticCall(commissionWad),
      send: () => pool.setCommission(commissionWad),
    },
  ];
}

/** Sets the operator's public profile (name, website, description); the pool checks every rule. */
export function planSetProfile(
  ctx: ActionContext,
  profile: { name: string; website: string; description: string },
): Step[] {
  const { pool } = ctx.system;
  const { name, website, description } = profile;
  return [
    {
      label: `Set the profile "${name}"`,
      action: "profile",
      check: () => pool.setProfile.staticCall(name, website, description),
      send: () => pool.setProfile(name, website, description),
    },
  ];
}

export function planHeartbeat(ctx: ActionContext): Step[] {
  const { election } = ctx.system;
  return [
    {
      label: "Heartbeat",
      action: "heartbeat",
      check: () => election.heartbeat.staticCall(),
      send: () => election.heartbeat(),
    },
  ];
}
