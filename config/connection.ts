/**
 * A node that cannot be reached, or answers another chain id than configured, in words that name
 * the URL and the environment variable to change.
 */
import type { NetworkConfig } from "hardhat/types";

/** Which variable sets each network's URL. */
const URL_VARIABLE: Record<string, string> = {
  localhost: "ETM_DEVNET_PORT (or ETM_LOCALHOST_URL)",
  etm: "ETM_RPC_URL",
};

/** The node's chain id; a failure to reach it is an Error whose message names the URL and the variable. */
export async function reachableChainId(
  network: string,
  config: NetworkConfig,
  provider: { request(args: { method: string }): Promise<unknown> },
): Promise<number> {
  try {
    return Number(await provider.request({ method: "eth_chainId" }));
  } catch (error) {
    throw new Error(describeConnectionFailure(network, config, error));
  }
}

export function describeConnectionFailure(network: string, config: NetworkConfig, error: unknown): string {
  const url = "url" in config ? config.url : "(in process)";
  const message = (error as Error).message ?? String(error);
  const chainIds = /chain id (\d+), but connected to a chain with id (\d+)/.exec(message);
  if (chainIds) {
    const variable =
      network === "etm" ? "ETM_CHAIN_ID" : `the chainId of network "${network}" in hardhat.config.ts`;
    return `the node at ${url} is chain ${chainIds[2]}, but network "${network}" expects chain ${chainIds[1]}: set ${variable} to ${chainIds[2]} if that node is the right one, or point the URL at the right node`;
  }
  const variable = URL_VARIABLE[network] ?? `the url of network "${network}" in hardhat.config.ts`;
  const hint = network === "localhost" ? "is `npm start` running? " : "";
  return `cannot reach the node of network "${network}" at ${url}: ${hint}check that it is up, or set ${variable} to where it runs`;
}
