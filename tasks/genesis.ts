/**
 * `npx hardhat etm:genesis --validators 0xA,0xB,… --chain-id 7350 --out genesis.json`
 *
 * Writes a Hyperledger Besu genesis file for an ETM/P network: QBFT (or IBFT 2.0 with
 * `--consensus ibft2`), 3-second blocks, every EVM fork through Cancun from genesis, the initial
 * validators RLP-encoded in `extraData`, and optionally the fee recipient (`--beneficiary`), the
 * switch to the election contract (`--contract-mode-at <block> --election <address>`) and
 * prefunded accounts (`--alloc`). Offline: it needs no network and no deployed contract.
 * The genesis itself is built by `lib/genesis.ts`; see docs/besu.md for the whole bring-up.
 */
import fs from "node:fs";
import path from "node:path";
import { task } from "hardhat/config";
import { plainError } from "./lib/system";
import { HardhatPluginError } from "hardhat/plugins";
import {
  BFT_CONSENSUS,
  DEFAULT_BLOCK_PERIOD_SECONDS,
  DEFAULT_EPOCH_LENGTH,
  DEFAULT_GAS_LIMIT,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  GenesisOptionError,
  bftFaultTolerance,
  buildBesuGenesis,
  decodeBftExtraData,
  genesisWarnings,
  parseAllocSpec,
  parseValidatorList,
  type BesuGenesis,
  type BesuGenesisOptions,
  type BftConsensus,
} from "../lib/genesis";
import { UserInputError, parseCount } from "./lib/input";

export interface GenesisTaskArgs {
  validators?: string;
  out: string;
  consensus: string;
  chainId?: string;
  gasLimit?: string;
  beneficiary?: string;
  contractModeAt?: string;
  election?: string;
  alloc?: string;
  blockPeriod?: string;
  epochLength?: string;
  requestTimeout?: string;
  timestamp?: string;
  zeroBaseFee: boolean;
  force: boolean;
}

export interface GenesisTaskResult {
  /** Absolute path of the file written. */
  file: string;
  genesis: BesuGenesis;
  warnings: string[];
}

/** The command-line flag of each option, for error messages. */
const FLAG: Record<keyof BesuGenesisOptions, string> = {
  consensus: "--consensus",
  chainId: "--chain-id",
  validators: "--validators",
  blockPeriodSeconds: "--block-period",
  requestTimeoutSeconds: "--request-timeout",
  epochLength: "--epoch-length",
  gasLimit: "--gas-limit",
  beneficiary: "--beneficiary",
  contractModeAtBlock: "--contract-mode-at",
  electionAddress: "--election",
  alloc: "--alloc",
  zeroBaseFee: "--zero-base-fee",
  timestamp: "--timestamp",
};

const ETM_DOCS = "docs/besu.md";

task("etm:genesis", "Writes a Hyperledger Besu genesis file (QBFT, or IBFT 2.0) for an ETM/P network")
  .addOptionalParam("validators", "Initial validators' node addresses, comma-separated (any order)")
  .addOptionalParam("chainId", "Chain id of the network (required; a positive whole number)")
  .addOptionalParam("out", "File to write", "genesis.json")
  .addOptionalParam("consensus", `${BFT_CONSENSUS.join(" or ")}`, "qbft")
  .addOptionalParam("gasLimit", `Block gas limit, decimal or 0x-hex (default ${DEFAULT_GAS_LIMIT})`)
  .addOptionalParam("beneficiary", "miningbeneficiary: the address credited with every block's fees")
  .addOptionalParam("contractModeAt", "Block from which validators come from the election contract (QBFT)")
  .addOptionalParam("election", "Election contract address (with --contract-mode-at)")
  .addOptionalParam("alloc", "Prefunded accounts in whole native coins: 0xA=1000,0xB=5")
  .addOptionalParam("blockPeriod", `Seconds between blocks (default ${DEFAULT_BLOCK_PERIOD_SECONDS})`)
  .addOptionalParam("epochLength", `Blocks between vote resets (default ${DEFAULT_EPOCH_LENGTH})`)
  .addOptionalParam(
    "requestTimeout",
    `Seconds before a round change (default ${DEFAULT_REQUEST_TIMEOUT_SECONDS})`,
  )
  .addOptionalParam("timestamp", "Genesis timestamp in unix seconds (default: now)")
  .addFlag("zeroBaseFee", "Base fee 0 in every block (free-gas networks; nothing is burned)")
  .addFlag("force", "Overwrite --out if it exists")
  .setAction(async (args: GenesisTaskArgs): Promise<GenesisTaskResult> => {
    let options: BesuGenesisOptions;
    let genesis: BesuGenesis;
    try {
      options = optionsFromArgs(args);
      genesis = buildBesuGenesis(options);
    } catch (error) {
      throw asPluginError(error);
    }

    const file = path.resolve(args.out);
    if (fs.existsSync(file) && !args.force)
      throw plainError(`--out ${file} already exists: choose another path, or add --force to overwrite it`);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // "wx" fails rather than overwrite a file created since the check above.
      fs.writeFileSync(file, `${JSON.stringify(genesis, null, 2)}\n`, { flag: args.force ? "w" : "wx" });
    } catch (error) {
      throw plainError(`--out ${file} could not be written: ${(error as Error).message}`);
    }

    const warnings = genesisWarnings(options);
    printSummary(file, genesis, options, warnings);
    return { file, genesis, warnings };
  });

function optionsFromArgs(args: GenesisTaskArgs): BesuGenesisOptions {
  if (args.validators === undefined || args.validators.trim() === "")
    throw new UserInputError(
      "--validators is required: give the initial validators' node addresses, comma-separated " +
        "(e.g. --validators 0xAb…,0xCd…); see `besu public-key export-address`",
    );
  if (args.chainId === undefined || args.chainId.trim() === "")
    throw new UserInputError(
      "--chain-id is required: choose your network's id, a positive whole number not used by another chain " +
        "(e.g. --chain-id 7350)",
    );
  const consensus = args.consensus.trim().toLowerCase();
  if (!(BFT_CONSENSUS as readonly string[]).includes(consensus))
    throw new UserInputError(
      `--consensus "${args.consensus}" is not supported: use qbft (the default) or ibft2`,
    );

  const optional = (text: string | undefined, read: (text: string) => number) =>
    text === undefined ? undefined : read(text);
  return {
    consensus: consensus as BftConsensus,
    chainId: count("chain-id", args.chainId, "give your network's id, e.g. 7350"),
    validators: parseValidatorList(args.validators),
    gasLimit: args.gasLimit === undefined ? undefined : parseGasLimit(args.gasLimit),
    beneficiary: args.beneficiary,
    contractModeAtBlock: optional(args.contractModeAt, (text) =>
      count("contract-mode-at", text, "give the block number at which the election contract takes over"),
    ),
    electionAddress: args.election,
    alloc: args.alloc === undefined ? undefined : parseAllocSpec(args.alloc),
    blockPeriodSeconds: optional(args.blockPeriod, (text) =>
      count("block-period", text, `give seconds, e.g. ${DEFAULT_BLOCK_PERIOD_SECONDS}`),
    ),
    epochLength: optional(args.epochLength, (text) =>
      count("epoch-length", text, `give a number of blocks, e.g. ${DEFAULT_EPOCH_LENGTH}`),
    ),
    requestTimeoutSeconds: optional(args.requestTimeout, (text) =>
      count("request-timeout", text, `give seconds, e.g. ${DEFAULT_REQUEST_TIMEOUT_SECONDS}`),
    ),
    timestamp: optional(args.timestamp, (text) =>
      count("timestamp", text, "give unix seconds, e.g. the output of `date +%s`"),
    ),
    zeroBaseFee: args.zeroBaseFee,
  };
}

/** `parseCount` with the fix appended to its message. */
function count(flag: string, text: string, fix: string): number {
  try {
    return parseCount(flag, text);
  } catch (error) {
    if (error instanceof UserInputError) throw new UserInputError(`${error.message}: ${fix}`);
    throw error;
  }
}

function parseGasLimit(text: string): bigint {
  const trimmed = text.trim().replace(/_/g, "");
  if (/^\d+$/.test(trimmed) || /^0x[0-9a-fA-F]+$/.test(trimmed)) return BigInt(trimmed);
  throw new UserInputError(
    `--gas-limit "${text}" is not a whole number: write it in decimal or 0x-hex, e.g. ${DEFAULT_GAS_LIMIT}`,
  );
}

function asPluginError(error: unknown): unknown {
  if (error instanceof GenesisOptionError) return plainError(error.render((option) => FLAG[option]));
  if (error instanceof UserInputError) return plainError(error.message);
  return error;
}

function printSummary(
  file: string,
  genesis: BesuGenesis,
  options: BesuGenesisOptions,
  warnings: string[],
): void {
  const consensus = options.consensus ?? "qbft";
  const bft = genesis.config.qbft ?? genesis.config.ibft2;
  const name = consensus === "qbft" ? "QBFT" : "IBFT 2.0";
  // What the file holds: the validators decoded back from extraData, in their written order.
  const validators = decodeBftExtraData(genesis.extraData, consensus).validators;
  const log = (line = "") => console.log(line);

  log(`Wrote ${file}: a Besu ${name} genesis for chain id ${genesis.config.chainId}.`);
  log();
  log(
    `Validators (${validators.length}, ascending, as written to extraData; Besu rotates proposers in this order):`,
  );
  validators.forEach((address, i) => log(`  ${String(i + 1).padStart(2)}. ${address}`));
  log(`  they tolerate ${bftFaultTolerance(validators.length)} faulty validator(s) (n >= 3f + 1)`);
  log();
  log("What the file enables:");
  log(
    `  - ${name}: a block every ${bft?.blockperiodseconds} s, round timeout ${bft?.requesttimeoutseconds} s ` +
      `(doubling per failed round), vote epoch ${bft?.epochlength} blocks`,
  );
  log("  - every EVM fork through Cancun from genesis (the contracts are compiled for cancun)");
  log(`  - block gas limit ${BigInt(genesis.gasLimit).toLocaleString("en-US")} (${genesis.gasLimit})`);
  if (genesis.config.zeroBaseFee)
    log("  - zero base fee: gas costs only the tip; start every node with --min-gas-price=0 for free gas");
  else log("  - EIP-1559 fees: the base fee is burned, the tip goes to the fee recipient below");
  log(
    bft?.miningbeneficiary
      ? `  - fees of every block go to ${bft.miningbeneficiary} (miningbeneficiary)`
      : "  - fees go to each block's proposer (no --beneficiary)",
  );
  const transition = genesis.config.transitions?.qbft[0];
  if (transition) {
    const minutes = ((transition.block * (bft?.blockperiodseconds ?? 3)) / 60).toFixed(0);
    log(
      `  - from block ${transition.block} (about ${minutes} min after genesis at full speed), the validators ` +
        `are ${transition.validatorcontractaddress}.getValidators(), read on the state after the previous block`,
    );
  }
  const funded = Object.entries(genesis.alloc);
  if (funded.length > 0) {
    log(`  - ${funded.length} prefunded account(s):`);
    for (const [address, { balance }] of funded)
      log(`      0x${address}  ${(BigInt(balance) / 10n ** 18n).toLocaleString("en-US")} coins`);
  }

  for (const warning of warnings) {
    log();
    log(`Warning: ${warning}`);
  }
  if (transition && !bft?.miningbeneficiary) {
    log();
    log(`Hint: add --beneficiary ${transition.validatorcontractaddress} so fees reach the active set.`);
  }

  log();
  log("Next steps:");
  log("  1. Give every node this same file (nodes with different genesis files do not peer).");
  log(
    `  2. Start each validator with its key: besu --genesis-file=${file} --data-path=<dir> ` +
      `--node-private-key-file=<key> --rpc-http-enabled --rpc-http-api=ETH,NET,WEB3,${consensus === "qbft" ? "QBFT" : "IBFT"} ` +
      `--bootnodes=<enode of the first node>${genesis.config.zeroBaseFee ? " --min-gas-price=0" : ""}`,
  );
  if (transition)
    log(
      `  3. Deploy the system (deploySystem) so that the election is at ${transition.validatorcontractaddress} ` +
        `in block ${transition.block - 1} at the latest, with these validators as initialValidators.`,
    );
  log(`  See ${ETM_DOCS} for keys, static nodes, and the switch to the election contract.`);
}
