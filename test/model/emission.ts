/**
 * The emission of SPEC section 2 as the contract computes it (EmissionMath.sol operation by
 * operation): lib/poolAccounting.ts owns it, for this model and the simulator's exact path alike.
 */
import { InflationSchedule, mintBetween as emissionBetween } from "../../lib/poolAccounting";

export {
  BLOCKS_PER_YEAR,
  compoundedMint,
  InflationSchedule as InflationScheduleModel,
  ratePerBlockRay,
  WAD,
} from "../../lib/poolAccounting";

/** Tokens minted from `fromBlock` to `toBlock` on `supplyWei` (the contract's `_pendingMint`), wei. */
export function mintBetween(
  schedule: InflationSchedule,
  startBlock: bigint,
  supplyWei: bigint,
  fromBlock: bigint,
  toBlock: bigint,
): bigint {
  return emissionBetween(schedule, startBlock, supplyWei, fromBlock, toBlock).mintedWei;
}
