/**
 * A failed call in plain words, the same for the tasks and the dApp: the revert data found inside
 * the ethers / EIP-1193 error, decoded against every error of the system's ABIs, and written as its
 * sentence (./sentences.ts) with the hint for the action tried.
 */
import { ErrorFragment, Interface } from "ethers";
import type { InterfaceAbi } from "ethers";
import { ABIS } from "../abis";
import type { Action } from "./actions";
import { formatCall, type ErrorValues } from "./format";
import { SENTENCES } from "./sentences";

/** One interface holding every custom error of every contract (each signature once). */
export function errorInterface(abis: InterfaceAbi[] = Object.values(ABIS)): Interface {
  const bySignature = new Map<string, ErrorFragment>();
  for (const abi of abis) {
    for (const fragment of new Interface(abi).fragments) {
      if (ErrorFragment.isFragment(fragment)) bySignature.set(fragment.format("sighash"), fragment);
    }
  }
  return new Interface([...bySignature.values()]);
}

const ALL_ERRORS = errorInterface();

/** The revert data carried somewhere inside an ethers / EIP-1193 / Hardhat error. */
export function findRevertData(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === "object"; depth++) {
    const record = current as Record<string, unknown>;
    if (typeof record.data === "string" && /^0x[0-9a-f]{8}/i.test(record.data)) return record.data;
    if (record.data && typeof record.data === "object") {
      const inner = (record.data as Record<string, unknown>).data;
      if (typeof inner === "string" && /^0x[0-9a-f]{8}/i.test(inner)) return inner;
    }
    current = record.error ?? record.info ?? record.cause ?? record.payload;
  }
  return undefined;
}

export interface DecodedRevert {
  /** The custom error's name, e.g. "PositionBelowMinimum". */
  name: string;
  values: ErrorValues;
  /** The sentence: "your position at 0x… would be 0.5 ETM, below …; unstake all of it or …". */
  sentence: string;
}

/** Decodes the custom error inside `error`, or undefined when it carries none that the system knows. */
export function decodeRevert(error: unknown, action?: Action): DecodedRevert | undefined {
  const data = findRevertData(error);
  if (!data) return undefined;
  const parsed = ALL_ERRORS.parseError(data);
  if (!parsed) return undefined;
  const values: ErrorValues = {};
  parsed.fragment.inputs.forEach((input, i) => (values[input.name || `arg${i}`] = parsed.args[i]));
  const sentence = SENTENCES[parsed.name]?.(values, action) ?? formatCall(parsed.name, values);
  return { name: parsed.name, values, sentence };
}

/** "The contract refused: <sentence> (<ErrorName>)." or undefined. */
export function describeRevert(error: unknown, action?: Action): string | undefined {
  const decoded = decodeRevert(error, action);
  return decoded && `The contract refused: ${decoded.sentence} (${decoded.name}).`;
}
