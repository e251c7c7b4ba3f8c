/** The Stake form's preview: what the amount typed would earn in a year at the validator chosen. */
import type { Snapshot } from "../snapshot";
import { yearlyRewardEstimate } from "../snapshot";
import { formatPercent } from "../units";
import { validatorText } from "./names";

/** Significant figures of the yearly estimate: an estimate, not an amount to the wei. */
const ESTIMATE_DIGITS = 4;

/**
 * "About 12.34 ETM a year at Node One (0x1234…abcd), after its 5.00% commission: …" for a stake of
 * `amountWei` at `validator` (a candidate of the page read); "" when there is nothing to estimate.
 */
export function stakePreviewText(s: Snapshot, validator: string, amountWei: bigint | undefined): string {
  if (amountWei === undefined || amountWei <= 0n) return "";
  const c = s.candidates.find((x) => x.operator === validator);
  if (!c) return "";
  const yearly = yearlyRewardEstimate(s, c.commissionWad, amountWei);
  if (yearly === undefined) return "";
  const etm = Number(yearly.toPrecision(ESTIMATE_DIGITS)).toLocaleString("en-US", {
    maximumFractionDigits: 18,
  });
  const rate = (yearly / (Number(amountWei) / 1e18)) * 100;
  return (
    `About ${etm} ETM a year (${rate.toFixed(2)}%) at ${validatorText(c.operator, c.name)}, after its ` +
    `${formatPercent(c.commissionWad)} commission, with your stake in the total staked — an estimate: ` +
    "it moves as the total staked and the supply change."
  );
}
