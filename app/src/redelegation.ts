/**
 * Redelegating from the page, the pure part: which validators a position may move to, what Max
 * fills in, and when a maturing redelegation is released (lib/actions/redelegation.ts plans the move).
 */
import { SECONDS_PER_BLOCK } from "./snapshot";
import { formatDuration, formatEtmExact } from "./units";

export type { RedelegationView } from "../../lib/actions/redelegation";

/**
 * The destinations offered for a move from `source`: every candidate but the source and the
 * account's own validator (its operator address is the account's; the pool refuses both,
 * `InvalidRedelegation`), in the candidates' order.
 */
export function destinationsFor<T extends { operator: string }>(
  candidates: T[],
  source: string,
  account: string,
): T[] {
  const excluded = new Set([source.toLowerCase(), account.toLowerCase()]);
  return candidates.filter((c) => !excluded.has(c.operator.toLowerCase()));
}

/**
 * What Max puts in the amount field: the position's whole stake at `source`, every decimal; "all" for a
 * compounding position, which grows every block (the pool then moves what it is worth when the
 * transaction runs: a figure read now would leave its last blocks' reward behind); "" without one.
 */
export function maxAmountText(
  positions: { validator: string; stakedWei: bigint; compounding: boolean }[],
  source: string,
): string {
  const position = positions.find((p) => p.validator.toLowerCase() === source.toLowerCase());
  if (!position || position.stakedWei === 0n) return "";
  return position.compounding ? "all" : formatEtmExact(position.stakedWei);
}

/**
 * When a redelegation maturing at `maturityBlock` is released, seen at `block`: "in N blocks (about
 * T)" at SECONDS_PER_BLOCK a block, or that it has matured (its stake may leave the destination).
 */
export function maturityText(maturityBlock: bigint, block: bigint): string {
  if (maturityBlock <= block) return "matured: the stake may leave its destination";
  const blocks = maturityBlock - block;
  return `in ${blocks} ${blocks === 1n ? "block" : "blocks"} (${formatDuration(Number(blocks) * SECONDS_PER_BLOCK)})`;
}
