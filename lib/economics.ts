/**
 * The staking economics as the status line and the dApp show them: the staking ratio and the
 * marginal reward per staked token per block, `ln(1+i)/n · (1−δ) · B/S` ETM per ETM — what one more
 * staked token earns in the next block (the per-block mint `B·i_n` less the validators' δ, over S).
 */
import { WAD } from "./units";

export interface EconomicsInputs {
  supplyWei: bigint;
  stakedWei: bigint;
  /** This year's inflation, wad. */
  inflationWad: bigint;
  /** The active set's share of each mint, wad. */
  deltaWad: bigint;
  /** The pool's blocks per year (the lens's BLOCKS_PER_YEAR). */
  blocksPerYear: bigint;
}

/** Staking ratio S/B, wad. */
export function stakingRatioWad({
  stakedWei,
  supplyWei,
}: Pick<EconomicsInputs, "stakedWei" | "supplyWei">): bigint {
  return supplyWei === 0n ? 0n : (stakedWei * WAD) / supplyWei;
}

/** ETM earned per staked ETM in the next block, at the margin (0 while nothing is staked). */
export function marginalRewardPerBlock(e: EconomicsInputs): number {
  if (e.stakedWei === 0n) return 0;
  const perBlockRate = Math.log1p(Number(e.inflationWad) / 1e18) / Number(e.blocksPerYear);
  const supplyOverStake = Number((e.supplyWei * 1_000_000n) / e.stakedWei) / 1e6;
  return perBlockRate * (1 - Number(e.deltaWad) / 1e18) * supplyOverStake;
}
