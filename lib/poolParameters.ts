/**
 * StakingPool's `Parameter` enum (IStakingPool.sol) in its order: the ids of `parameter(id)`,
 * `setParameter` and `ParameterOutOfRange`. The ABI carries the enum's type but not its members;
 * test/toolkit/lib.test.ts reads each id from a deployed pool against the options it was given.
 */
export const POOL_PARAMETERS = [
  "delta",
  "minStake",
  "minSelfStake",
  "unbondingBlocks",
  "jailBlocks",
  "commissionDelayBlocks",
  "maxCommissionChange",
  "candidateCap",
] as const;
export type PoolParameter = (typeof POOL_PARAMETERS)[number];

/** The id of a parameter, for `pool.parameter(id)`. */
export function poolParameterId(name: PoolParameter): number {
  return POOL_PARAMETERS.indexOf(name);
}

/** Each parameter's unit, as the suffix a name carries (`formatByName` writes it). */
export const POOL_PARAMETER_UNIT: Record<PoolParameter, "Wad" | "Wei" | "Blocks" | ""> = {
  delta: "Wad",
  minStake: "Wei",
  minSelfStake: "Wei",
  unbondingBlocks: "",
  jailBlocks: "",
  commissionDelayBlocks: "",
  maxCommissionChange: "Wad",
  candidateCap: "",
};
