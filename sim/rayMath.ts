/**
 * Fixed-point integer math: wad (1e18) for fractions, ray (1e27) for rates and the reward
 * accumulator. `rpow`, `WAD` and `RAY` are the pool's (lib/poolAccounting.ts). The logarithm here is
 * a 60-digit reference, exact to the 27 digits it keeps (test/sim/exact.test.ts), not the pool's
 * rounding: the exact ledger uses the pool's 36-digit series (`ratePerBlockRay` in lib/).
 */

export { RAY, WAD, rpow } from "../lib/poolAccounting";
import { RAY, WAD } from "../lib/poolAccounting";

/** Internal precision of `lnRay`: 60 decimal digits, far beyond the 27 the result keeps. */
const LN_SCALE = 10n ** 60n;

/**
 * `ln(numerator / denominator) * 10^60`, truncated, for a ratio in [1, 2]: `2 * atanh(y)` with
 * `y = (x - 1) / (x + 1) <= 1/3`, summed until the terms vanish (about 130 of them).
 */
function lnScaled(numerator: bigint, denominator: bigint): bigint {
  if (numerator < denominator || numerator > 2n * denominator) {
    throw new RangeError("lnScaled takes a ratio in [1, 2]");
  }
  const y = ((numerator - denominator) * LN_SCALE) / (numerator + denominator);
  const ySquared = (y * y) / LN_SCALE;
  let power = y;
  let sum = 0n;
  for (let odd = 1n; power > 0n; odd += 2n) {
    sum += power / odd;
    power = (power * ySquared) / LN_SCALE;
  }
  return 2n * sum;
}

/** `ln(1 + rate)` in ray, truncated, for a rate in wad in [0, 1e18]. */
export function lnOnePlusRateRay(rateWad: bigint): bigint {
  return (lnScaled(WAD + rateWad, WAD) * RAY) / LN_SCALE;
}

/** `floor(ln(1 + rate) * 1e27 / blocksPerYear)`: the per-block rate in ray. */
export function perBlockRateRayOf(rateWad: bigint, blocksPerYear: bigint): bigint {
  return (lnScaled(WAD + rateWad, WAD) * RAY) / (LN_SCALE * blocksPerYear);
}
