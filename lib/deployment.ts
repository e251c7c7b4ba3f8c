/**
 * The deployment record, `deployments/<network>.json`: written by `npm start` (the devnet) and
 * `npm run deploy`, read by the tasks, the dApp and the tests. The one type of "the system's
 * addresses" everywhere.
 */
import { getAddress, isAddress } from "ethers";

/** The contracts of a deployment, as the record names them. */
export const CONTRACT_NAMES = [
  "token",
  "pool",
  "votes",
  "election",
  "lens",
  "evidence",
  "governor",
  "timelock",
] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];
/** Present in every deployment; governor and timelock only in a governed one; the lens (read-only
 * periphery) and the double-sign evidence contract in every deployment made since they exist. */
export const CORE_CONTRACTS = ["token", "pool", "votes", "election"] as const;

export type SystemAddresses = Record<(typeof CORE_CONTRACTS)[number], string> &
  Partial<Record<"lens" | "evidence" | "governor" | "timelock", string>>;
/** What governance proposals address: the governed contracts, the governor and its timelock. */
export type GovernedAddresses = Pick<SystemAddresses, "token" | "pool" | "election"> & {
  governor: string;
  timelock: string;
};

export interface DeploymentRecord {
  network: string;
  chainId: number;
  contracts: SystemAddresses;
  /** Contract name -> block it was deployed in. */
  blocks: Partial<Record<ContractName, number>>;
  /** The options the system was deployed with (bigints as decimal strings). */
  parameters: Record<string, unknown>;
  deployer: string;
  updatedAt: string;
  /** Set by `npm run deploy`: the Ignition deployment whose journal makes the deployment resumable. */
  ignition?: { deploymentId: string; journal: string; module: string; parametersFile: string };
}

/** What the dApp needs of a record (deployments.json carries only this). */
export type Deployment = Pick<DeploymentRecord, "network" | "chainId" | "contracts">;

/**
 * Checks a parsed record (chain id, every core address) and returns it with checksummed addresses;
 * `source` names the file in the message.
 */
export function checkDeploymentRecord(json: unknown, source: string): DeploymentRecord {
  const record = json as DeploymentRecord;
  if (!record || typeof record !== "object" || !Number.isInteger(record.chainId)) {
    throw new Error(`${source} is not a deployment record (no chain id): redeploy the system`);
  }
  const contracts: Record<string, string> = {};
  for (const name of CONTRACT_NAMES) {
    const address = record.contracts?.[name];
    if (address === undefined && !(CORE_CONTRACTS as readonly string[]).includes(name)) continue;
    if (typeof address !== "string" || !isAddress(address)) {
      throw new Error(`${source} has no valid "${name}" address: redeploy the system`);
    }
    contracts[name] = getAddress(address);
  }
  return { ...record, contracts: contracts as SystemAddresses };
}
