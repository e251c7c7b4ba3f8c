/** Checks every planner makes before it plans a transaction; each refusal is an InputError. */
import { getAddress, isAddress } from "ethers";
import { formatEtmExact, InputError } from "../units";
import type { ActionContext, Step } from "./step";

/** A checksummed address, or an InputError naming `what`. */
export function requireAddress(what: string, text: string | undefined): string {
  if (!text || text.trim() === "")
    throw new InputError(`${what} is required: give an address (0x followed by 40 hex digits).`);
  if (!isAddress(text.trim()))
    throw new InputError(`${what} "${text}" is not an address (0x followed by 40 hex digits).`);
  return getAddress(text.trim());
}

/** Refuses an address at which no validator is registered. */
export async function requireRegisteredValidator(ctx: ActionContext, validator: string): Promise<void> {
  const info = await ctx.system.pool.validatorInfo(validator);
  if (info.status === 0n) {
    throw new InputError(
      `${validator} is not a registered validator (see etm:status or the dApp's candidate list).`,
    );
  }
}

/** Refuses when the sender holds less than `amountWei`. */
export async function requireBalance(ctx: ActionContext, amountWei: bigint, purpose: string): Promise<void> {
  const balance = await ctx.system.token.balanceOf(ctx.account);
  if (balance < amountWei) {
    throw new InputError(
      `you hold ${formatEtmExact(balance)} ETM, less than the ${formatEtmExact(amountWei)} ETM ${purpose}.`,
    );
  }
}

/** An approve step for exactly `amountWei` when the pool may not yet spend that much; else none. */
export async function approvalIfNeeded(ctx: ActionContext, amountWei: bigint): Promise<Step[]> {
  const { token, pool } = ctx.system;
  const poolAddress = await pool.getAddress();
  if ((await token.allowance(ctx.account, poolAddress)) >= amountWei) return [];
  return [
    {
      label: `Approve ${formatEtmExact(amountWei)} ETM for the staking pool`,
      action: "stake",
      check: () => token.approve.staticCall(poolAddress, amountWei),
      send: () => token.approve(poolAddress, amountWei),
    },
  ];
}
