/**
 * What every task needs: the deployed contracts of the selected network (from
 * deployments/<network>.json), checked against the connected chain, connected to the chosen account;
 * one wrapper that turns every failure into a plain message; and `systemTask`, which defines a task
 * with both. The rules (checks, sentences, planned transactions) are lib/'s; this is the adapter.
 */
import { task } from "hardhat/config";
import type { ConfigurableTaskDefinition, HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import path from "node:path";
import { deploymentPath, readDeployment, type DeploymentRecord } from "../../config/deployments";
import type { Action } from "../../lib/errors/actions";
import type { System } from "../../lib/system";
import type { ActionContext } from "../../lib/actions/step";
import { reachableChainId } from "../../config/connection";
import { isPlainError, plainError } from "./failure";
import { UserInputError } from "./input";

export { plainError } from "./failure";

export interface ConnectedSystem extends System {
  network: string;
  account: HardhatEthersSigner;
  /** The deployment record the contracts were found in. */
  record: DeploymentRecord;
}

/** The sender and system, as lib/'s planners take them. */
export function actionContext(system: ConnectedSystem, options: { permits?: boolean } = {}): ActionContext {
  const context: ActionContext = { system, account: system.account.address };
  // The task's account signs EIP-2612 permits itself (a local key or the node's unlocked account).
  if (options.permits) context.permitSigner = system.account;
  return context;
}

/** The node's chain id; a failure to reach it names the URL and the variable that sets it. */
export async function chainIdOf(hre: HardhatRuntimeEnvironment): Promise<number> {
  try {
    return await reachableChainId(hre.network.name, hre.network.config, hre.network.provider);
  } catch (error) {
    throw new UserInputError((error as Error).message);
  }
}

/** Loads the deployment of the current network and connects it to `accountFlag` (or the first account). */
export async function connect(
  hre: HardhatRuntimeEnvironment,
  accountFlag?: string,
): Promise<ConnectedSystem> {
  const chainId = await chainIdOf(hre);
  const record = readDeployment(hre.network.name, chainId);
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
  const types = await import("../../typechain-types");
  const { contracts } = record;
  const pool = types.IStakingPool__factory.connect(contracts.pool, account);
  const election = types.ValidatorElection__factory.connect(contracts.election, account);
  await requireRecordOnChain(
    hre.network.name,
    deploymentPath(hre.network.name, chainId),
    record,
    pool,
    election,
  );
  return {
    network: hre.network.name,
    account,
    record,
    token: types.ETMToken__factory.connect(contracts.token, account),
    pool,
    votes: types.StakeVotes__factory.connect(contracts.votes, account),
    election,
    governor: contracts.governor
      ? types.ETMGovernor__factory.connect(contracts.governor, account)
      : undefined,
    timelock: contracts.timelock
      ? types.ETMTimelock__factory.connect(contracts.timelock, account)
      : undefined,
  };
}

/**
 * The record's contracts are the system on this chain: the pool names the record's token and votes
 * module, the election the record's pool. Otherwise (the node was restarted, or another deployment
 * to the same network name overwrote the record) every call would fail in a contract's words.
 */
async function requireRecordOnChain(
  network: string,
  recordFile: string,
  { contracts }: DeploymentRecord,
  pool: ConnectedSystem["pool"],
  election: ConnectedSystem["election"],
): Promise<void> {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  // A node that does not answer fails here, as itself (not as a record that does not match).
  const provider = pool.runner!.provider!;
  const [poolCode, electionCode] = await Promise.all([
    provider.getCode(contracts.pool),
    provider.getCode(contracts.election),
  ]);
  // The node answers: a call that fails now is a contract that does not know it (another system).
  const wired =
    poolCode !== "0x" &&
    electionCode !== "0x" &&
    (await Promise.all([pool.token(), pool.votes(), election.registry()]).then(
      ([token, votes, registry]) =>
        same(token, contracts.token) && same(votes, contracts.votes) && same(registry, contracts.pool),
      () => false,
    ));
  if (wired) return;
  const file = path.relative(process.cwd(), recordFile);
  const fix =
    network === "localhost"
      ? "restart the devnet (`npm start`), which records its system again"
      : `deploy again (\`npm run deploy -- --network ${network}\`) or restore the record`;
  throw new UserInputError(
    `${file} does not match the chain the node answers: its pool, token, votes and election are not one system ` +
      `there (the node was restarted, or another deployment to network "${network}" overwrote the record); ${fix}.`,
  );
}

/** A task's flags as Hardhat passes them; every task on the deployed system has `--account`. */
export type TaskArgs = Record<string, string | undefined> & { account?: string };

/**
 * Defines a task on the deployed system. `body` checks its flags and calls `open()` to connect as
 * `--account` (flags checked before `open()` are reported before a wrong network or account), then
 * acts; any failure is reported by `runTask`, with the contracts' errors in words and the hint for
 * `action`. The caller adds the flags to the returned definition.
 */
export function systemTask<A extends { account?: string } = TaskArgs>(
  name: string,
  description: string,
  body: (args: A, open: () => Promise<ConnectedSystem>, hre: HardhatRuntimeEnvironment) => Promise<void>,
  action?: Action,
): ConfigurableTaskDefinition {
  return task(name, description).setAction(async (args: A, hre) => {
    await runTask(name, () => body(args, () => connect(hre, args.account), hre), action);
  });
}

/** Runs a task body; any failure becomes a plain error: "<task>: <what to fix>". */
export async function runTask<T>(name: string, body: () => Promise<T>, action?: Action): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isPlainError(error)) throw error;
    // Loaded on failure only: the sentences read the compiled ABIs, which a fresh clone has not yet.
    const { describeRevert } = await import("../../lib/errors/decode");
    const decoded = describeRevert(error, action);
    if (decoded) throw plainError(`${name}: ${decoded}`);
    const message =
      error instanceof UserInputError
        ? error.message
        : ((error as { shortMessage?: string }).shortMessage ?? (error as Error).message);
    throw plainError(`${name}: ${message}`);
  }
}
