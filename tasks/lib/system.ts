/**
 * What every task needs: the deployed contracts of the selected network (from
 * deployments/<network>.json), checked against the connected chain, connected to the chosen account;
 * one wrapper that turns every failure into a plain message (no stack trace); and `systemTask`,
 * which defines a task with both.
 */
import { task } from "hardhat/config";
import type { ConfigurableTaskDefinition, HardhatRuntimeEnvironment } from "hardhat/types";
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Interface } from "ethers";
import { readDeployment } from "../../scripts/lib/deployments";
import { describeRevert } from "./errors";
import { UserInputError } from "./input";

export interface ConnectedSystem {
  network: string;
  account: HardhatEthersSigner;
  token: import("../../typechain-types").ETMToken;
  pool: import("../../typechain-types").StakingPool;
  votes: import("../../typechain-types").StakeVotes;
  election: import("../../typechain-types").ValidatorElection;
  interfaces: Interface[];
}

/** Loads the deployment of the current network and connects it to `accountFlag` (or the first account). */
export async function connect(
  hre: HardhatRuntimeEnvironment,
  accountFlag?: string,
): Promise<ConnectedSystem> {
  const record = readDeployment(hre.network.name);
  const chainId = Number((await hre.ethers.provider.getNetwork()).chainId);
  if (chainId !== record.chainId) {
    throw new UserInputError(
      `wrong network: deployments/${hre.network.name}.json is for chain ${record.chainId}, but the node answers chain ${chainId}. ` +
        "Point --network at the chain the system was deployed to (or redeploy).",
    );
  }
  const signers = await hre.ethers.getSigners();
  if (signers.length === 0) {
    throw new UserInputError(
      `network "${hre.network.name}" has no account to send from: configure one (see README)`,
    );
  }
  let account = signers[0];
  if (accountFlag !== undefined) {
    const wanted = /^\d+$/.test(accountFlag)
      ? signers[Number(accountFlag)]
      : signers.find((s) => s.address.toLowerCase() === accountFlag.toLowerCase());
    if (!wanted) {
      throw new UserInputError(
        `--account "${accountFlag}" is not one of the ${signers.length} accounts of network "${hre.network.name}": give an index (0..${signers.length - 1}) or one of their addresses`,
      );
    }
    account = wanted;
  }
  for (const name of ["token", "pool", "votes", "election"]) {
    if (!record.contracts[name]) {
      throw new UserInputError(
        `deployments/${hre.network.name}.json has no "${name}" address: redeploy the system`,
      );
    }
  }
  const types = await import("../../typechain-types");
  const token = types.ETMToken__factory.connect(record.contracts.token, account);
  const pool = types.StakingPool__factory.connect(record.contracts.pool, account);
  const votes = types.StakeVotes__factory.connect(record.contracts.votes, account);
  const election = types.ValidatorElection__factory.connect(record.contracts.election, account);
  return {
    network: hre.network.name,
    account,
    token,
    pool,
    votes,
    election,
    interfaces: [token.interface, pool.interface, votes.interface, election.interface],
  };
}

/** A task's flags as Hardhat passes them; every task on the deployed system has `--account`. */
export type TaskArgs = Record<string, string | undefined> & { account?: string };

/**
 * Defines a task on the deployed system. `body` checks its flags and calls `open()` to connect as
 * `--account` (flags checked before `open()` are reported before a wrong network or account), then
 * acts; any failure is reported by `runTask`, with the contracts' errors decoded. The caller adds
 * the flags to the returned definition.
 */
export function systemTask<A extends { account?: string } = TaskArgs>(
  name: string,
  description: string,
  body: (args: A, open: () => Promise<ConnectedSystem>, hre: HardhatRuntimeEnvironment) => Promise<void>,
): ConfigurableTaskDefinition {
  return task(name, description).setAction(async (args: A, hre) => {
    let system: ConnectedSystem | undefined;
    await runTask(
      name,
      () => body(args, async () => (system = await connect(hre, args.account)), hre),
      () => system?.interfaces ?? [],
    );
  });
}

/** Refuses an address at which no validator is registered. */
export async function knownValidator(system: ConnectedSystem, validator: string): Promise<void> {
  const [status] = await system.pool.validatorInfo(validator);
  if (status === 0n) {
    throw new UserInputError(
      `unknown validator ${validator}: no validator is registered with that operator address (see etm:status)`,
    );
  }
}

/** Runs a task body; any failure becomes a HardhatPluginError with a plain message. */
export async function runTask<T>(
  name: string,
  body: () => Promise<T>,
  interfaces: () => Interface[] = () => [],
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof HardhatPluginError) throw error;
    const decoded = describeRevert(error, interfaces());
    if (decoded) throw plainError(`${name}: the contract refused: ${decoded}`);
    const message =
      error instanceof UserInputError
        ? error.message
        : ((error as { shortMessage?: string }).shortMessage ?? (error as Error).message);
    throw plainError(`${name}: ${message}`);
  }
}

/**
 * A HardhatPluginError without a stack trace: Hardhat prints the error object on headless Linux
 * (which it takes for a CI server), and users should see the message, not our call stack.
 */
export function plainError(message: string): HardhatPluginError {
  const error = new HardhatPluginError("etm", message);
  // Hardhat's errors print their captured `_stack`; keep only the message (printed just above it).
  (error as unknown as { _stack: string })._stack = "(the message above says what to fix)";
  return error;
}

/** A contract method as typechain/ethers gives it: callable, with a `staticCall` dry run. */
interface SendableMethod {
  // The arguments are checked by the typed method at each call site's declaration; here only passed on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (...args: any[]): Promise<{ hash: string; wait(): Promise<unknown> }>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  staticCall(...args: any[]): Promise<unknown>;
}

/**
 * Dry-runs `method(...args)` (so a refusal surfaces with the contract's custom error, even on a node
 * that mines later), sends it, waits for it, and prints the block, hash and gas.
 */
export async function confirm(label: string, method: SendableMethod, ...args: unknown[]): Promise<void> {
  await method.staticCall(...args);
  const tx = await method(...args);
  const receipt = (await tx.wait()) as { gasUsed: bigint; blockNumber: number } | null;
  console.log(
    `${label}: confirmed in block ${receipt?.blockNumber} (tx ${tx.hash}, gas ${receipt?.gasUsed})`,
  );
}
