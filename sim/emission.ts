/**
 * The emission of SPEC §2 in floating point, as the simulator uses it. Blocks are counted from the
 * first block of year 0 (the pool's `startBlock()`); amounts are ETM (not wei); rates are fractions
 * (0.1 = 10%). The exact integer path the contracts follow is in `exactEmission.ts`.
 */

/** Blocks per year: one block every 3 s (`20 * 60 * 24 * 365`). */
export const BLOCKS_PER_YEAR = 20 * 60 * 24 * 365;
/** Blocks per election round (one day), the default interval between agents' decisions. */
export const BLOCKS_PER_ROUND = 28_800;

/** An annual inflation rate set for a year; later years without a rate keep the last one set. */
export interface YearRate {
  year: number;
  annualRate: number;
}

/** Annual rates by year. Year 0 must be set; a year with no rate uses the last rate set before it. */
export class InflationSchedule {
  private readonly rates: YearRate[];

  constructor(rates: readonly YearRate[]) {
    this.rates = [...rates].sort((a, b) => a.year - b.year);
    if (this.rates.length === 0 || this.rates[0].year !== 0) {
      throw new RangeError("the inflation schedule must set a rate for year 0");
    }
  }

  annualRateForYear(year: number): number {
    let rate = this.rates[0].annualRate;
    for (const entry of this.rates) {
      if (entry.year > year) break;
      rate = entry.annualRate;
    }
    return rate;
  }

  annualRateAtBlock(block: number): number {
    return this.annualRateForYear(yearOfBlock(block));
  }
}

export function yearOfBlock(block: number): number {
  return Math.floor(block / BLOCKS_PER_YEAR);
}

/** `i_n = ln(1 + i) / n`: the per-block rate that compounds to `i` over a year (up to 4e-10). */
export function perBlockRate(annualRate: number): number {
  return Math.log1p(annualRate) / BLOCKS_PER_YEAR;
}

/** A stretch of blocks `[fromBlock, toBlock)` inside one year, minted at one per-block rate. */
export interface EmissionSegment {
  fromBlock: number;
  toBlock: number;
  year: number;
  perBlockRate: number;
}

/** Splits `[fromBlock, toBlock)` at year boundaries. */
export function emissionSegments(
  schedule: InflationSchedule,
  fromBlock: number,
  toBlock: number,
): EmissionSegment[] {
  const segments: EmissionSegment[] = [];
  let block = fromBlock;
  while (block < toBlock) {
    const year = yearOfBlock(block);
    const yearEnd = Math.min(toBlock, (year + 1) * BLOCKS_PER_YEAR);
    segments.push({
      fromBlock: block,
      toBlock: yearEnd,
      year,
      perBlockRate: perBlockRate(schedule.annualRateForYear(year)),
    });
    block = yearEnd;
  }
  return segments;
}

/**
 * ETM minted over `[fromBlock, toBlock)` starting from `supplyEtm`, in closed form: the supply
 * compounds `B -> B * (1 + i_n)^k` in each year's segment. Equal to minting `B_n * i_n` block by block.
 */
export function mintedEtmOver(
  schedule: InflationSchedule,
  supplyEtm: number,
  fromBlock: number,
  toBlock: number,
): number {
  let logGrowth = 0;
  for (const segment of emissionSegments(schedule, fromBlock, toBlock)) {
    logGrowth += (segment.toBlock - segment.fromBlock) * Math.log1p(segment.perBlockRate);
  }
  return supplyEtm * Math.expm1(logGrowth);
}

/**
 * Reward per staked token and block, `r_n = B * i_n * (1 - delta) / S`, before commission.
 * `Infinity` while nothing is staked (the first staker would take the whole stakers' share).
 */
export function marginalRewardPerTokenPerBlock(
  annualRate: number,
  supplyEtm: number,
  stakedEtm: number,
  delta: number,
): number {
  if (stakedEtm <= 0) return Infinity;
  return (supplyEtm * perBlockRate(annualRate) * (1 - delta)) / stakedEtm;
}

/**
 * The seed paper's APY estimate, `(1 + i)^((1 - delta) * (1 - commission) * B / S) - 1`: what a
 * staked token earns in a year if `B/S` stays where it is now. An estimate, not a promise.
 */
export function estimatedApy(
  annualRate: number,
  supplyEtm: number,
  stakedEtm: number,
  delta: number,
  commission = 0,
): number {
  if (stakedEtm <= 0) return Infinity;
  const exponent = ((1 - delta) * (1 - commission) * supplyEtm) / stakedEtm;
  return Math.expm1(exponent * Math.log1p(annualRate));
}

/** Annualises a reward per token earned over `blocks` blocks, compounding every block. */
export function annualiseRewardPerToken(rewardPerToken: number, blocks: number): number {
  return Math.expm1((rewardPerToken * BLOCKS_PER_YEAR) / blocks);
}
