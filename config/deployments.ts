/**
 * `deployments/<network>.json` on disk: where every deployment (the devnet's included) records its
 * chain id, contract addresses, parameters and block numbers. The record's type and its check are
 * lib/deployment.ts's; this module reads and writes the files (Node only).
 */
import fs from "node:fs";
import path from "node:path";
import { DEVNET_CHAIN_ID } from "../lib/constants";
import { checkDeploymentRecord, type DeploymentRecord, type SystemAddresses } from "../lib/deployment";

export type { DeploymentRecord } from "../lib/deployment";

export const DEPLOYMENTS_DIR = path.join(__dirname, "..", "deployments");
/**
 * Where a try on a local node through a real network's name (`--network etm` against the devnet's
 * chain id) is recorded: apart from the real network's committed record, and ignored by git.
 */
export const LOCAL_TRIES_DIR = path.join(DEPLOYMENTS_DIR, "local");

/** A deployment of `network` on the devnet's chain id that is not the devnet itself is a local try. */
export function isLocalTry(network: string, chainId: number | undefined): boolean {
  return chainId === DEVNET_CHAIN_ID && network !== "localhost" && network !== "hardhat";
}

/** The record of `network`; with the chain id, a local try's own file. */
export function deploymentPath(network: string, chainId?: number): string {
  return path.join(isLocalTry(network, chainId) ? LOCAL_TRIES_DIR : DEPLOYMENTS_DIR, `${network}.json`);
}

/** JSON with bigints written as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export function writeDeployment(record: DeploymentRecord): string {
  const file = deploymentPath(record.network, record.chainId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${toJson(record)}\n`);
  return file;
}

/**
 * Reads and checks `deployments/<network>.json` (a local try's own file when the node has the
 * devnet's chain id), failing with a message that says how to create it.
 */
export function readDeployment(network: string, chainId?: number): DeploymentRecord {
  const file = deploymentPath(network, chainId);
  const shown = path.relative(process.cwd(), file);
  if (!fs.existsSync(file)) {
    throw new Error(
      `No deployment recorded for network "${network}" (${shown} is missing): ` +
        (network === "localhost"
          ? "start the devnet with `npm start` first"
          : `deploy with \`npm run deploy -- --network ${network}\``),
    );
  }
  return checkDeploymentRecord(JSON.parse(fs.readFileSync(file, "utf8")), shown);
}

/** Every record in `dir` (unreadable files and records of the in-process `hardhat` chain skipped). */
export function readAllDeployments(dir = DEPLOYMENTS_DIR): DeploymentRecord[] {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
  const records: DeploymentRecord[] = [];
  for (const file of files.sort()) {
    try {
      const record = checkDeploymentRecord(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")), file);
      // The in-process chain of a Hardhat command is gone when the command ends.
      if (record.network === "hardhat") continue;
      records.push({ ...record, network: record.network ?? path.basename(file, ".json") });
    } catch {
      // a file being rewritten or not a record: skip it
    }
  }
  return records;
}

/**
 * A contract deployed in this process (ethers' BaseContract), or absent. A proxy connected at its
 * address has no deployment transaction of its own here: its block is the one its `Initialized`
 * event was emitted in (the proxy is initialized in its constructor).
 */
type Deployed =
  | {
      deploymentTransaction(): { wait(): Promise<{ blockNumber: number } | null> } | null;
      queryFilter?(event: string): Promise<{ blockNumber: number }[]>;
    }
  | undefined;

const RECORDED = ["token", "pool", "election", "lens", "evidence", "governor", "timelock"] as const;

type Addressed = { getAddress(): Promise<string> };

/** The addresses of a system deployed in this process, as the record names them (governor and timelock: both or neither). */
export async function deploymentAddresses(
  system: Record<"token" | "pool" | "votes" | "election" | "lens", Addressed> &
    Partial<Record<"evidence" | "governor" | "timelock", Addressed>>,
): Promise<SystemAddresses> {
  return {
    token: await system.token.getAddress(),
    pool: await system.pool.getAddress(),
    votes: await system.votes.getAddress(),
    election: await system.election.getAddress(),
    lens: await system.lens.getAddress(),
    ...(system.evidence ? { evidence: await system.evidence.getAddress() } : {}),
    ...(system.governor && system.timelock
      ? { governor: await system.governor.getAddress(), timelock: await system.timelock.getAddress() }
      : {}),
  };
}

/** The block each contract of a system deployed in this process was deployed in (votes: the pool's). */
export async function deploymentBlocks(
  system: Partial<Record<(typeof RECORDED)[number], Deployed>>,
): Promise<DeploymentRecord["blocks"]> {
  const blocks: DeploymentRecord["blocks"] = {};
  for (const name of RECORDED) {
    const contract = system[name];
    const receipt = await contract?.deploymentTransaction()?.wait();
    if (receipt) blocks[name] = receipt.blockNumber;
    else if (contract?.queryFilter) {
      const [initialized] = await contract.queryFilter("Initialized").catch(() => []);
      if (initialized) blocks[name] = initialized.blockNumber;
    }
  }
  if (blocks.pool !== undefined) blocks.votes = blocks.pool; // the pool's initializer creates StakeVotes
  return blocks;
}
