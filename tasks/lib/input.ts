/**
 * Checking what users type into tasks: amounts in ETM with decimals, fractions in percent,
 * addresses. Each failure names the problem and the fix.
 */
import { getAddress, isAddress } from "ethers";

export class UserInputError extends Error {}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** "12.5" ETM -> wei. Refuses negatives, zero (unless allowed), and more than 18 decimals. */
export function parseEtm(name: string, text: string, { allowZero = false } = {}): bigint {
  const trimmed = text.trim().replace(/_/g, "");
  const match = DECIMAL.exec(trimmed);
  if (!match) {
    throw new UserInputError(`--${name} "${text}" is not an amount of ETM: write a number like 100 or 12.5`);
  }
  const [, whole, fraction = ""] = match;
  if (fraction.length > 18) {
    throw new UserInputError(
      `--${name} "${text}" has ${fraction.length} decimals; ETM has 18: round it to at most 18 decimals`,
    );
  }
  const wei = BigInt(whole) * 10n ** 18n + BigInt(fraction.padEnd(18, "0") || "0");
  if (wei === 0n && !allowZero) throw new UserInputError(`--${name} must be more than 0 ETM`);
  return wei;
}

/** "5" or "5%" percent -> wad (1e18 = 100%). At most 16 decimals (1 wei of wad). */
export function parsePercentToWad(name: string, text: string): bigint {
  const trimmed = text.trim().replace(/%$/, "");
  const match = DECIMAL.exec(trimmed);
  if (!match)
    throw new UserInputError(`--${name} "${text}" is not a percentage: write e.g. 5 or 7.5 (meaning %)`);
  const [, whole, fraction = ""] = match;
  if (fraction.length > 16) throw new UserInputError(`--${name} "${text}" has more than 16 decimals`);
  const wad = BigInt(whole) * 10n ** 16n + BigInt(fraction.padEnd(16, "0") || "0");
  if (wad > 10n ** 18n) throw new UserInputError(`--${name} "${text}" is above 100%`);
  return wad;
}

/** A checksummed address, or an error naming the flag. */
export function parseAddress(name: string, text: string | undefined): string {
  if (!text)
    throw new UserInputError(`--${name} is required: give an address (0x followed by 40 hex digits)`);
  if (!isAddress(text))
    throw new UserInputError(`--${name} "${text}" is not an address (0x followed by 40 hex digits)`);
  return getAddress(text);
}

/** A non-negative integer flag. */
export function parseCount(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UserInputError(`--${name} "${text}" is not a whole number`);
  return Number(text);
}

/** wei -> "12.5" (trailing zeros trimmed). */
export function formatEtm(wei: bigint, maxDecimals = 4): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const whole = abs / 10n ** 18n;
  let fraction = (abs % 10n ** 18n).toString().padStart(18, "0").slice(0, maxDecimals).replace(/0+$/, "");
  if (fraction === "" && abs % 10n ** 18n !== 0n && whole === 0n)
    fraction = `${"0".repeat(maxDecimals - 1)}1`;
  const text = `${whole.toLocaleString("en-US")}${fraction ? `.${fraction}` : ""}`;
  return negative ? `-${text}` : text;
}

/** wad -> "12.34%". */
export function formatWadPercent(wad: bigint, decimals = 2): string {
  if (wad === 2n ** 256n - 1n) return "∞ (nothing staked)";
  const basis = (wad * 10n ** BigInt(decimals + 2)) / 10n ** 18n;
  const text = (Number(basis) / 10 ** decimals).toFixed(decimals);
  return `${text}%`;
}
