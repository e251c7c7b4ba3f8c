/**
 * Fixed-point integer math as the contracts do it: wad (1e18) for fractions, ray (1e27) for rates
 * and the reward accumulator. Every result says how it rounds.
 */

export const WAD = 10n ** 18n;
export const RAY = 10n ** 27n;

/** `floor(a * b / denominator)` for non-negative operands (OpenZeppelin `Math.mulDiv`). */
export function mulDivDown(a: bigint, b: bigint, denominator: bigint): bigint {
  if (a < 0n || b < 0n || denominator <= 0n) {
    throw new RangeError("mulDivDown takes non-negative operands and a positive denominator");
  }
  return (a * b) / denominator;
}

/**
 * `x^k` in fixed point with base `base`, by squaring, each product rounded half up: MakerDAO's
 * `rpow` (DSMath / `jug.sol`), step for step, so the simulator and the pool agree to the last unit.
 */
export function rpow(x: bigint, k: bigint, base: bigint = RAY): bigint {
  if (x < 0n || k < 0n) throw new RangeError("rpow takes non-negative operands");
  if (x === 0n) return k === 0n ? base : 0n;
  const half = base / 2n;
  let z = k % 2n === 0n ? base : x;
  for (let n = k / 2n; n > 0n; n /= 2n) {
    x = (x * x + half) / base;
    if (n % 2n === 1n) z = (z * x + half) / base;
  }
  return z;
}

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
