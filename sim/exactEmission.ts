/**
 * The emission of SPEC §2 in integers, rounded the way the staking pool rounds — the pool's own
 * arithmetic, owned by lib/poolAccounting.ts (`EmissionMath.sol` step for step), under the names the
 * simulator's exact path has always used.
 */
export {
  BLOCKS_PER_YEAR as BLOCKS_PER_YEAR_BIG,
  InflationSchedule as ExactInflationSchedule,
  mintBetween as exactEmission,
} from "../lib/poolAccounting";
export type { EmissionSegment as ExactEmissionSegment } from "../lib/poolAccounting";
