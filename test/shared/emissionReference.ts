export { WAD } from "./units";
import { WAD } from "./units";
import { BLOCKS_PER_YEAR as BLOCKS_PER_YEAR_NUMBER } from "../../lib/constants";
/**
 * High-precision reference of the ETM emission (SPEC.md section 2), in plain bigint arithmetic.
 *
 * Everything here is computed independently of the contracts' fixed-point code: logarithms by the
 * atanh series and exponentials by Taylor series with squaring, at 70 decimal digits, so the
 * contracts' 27/36-digit results can be compared against values that are exact for all practical
 * purposes. Fixed-point values carry their scale in their name (`Wad` 1e18, `Ray` 1e27, `E36`).
 */

export const RAY = 10n ** 27n;
export const E36 = 10n ** 36n;
export const BLOCKS_PER_YEAR = BigInt(BLOCKS_PER_YEAR_NUMBER);
/** Internal precision of the reference: 70 decimal digits. */
export const REF = 10n ** 70n;

/** floor(a * b / c), as OpenZeppelin `Math.mulDiv`. */
export function mulDiv(a: bigint, b: bigint, c: bigint): bigint {
  return (a * b) / c;
}

/** ceil(a * b / c). */
export function mulDivUp(a: bigint, b: bigint, c: bigint): bigint {
  return (a * b + c - 1n) / c;
}

/** |a - b|. */
export function absDiff(a: bigint, b: bigint): bigint {
  return a > b ? a - b : b - a;
}

/** Rounds `value` (at scale `from`) to scale `to` (a smaller power of ten), half up. */
export function rescale(value: bigint, from: bigint, to: bigint): bigint {
  const factor = from / to;
  return (value + factor / 2n) / factor;
}

/**
 * ln(1 + num/den) at `REF` precision (70 digits), by ln(1+x) = 2 atanh(x / (2 + x)).
 * Exact to a few units of 1e-70 for 0 <= num/den <= 1.
 */
export function lnOnePlusRef(num: bigint, den: bigint = WAD): bigint {
  if (num === 0n) return 0n;
  const guard = 10n ** 10n;
  const scale = REF * guard;
  const z = (num * scale) / (2n * den + num);
  const zSquared = (z * z) / scale;
  let sum = z;
  let power = z;
  for (let denominator = 3n; ; denominator += 2n) {
    power = (power * zSquared) / scale;
    const term = power / denominator;
    if (term === 0n) break;
    sum += term;
  }
  return (2n * sum) / guard;
}

/** ln(2) at `REF` precision. */
export const LN2_REF = lnOnePlusRef(1n, 1n);

/** e^x for x at `REF` precision (x >= 0), result at `REF` precision. */
export function expRef(xRef: bigint): bigint {
  // e^x = (e^(x / 2^m))^(2^m), with x / 2^m < 1/64 so the Taylor series converges fast.
  const guard = 10n ** 20n;
  const scale = REF * guard;
  let m = 0n;
  while (xRef >> m > REF / 64n) m += 1n;
  const reduced = (xRef * guard) >> m;
  let sum = scale;
  let term = scale;
  for (let n = 1n; term !== 0n; n += 1n) {
    term = (term * reduced) / (scale * n);
    sum += term;
  }
  for (let i = 0n; i < m; i += 1n) sum = (sum * sum) / scale;
  return sum / guard;
}

/** `base^exponent` for `base` at `REF` precision, by squaring with 20 guard digits. */
export function powRef(baseRef: bigint, exponent: bigint): bigint {
  const guard = 10n ** 20n;
  const scale = REF * guard;
  let base = baseRef * guard;
  let result = scale;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) / scale;
    base = (base * base) / scale;
  }
  return result / guard;
}

/** The exact per-block rate `ln(1 + i) / n` at `REF` precision for an annual rate in wad. */
export function ratePerBlockRef(annualRateWad: bigint): bigint {
  return lnOnePlusRef(annualRateWad) / BLOCKS_PER_YEAR;
}

/** The per-block rate `ln(1 + i) / n` in ray, rounded down (the contract's storage format). */
export function ratePerBlockRayFloor(annualRateWad: bigint): bigint {
  return (lnOnePlusRef(annualRateWad) * RAY) / (REF * BLOCKS_PER_YEAR);
}

/** Growth factor `(1 + rate)^blocks` at `REF` precision for a per-block rate in ray. */
export function growthRef(ratePerBlockRay: bigint, blocks: bigint): bigint {
  return powRef(REF + ratePerBlockRay * (REF / RAY), blocks);
}

/** One year of the schedule: from `fromYear` on, `rateWad` a year (until the next entry). */
export interface ScheduleEntry {
  fromYear: bigint;
  rateWad: bigint;
}

/** The annual rate of `year` under `schedule` (the last entry with `fromYear <= year`). */
export function rateOfYear(schedule: ScheduleEntry[], year: bigint): bigint {
  let rate = schedule[0]!.rateWad;
  for (const entry of schedule) if (entry.fromYear <= year) rate = entry.rateWad;
  return rate;
}

/**
 * The supply of the SPEC section 2 schedule at `toBlock`, at `REF` precision (scaled by 1e70),
 * compounding `supplyWei` from `fromBlock` with the per-block rates of `schedule` (ray-rounded
 * down as the contract stores them when `rayRates`, exact otherwise), split at year boundaries.
 */
export function scheduleSupplyRef(
  supplyWei: bigint,
  startBlock: bigint,
  fromBlock: bigint,
  toBlock: bigint,
  schedule: ScheduleEntry[],
  rayRates = true,
): bigint {
  let supply = supplyWei * REF;
  let block = fromBlock;
  while (block < toBlock) {
    const year = (block - startBlock) / BLOCKS_PER_YEAR;
    const yearEnd = startBlock + (year + 1n) * BLOCKS_PER_YEAR;
    const segmentEnd = toBlock < yearEnd ? toBlock : yearEnd;
    const rateWad = rateOfYear(schedule, year);
    const rateRef = rayRates ? ratePerBlockRayFloor(rateWad) * (REF / RAY) : ratePerBlockRef(rateWad);
    supply = (supply * powRef(REF + rateRef, segmentEnd - block)) / REF;
    block = segmentEnd;
  }
  return supply;
}

/** `(1 + i)^exponent - 1` at `REF` precision for an annual rate in wad and an exponent in wad. */
export function annualGrowthMinusOneRef(annualRateWad: bigint, exponentWad: bigint): bigint {
  return expRef((lnOnePlusRef(annualRateWad) * exponentWad) / WAD) - REF;
}

/** Relative difference |a - b| / |b| as a float (for messages and tolerances). */
export function relativeError(actual: bigint, expected: bigint): number {
  if (expected === 0n) return actual === 0n ? 0 : Infinity;
  const diff = absDiff(actual, expected);
  // 1e30 fixed point keeps the float conversion exact enough for tolerances down to 1e-28.
  return Number((diff * 10n ** 30n) / (expected < 0n ? -expected : expected)) / 1e30;
}
