/**
 * What a delegator's actions need — the checks, the approval, the calls — planned once for the
 * tasks (etm:stake, …) and the dApp's buttons.
 */
import { WHOLE_POSITION } from "../constants";
import { SENTENCES } from "../errors/sentences";
import { poolParameterId } from "../poolParameters";
import { formatEtmExact, InputError, shortAddress } from "../units";
import { approvalIfNeeded, requireBalance, requireRegisteredValidator } from "./checks";
import { compoundingHasNothingToClaim } from "./compounding";
import { eventsIn, sumOfEvents } from "./outcome";
import { signPoolPermit } from "./permit";
import type { ActionContext, Step } from "./step";

/**
 * Refusals the stake's dry run cannot show before the approval is sent (it would fail on the
 * allowance first): a validator that takes no stake, a position left below the minimum. Worded as
 * the contract's refusal would be (lib/errors/sentences.ts).
 */
async function requireStakeable(ctx: ActionContext, validator: string, amountWei: bigint): Promise<void> {
  const { pool } = ctx.system;
  const info = await pool.validatorInfo(validator);
  if (info.status !== 1n) {
    throw new InputError(`${SENTENCES.ValidatorNotActive({ validator, status: info.status }, "stake")}.`);
  }
  const minStakeWei = await pool.parameter(poolParameterId("minStake"));
  const remainingWei = (await pool.stakeOf(ctx.account, validator)) + amountWei;
  if (remainingWei < minStakeWei) {
    const values = { account: ctx.account, validator, remainingWei, minStakeWei };
    throw new InputError(`${SENTENCES.PositionBelowMinimum(values, "stake")}.`);
  }
}

/**
 * A permit for the pool, or none when the signer cannot sign typed data (a node account without
 * `eth_signTypedData_v4`, an old wallet): the stake then goes through approve. A signature the user
 * declines stops the action.
 */
async function permitOrNone(ctx: ActionContext, amountWei: bigint) {
  try {
    return await signPoolPermit(ctx, amountWei);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ACTION_REJECTED") {
      throw new InputError("you declined to sign the permit; nothing was sent.");
    }
    return undefined;
  }
}

/**
 * A stake of `amountWei` to `validator`: one `stakeWithPermit` transaction when the allowance is short
 * and the context can sign a permit (`ctx.permitSigner`); otherwise approve (only if the allowance is
 * short) and stake.
 */
export async function planStake(ctx: ActionContext, validator: string, amountWei: bigint): Promise<Step[]> {
  await requireRegisteredValidator(ctx, validator);
  await requireStakeable(ctx, validator, amountWei);
  await requireBalance(ctx, amountWei, "to stake");
  const { pool, token } = ctx.system;
  const label = `Stake ${formatEtmExact(amountWei)} ETM to ${shortAddress(validator)}`;
  const allowanceWei = await token.allowance(ctx.account, await pool.getAddress());
  const permit =
    allowanceWei < amountWei && ctx.permitSigner ? await permitOrNone(ctx, amountWei) : undefined;
  if (permit) {
    const { deadline, v, r, s } = permit;
    return [
      {
        label: `${label} (with a signed permit: no approval transaction)`,
        action: "stake",
        check: () => pool.stakeWithPermit.staticCall(validator, amountWei, deadline, v, r, s),
        send: () => pool.stakeWithPermit(validator, amountWei, deadline, v, r, s),
      },
    ];
  }
  return [
    ...(await approvalIfNeeded(ctx, amountWei)),
    {
      label,
      action: "stake",
      check: () => pool.stake.staticCall(validator, amountWei),
      send: () => pool.stake(validator, amountWei),
    },
  ];
}

/**
 * What an unstake or a redelegation of `amountWei` (or "all" of a position worth `stakedWei` now)
 * sends, and how its label says it. "all" sends `WHOLE_POSITION`: the pool values the position in the
 * block the transaction runs in (a compounding one grows meanwhile).
 */
export function amountToSend(amountWei: bigint | "all", stakedWei: bigint): { amount: bigint; what: string } {
  return amountWei === "all"
    ? { amount: WHOLE_POSITION, what: `all (${formatEtmExact(stakedWei)} ETM now)` }
    : { amount: amountWei, what: `${formatEtmExact(amountWei)} ETM` };
}

/** `amountWei` "all" unstakes the whole position. */
export async function planUnstake(
  ctx: ActionContext,
  validator: string,
  amountWei: bigint | "all",
): Promise<Step[]> {
  await requireRegisteredValidator(ctx, validator);
  const { pool } = ctx.system;
  const staked = await pool.stakeOf(ctx.account, validator);
  if (amountWei === "all" && staked === 0n) throw new InputError(`you have nothing staked at ${validator}.`);
  if (amountWei !== "all" && amountWei > staked) {
    throw new InputError(
      `you have ${formatEtmExact(staked)} ETM staked at ${validator}, less than the ${formatEtmExact(amountWei)} ETM to unstake.`,
    );
  }
  const { amount, what } = amountToSend(amountWei, staked);
  const poolAddress = await pool.getAddress();
  return [
    {
      label: `Unstake ${what} from ${shortAddress(validator)}`,
      action: "unstake",
      check: () => pool.unstake.staticCall(validator, amount),
      send: () => pool.unstake(validator, amount),
      outcome: (receipt) => {
        const [event] = eventsIn(receipt, pool.interface, poolAddress, "Unstaked");
        return (
          event &&
          `${formatEtmExact(event.amountWei as bigint)} ETM unbonding, withdrawable from block ${event.maturityBlock} (etm:withdraw or the dApp's Withdraw)`
        );
      },
    },
  ];
}

export async function planWithdraw(ctx: ActionContext): Promise<Step[]> {
  const { pool } = ctx.system;
  const poolAddress = await pool.getAddress();
  return [
    {
      label: "Withdraw matured stake",
      action: "withdraw",
      check: () => pool.withdraw.staticCall(),
      send: () => pool.withdraw(),
      outcome: (receipt) =>
        `received ${formatEtmExact(sumOfEvents(receipt, pool.interface, poolAddress, "Withdrawn", "amountWei"))} ETM`,
    },
  ];
}

/**
 * Claim pays the rewards at `validator` (and the commission, for its operator); compound restakes them.
 * A compounding position is refused in words: its rewards are bonded already, it has nothing to claim.
 */
export async function planClaim(ctx: ActionContext, validator: string, restake: boolean): Promise<Step[]> {
  await requireRegisteredValidator(ctx, validator);
  const { pool } = ctx.system;
  if (await pool.isCompounding(ctx.account, validator))
    throw new InputError(compoundingHasNothingToClaim(validator));
  const poolAddress = await pool.getAddress();
  const event = restake ? "Compounded" : "RewardPaid";
  return [
    {
      label: `${restake ? "Compound" : "Claim"} rewards at ${shortAddress(validator)}`,
      action: restake ? "compound" : "claim",
      check: () => (restake ? pool.compound : pool.claim).staticCall(validator),
      send: () => (restake ? pool.compound(validator) : pool.claim(validator)),
      outcome: (receipt) =>
        `${restake ? "restaked" : "paid"} ${formatEtmExact(sumOfEvents(receipt, pool.interface, poolAddress, event, "amountWei"))} ETM`,
    },
  ];
}

/**
 * Claim-all pays the rewards of every position of the sender (and an operator's commission) in one
 * transaction; compound-all restakes each to its validator, paying what a validator cannot take now.
 * Compounding positions have nothing to claim (their rewards are bonded): when every position
 * compounds and the sender runs no validator (no commission), it is refused in words; otherwise the
 * outcome says how many were passed over.
 */
export async function planClaimAll(ctx: ActionContext, restake: boolean): Promise<Step[]> {
  const { pool } = ctx.system;
  const poolAddress = await pool.getAddress();
  const positions = await pool.positionsOf(ctx.account);
  const where = `${positions.length} position${positions.length === 1 ? "" : "s"}`;
  const compounding = (
    await Promise.all(
      positions.map(async (v) => ((await pool.isCompounding(ctx.account, v)) ? v : undefined)),
    )
  ).filter((v): v is string => v !== undefined);
  if (
    compounding.length > 0 &&
    compounding.length === positions.length &&
    (await pool.validatorInfo(ctx.account)).status === 0n
  ) {
    throw new InputError(compoundingHasNothingToClaim(...compounding));
  }
  const passedOver =
    compounding.length === 0
      ? ""
      : ` (${compounding.length} compounding position${compounding.length === 1 ? "" : "s"} passed over: ` +
        "rewards bonded already)";
  return [
    {
      label: `${restake ? "Compound" : "Claim"} rewards at all ${where}`,
      action: restake ? "compound-all" : "claim-all",
      check: () => (restake ? pool.compoundAll.staticCall() : pool.claimAll.staticCall()),
      send: () => (restake ? pool.compoundAll() : pool.claimAll()),
      outcome: (receipt) => {
        const paid = sumOfEvents(receipt, pool.interface, poolAddress, "RewardPaid", "amountWei");
        if (!restake) return `paid ${formatEtmExact(paid)} ETM${passedOver}`;
        const restaked = sumOfEvents(receipt, pool.interface, poolAddress, "Compounded", "amountWei");
        return (
          `restaked ${formatEtmExact(restaked)} ETM` +
          (paid === 0n ? "" : `, paid ${formatEtmExact(paid)} ETM`) +
          passedOver
        );
      },
    },
  ];
}

/** Gives the sender's voting power to `to` (itself when undefined). */
export function planDelegate(ctx: ActionContext, to: string | undefined): Step[] {
  const delegatee = to ?? ctx.account;
  const { votes } = ctx.system;
  const self = delegatee.toLowerCase() === ctx.account.toLowerCase();
  return [
    {
      label: `Delegate votes to ${self ? "yourself" : shortAddress(delegatee)}`,
      action: "delegate",
      check: () => votes.delegate.staticCall(delegatee),
      send: () => votes.delegate(delegatee),
    },
  ];
}
