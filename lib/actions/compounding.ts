/**
 * Auto-compounding — a position in its validator's compounding class, whose rewards the pool bonds
 * into it at every settlement of the validator — planned once for the etm:compound-mode task and the
 * dApp: switching a position's mode, settling a validator (anyone), and the words for a compounding
 * position that has nothing to claim.
 */
import { SENTENCES } from "../errors/sentences";
import { formatEtmExact, InputError, shortAddress } from "../units";
import { requireRegisteredValidator } from "./checks";
import { eventsIn, sumOfEvents } from "./outcome";
import type { ActionContext, Step } from "./step";

/** Why a claim at compounding positions (at `validators`) is refused: their rewards are bonded, not paid. */
export function compoundingHasNothingToClaim(...validators: string[]): string {
  return validators.length === 1
    ? `your position at ${validators[0]} compounds: its rewards are bonded into it at every settlement of the ` +
        "validator, so there is nothing to claim or restake (etm:compound-mode --off has them paid to you again)."
    : `your positions at ${validators.join(", ")} all compound: their rewards are bonded into them at every ` +
        "settlement of their validators, so there is nothing to claim or restake (etm:compound-mode --off has a " +
        "position's rewards paid to you again).";
}

/**
 * Switches the sender's position at `validator` into its compounding class (`compounding` true) or
 * back to paid rewards (false). Refuses in words, before anything is sent, what the contract would
 * refuse — an unknown validator, the operator's own validator (`SelfStakeCannotCompound`), the mode
 * the position is in already (`CompoundingUnchanged`) — in the sentences of lib/errors/sentences.ts.
 * The outcome gives the mode, the position's value after the switch and the pending reward paid.
 */
export async function planSetCompounding(
  ctx: ActionContext,
  validator: string,
  compounding: boolean,
): Promise<Step[]> {
  await requireRegisteredValidator(ctx, validator);
  if (validator.toLowerCase() === ctx.account.toLowerCase()) {
    throw new InputError(`${SENTENCES.SelfStakeCannotCompound({ operator: validator }, "compound-mode")}.`);
  }
  const { pool } = ctx.system;
  if ((await pool.isCompounding(ctx.account, validator)) === compounding) {
    const values = { account: ctx.account, validator, compounding };
    throw new InputError(`${SENTENCES.CompoundingUnchanged(values, "compound-mode")}.`);
  }
  const poolAddress = await pool.getAddress();
  return [
    {
      label: `Switch compounding ${compounding ? "on" : "off"} at ${shortAddress(validator)}`,
      action: "compound-mode",
      check: () => pool.setCompounding.staticCall(validator, compounding),
      send: () => pool.setCompounding(validator, compounding),
      outcome: (receipt) => {
        const [event] = eventsIn(receipt, pool.interface, poolAddress, "CompoundingSet");
        if (!event) return undefined;
        const paidWei = sumOfEvents(receipt, pool.interface, poolAddress, "RewardPaid", "amountWei");
        const mode = event.compounding
          ? "compounding: rewards are bonded into the position at every settlement of the validator"
          : "not compounding: rewards accrue to claim (etm:claim)";
        const paid =
          paidWei === 0n
            ? "no pending reward to pay"
            : `paid the pending reward of ${formatEtmExact(paidWei)} ETM`;
        return `${mode}; the position is worth ${formatEtmExact(event.valueWei as bigint)} ETM; ${paid}`;
      },
    },
  ];
}

/**
 * Settles `validator` now (anyone may): credits its rewards and bonds its compounding class's reward
 * since the last settlement. The outcome gives the amount bonded.
 */
export async function planSettleValidator(ctx: ActionContext, validator: string): Promise<Step[]> {
  await requireRegisteredValidator(ctx, validator);
  const { pool } = ctx.system;
  const poolAddress = await pool.getAddress();
  return [
    {
      label: `Settle validator ${shortAddress(validator)}`,
      action: "settle-validator",
      check: () => pool.settleValidator.staticCall(validator),
      send: () => pool.settleValidator(validator),
      outcome: (receipt) => {
        const bondedWei = sumOfEvents(receipt, pool.interface, poolAddress, "ClassCompounded", "amountWei");
        return bondedWei === 0n
          ? "its compounding class had no reward to bond"
          : `bonded ${formatEtmExact(bondedWei)} ETM of rewards into its compounding positions`;
      },
    },
  ];
}
