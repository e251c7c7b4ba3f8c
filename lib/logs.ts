/**
 * Event queries split into windows of blocks: Besu answers eth_getLogs for at most
 * `--rpc-max-logs-range` blocks at a time (5,000 by default), so a query over a long-lived chain must
 * be cut into pieces. Importing this module has no side effects.
 */
import type { BaseContract, ContractEventName, EventLog, Log } from "ethers";

import { LOGS_WINDOW_BLOCKS } from "./constants";

export { LOGS_WINDOW_BLOCKS } from "./constants";

/** `contract.queryFilter(event, from, to)` in windows of `window` blocks, oldest first. */
export async function queryInWindows(
  contract: BaseContract,
  event: ContractEventName,
  fromBlock: number,
  toBlock: number,
  window = LOGS_WINDOW_BLOCKS,
): Promise<(EventLog | Log)[]> {
  const logs: (EventLog | Log)[] = [];
  for (let start = fromBlock; start <= toBlock; start += window) {
    logs.push(...(await contract.queryFilter(event, start, Math.min(toBlock, start + window - 1))));
  }
  return logs;
}
