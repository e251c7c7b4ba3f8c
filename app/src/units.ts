/** The dApp's amounts and percentages are lib/units.ts's (one behaviour with the tasks). */
export * from "../../lib/units";
export { parsePercentToWad as parsePercent } from "../../lib/units";
