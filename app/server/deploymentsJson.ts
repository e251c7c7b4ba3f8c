/**
 * deployments.json, the app's list of known deployments: every deployments/<network>.json record,
 * reduced to what the browser needs, plus the default RPC URL of the read-only mode.
 */
import fs from "node:fs";
import path from "node:path";

export const DEPLOYMENTS_DIR = path.join(__dirname, "..", "..", "deployments");

export interface PublicDeployment {
  network: string;
  chainId: number;
  contracts: Record<string, string>;
}

export function deploymentsJson(rpcUrl: string, dir = DEPLOYMENTS_DIR): string {
  const deployments: PublicDeployment[] = [];
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
  for (const file of files.sort()) {
    try {
      const record = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Partial<PublicDeployment>;
      if (typeof record.chainId !== "number" || !record.contracts) continue;
      // The in-process chain of a Hardhat command is gone when the command ends.
      if (record.network === "hardhat") continue;
      deployments.push({
        network: record.network ?? path.basename(file, ".json"),
        chainId: record.chainId,
        contracts: record.contracts,
      });
    } catch {
      // a file being rewritten or not a record: skip it
    }
  }
  return `${JSON.stringify({ rpcUrl, deployments }, null, 2)}\n`;
}
