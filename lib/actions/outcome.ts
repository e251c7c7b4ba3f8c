/** Reads what a confirmed transaction did from its receipt's events (by event and argument names). */
import type { ContractTransactionReceipt, Interface } from "ethers";

/** The named arguments of every `eventName` log in the receipt emitted by `address`. */
export function eventsIn(
  receipt: ContractTransactionReceipt,
  iface: Interface,
  address: string,
  eventName: string,
): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address.toLowerCase()) continue;
    const parsed = iface.parseLog(log);
    if (parsed?.name !== eventName) continue;
    const values: Record<string, unknown> = {};
    parsed.fragment.inputs.forEach((input, i) => (values[input.name] = parsed.args[i]));
    found.push(values);
  }
  return found;
}

/** The sum of `field` over the `eventName` logs of `account`. */
export function sumOfEvents(
  receipt: ContractTransactionReceipt,
  iface: Interface,
  address: string,
  eventName: string,
  field: string,
): bigint {
  return eventsIn(receipt, iface, address, eventName).reduce((sum, e) => sum + (e[field] as bigint), 0n);
}
