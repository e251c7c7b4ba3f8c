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
 * What Max puts in the amount field: "all", the whole position at `source` as the pool values it when the
 * transaction runs; "" without a position. Not the figure shown: the page's block is behind the one the
 * transaction runs in, and a position's value moves meanwhile (a compounding one grows every block; a
 * paying one creeps up by wei when its validator's class compounds, or falls at a slash), so a figure
 * would leave a remainder below the minimum (refused) or ask for more than there is.
 */
export function maxAmountText(positions: { validator: string; stakedWei: bigint }[], source: string): string {
  const position = positions.find((p) => p.validator.toLowerCase() === source.toLowerCase());
  return position && position.stakedWei > 0n ? "all" : "";
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
