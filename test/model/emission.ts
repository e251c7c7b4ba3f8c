export { WAD } from "../shared/units";
import { WAD } from "../shared/units";
import { BLOCKS_PER_YEAR as BLOCKS_PER_YEAR_NUMBER } from "../../lib/constants";
/**
 * The emission of SPEC section 2 in plain bigint arithmetic, mirroring the contract's fixed point
 * (EmissionMath.sol) operation by operation, so the model and the chain agree to the wei.
 */
export const RAY = 10n ** 27n;
export const E36 = 10n ** 36n;
export const BLOCKS_PER_YEAR = BigInt(BLOCKS_PER_YEAR_NUMBER);

/** ln(1 + x) for x in wad, 36-decimal fixed point (atanh series, as the contract). */
export function lnOnePlusWadE36(xWad: bigint): bigint {
  if (xWad === 0n) return 0n;
  const z = (xWad * E36) / (2n * WAD + xWad);
  const zSquared = (z * z) / E36;
  let sum = z;
  let power = z;
  for (let denominator = 3n; ; denominator += 2n) {
    power = (power * zSquared) / E36;
    const term = power / denominator;
    if (term === 0n) break;
    sum += term;
  }
  return 2n * sum;
}

/** ln(1 + i) / n in ray, rounded down. */
export function ratePerBlockRay(annualRateWad: bigint): bigint {
  return lnOnePlusWadE36(annualRateWad) / (BLOCKS_PER_YEAR * 10n ** 9n);
}

/** base^exponent in ray, each product rounded half up (MakerDAO rpow), as the contract. */
export function rpow(baseRay: bigint, exponent: bigint): bigint {
  let result = exponent % 2n === 1n ? baseRay : RAY;
  for (exponent /= 2n; exponent !== 0n; exponent /= 2n) {
    baseRay = (baseRay * baseRay + RAY / 2n) / RAY;
    if (exponent % 2n === 1n) result = (result * baseRay + RAY / 2n) / RAY;
  }
  return result;
}

/** supply * ((1 + rate)^blocks - 1), rounded down. */
export function compoundedMint(supplyWei: bigint, rateRay: bigint, blocks: bigint): bigint {
  if (blocks === 0n || rateRay === 0n) return 0n;
  return (supplyWei * (rpow(RAY + rateRay, blocks) - RAY)) / RAY;
}

/** A yearly schedule: from each `fromYear` on, `rateWad` (a year with no entry uses the last before it). */
export class InflationScheduleModel {
  entries: { fromYear: bigint; rateWad: bigint }[];

  constructor(initialRateWad: bigint) {
    this.entries = [{ fromYear: 0n, rateWad: initialRateWad }];
  }

  rateOf(year: bigint): bigint {
    let rate = this.entries[0].rateWad;
    for (const entry of this.entries) if (entry.fromYear <= year) rate = entry.rateWad;
    return rate;
  }

  set(year: bigint, rateWad: bigint): void {
    const existing = this.entries.find((e) => e.fromYear === year);
    if (existing) existing.rateWad = rateWad;
    else {
      this.entries.push({ fromYear: year, rateWad });
      this.entries.sort((a, b) => (a.fromYear < b.fromYear ? -1 : a.fromYear > b.fromYear ? 1 : 0));
    }
  }
}

/**
 * Tokens minted from `fromBlock` to `toBlock` on `supplyWei`, split at year boundaries, exactly as
 * the contract's lazy accrual (`_pendingMint`).
 */
export function mintBetween(
  schedule: InflationScheduleModel,
  startBlock: bigint,
  supplyWei: bigint,
  fromBlock: bigint,
  toBlock: bigint,
): bigint {
  let minted = 0n;
  let year = (fromBlock - startBlock) / BLOCKS_PER_YEAR;
  while (fromBlock < toBlock) {
    const yearEnd = startBlock + (year + 1n) * BLOCKS_PER_YEAR;
    const to = toBlock < yearEnd ? toBlock : yearEnd;
    minted += compoundedMint(supplyWei + minted, ratePerBlockRay(schedule.rateOf(year)), to - fromBlock);
    fromBlock = to;
    if (to === yearEnd) year += 1n;
  }
  return minted;
}
