/**
 * `deployNetwork(hre, options)`: the body of `npm run deploy` (task `etm:deploy`, tasks/deploy.ts).
 *
 * 1. checks the parameter file (every problem at once, naming the field and the fix);
 * 2. refuses the in-process `hardhat` network unless `allowInProcess` (its chain dies with the process);
 * 3. runs the Ignition modules of ignition/modules/ETMSystem.ts under a stable deployment id
 *    (`etm-<network>-<chainId>`), journaled in ignition/deployments/<id>/: when a run stops half-way
 *    (RPC down, out of gas, Ctrl-C), running the same command again resumes from the journal, sending
 *    only what is missing and never redeploying a contract that exists;
 * 4. checks the wiring on chain, writes deployments/<network>.json (chain id, addresses, block numbers,
 *    parameters, deployer, the Ignition deployment id) and returns a printable summary.
 *
 * Importing this module has no side effects; it needs the Hardhat runtime passed in.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { deploy, listTransactions, wipe, type EIP1193Provider } from "@nomicfoundation/ignition-core";
import {
  HardhatArtifactResolver,
  PrettyEventHandler,
  errorDeploymentResultToExceptionMessage,
} from "@nomicfoundation/hardhat-ignition/helpers";
import type { SystemOptions } from "./deploy";
import {
  ETMSystemGovernedModule,
  ETMSystemHandOverModule,
  ETMSystemModule,
} from "../ignition/modules/ETMSystem";
import {
  checkDeployParameters,
  describeOptions,
  ignitionModuleName,
  needsHandOver,
  readParameterFile,
  toIgnitionParameters,
} from "./lib/deployParameters";
import { reachableChainId } from "../config/connection";
import { isLocalTry, writeDeployment, type DeploymentRecord } from "../config/deployments";
import { plainProgress } from "./lib/plainProgress";
import { CompactArtifactResolver } from "./lib/compactArtifactResolver";
import type { SystemAddresses } from "../lib/deployment";
import { roundStartBlock } from "../lib/roundGrid";

export interface DeployNetworkOptions {
  /** Path of the parameter file (JSON). */
  parameters: string;
  /** Override of the Ignition deployment id (default `etm-<network>-<chainId>`). */
  deploymentId?: string;
  /** Override of the journal directory (default ignition/deployments/<deploymentId>). */
  deploymentDir?: string;
  /** Deletes the journal first and deploys everything afresh. */
  reset?: boolean;
  /** Allows the in-process `hardhat` network (its chain is gone when the process exits). */
  allowInProcess?: boolean;
  /** Confirmations Ignition waits for per transaction (QBFT blocks are final: 1). */
  confirmations?: number;
  /** Ignition's progress display. */
  displayUi?: boolean;
  /** Provider override (tests inject failures through it). */
  provider?: EIP1193Provider;
}

export interface DeployNetworkResult {
  record: DeploymentRecord;
  file: string;
  deploymentId: string;
  deploymentDir: string;
  /** Transactions this run sent, by Ignition future (e.g. "ETMSystem#ETMToken"). */
  sentNow: string[];
  /** Transactions found in the journal from earlier runs, not sent again. */
  reused: string[];
  /** Transactions an interrupted run sent and this run waited for (in neither list above). */
  confirmedNow: string[];
  summary: string;
}

/** Contract name in deployments/<network>.json -> Ignition future id. */
const FUTURES = {
  token: "ETMSystem#ETMToken",
  pool: "ETMSystem#StakingPool",
  votes: "ETMSystem#StakeVotes",
  election: "ETMSystem#ValidatorElection",
  lens: "ETMSystem#StakingLens",
  evidence: "ETMSystem#DoubleSignEvidence",
} as const;
/** With governance, also these. */
const GOVERNANCE_FUTURES = {
  governor: "ETMSystemGoverned#ETMGovernor",
  timelock: "ETMSystemGoverned#ETMTimelock",
} as const;
const MODULES = {
  ETMSystem: ETMSystemModule,
  ETMSystemHandOver: ETMSystemHandOverModule,
  ETMSystemGoverned: ETMSystemGovernedModule,
} as const;

export class DeployError extends Error {}

async function journalTransactions(dir: string, hre: HardhatRuntimeEnvironment) {
  if (!fs.existsSync(path.join(dir, "journal.jsonl"))) return [];
  return listTransactions(dir, new HardhatArtifactResolver(hre));
}

/** Ignition's default: how often it asks a real network for a new block while waiting for receipts. */
const POLLING_INTERVAL_MS = 1_000;
/** On a chain that mines each transaction as it arrives (Hardhat's automine) a receipt is there at once. */
const AUTOMINE_POLLING_INTERVAL_MS = 50;

/**
 * Ignition waits at least one polling interval after each batch of transactions it sends: a second
 * is right on a real network, where blocks come every 3 s, but on an automining chain (the in-process
 * network of the tests) the receipts are there at once and the second is pure wait.
 */
async function blockPollingIntervalMs(provider: EIP1193Provider): Promise<number> {
  const automine = await provider.request({ method: "hardhat_getAutomine" }).catch(() => false);
  return automine === true ? AUTOMINE_POLLING_INTERVAL_MS : POLLING_INTERVAL_MS;
}

export async function deployNetwork(
  hre: HardhatRuntimeEnvironment,
  options: DeployNetworkOptions,
): Promise<DeployNetworkResult> {
  const network = hre.network.name;
  if (network === "hardhat" && !options.allowInProcess) {
    throw new DeployError(
      "--network hardhat is the in-process chain, gone when this command exits: deploy to a real network " +
        "(--network etm), to a local node (--network localhost, e.g. the one `npm start` runs), " +
        "or pass --allow-in-process to try the deployment anyway",
    );
  }
  // The file first: its problems are reported before anything touches the network (the deployer,
  // which only fills defaults, is a placeholder here).
  const raw = readParameterFile(options.parameters);
  checkDeployParameters(raw, "0x0000000000000000000000000000000000000001", options.parameters);

  const provider = options.provider ?? (hre.network.provider as EIP1193Provider);
  let chainId: number;
  try {
    chainId = await reachableChainId(network, hre.network.config, provider);
  } catch (error) {
    throw new DeployError((error as Error).message);
  }
  const signers = await hre.ethers.getSigners();
  const deployer = signers[0];
  if (!deployer) {
    throw new DeployError(
      `network "${network}" has no account to deploy from: set ETM_DEPLOYER_KEY (for --network etm) or configure accounts`,
    );
  }
  const system: SystemOptions = checkDeployParameters(raw, deployer.address, options.parameters);
  const deploymentId = options.deploymentId ?? `etm-${network}-${chainId}`;
  let deploymentDir = options.deploymentDir;
  if (deploymentDir === undefined) {
    if (network === "hardhat") {
      // The in-process chain lives as long as this process: keep its journal no longer than that.
      const { instanceId } = (await provider.request({ method: "hardhat_metadata" })) as {
        instanceId: string;
      };
      deploymentDir = path.join(os.tmpdir(), `etm-ignition-${instanceId}`, deploymentId);
    } else {
      // A try on a local node through a real network's name is journaled apart (and ignored by git).
      const local = isLocalTry(network, chainId) ? "local" : "";
      deploymentDir = path.join(hre.config.paths.ignition, "deployments", local, deploymentId);
    }
  }
  if (options.reset) fs.rmSync(deploymentDir, { recursive: true, force: true });
  await checkJournalMatchesChain(deploymentDir, provider, network);
  await recoverLostSends(hre, deploymentDir, provider, deployer.address, deploymentId, network);

  const before = await journalTransactions(deploymentDir, hre);
  const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  const module = MODULES[ignitionModuleName(system, deployer.address)];
  const result = await deploy({
    config: {
      requiredConfirmations: options.confirmations ?? 1,
      blockPollingInterval: await blockPollingIntervalMs(provider),
    },
    provider,
    executionEventListener: options.displayUi
      ? process.stdout.isTTY
        ? new PrettyEventHandler()
        : plainProgress()
      : undefined,
    artifactResolver: new CompactArtifactResolver(hre),
    deploymentDir,
    ignitionModule: module,
    deploymentParameters: toIgnitionParameters(system, deployer.address),
    accounts,
    defaultSender: deployer.address,
  });
  if (result.type !== "SUCCESSFUL_DEPLOYMENT") {
    const journal = path.relative(process.cwd(), deploymentDir);
    const hint =
      result.type === "RECONCILIATION_ERROR"
        ? `The journal ${journal} holds a deployment made with other parameters or contracts. ` +
          "Restore the parameter file it was made with to resume it, or pass --reset to deploy a new system."
        : result.type === "PREVIOUS_RUN_ERROR"
          ? `A transaction of an earlier run failed on chain (journal ${journal}). Fix the cause, then ` +
            `\`npx hardhat ignition wipe ${deploymentId} <future id> --network ${network}\` to retry that step, or --reset to start over.`
          : `What succeeded is recorded in the journal ${journal}; fix the cause and run the same command ` +
            "again to resume (nothing already deployed is deployed again).";
    throw new DeployError(`${errorDeploymentResultToExceptionMessage(result)}\n${hint}`);
  }
  const after = await journalTransactions(deploymentDir, hre);
  const seen = new Set(before.map((tx) => tx.txHash));
  const label = (tx: { name?: string; type: string }) => tx.name ?? tx.type;
  const sentNow = after.filter((tx) => !seen.has(tx.txHash)).map(label);
  const reused = before.filter((tx) => tx.status === "SUCCESS").map(label);
  // Sent by an interrupted run, not yet confirmed then: this run waited for it (not sent again).
  const confirmedNow = before.filter((tx) => tx.status !== "SUCCESS").map(label);

  const contracts: Record<string, string> = {};
  for (const [name, future] of Object.entries({
    ...FUTURES,
    ...(system.governance ? GOVERNANCE_FUTURES : {}),
  })) {
    const deployed = result.contracts[future];
    if (!deployed) throw new DeployError(`Ignition reported no address for ${future}`);
    contracts[name] = deployed.address;
  }
  const blocks: Record<string, number> = {};
  for (const tx of after) {
    if (tx.type !== "DEPLOYMENT_EXECUTION_STATE" || tx.status !== "SUCCESS" || !tx.address) continue;
    const name = Object.keys(contracts).find((n) => contracts[n].toLowerCase() === tx.address!.toLowerCase());
    if (!name) continue;
    const receipt = await hre.ethers.provider.getTransactionReceipt(tx.txHash);
    if (receipt) blocks[name] = receipt.blockNumber;
  }
  // StakeVotes is created by the pool's constructor, in the pool's block.
  if (blocks.pool !== undefined) blocks.votes = blocks.pool;

  // Nothing is granted before the first contract exists: read role events from there.
  const deployedIn = Object.values(blocks);
  await checkWiring(
    hre,
    contracts,
    system,
    deployer.address,
    deployedIn.length > 0 ? Math.min(...deployedIn) : 0,
  );
  // Under governance the timelock is the admin and the treasury (the deployer only wired them).
  const recorded: SystemOptions = system.governance
    ? { ...system, admin: contracts.timelock, treasury: contracts.timelock }
    : system;

  const record: DeploymentRecord = {
    network,
    chainId,
    contracts: contracts as SystemAddresses,
    blocks,
    parameters: { ...recorded, readable: describeOptions(recorded) } as unknown as Record<string, unknown>,
    deployer: deployer.address,
    updatedAt: new Date().toISOString(),
    ignition: {
      deploymentId,
      journal: path.relative(process.cwd(), deploymentDir) || deploymentDir,
      module: module.id,
      parametersFile: options.parameters,
    },
  };
  const file = writeDeployment(record);
  const summary = formatSummary(record, file, { sentNow, reused, confirmedNow }, recorded, deployer.address);
  return { record, file, deploymentId, deploymentDir, sentNow, reused, confirmedNow, summary };
}

/** A journal for a chain that was reset (a restarted local node) cannot be resumed: say so. */
async function checkJournalMatchesChain(dir: string, provider: EIP1193Provider, network: string) {
  const file = path.join(dir, "deployed_addresses.json");
  if (!fs.existsSync(file)) return;
  const addresses = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  for (const [future, address] of Object.entries(addresses)) {
    const code = (await provider.request({ method: "eth_getCode", params: [address, "latest"] })) as string;
    if (code === "0x") {
      throw new DeployError(
        `the journal ${path.relative(process.cwd(), dir)} records ${future} at ${address}, but network "${network}" ` +
          "has no contract there (was the node reset?). Pass --reset to forget that journal and deploy afresh.",
      );
    }
  }
}

/**
 * A run that died while sending (RPC error, Ctrl-C) leaves a step with a nonce and no transaction;
 * Ignition then refuses to resume (IGN411) because the transaction may or may not have reached the
 * node. If the chain's pending nonce of the deployer is still at or below that nonce, it did not:
 * wipe that step so this run sends it again. Otherwise say exactly how to record the transaction.
 */
async function recoverLostSends(
  hre: HardhatRuntimeEnvironment,
  dir: string,
  provider: EIP1193Provider,
  deployer: string,
  deploymentId: string,
  network: string,
) {
  const file = path.join(dir, "journal.jsonl");
  if (!fs.existsSync(file)) return;
  const pendingSends = new Map<string, { futureId: string; nonce: number }>();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const message = JSON.parse(line) as {
      type?: string;
      futureId?: string;
      networkInteractionId?: number;
      nonce?: number;
    };
    const key = `${message.futureId}/${message.networkInteractionId}`;
    if (
      message.type === "TRANSACTION_PREPARE_SEND" &&
      message.futureId !== undefined &&
      message.nonce !== undefined
    )
      pendingSends.set(key, { futureId: message.futureId, nonce: message.nonce });
    else if (message.type === "TRANSACTION_SEND") pendingSends.delete(key);
    else if (message.type === "WIPE_APPLY")
      for (const [k, v] of pendingSends) if (v.futureId === message.futureId) pendingSends.delete(k);
  }
  if (pendingSends.size === 0) return;
  const chainNonce = Number(
    await provider.request({ method: "eth_getTransactionCount", params: [deployer, "pending"] }),
  );
  for (const { futureId, nonce } of pendingSends.values()) {
    if (chainNonce <= nonce) {
      console.log(`${futureId}: its transaction (nonce ${nonce}) never reached the chain; sending it again`);
      await wipe(dir, new HardhatArtifactResolver(hre), futureId);
    } else {
      throw new DeployError(
        `the last run failed while sending ${futureId} (nonce ${nonce} of ${deployer}) and the chain has used that nonce since. ` +
          `Find that transaction's hash in a block explorer, record it with \`npx hardhat ignition track-tx <hash> ${deploymentId} --network ${network}\`, then run again.`,
      );
    }
  }
}

/** Reads back what deploySystem guarantees; a mismatch is an error, not a warning. */
async function checkWiring(
  hre: HardhatRuntimeEnvironment,
  contracts: Record<string, string>,
  system: SystemOptions,
  deployer: string,
  fromBlock: number,
) {
  const { ETMToken__factory, IStakingPool__factory } = await import("../typechain-types");
  const token = ETMToken__factory.connect(contracts.token, hre.ethers.provider);
  const pool = IStakingPool__factory.connect(contracts.pool, hre.ethers.provider);
  const problems: string[] = [];
  if ((await token.minter()).toLowerCase() !== contracts.pool.toLowerCase())
    problems.push("the token's minter is not the pool");
  if ((await pool.votes()).toLowerCase() !== contracts.votes.toLowerCase())
    problems.push("pool.votes() is not the recorded StakeVotes");
  for (const role of ["JAILER_ROLE", "COLLECTOR_ROLE"] as const) {
    if (!(await pool.hasRole(await pool[role](), contracts.election)))
      problems.push(`the election lacks the pool's ${role}`);
  }
  const grid = await pool.roundGrid();
  if (grid[1] === 0n)
    problems.push("the pool has not received the election's round grid (election.publishRoundGrid())");
  else {
    const { IValidatorElection__factory } = await import("../typechain-types");
    const election = IValidatorElection__factory.connect(contracts.election, hre.ethers.provider);
    const block = BigInt(await hre.ethers.provider.getBlockNumber());
    const [, electionStart] = await election.roundInfo({ blockTag: block });
    const poolStart = roundStartBlock(grid, block);
    if (poolStart !== electionStart)
      problems.push(
        `the pool's round grid starts this round at block ${poolStart}, the election at ${electionStart} ` +
          "(election.publishRoundGrid())",
      );
  }
  const { StakingLens__factory } = await import("../typechain-types");
  const lens = StakingLens__factory.connect(contracts.lens, hre.ethers.provider);
  const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (
    !sameAddress(await lens.pool(), contracts.pool) ||
    !sameAddress(await lens.election(), contracts.election)
  )
    problems.push("the lens reads another pool or election than the recorded ones");
  const { DoubleSignEvidence__factory } = await import("../typechain-types");
  const evidence = DoubleSignEvidence__factory.connect(contracts.evidence, hre.ethers.provider);
  if (
    !sameAddress(await evidence.pool(), contracts.pool) ||
    !sameAddress(await evidence.election(), contracts.election)
  )
    problems.push("the evidence contract slashes on another pool or election than the recorded ones");
  if (!(await pool.hasRole(await pool.SLASHER_ROLE(), contracts.evidence)))
    problems.push("the evidence contract lacks the pool's SLASHER_ROLE");
  if (system.governance) {
    const { governedHoldingProblems, inventoryRoles } = await import("./lib/roles");
    const report = await inventoryRoles(
      hre.ethers.provider,
      contracts as unknown as import("./lib/roles").SystemAddresses,
      fromBlock,
    );
    problems.push(...governedHoldingProblems(report));
    const { ETMGovernor__factory, ValidatorElection__factory } = await import("../typechain-types");
    const governor = ETMGovernor__factory.connect(contracts.governor, hre.ethers.provider);
    const election = ValidatorElection__factory.connect(contracts.election, hre.ethers.provider);
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    if (!same(await pool.treasury(), contracts.timelock))
      problems.push("the pool's treasury is not the timelock");
    if (!same(await election.treasury(), contracts.timelock))
      problems.push("the election's treasury is not the timelock");
    if (!same(await governor.timelock(), contracts.timelock))
      problems.push("the governor's timelock is not the timelock");
    if (!same(await governor.token(), contracts.votes))
      problems.push("the governor's votes are not StakeVotes");
  }
  for (const role of system.governance
    ? []
    : (["DEFAULT_ADMIN_ROLE", "PARAMETER_ROLE", "SLASHER_ROLE"] as const)) {
    const id = await pool[role]();
    if (!(await pool.hasRole(id, system.admin)))
      problems.push(`admin ${system.admin} lacks the pool's ${role}`);
    if (needsHandOver(system, deployer) && (await pool.hasRole(id, deployer)))
      problems.push(`the deployer still holds the pool's ${role}`);
  }
  if (problems.length > 0) throw new DeployError(`the deployed system is miswired: ${problems.join("; ")}`);
}

function formatSummary(
  record: DeploymentRecord,
  file: string,
  { sentNow, reused, confirmedNow }: { sentNow: string[]; reused: string[]; confirmedNow: string[] },
  system: SystemOptions,
  deployer: string,
): string {
  const lines = [
    `ETM system deployed on network "${record.network}" (chain id ${record.chainId}) by ${record.deployer}`,
  ];
  for (const [name, address] of Object.entries(record.contracts))
    lines.push(
      `  ${name.padEnd(9)} ${address}  (block ${record.blocks[name as keyof typeof record.blocks] ?? "?"})`,
    );
  lines.push(
    system.governance
      ? `  governance: the timelock ${system.admin} holds every role and is the treasury; the deployer renounced all of its roles`
      : `  admin ${system.admin}${needsHandOver(system, deployer) ? " (the deployer's pool roles were handed over and renounced)" : " (the deployer)"}`,
    `  ${system.validatorCount} seats, rounds of ${system.roundLength} blocks, ${system.initialValidators.length} initial validator(s)`,
    `  ${sentNow.length + reused.length + confirmedNow.length} transaction(s) in all: this run sent ${sentNow.length}` +
      (reused.length > 0
        ? `; ${reused.length} already done by earlier runs (the journal), not sent again`
        : "") +
      (confirmedNow.length > 0
        ? `; ${confirmedNow.length} sent by the interrupted run and confirmed during this one (${confirmedNow.join(", ")})`
        : ""),
    `  recorded in ${path.relative(process.cwd(), file)}; Ignition journal: ${record.ignition?.journal} (deployment id ${record.ignition?.deploymentId})`,
  );
  return lines.join("\n");
}
