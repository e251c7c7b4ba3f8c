/** Probabilities as the tables print them: percent when readable, scientific when tiny, `1 − x` near 1. */
export function formatProbability(p: number): string {
  if (p <= 0) return "0";
  // Within double precision's noise of 1 (the chain's sums carry ~1e-16 of rounding): certain.
  if (p >= 1 || 1 - p < 1e-12) return "1";
  if (p < 0.001) return p.toExponential(1).replace("e-", "e−");
  if (1 - p < 0.001) return `1 − ${(1 - p).toExponential(1).replace("e-", "e−")}`;
  return `${(p * 100).toFixed(p < 0.1 ? 2 : 1)}%`;
}

export function formatShare(f: number): string {
  return `${Math.round(f * 100)}%`;
}

export function formatRoundLength(blocks: number): string {
  if (blocks === 1_200) return "1 hour";
  if (blocks === 28_800) return "1 day";
  if (blocks === 201_600) return "1 week";
  return `${blocks} blocks`;
}
