/**
 * What each button does: checks the input against the chain, then returns the transactions to send.
 * Every refusal here is an InputError whose message is shown as is; nothing is sent.
 */
import { getAddress, isAddress } from "ethers";
import type { System } from "./contracts";
import type { Step } from "./tx";
import { formatEtm, InputError, parseEtm, parsePercent, shortAddress } from "./units";

export interface ActionContext {
  system: System;
  account: string;
}

function requireAddress(what: string, text: string): string {
  if (!isAddress(text.trim()))
    throw new InputError(`${what} "${text}" is not an address (0x followed by 40 hex digits).`);
  return getAddress(text.trim());
}

async function requireStakeableValidator(ctx: ActionContext, validatorText: string): Promise<string> {
  if (!validatorText) throw new InputError("choose a validator.");
  const validator = requireAddress("validator", validatorText);
  const info = await ctx.system.pool.validatorInfo(validator);
  if (info.status === 0n) throw new InputError(`${validator} is not a registered validator.`);
  return validator;
}

async function approveIfNeeded(ctx: ActionContext, amountWei: bigint): Promise<Step[]> {
  const { token, pool } = ctx.system;
  const poolAddress = await pool.getAddress();
  if ((await token.allowance(ctx.account, poolAddress)) >= amountWei) return [];
  return [
    {
      label: `Approve ${formatEtm(amountWei, 18)} ETM for the staking pool`,
      check: () => token.approve.staticCall(poolAddress, amountWei),
      send: () => token.approve(poolAddress, amountWei),
    },
  ];
}

async function requireBalance(ctx: ActionContext, amountWei: bigint, purpose: string): Promise<void> {
  const balance = await ctx.system.token.balanceOf(ctx.account);
  if (balance < amountWei) {
    throw new InputError(
      `you hold ${formatEtm(balance, 18)} ETM, less than the ${formatEtm(amountWei, 18)} ETM ${purpose}.`,
    );
  }
}

export async function stake(ctx: ActionContext, validatorText: string, amountText: string): Promise<Step[]> {
  const amountWei = parseEtm(amountText);
  const validator = await requireStakeableValidator(ctx, validatorText);
  await requireBalance(ctx, amountWei, "to stake");
  const { pool } = ctx.system;
  return [
    ...(await approveIfNeeded(ctx, amountWei)),
    {
      label: `Stake ${formatEtm(amountWei, 18)} ETM to ${shortAddress(validator)}`,
      check: () => pool.stake.staticCall(validator, amountWei),
      send: () => pool.stake(validator, amountWei),
    },
  ];
}

export async function unstake(
  ctx: ActionContext,
  validatorText: string,
  amountText: string,
): Promise<Step[]> {
  const validator = await requireStakeableValidator(ctx, validatorText);
  const { pool } = ctx.system;
  const staked = await pool.stakeOf(ctx.account, validator);
  const all = amountText.trim().toLowerCase() === "all";
  if (all && staked === 0n) throw new InputError(`you have nothing staked at ${validator}.`);
  const amountWei = all ? staked : parseEtm(amountText);
  if (amountWei > staked) {
    throw new InputError(
      `you have ${formatEtm(staked, 18)} ETM staked at ${validator}, less than the ${formatEtm(amountWei, 18)} ETM to unstake.`,
    );
  }
  return [
    {
      label: `Unstake ${formatEtm(amountWei, 18)} ETM from ${shortAddress(validator)}`,
      check: () => pool.unstake.staticCall(validator, amountWei),
      send: () => pool.unstake(validator, amountWei),
    },
  ];
}

export function withdraw(ctx: ActionContext): Step[] {
  const { pool } = ctx.system;
  return [
    { label: "Withdraw matured stake", check: () => pool.withdraw.staticCall(), send: () => pool.withdraw() },
  ];
}

export function claim(ctx: ActionContext, validator: string, restake: boolean): Step[] {
  const { pool } = ctx.system;
  const verb = restake ? "Compound" : "Claim";
  return [
    {
      label: `${verb} rewards at ${shortAddress(validator)}`,
      check: () => (restake ? pool.compound : pool.claim).staticCall(validator),
      send: () => (restake ? pool.compound(validator) : pool.claim(validator)),
    },
  ];
}

export function delegate(ctx: ActionContext, toText: string): Step[] {
  const to = toText.trim() === "" ? ctx.account : requireAddress("delegate", toText);
  const { votes } = ctx.system;
  return [
    {
      label: `Delegate votes to ${to.toLowerCase() === ctx.account.toLowerCase() ? "yourself" : shortAddress(to)}`,
      check: () => votes.delegate.staticCall(to),
      send: () => votes.delegate(to),
    },
  ];
}

export async function register(
  ctx: ActionContext,
  signerText: string,
  commissionText: string,
  selfStakeText: string,
): Promise<Step[]> {
  const signer = requireAddress("signer", signerText);
  const commissionWad = parsePercent(commissionText);
  const selfStakeWei = parseEtm(selfStakeText);
  await requireBalance(ctx, selfStakeWei, "of self-stake");
  const { pool } = ctx.system;
  return [
    ...(await approveIfNeeded(ctx, selfStakeWei)),
    {
      label: `Register as a validator (signer ${shortAddress(signer)}, self-stake ${formatEtm(selfStakeWei, 18)} ETM)`,
      check: () => pool.registerValidator.staticCall(signer, commissionWad, selfStakeWei),
      send: () => pool.registerValidator(signer, commissionWad, selfStakeWei),
    },
  ];
}

export function setCommission(ctx: ActionContext, commissionText: string): Step[] {
  const commissionWad = parsePercent(commissionText);
  const { pool } = ctx.system;
  return [
    {
      label: `Change the commission to ${commissionText.trim().replace(/%$/, "")}%`,
      check: () => pool.setCommission.staticCall(commissionWad),
      send: () => pool.setCommission(commissionWad),
    },
  ];
}

export function heartbeat(ctx: ActionContext): Step[] {
  const { election } = ctx.system;
  return [
    { label: "Heartbeat", check: () => election.heartbeat.staticCall(), send: () => election.heartbeat() },
  ];
}

export const VOTE_SUPPORT = { against: 0, for: 1, abstain: 2 } as const;

export function vote(
  ctx: ActionContext,
  proposalId: bigint,
  support: keyof typeof VOTE_SUPPORT,
  label: string,
): Step[] {
  const { governor } = ctx.system;
  if (!governor) throw new InputError("this deployment has no governor.");
  const choice = VOTE_SUPPORT[support];
  return [
    {
      label: `Vote ${support} proposal ${label}`,
      check: () => governor.castVote.staticCall(proposalId, choice),
      send: () => governor.castVote(proposalId, choice),
    },
  ];
}
