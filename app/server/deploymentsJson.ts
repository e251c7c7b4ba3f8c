/**
 * deployments.json, the app's list of known deployments: every deployments/<network>.json record,
 * reduced to what the browser needs (lib/deployment.ts's `Deployment`), plus the default RPC URL of
 * the read-only mode.
 */
import { DEPLOYMENTS_DIR, readAllDeployments } from "../../config/deployments";
import type { Deployment } from "../../lib/deployment";

export function deploymentsJson(rpcUrl: string, dir = DEPLOYMENTS_DIR): string {
  const deployments: Deployment[] = readAllDeployments(dir).map(({ network, chainId, contracts }) => ({
    network,
    chainId,
    contracts,
  }));
  return `${JSON.stringify({ rpcUrl, deployments }, null, 2)}\n`;
}
