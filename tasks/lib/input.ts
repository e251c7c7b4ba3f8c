/**
 * Task flags: the rules are lib/units.ts's (one behaviour with the dApp and the deploy file); here
 * each message names the flag (`--amount "1.5x" is not an amount of ETM: …`).
 */
import { requireAddress } from "../../lib/actions/checks";
import { InputError, parseEtm as parseEtmText, parsePercentToWad as parsePercentText } from "../../lib/units";

export {
  formatEtm,
  formatEtmExact,
  formatPercent,
  formatPercent as formatWadPercent,
  InputError as UserInputError,
} from "../../lib/units";

/** "12.5" ETM -> wei; `name` is the flag. */
export function parseEtm(name: string, text: string, { allowZero = false } = {}): bigint {
  return parseEtmText(text, { label: `--${name}`, allowZero });
}

/** "5" or "5%" -> wad; `name` is the flag. */
export function parsePercentToWad(name: string, text: string): bigint {
  return parsePercentText(text, { label: `--${name}` });
}

/** A checksummed address, or an error naming the flag. */
export function parseAddress(name: string, text: string | undefined): string {
  return requireAddress(`--${name}`, text);
}

/** A non-negative integer flag. */
export function parseCount(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InputError(`--${name} "${text}" is not a whole number`);
  return Number(text);
}
