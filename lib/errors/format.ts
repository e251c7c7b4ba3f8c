/**
 * A custom error's values, by the names the ABI gives them, in the units people read: the unit
 * suffix of each name (`…Wei`, `…Wad`, `…Block`, `…Blocks`) decides how it is written.
 */
import { formatEtmExact, formatPercent } from "../units";

/** An error's arguments by name (the ABI's parameter names). */
export type ErrorValues = Record<string, unknown>;

export const etm = (value: unknown): string => `${formatEtmExact(value as bigint)} ETM`;
export const percent = (value: unknown): string => formatPercent(value as bigint);
export const block = (value: unknown): string => `block ${String(value)}`;
export const blocks = (value: unknown): string => `${String(value)} blocks`;
/** A count, with thousands separators: 1,000 validators. */
export const count = (value: unknown): string => BigInt(value as bigint).toLocaleString("en-US");

/** One value, written by its name's unit suffix. */
export function formatByName(name: string, value: unknown): string {
  if (typeof value !== "bigint") return String(value);
  if (/Wei$/.test(name)) return etm(value);
  if (/Wad$/.test(name)) return percent(value);
  if (/Blocks$/.test(name)) return blocks(value);
  if (/Block$/.test(name)) return block(value);
  return value.toString();
}

/** `name(a=…, b=…)` with every value in its unit: how an error without a sentence is shown. */
export function formatCall(name: string, values: ErrorValues): string {
  const parts = Object.entries(values).map(([key, value]) => `${key}=${formatByName(key, value)}`);
  return `${name}(${parts.join(", ")})`;
}
