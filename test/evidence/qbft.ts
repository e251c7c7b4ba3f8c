/**
 * Builds Besu QBFT block headers in TypeScript, independently of the Solidity decoder, the way Besu
 * writes them (docs/evidence.md): BlockHeader.writeTo's field order for each fork, QbftExtraDataCodec's
 * extraData, and BftBlockHashing's two digests (commit seal: extraData without seals, with the round;
 * on-chain hash: without seals, round 0). Commit seals are signed with known keys: r || s || recId (0/1).
 */
import { ethers } from "ethers";

/** Header field counts by fork (BlockHeader.writeTo stops at the first field the fork lacks). */
export const FORK_FIELD_COUNTS = { preLondon: 15, london: 16, shanghai: 17, cancun: 20, prague: 21 } as const;
export type Fork = keyof typeof FORK_FIELD_COUNTS;

/** The mixHash every Besu BFT header carries ("ctical byzantine fault tolerance"). */
export const BFT_MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";
/** keccak256(rlp([])): the ommers hash of a block without ommers. */
export const EMPTY_OMMERS_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

/** The canonical RLP scalar of `value` (0 is the empty string). */
export function scalar(value: bigint | number): string {
  return ethers.hexlify(ethers.toBeArray(BigInt(value)));
}

/** A deterministic validator key, by index. */
export function validatorKey(index: number): ethers.SigningKey {
  return new ethers.SigningKey(ethers.id(`etm validator ${index}`));
}

export function addressOf(key: ethers.SigningKey): string {
  return ethers.computeAddress(key.publicKey);
}

export interface Vote {
  recipient: string;
  add: boolean;
}

export interface HeaderSpec {
  fork: Fork;
  blockNumber: bigint;
  round: number;
  /** The validators listed in extraData. */
  validators: string[];
  vote?: Vote;
  /** A distinguishing value put in the header (two blocks at one height differ by it). */
  payload?: string;
  vanity?: string;
}

/** A Cancun header at `blockNumber`, committed in `round`, without validators in extraData (contract mode). */
export function cancunSpec(blockNumber: bigint, payload: string, round = 0): HeaderSpec {
  return { fork: "cancun", blockNumber, round, validators: [], payload };
}

/** The header fields 0-11 and 13-20 for `spec`, as RLP items (strings); index 12 (extraData) is left empty. */
export function headerItems(spec: HeaderSpec): string[] {
  const payload = spec.payload ?? "block";
  const all = [
    ethers.id(`parent ${spec.blockNumber}`), // parentHash
    EMPTY_OMMERS_HASH, // ommersHash
    ethers.getAddress(`0x${"c0".repeat(20)}`), // coinbase
    ethers.id(`state ${payload}`), // stateRoot
    ethers.id(`transactions ${payload}`), // transactionsRoot
    ethers.id(`receipts ${payload}`), // receiptsRoot
    ethers.zeroPadValue("0x", 256), // logsBloom
    scalar(1), // difficulty
    scalar(spec.blockNumber), // number
    scalar(30_000_000), // gasLimit
    scalar(0), // gasUsed
    scalar(1_760_000_000n + spec.blockNumber * 3n), // timestamp
    "0x", // extraData, set by the caller
    BFT_MIX_HASH, // mixHash
    "0x0000000000000000", // nonce (8 bytes, always)
    scalar(7), // baseFeePerGas
    ethers.id("withdrawals"), // withdrawalsRoot
    scalar(0), // blobGasUsed
    scalar(0), // excessBlobGas
    ethers.id(`beacon ${spec.blockNumber}`), // parentBeaconBlockRoot
    ethers.id("requests"), // requestsHash
  ];
  return all.slice(0, FORK_FIELD_COUNTS[spec.fork]);
}

/** QbftExtraDataCodec.encode: the full extraData, or Besu's two forms without seals. */
export function encodeExtraData(
  spec: Pick<HeaderSpec, "validators" | "vote" | "round" | "vanity">,
  seals: string[],
  form: "full" | "forCommitSeal" | "onChain",
): string {
  const vote = spec.vote ? [spec.vote.recipient, spec.vote.add ? "0xff" : "0x"] : [];
  return ethers.encodeRlp([
    spec.vanity ?? ethers.zeroPadValue("0x", 32),
    spec.validators,
    vote,
    form === "onChain" ? "0x" : scalar(spec.round),
    form === "full" ? seals : [],
  ]);
}

export function encodeHeader(spec: HeaderSpec, extraData: string): string {
  const items = headerItems(spec);
  items[12] = extraData;
  return ethers.encodeRlp(items);
}

/** keccak256 of the header whose extraData has no seals and keeps the round: what a commit seal signs. */
export function sealDigest(spec: HeaderSpec): string {
  return ethers.keccak256(encodeHeader(spec, encodeExtraData(spec, [], "forCommitSeal")));
}

/** The block's hash on chain: extraData without seals, round 0. */
export function onChainHash(spec: HeaderSpec): string {
  return ethers.keccak256(encodeHeader(spec, encodeExtraData(spec, [], "onChain")));
}

/** A commit seal: r || s || recovery id (0 or 1), as Besu's SECPSignature.encodedBytes. */
export function commitSeal(key: ethers.SigningKey, digest: string): string {
  const signature = key.sign(digest);
  return ethers.concat([signature.r, signature.s, ethers.toBeHex(signature.yParity, 1)]);
}

export interface BuiltHeader {
  rlp: string;
  blockHash: string;
  sealDigest: string;
  seals: string[];
}

/** The header of `spec` sealed by `keys` (or carrying `seals` as given). */
export function buildHeader(spec: HeaderSpec, keys: ethers.SigningKey[], seals?: string[]): BuiltHeader {
  const digest = sealDigest(spec);
  const sealList = seals ?? keys.map((key) => commitSeal(key, digest));
  return {
    rlp: encodeHeader(spec, encodeExtraData(spec, sealList, "full")),
    blockHash: onChainHash(spec),
    sealDigest: digest,
    seals: sealList,
  };
}

/** The order of secp256k1. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The high-s twin of a low-s seal: s' = n - s, recovery id flipped (the same signer). */
export function highS(seal: string): string {
  const bytes = ethers.getBytes(seal);
  const s = BigInt(ethers.hexlify(bytes.slice(32, 64)));
  return ethers.concat([
    bytes.slice(0, 32),
    ethers.toBeHex(SECP256K1_N - s, 32),
    ethers.toBeHex(bytes[64] ^ 1, 1),
  ]);
}

/** The byte offset of each item of the list `rlp` holds, by walking it. */
export function itemOffsets(rlp: string): number[] {
  const bytes = ethers.getBytes(rlp);
  const headerLength = (at: number): [number, number] => {
    const first = bytes[at];
    if (first < 0x80) return [0, 1];
    const base = first >= 0xc0 ? 0xc0 : 0x80;
    const short = first - base;
    if (short < 56) return [1, short];
    const lengthBytes = short - 55;
    return [1 + lengthBytes, Number(BigInt(ethers.hexlify(bytes.slice(at + 1, at + 1 + lengthBytes))))];
  };
  const [listHeader, listLength] = headerLength(0);
  const offsets: number[] = [];
  for (let at = listHeader; at < listHeader + listLength;) {
    offsets.push(at);
    const [h, l] = headerLength(at);
    at += bytes[at] < 0x80 ? 1 : h + l;
  }
  return offsets;
}

/** The byte offset at which `inner` (hex) first stands inside `outer` (hex). */
export function offsetOf(outer: string, inner: string): number {
  const [haystack, needle] = [outer.toLowerCase(), inner.toLowerCase().slice(2)];
  for (let at = haystack.indexOf(needle, 2); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (at % 2 === 0) return (at - 2) / 2;
  }
  throw new Error(`${inner} is not inside ${outer}`);
}
