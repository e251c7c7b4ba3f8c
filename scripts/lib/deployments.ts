/**
 * `deployments/<network>.json`: where every deployment (the devnet's included) records its chain id,
 * contract addresses, parameters and block numbers (SPEC section 7). Tasks and the dApp read it.
 */
import fs from "node:fs";
import path from "node:path";
import type { DeployedSystem } from "../deploy";

export interface DeploymentRecord {
  network: string;
  chainId: number;
  /** Contract name -> address. */
  contracts: Record<string, string>;
  /** Contract name -> block it was deployed in. */
  blocks: Record<string, number>;
  /** The options the system was deployed with (bigints as decimal strings). */
  parameters: Record<string, unknown>;
  deployer: string;
  updatedAt: string;
  /** Set by `npm run deploy`: the Ignition deployment whose journal makes the deployment resumable. */
  ignition?: { deploymentId: string; journal: string; module: string; parametersFile: string };
}

export const DEPLOYMENTS_DIR = path.join(__dirname, "..", "..", "deployments");

export function deploymentPath(network: string): string {
  return path.join(DEPLOYMENTS_DIR, `${network}.json`);
}

/** JSON with bigints written as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export function writeDeployment(record: DeploymentRecord): string {
  fs.mkdirSync(DEPLOYMENTS_DIR, { recursive: true });
  const file = deploymentPath(record.network);
  fs.writeFileSync(file, `${toJson(record)}\n`);
  return file;
}

/** Reads `deployments/<network>.json`, failing with a message that says how to create it. */
export function readDeployment(network: string): DeploymentRecord {
  const file = deploymentPath(network);
  if (!fs.existsSync(file)) {
    throw new Error(
      `No deployment recorded for network "${network}" (${path.relative(process.cwd(), file)} is missing): ` +
        (network === "localhost"
          ? "start the devnet with `npm start` first"
          : `deploy with \`npm run deploy -- --network ${network}\``),
    );
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as DeploymentRecord;
}

/** The block each contract of a system deployed in this process was deployed in (votes: the pool's). */
export async function deploymentBlocks(system: DeployedSystem): Promise<Record<string, number>> {
  const blocks: Record<string, number> = {};
  const named = {
    token: system.token,
    pool: system.pool,
    election: system.election,
    lens: system.lens,
    governor: system.governor,
    timelock: system.timelock,
  };
  for (const [name, contract] of Object.entries(named)) {
    const receipt = await contract?.deploymentTransaction()?.wait();
    if (receipt) blocks[name] = receipt.blockNumber;
  }
  if (blocks.pool !== undefined) blocks.votes = blocks.pool; // StakeVotes is created by the pool's constructor
  return blocks;
}
