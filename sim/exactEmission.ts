/**
 * The emission of SPEC §2 in integers, rounded the way the staking pool rounds: the per-block rate
 * in ray, `i_n = floor(ln(1 + i) * 1e27 / n)`; the growth over `k` blocks by MakerDAO `rpow`
 * (round half up); `minted = floor(B * ((1 + i_n)^k - 1))` per year segment, compounding across
 * segments. Amounts are wei, rates wad, blocks absolute chain block numbers.
 */
import { RAY, perBlockRateRayOf, rpow } from "./rayMath";

export const BLOCKS_PER_YEAR_BIG = 10_512_000n;

/** Annual rates (wad) by year; a year with no rate uses the last one set before it. */
export class ExactInflationSchedule {
  private readonly ratesWad = new Map<bigint, bigint>();

  constructor(initialRateWad: bigint) {
    this.ratesWad.set(0n, initialRateWad);
  }

  /** Sets the rate of `year` (the pool's `setInflationRate`; it refuses the current or a past year). */
  setRate(year: bigint, rateWad: bigint): void {
    if (year < 0n || rateWad < 0n) throw new RangeError("year and rate must be non-negative");
    this.ratesWad.set(year, rateWad);
  }

  rateWadForYear(year: bigint): bigint {
    let bestYear = -1n;
    let rate = 0n;
    for (const [setYear, setRate] of this.ratesWad) {
      if (setYear <= year && setYear > bestYear) {
        bestYear = setYear;
        rate = setRate;
      }
    }
    return rate;
  }

  /** The pool's per-block rate for `year`, in ray. */
  perBlockRateRayForYear(year: bigint): bigint {
    return perBlockRateRayOf(this.rateWadForYear(year), BLOCKS_PER_YEAR_BIG);
  }
}

/** One year's stretch of an accrual: `blocks` blocks at `perBlockRateRay`, minting `mintedWei`. */
export interface ExactEmissionSegment {
  year: bigint;
  blocks: bigint;
  perBlockRateRay: bigint;
  mintedWei: bigint;
}

/**
 * Mints the blocks `[fromBlock, toBlock)` on a supply of `supplyWei` in closed form, split at year
 * boundaries (year `y` is `[startBlock + y*n, startBlock + (y+1)*n)`). Blocks before `startBlock`
 * mint nothing.
 */
export function exactEmission(
  schedule: ExactInflationSchedule,
  startBlock: bigint,
  supplyWei: bigint,
  fromBlock: bigint,
  toBlock: bigint,
): { mintedWei: bigint; segments: ExactEmissionSegment[] } {
  const segments: ExactEmissionSegment[] = [];
  let block = fromBlock > startBlock ? fromBlock : startBlock;
  let supply = supplyWei;
  let mintedWei = 0n;
  while (block < toBlock) {
    const year = (block - startBlock) / BLOCKS_PER_YEAR_BIG;
    const yearEnd = startBlock + (year + 1n) * BLOCKS_PER_YEAR_BIG;
    const segmentEnd = toBlock < yearEnd ? toBlock : yearEnd;
    const blocks = segmentEnd - block;
    const perBlockRateRay = schedule.perBlockRateRayForYear(year);
    const minted = (supply * (rpow(RAY + perBlockRateRay, blocks) - RAY)) / RAY;
    segments.push({ year, blocks, perBlockRateRay, mintedWei: minted });
    supply += minted;
    mintedWei += minted;
    block = segmentEnd;
  }
  return { mintedWei, segments };
}
