/**
 * Hyperledger Besu genesis files for an ETM/P network (QBFT, or IBFT 2.0 behind a flag).
 *
 * Pure and side-effect free: `buildBesuGenesis(options)` returns the genesis object, it writes
 * nothing (the `etm:genesis` task writes the file). The only impurity is the default timestamp,
 * which is "now"; pass `timestamp` for a reproducible file.
 *
 * What Besu expects, and where it says so (read from Besu's source and documentation):
 * - `extraData` is an RLP list. QBFT (`QbftExtraDataCodec`):
 *   `[32-byte vanity, [validators], vote, round, [seals]]` where "no vote" is the empty list 0xc0
 *   and the round is an RLP integer scalar, so round 0 is the empty string 0x80; a genesis block
 *   ends `... c0 80 c0`. IBFT 2.0 (`IbftExtraDataCodec`): "no vote" is the RLP null (empty
 *   string 0x80) and the round is a fixed 4-byte int, 0x84 00000000; a genesis block ends
 *   `... 80 84 00000000 c0`. Vanity is 32 zero bytes, there are no seals in a genesis block.
 * - Validators are written in ascending order (Besu's docs: "a list of the initial validators, in
 *   ascending order"); Besu keeps its validator sets sorted and rotates proposers over that order.
 * - `mixHash` is the constant every BFT block carries (Besu's `BftHelpers.EXPECTED_MIX_HASH`; the
 *   docs: "for Istanbul block identification"), `difficulty` 0x1, `nonce` 0x0.
 * - Validator-contract mode is a QBFT transition: `transitions.qbft: [{ block,
 *   validatorselectionmode: "contract", validatorcontractaddress }]`. Besu's IBFT 2.0 has no
 *   contract mode (its transitions change block period, block reward and beneficiary only).
 * - `miningbeneficiary` in the `qbft`/`ibft2` object replaces the proposer as the account Besu
 *   credits with each block's transaction fees (the priority fee part; under EIP-1559 the base fee
 *   is burned unless `zeroBaseFee` is set) and block reward.
 * - Milestone keys (case-insensitive in Besu): `...Block` for the block-numbered forks up to London,
 *   `shanghaiTime` / `cancunTime` (timestamps) after that. All are 0: every fork through Cancun is
 *   active from genesis, matching the contracts' `evmVersion: "cancun"` in hardhat.config.ts.
 */
import { decodeRlp, encodeRlp, getAddress, isAddress, toQuantity, ZeroAddress } from "ethers";

export type BftConsensus = "qbft" | "ibft2";

export const BFT_CONSENSUS: readonly BftConsensus[] = ["qbft", "ibft2"];

/** The mixHash of every Istanbul-family BFT block: ASCII "ctical byzantine fault tolerance". */
export const BFT_MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";

/** 32 zero bytes of vanity data at the head of the extraData list. */
export const BFT_VANITY = `0x${"00".repeat(32)}`;

export const DEFAULT_BLOCK_PERIOD_SECONDS = 3;

/**
 * Round timeout for 3-second blocks: 6 s, twice the block period, which is where Besu's docs say to
 * start tuning ("set requesttimeoutseconds to two times blockperiodseconds", then lower it until
 * round changes appear and raise it until they stop). In QBFT the round timer starts when the block
 * period has elapsed, and a healthy round (proposal, prepare, commit among 21 validators) completes
 * in about a second even across continents, so 6 s leaves a wide margin against spurious round
 * changes while keeping the cost of an offline proposer to one 6 s round change (a 9 s block). Each
 * further failed round doubles the timeout (12 s, 24 s, ...).
 */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 6;

/** Blocks after which Besu discards pending validator votes (its default and documented value). */
export const DEFAULT_EPOCH_LENGTH = 30_000;

/** 30 million gas per 3-second block: Ethereum mainnet's long-standing limit, 10M gas/s. */
export const DEFAULT_GAS_LIMIT = 30_000_000n;

/** Ethereum's minimum block gas limit; Besu rejects anything lower. */
export const MIN_GAS_LIMIT = 5_000n;
/** Besu keeps the gas limit in a Java long. */
export const MAX_GAS_LIMIT = 2n ** 63n - 1n;

/** Milestones activated at genesis: everything through Cancun, named as Besu's config reads them. */
export const FORK_KEYS = [
  "homesteadBlock",
  "eip150Block",
  "eip155Block",
  "eip158Block",
  "byzantiumBlock",
  "constantinopleBlock",
  "petersburgBlock",
  "istanbulBlock",
  "muirGlacierBlock",
  "berlinBlock",
  "londonBlock",
  "shanghaiTime",
  "cancunTime",
] as const;

/** Chain ids of public Ethereum networks: a private chain reusing one invites replayed transactions. */
const PUBLIC_CHAIN_IDS: Record<string, string> = {
  "1": "Ethereum mainnet",
  "11155111": "Sepolia",
  "17000": "Holesky",
  "560048": "Hoodi",
};

const WEI_PER_COIN = 10n ** 18n;

/**
 * A bad option. `option` is its name in BesuGenesisOptions; `detail` says what is wrong and the fix,
 * and may name other options as `{optionName}`. The message uses option names; the task renders the
 * same detail with its command-line flags (`render`).
 */
export class GenesisOptionError extends Error {
  constructor(
    readonly option: keyof BesuGenesisOptions,
    readonly detail: string,
  ) {
    super(`${option} ${fill(detail, (name) => name)}`);
    this.name = "GenesisOptionError";
  }

  /** The message with every option called by `nameOf` (e.g. its command-line flag). */
  render(nameOf: (option: keyof BesuGenesisOptions) => string): string {
    return `${nameOf(this.option)} ${fill(this.detail, nameOf)}`;
  }
}

function fill(detail: string, nameOf: (option: keyof BesuGenesisOptions) => string): string {
  return detail.replace(/\{(\w+)\}/g, (_match, name: string) => nameOf(name as keyof BesuGenesisOptions));
}

export interface BesuGenesisOptions {
  /** "qbft" (default) or "ibft2". */
  consensus?: BftConsensus;
  /** The network's chain id (EIP-155). Required. */
  chainId: number | bigint;
  /** Initial validators (node addresses). Any order; written ascending. */
  validators: readonly string[];
  /** Minimum seconds between blocks; default 3. */
  blockPeriodSeconds?: number;
  /** Seconds before a round change; default 6 (see DEFAULT_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutSeconds?: number;
  /** Blocks between vote resets; default 30,000. */
  epochLength?: number;
  /** Block gas limit; default 30,000,000. */
  gasLimit?: number | bigint;
  /** `miningbeneficiary`: receives the fees of every block instead of its proposer. */
  beneficiary?: string;
  /** First block whose validators come from the election contract (QBFT only). */
  contractModeAtBlock?: number;
  /** The election contract (its `getValidators()`); required with `contractModeAtBlock`. */
  electionAddress?: string;
  /** Prefunded accounts: address -> balance in wei. */
  alloc?: Readonly<Record<string, bigint>>;
  /** Besu's `zeroBaseFee`: every block's base fee is 0, so gas costs only the tip (free-gas networks). */
  zeroBaseFee?: boolean;
  /** Genesis timestamp, unix seconds; default now. */
  timestamp?: number;
}

export interface BftConfig {
  blockperiodseconds: number;
  epochlength: number;
  requesttimeoutseconds: number;
  miningbeneficiary?: string;
}

export interface QbftTransition {
  block: number;
  validatorselectionmode: "contract";
  validatorcontractaddress: string;
}

export type ForkKey = (typeof FORK_KEYS)[number];

export type BesuGenesisConfig = { chainId: number | string } & Record<ForkKey, number> & {
    zeroBaseFee?: true;
    qbft?: BftConfig;
    ibft2?: BftConfig;
    transitions?: { qbft: QbftTransition[] };
  };

export interface BesuGenesis {
  config: BesuGenesisConfig;
  nonce: string;
  timestamp: string;
  extraData: string;
  gasLimit: string;
  difficulty: string;
  mixHash: string;
  coinbase: string;
  /** Lower-case address without 0x (as in Besu's own genesis files) -> { balance: hex wei }. */
  alloc: Record<string, { balance: string }>;
  number: string;
  gasUsed: string;
  parentHash: string;
}

/** The largest number of faulty validators n validators tolerate: n >= 3f + 1. */
export function bftFaultTolerance(validatorCount: number): number {
  return validatorCount < 1 ? 0 : Math.floor((validatorCount - 1) / 3);
}

/**
 * The RLP extraData of a genesis block whose validators are `validators`, in the order given
 * (`buildBesuGenesis` sorts first; keeping the order here lets tests replay published vectors).
 * Addresses must be 20-byte hex; an empty list is the contract-mode genesis form.
 */
export function encodeBftExtraData(validators: readonly string[], consensus: BftConsensus = "qbft"): string {
  const list = validators.map((address) => {
    if (!isAddress(address)) throw new GenesisOptionError("validators", `"${address}" is not an address`);
    return getAddress(address).toLowerCase();
  });
  switch (consensus) {
    case "qbft":
      // vote: none = empty list; round: int scalar 0 = empty string; seals: empty list.
      return encodeRlp([BFT_VANITY, list, [], "0x", []]);
    case "ibft2":
      // vote: none = RLP null (empty string); round: 4-byte int 0; seals: empty list.
      return encodeRlp([BFT_VANITY, list, "0x", "0x00000000", []]);
    default:
      throw new GenesisOptionError(
        "consensus",
        `"${String(consensus)}" is not one of ${BFT_CONSENSUS.join(", ")}`,
      );
  }
}

export interface DecodedBftExtraData {
  vanity: string;
  validators: string[];
  /** True when the vote field is "no vote" in the consensus' own encoding. */
  noVote: boolean;
  round: number;
  seals: string[];
}

/** Decodes a genesis extraData produced by `encodeBftExtraData` (for checks and round trips). */
export function decodeBftExtraData(extraData: string, consensus: BftConsensus = "qbft"): DecodedBftExtraData {
  const decoded = decodeRlp(extraData);
  if (!Array.isArray(decoded) || decoded.length !== 5) throw new Error("extraData is not a 5-item RLP list");
  const [vanity, validators, vote, round, seals] = decoded;
  if (
    typeof vanity !== "string" ||
    !Array.isArray(validators) ||
    typeof round !== "string" ||
    !Array.isArray(seals)
  )
    throw new Error("extraData items have the wrong shapes");
  const noVote = consensus === "qbft" ? Array.isArray(vote) && vote.length === 0 : vote === "0x";
  if (consensus === "ibft2" && round.length !== 10) throw new Error("IBFT 2.0 round is not a 4-byte int");
  return {
    vanity,
    validators: validators.map((v) => getAddress(v as string)),
    noVote,
    round: round === "0x" ? 0 : Number(BigInt(round)),
    seals: seals as string[],
  };
}

/** Sorts ascending by address value (Besu's order); duplicates are an error naming the address. */
export function sortValidators(validators: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of validators) {
    const address = checkedAddress("validators", raw);
    if (address === ZeroAddress)
      throw new GenesisOptionError("validators", "lists the zero address, which no key signs for: remove it");
    const key = address.toLowerCase();
    if (seen.has(key))
      throw new GenesisOptionError(
        "validators",
        `${address} is listed twice${seen.get(key) !== raw ? ` (as ${seen.get(key)} and ${raw})` : ""}: remove the duplicate`,
      );
    seen.set(key, raw);
  }
  return [...seen.keys()].sort().map((key) => getAddress(key));
}

/** Builds the genesis object. Throws GenesisOptionError naming the option and the fix. */
export function buildBesuGenesis(options: BesuGenesisOptions): BesuGenesis {
  const consensus = options.consensus ?? "qbft";
  if (!BFT_CONSENSUS.includes(consensus))
    throw new GenesisOptionError(
      "consensus",
      `"${String(consensus)}" is not one of ${BFT_CONSENSUS.join(", ")}`,
    );

  const chainId = checkedChainId(options.chainId);
  if (!options.validators || options.validators.length === 0)
    throw new GenesisOptionError("validators", "is empty: give at least one validator's node address");
  const validators = sortValidators(options.validators);

  const blockPeriodSeconds = checkedInteger(
    "blockPeriodSeconds",
    options.blockPeriodSeconds ?? DEFAULT_BLOCK_PERIOD_SECONDS,
    1,
  );
  const requestTimeoutSeconds = checkedInteger(
    "requestTimeoutSeconds",
    options.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS,
    1,
  );
  const epochLength = checkedInteger("epochLength", options.epochLength ?? DEFAULT_EPOCH_LENGTH, 1);
  const gasLimit = checkedGasLimit(options.gasLimit ?? DEFAULT_GAS_LIMIT);

  const bft: BftConfig = {
    blockperiodseconds: blockPeriodSeconds,
    epochlength: epochLength,
    requesttimeoutseconds: requestTimeoutSeconds,
  };
  if (options.beneficiary !== undefined) {
    const beneficiary = checkedAddress("beneficiary", options.beneficiary);
    if (beneficiary === ZeroAddress)
      throw new GenesisOptionError(
        "beneficiary",
        "is the zero address, which would burn every fee: give the election contract's address",
      );
    bft.miningbeneficiary = beneficiary;
  }

  const transitions = contractModeTransition(consensus, options.contractModeAtBlock, options.electionAddress);

  const forks = Object.fromEntries(FORK_KEYS.map((key) => [key, 0])) as Record<ForkKey, number>;
  const config: BesuGenesisConfig = {
    chainId,
    ...forks,
    ...(options.zeroBaseFee ? { zeroBaseFee: true as const } : {}),
    ...(consensus === "qbft" ? { qbft: bft } : { ibft2: bft }),
    ...(transitions ? { transitions: { qbft: transitions } } : {}),
  };

  const timestamp = checkedInteger("timestamp", options.timestamp ?? Math.floor(Date.now() / 1000), 0);

  return {
    config,
    nonce: "0x0",
    timestamp: toQuantity(timestamp),
    extraData: encodeBftExtraData(validators, consensus),
    gasLimit: toQuantity(gasLimit),
    difficulty: "0x1",
    mixHash: BFT_MIX_HASH,
    coinbase: ZeroAddress,
    alloc: buildAlloc(options.alloc ?? {}),
    number: "0x0",
    gasUsed: "0x0",
    parentHash: `0x${"00".repeat(32)}`,
  };
}

/** Things that are allowed but probably not meant; the task prints them. */
export function genesisWarnings(options: Pick<BesuGenesisOptions, "validators" | "chainId">): string[] {
  const warnings: string[] = [];
  const n = options.validators.length;
  if (n >= 1 && n < 4)
    warnings.push(
      `${n} validator${n === 1 ? "" : "s"} tolerate${n === 1 ? "s" : ""} no faulty node: a BFT network needs ` +
        `n >= 3f + 1 validators to survive f faults (4 for one, 7 for two; ETM/P runs 21, which tolerate 6). ` +
        `Fine for a test network.`,
    );
  const publicName = PUBLIC_CHAIN_IDS[String(options.chainId)];
  if (publicName)
    warnings.push(
      `chain id ${String(options.chainId)} is ${publicName}'s: transactions signed for one chain are valid on the ` +
        `other. Choose a chain id of your own.`,
    );
  return warnings;
}

// ---------------------------------------------------------------- parsing what users type

/** "0xA,0xB, 0xC" -> the addresses as typed (checked and sorted by `buildBesuGenesis`). */
export function parseValidatorList(text: string): string[] {
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0)
    throw new GenesisOptionError(
      "validators",
      "is empty: list the validators' node addresses, comma-separated",
    );
  for (const item of items) checkedAddress("validators", item);
  return items;
}

/**
 * "0xA=1000,0xB=5" (whole native coins, `_` allowed as a digit separator) -> address -> wei.
 * The same address twice is an error.
 */
export function parseAllocSpec(text: string): Record<string, bigint> {
  const alloc: Record<string, bigint> = {};
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0)
    throw new GenesisOptionError("alloc", "is empty: write address=coins pairs, e.g. 0xAb…=1000,0xCd…=5");
  for (const entry of entries) {
    const parts = entry.split("=");
    if (parts.length !== 2)
      throw new GenesisOptionError("alloc", `"${entry}" is not address=coins: write e.g. 0xAb…=1000`);
    const address = checkedAddress("alloc", parts[0].trim());
    const amount = parts[1].trim().replace(/_/g, "");
    if (!/^\d+$/.test(amount))
      throw new GenesisOptionError(
        "alloc",
        `"${parts[1].trim()}" for ${address} is not a whole number of coins: write e.g. ${address}=1000`,
      );
    const wei = BigInt(amount) * WEI_PER_COIN;
    if (wei === 0n)
      throw new GenesisOptionError("alloc", `gives ${address} 0 coins: drop it or give it a positive amount`);
    if (address.toLowerCase() in alloc)
      throw new GenesisOptionError("alloc", `lists ${address} twice: give each account once`);
    alloc[address.toLowerCase()] = wei;
  }
  return alloc;
}

// ---------------------------------------------------------------- checks

function checkedAddress(option: keyof BesuGenesisOptions, text: string): string {
  const trimmed = typeof text === "string" ? text.trim() : "";
  if (!/^0x[0-9a-fA-F]{40}$/.test(trimmed))
    throw new GenesisOptionError(
      option,
      `"${String(text)}" is not an address: write 0x followed by 40 hex digits`,
    );
  if (!isAddress(trimmed))
    throw new GenesisOptionError(
      option,
      `"${trimmed}" has a wrong checksum (mixed case that is not EIP-55): copy the address again, or write it all lower-case`,
    );
  return getAddress(trimmed);
}

function checkedChainId(value: number | bigint): number | string {
  const big = typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (big === undefined || big <= 0n)
    throw new GenesisOptionError(
      "chainId",
      `${String(value)} is not a positive whole number: give your network's id`,
    );
  if (big > BigInt(Number.MAX_SAFE_INTEGER))
    throw new GenesisOptionError(
      "chainId",
      `${big} is above ${Number.MAX_SAFE_INTEGER}: wallets and JSON tools cannot hold it exactly; choose a smaller id`,
    );
  return Number(big);
}

function checkedInteger(option: keyof BesuGenesisOptions, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min)
    throw new GenesisOptionError(option, `${String(value)} is not a whole number of at least ${min}`);
  return value;
}

function checkedGasLimit(value: number | bigint): bigint {
  const big = typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (big === undefined || big < MIN_GAS_LIMIT || big > MAX_GAS_LIMIT)
    throw new GenesisOptionError(
      "gasLimit",
      `${String(value)} is not a whole number between ${MIN_GAS_LIMIT} and ${MAX_GAS_LIMIT} (default ${DEFAULT_GAS_LIMIT})`,
    );
  return big;
}

function contractModeTransition(
  consensus: BftConsensus,
  block: number | undefined,
  election: string | undefined,
): QbftTransition[] | undefined {
  if (block === undefined && election === undefined) return undefined;
  if (block === undefined)
    throw new GenesisOptionError(
      "contractModeAtBlock",
      "is required with {electionAddress}: give the block from which the election contract's validators " +
        "apply, or drop {electionAddress}",
    );
  if (election === undefined)
    throw new GenesisOptionError(
      "electionAddress",
      "is required with {contractModeAtBlock}: give the election contract's address, or drop {contractModeAtBlock}",
    );
  if (consensus !== "qbft")
    throw new GenesisOptionError(
      "consensus",
      `"${consensus}" cannot switch to the election contract: Besu's IBFT 2.0 has no validator-contract mode ` +
        "(its transitions change block period, reward and beneficiary only); use qbft, or drop {contractModeAtBlock}",
    );
  // Besu reads the validators of block N from getValidators() on the state after block N-1, so the
  // contract must exist (deployed in block 1 at the earliest) before block N: N >= 2.
  if (!Number.isSafeInteger(block) || block < 2)
    throw new GenesisOptionError(
      "contractModeAtBlock",
      `${String(block)} is too early: Besu reads block N's validators from the contract's state after block ` +
        `N-1, and the contract can be deployed in block 1 at the earliest; give a block of at least 2 (in ` +
        `practice one comfortably after your deployment)`,
    );
  const address = checkedAddress("electionAddress", election);
  if (address === ZeroAddress)
    throw new GenesisOptionError(
      "electionAddress",
      "is the zero address, which holds no contract: give the election's address",
    );
  return [{ block, validatorselectionmode: "contract", validatorcontractaddress: address }];
}

function buildAlloc(alloc: Readonly<Record<string, bigint>>): Record<string, { balance: string }> {
  const out: Record<string, { balance: string }> = {};
  for (const [raw, wei] of Object.entries(alloc)) {
    const key = checkedAddress("alloc", raw).toLowerCase().slice(2);
    if (typeof wei !== "bigint" || wei <= 0n)
      throw new GenesisOptionError("alloc", `gives ${raw} a balance that is not a positive amount of wei`);
    if (key in out) throw new GenesisOptionError("alloc", `lists ${raw} twice: give each account once`);
    out[key] = { balance: toQuantity(wei) };
  }
  return out;
}
