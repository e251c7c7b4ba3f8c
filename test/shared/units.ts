/** The units tests count in: lib/units.ts's, never retyped. */
export { WEI_PER_ETM as ETM, WAD } from "../../lib/units";
