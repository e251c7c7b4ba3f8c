/**
 * Where the contracts are: the server (npm start) or the static build publishes every
 * deployments/<network>.json record as ./deployments.json; the app picks the one whose chain id
 * matches the connected chain.
 */

export type { Deployment } from "../../lib/deployment";
import type { Deployment } from "../../lib/deployment";

export interface AppConfig {
  /** Default RPC URL of the read-only mode (the devnet's, under npm start). */
  rpcUrl: string;
  deployments: Deployment[];
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("./deployments.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`deployments.json could not be loaded (HTTP ${response.status})`);
  return (await response.json()) as AppConfig;
}

export function deploymentFor(config: AppConfig, chainId: number): Deployment | undefined {
  return config.deployments.find((d) => d.chainId === chainId);
}

export function describeKnown(config: AppConfig): string {
  if (config.deployments.length === 0) return "none is recorded (start the devnet with npm start)";
  return config.deployments.map((d) => `${d.network} (chain ${d.chainId})`).join(", ");
}
