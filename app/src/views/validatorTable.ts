/**
 * Pure logic of the validators table (issue 17): search, sort and page candidates. No DOM here.
 */
import type { Candidate } from "../snapshot";

export type SortKey = "stake" | "share" | "commission" | "apy" | "name";
export type SortDir = "ascending" | "descending";

/** Case-insensitive match on the profile name or the operator address. */
export function filterCandidates(cs: readonly Candidate[], query: string): Candidate[] {
  const q = query.trim().toLowerCase();
  if (q === "") return cs.slice();
  return cs.filter((c) => c.name.toLowerCase().includes(q) || c.operator.toLowerCase().includes(q));
}

const cmpBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** Stable sort; share ranks as stake, APY after commission ranks inversely to commission. */
export function sortCandidates(cs: readonly Candidate[], key: SortKey, dir: SortDir): Candidate[] {
  const cmp = (a: Candidate, b: Candidate): number => {
    switch (key) {
      case "stake":
      case "share":
        return cmpBig(a.bondedWei, b.bondedWei);
      case "commission":
        return cmpBig(a.commissionWad, b.commissionWad);
      case "apy":
        return cmpBig(b.commissionWad, a.commissionWad);
      case "name":
        return a.name.localeCompare(b.name) || a.operator.localeCompare(b.operator);
    }
  };
  const sign = dir === "ascending" ? 1 : -1;
  return cs
    .map((c, i) => [c, i] as const)
    .sort(([a, i], [b, j]) => sign * cmp(a, b) || i - j)
    .map(([c]) => c);
}

/** Share of total bonded stake, as a fraction in [0, 1]. */
export function shareOfVotingPower(c: Candidate, totalBondedWei: bigint): number {
  if (totalBondedWei === 0n) return 0;
  return Number((c.bondedWei * 1_000_000n) / totalBondedWei) / 1_000_000;
}

export interface Page<T> {
  rows: T[];
  page: number;
  pages: number;
  /** e.g. "26–50 of 1,000" */
  status: string;
}

export function pageOf<T>(xs: readonly T[], page: number, perPage = 25): Page<T> {
  const pages = Math.max(1, Math.ceil(xs.length / perPage));
  const p = Math.min(Math.max(0, page), pages - 1);
  const rows = xs.slice(p * perPage, (p + 1) * perPage);
  const fmt = (n: number) => n.toLocaleString("en-US");
  const status =
    xs.length === 0
      ? "0 of 0"
      : `${fmt(p * perPage + 1)}–${fmt(p * perPage + rows.length)} of ${fmt(xs.length)}`;
  return { rows, page: p, pages, status };
}
