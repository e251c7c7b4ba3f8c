/**
 * Amounts and fractions as people type and read them — one behaviour for the tasks, the dApp, the
 * deploy parameter file and the devnet: ETM with at most 18 decimals, percent with at most 16.
 * Plain TypeScript (no Node, no Hardhat), so the dApp bundles it.
 */

export const ETM_DECIMALS = 18;
export const WEI_PER_ETM = 10n ** 18n;
/** 1e18 = 100%. */
export const WAD = 10n ** 18n;
export const MAX_UINT256 = 2n ** 256n - 1n;

/** A problem with what the user typed; its message is shown as is. */
export class InputError extends Error {}

/**
 * "1234.5", "1_234.5" and "1,234.5" (commas only between groups of three digits, so "1,5" is
 * refused rather than read as 15) -> its whole and fraction digits; undefined when not a plain
 * non-negative decimal.
 */
export function decimalDigits(text: string): { whole: string; fraction: string } | undefined {
  const trimmed = text.trim().replace(/_/g, "");
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!match) return undefined;
  return { whole: match[1].replace(/,/g, ""), fraction: match[2] ?? "" };
}

/** `label "text"` or `"text"`: how a message names what was typed. */
function quoted(text: string, label?: string): string {
  return label ? `${label} "${text}"` : `"${text}"`;
}

export interface ParseOptions {
  /** Names the input in messages, e.g. "--amount" or "minStake:". */
  label?: string;
  allowZero?: boolean;
}

/** "12.5" ETM -> wei. Refuses anything but a plain decimal, more than 18 decimals, and (unless allowed) zero. */
export function parseEtm(text: string, { label, allowZero = false }: ParseOptions = {}): bigint {
  const digits = decimalDigits(text);
  if (!digits) {
    throw new InputError(`${quoted(text, label)} is not an amount of ETM: write a number like 100 or 12.5.`);
  }
  if (digits.fraction.length > ETM_DECIMALS) {
    throw new InputError(
      `${quoted(text, label)} has ${digits.fraction.length} decimals; ETM has 18. Round it to at most 18 decimals.`,
    );
  }
  const wei = BigInt(digits.whole) * WEI_PER_ETM + BigInt(digits.fraction.padEnd(ETM_DECIMALS, "0"));
  if (wei === 0n && !allowZero) throw new InputError(`${label ?? "the amount"} must be more than 0 ETM.`);
  return wei;
}

/** "5" or "5%" percent -> wad (1e18 = 100%); at most 16 decimals (1 wei of wad), at most 100%. */
export function parsePercentToWad(text: string, { label }: { label?: string } = {}): bigint {
  const digits = decimalDigits(text.trim().replace(/%$/, ""));
  if (!digits) {
    throw new InputError(`${quoted(text, label)} is not a percentage: write e.g. 5 or 7.5 (meaning %).`);
  }
  if (digits.fraction.length > 16) throw new InputError(`${quoted(text, label)} has more than 16 decimals.`);
  const wad = BigInt(digits.whole) * 10n ** 16n + BigInt(digits.fraction.padEnd(16, "0"));
  if (wad > WAD) throw new InputError(`${quoted(text, label)} is above 100%.`);
  return wad;
}

/** wei -> "1,234.5" (at most `maxDecimals`, cut not rounded, trailing zeros trimmed; a tiny non-zero shows as 0.0001). */
export function formatEtm(wei: bigint, maxDecimals = 4): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const whole = abs / WEI_PER_ETM;
  const rest = abs % WEI_PER_ETM;
  let fraction = rest.toString().padStart(ETM_DECIMALS, "0").slice(0, maxDecimals).replace(/0+$/, "");
  if (fraction === "" && rest !== 0n && whole === 0n) fraction = `${"0".repeat(maxDecimals - 1)}1`;
  const text = `${whole.toLocaleString("en-US")}${fraction ? `.${fraction}` : ""}`;
  return negative ? `-${text}` : text;
}

/** wei -> every decimal there is ("0.000000000000000001"): for refusals and amounts paid. */
export function formatEtmExact(wei: bigint): string {
  return formatEtm(wei, ETM_DECIMALS);
}

/** wad -> "12.34%" (MAX_UINT256, the pool's "no stake" reward, as ∞). */
export function formatPercent(wad: bigint, decimals = 2): string {
  if (wad === MAX_UINT256) return "∞ (nothing staked)";
  const scaled = (wad * 10n ** BigInt(decimals + 2)) / WAD;
  return `${(Number(scaled) / 10 ** decimals).toFixed(decimals)}%`;
}

/** wad -> every decimal there is, trailing zeros trimmed: "12.5%", "0.0000000000000001%". */
export function formatPercentExact(wad: bigint): string {
  const whole = wad / 10n ** 16n;
  const fraction = (wad % 10n ** 16n).toString().padStart(16, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}%` : `${whole}%`;
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
