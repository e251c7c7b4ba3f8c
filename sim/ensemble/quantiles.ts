/** Bands across paths: quantiles (linear interpolation between order statistics) and the mean. */

export const BAND_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** The q-quantile of sorted values (type 7: `h = (n - 1)·q`, interpolated). NaN when empty. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const low = Math.floor(h);
  const high = Math.min(n - 1, low + 1);
  return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
}

export interface Band {
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  mean: number;
  /** Paths with a defined value (NaN ones, e.g. no stake, are left out). */
  count: number;
}

/** Bands per row of `values` (paths × rows, path-major). */
export function bandsOf(values: Float64Array, paths: number, rows: number): Band[] {
  const bands: Band[] = [];
  const column = new Float64Array(paths);
  for (let r = 0; r < rows; r++) {
    let count = 0;
    let sum = 0;
    for (let p = 0; p < paths; p++) {
      const value = values[p * rows + r];
      if (Number.isNaN(value)) continue;
      column[count++] = value;
      sum += value;
    }
    const sorted = column.subarray(0, count).sort();
    const [p05, p25, p50, p75, p95] = BAND_QUANTILES.map((q) => quantileOfSorted(sorted, q));
    bands.push({ p05, p25, p50, p75, p95, mean: count > 0 ? sum / count : NaN, count });
  }
  return bands;
}
