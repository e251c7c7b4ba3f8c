/**
 * Amounts and fractions as people type and read them: ETM with up to 18 decimals, percent.
 * Browser-side equivalents of the CLI's parsing in tasks/lib/input.ts (kept free of Node imports).
 */

export const WEI_PER_ETM = 10n ** 18n;
export const WAD = 10n ** 18n;
export const MAX_UINT256 = 2n ** 256n - 1n;

/** A problem with what the user typed; its message is shown as is. */
export class InputError extends Error {}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** "12.5" ETM -> wei. Refuses anything but a plain decimal, more than 18 decimals, and zero. */
export function parseEtm(text: string): bigint {
  const trimmed = text.trim().replace(/[_,]/g, "");
  const match = DECIMAL.exec(trimmed);
  if (!match) throw new InputError(`"${text}" is not an amount of ETM: write a number like 100 or 12.5.`);
  const [, whole, fraction = ""] = match;
  if (fraction.length > 18) {
    throw new InputError(
      `"${text}" has ${fraction.length} decimals; ETM has 18. Round it to at most 18 decimals.`,
    );
  }
  const wei = BigInt(whole) * WEI_PER_ETM + BigInt(fraction.padEnd(18, "0"));
  if (wei === 0n) throw new InputError("the amount must be more than 0 ETM.");
  return wei;
}

/** "5" or "5%" -> wad (1e18 = 100%); at most 16 decimals, at most 100%. */
export function parsePercent(text: string): bigint {
  const match = DECIMAL.exec(text.trim().replace(/%$/, ""));
  if (!match) throw new InputError(`"${text}" is not a percentage: write e.g. 5 or 7.5 (meaning %).`);
  const [, whole, fraction = ""] = match;
  if (fraction.length > 16) throw new InputError(`"${text}" has more than 16 decimals.`);
  const wad = BigInt(whole) * 10n ** 16n + BigInt(fraction.padEnd(16, "0"));
  if (wad > WAD) throw new InputError(`"${text}" is above 100%.`);
  return wad;
}

/** wei -> "1,234.5" (at most `maxDecimals`, trailing zeros trimmed; a tiny non-zero shows as 0.0001). */
export function formatEtm(wei: bigint, maxDecimals = 4): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const whole = abs / WEI_PER_ETM;
  const rest = abs % WEI_PER_ETM;
  let fraction = rest.toString().padStart(18, "0").slice(0, maxDecimals).replace(/0+$/, "");
  if (fraction === "" && rest !== 0n && whole === 0n) fraction = `${"0".repeat(maxDecimals - 1)}1`;
  const text = `${whole.toLocaleString("en-US")}${fraction ? `.${fraction}` : ""}`;
  return negative ? `-${text}` : text;
}

/** wad -> "12.34%". */
export function formatPercent(wad: bigint, decimals = 2): string {
  if (wad === MAX_UINT256) return "∞ (nothing staked)";
  const scaled = (wad * 10n ** BigInt(decimals + 2)) / WAD;
  return `${(Number(scaled) / 10 ** decimals).toFixed(decimals)}%`;
}

/** "0x1234…abcd". */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Seconds -> "~3 min", "~2 h 5 min". */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return "now";
  if (seconds < 90) return `~${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `~${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `~${hours} h ${minutes % 60} min`;
  return `~${Math.round(hours / 24)} days`;
}
