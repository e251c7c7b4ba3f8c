/**
 * Block headers as Besu hashes them, built from what a node returns: the RLP of a header from the
 * JSON of `eth_getBlockByNumber` (every field through the fork the block has: London's base fee,
 * Shanghai's withdrawals root, Cancun's blob gas and beacon root, Prague's requests hash), and the
 * input forms `etm:evidence` accepts (RLP hex, or that JSON). Pure: no network.
 */
import { decodeRlp, encodeRlp, getBytes, hexlify, isHexString, keccak256, toBeHex } from "ethers";

/** The header fields of `eth_getBlockByNumber`'s answer (hex strings), as nodes name them. */
export interface RpcBlockHeader {
  parentHash: string;
  sha3Uncles: string;
  miner: string;
  stateRoot: string;
  transactionsRoot: string;
  receiptsRoot: string;
  logsBloom: string;
  difficulty: string;
  number: string;
  gasLimit: string;
  gasUsed: string;
  timestamp: string;
  extraData: string;
  mixHash: string;
  nonce: string;
  baseFeePerGas?: string;
  withdrawalsRoot?: string;
  blobGasUsed?: string;
  excessBlobGas?: string;
  parentBeaconBlockRoot?: string;
  requestsHash?: string;
  hash?: string;
}

/** Fields after the nonce, in header order; each fork adds the next ones. */
const FORK_FIELDS = [
  "baseFeePerGas",
  "withdrawalsRoot",
  "blobGasUsed",
  "excessBlobGas",
  "parentBeaconBlockRoot",
  "requestsHash",
] as const;

export class HeaderInputError extends Error {}

/** A quantity (`0x1a`) as an RLP scalar: big-endian, no leading zeros, zero as the empty string. */
function scalar(quantity: string, field: string): string {
  if (!isHexString(quantity))
    throw new HeaderInputError(`header field ${field} "${quantity}" is not a hex quantity`);
  const value = BigInt(quantity);
  return value === 0n ? "0x" : toBeHex(value);
}

function data(value: string, field: string): string {
  if (!isHexString(value)) throw new HeaderInputError(`header field ${field} "${value}" is not hex data`);
  return hexlify(getBytes(value));
}

/**
 * The RLP of the header of `block`, as the chain holds it (a QBFT header keeps its commit seals). Its
 * hash is `keccak256` of this on most chains; on a QBFT chain (number above 0) it is `keccak256` of the
 * header whose extraData is re-encoded without the seals and with round 0 (Besu's BftBlockHashing).
 */
export function headerRlpFromBlock(block: RpcBlockHeader): string {
  for (const field of ["parentHash", "number", "extraData", "nonce", "mixHash"] as const)
    if (typeof block[field] !== "string")
      throw new HeaderInputError(
        `not a block header: the field "${field}" is missing (give eth_getBlockByNumber's answer)`,
      );
  const items = [
    data(block.parentHash, "parentHash"),
    data(block.sha3Uncles, "sha3Uncles"),
    data(block.miner, "miner"),
    data(block.stateRoot, "stateRoot"),
    data(block.transactionsRoot, "transactionsRoot"),
    data(block.receiptsRoot, "receiptsRoot"),
    data(block.logsBloom, "logsBloom"),
    scalar(block.difficulty, "difficulty"),
    scalar(block.number, "number"),
    scalar(block.gasLimit, "gasLimit"),
    scalar(block.gasUsed, "gasUsed"),
    scalar(block.timestamp, "timestamp"),
    data(block.extraData, "extraData"),
    data(block.mixHash, "mixHash"),
    data(block.nonce, "nonce"),
  ];
  let missing: string | undefined;
  for (const field of FORK_FIELDS) {
    const value = block[field];
    if (value === undefined || value === null) {
      missing ??= field;
      continue;
    }
    if (missing)
      throw new HeaderInputError(
        `header field ${field} is present but ${missing}, which comes before it, is not`,
      );
    items.push(
      field === "withdrawalsRoot" || field === "parentBeaconBlockRoot" || field === "requestsHash"
        ? data(value, field)
        : scalar(value, field),
    );
  }
  const rlp = encodeRlp(items);
  const hash = block.hash?.toLowerCase();
  if (hash && keccak256(rlp) !== hash && qbftOnChainHash(items) !== hash)
    throw new HeaderInputError(
      `the header rebuilt from block ${BigInt(block.number)} hashes to ${keccak256(rlp)}, not its hash ${block.hash}: ` +
        "the node returned a field this tool does not know (a newer fork?)",
    );
  return rlp;
}

/**
 * keccak256 of the header `items` with its extraData re-encoded as a QBFT block's hash takes it: no
 * commit seals, round 0. Undefined when extraData is not a QBFT extraData (a list of five).
 */
function qbftOnChainHash(items: string[]): string | undefined {
  let extra: unknown;
  try {
    extra = decodeRlp(items[12]!);
  } catch {
    return undefined;
  }
  if (!Array.isArray(extra) || extra.length !== 5) return undefined;
  const [vanity, validators, vote] = extra;
  const withoutSeals = [...items];
  withoutSeals[12] = encodeRlp([vanity, validators, vote, "0x", []]);
  return keccak256(encodeRlp(withoutSeals));
}

/** A header given as RLP hex or as eth_getBlockByNumber's JSON (or `{ "result": … }`), as RLP hex. */
export function parseHeaderInput(text: string, source: string): string {
  const trimmed = text.trim();
  if (/^0x[0-9a-fA-F]+$/.test(trimmed)) {
    try {
      decodeRlp(trimmed);
    } catch {
      throw new HeaderInputError(
        `${source} is hex but not RLP: give the header's RLP or eth_getBlockByNumber's JSON`,
      );
    }
    return trimmed.toLowerCase();
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw new HeaderInputError(
      `${source} is neither RLP hex (0x…) nor JSON: give the header's RLP or eth_getBlockByNumber's JSON`,
    );
  }
  const block = (json as { result?: unknown }).result ?? json;
  return headerRlpFromBlock(block as RpcBlockHeader);
}

/** The block number in a header's RLP (field 8). */
export function headerNumber(rlp: string): bigint {
  const items = decodeRlp(rlp);
  if (!Array.isArray(items) || items.length < 15 || typeof items[8] !== "string")
    throw new HeaderInputError("not a block header: an RLP list of at least 15 fields was expected");
  return items[8] === "0x" ? 0n : BigInt(items[8]);
}
