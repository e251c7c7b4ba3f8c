/** The dApp's amounts and percentages are lib/units.ts's (one behaviour with the tasks). */
export * from "../../lib/units";
export { parsePercentToWad as parsePercent } from "../../lib/units";

/** "2026-12-04 22:43:57 UTC" of a block's timestamp (seconds since 1970). */
export function formatUtc(seconds: number | bigint): string {
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
