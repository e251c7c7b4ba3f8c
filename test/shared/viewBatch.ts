/**
 * Many view calls in one `eth_call`, through the test-only `contracts/mocks/ViewBatch.sol`. A property
 * step reads tens to hundreds of views; one `eth_call` each costs Hardhat's node and ethers about a
 * third more than reading them in batches (measured: the views' execution, every opcode traced, is
 * most of the cost either way). The values are those of the same calls made one by one (same
 * functions, arguments and state; ethers decodes them the same way).
 */
import hre from "hardhat";
import type { BaseContract, Result } from "ethers";
import { ViewBatch__factory } from "../../typechain-types";
import type { DefaultReturnType, TypedContractMethod } from "../../typechain-types/common";

/** Where the campaign installs ViewBatch's code (no account of the test chain uses it). */
const VIEW_BATCH_ADDRESS = "0x00000000000000000000000000000000000Ba7c4";
/** `read((address,bytes)[])`'s selector. */
const READ_SELECTOR = ViewBatch__factory.createInterface().getFunction("read").selector;
/**
 * Views per `eth_call`. Hardhat's node traces every opcode and a call's cost per opcode grows with
 * its length: measured, 30 views a call cost about half as much per view as 200.
 */
const CHUNK = 30;

/** Installs ViewBatch's runtime code with `hardhat_setCode`: no transaction, no block, no nonce. */
export async function installViewBatch(): Promise<void> {
  const { deployedBytecode } = await hre.artifacts.readArtifact("ViewBatch");
  await hre.network.provider.send("hardhat_setCode", [VIEW_BATCH_ADDRESS, deployedBytecode]);
}

type ViewArgs<M> = M extends TypedContractMethod<infer A, infer _R, infer _S> ? A : never;
type ViewResult<M> =
  M extends TypedContractMethod<infer _A, infer R, infer _S> ? DefaultReturnType<R> : never;

/** A queued view: its value once the batch has run. */
export interface Read<T> {
  readonly value: T;
}

interface Queued {
  contract: BaseContract;
  method: string;
  args: readonly unknown[];
  /** `target|method|args`: the encoding and decoding caches' key. */
  key: string;
  read: { value: unknown };
}

/** Each view's calldata (the same calls recur every step: encoded once). */
const calldata = new Map<string, { target: string; data: string }>();
/** Decoded return data by view and bytes (ethers' Result, as its contract call returns it). */
const decoded = new Map<string, unknown>();
const DECODED_CACHE_SIZE = 20_000;
const addresses = new WeakMap<BaseContract, string>();

/** Queues views, then reads them all in a few calls (`run`). */
export class ViewReads {
  private readonly queued: Queued[] = [];

  /** Queues `contract.method(...args)`; its value is `.value` after `run()`. */
  add<C extends BaseContract, K extends keyof C & string>(
    contract: C,
    method: K,
    ...args: ViewArgs<C[K]>
  ): Read<ViewResult<C[K]>> {
    const read = {
      get value(): never {
        throw new Error(`${method} read before its batch ran`);
      },
    } as { value: unknown };
    const target = typeof contract.target === "string" ? contract.target : "";
    this.queued.push({ contract, method, args, key: `${target}|${method}|${args.join(",")}`, read });
    return read as Read<ViewResult<C[K]>>;
  }

  /** Reads every queued view against the latest block; a view that reverts fails as its own call would. */
  async run(): Promise<void> {
    const queued = this.queued.splice(0);
    const chunks: Queued[][] = [];
    for (let i = 0; i < queued.length; i += CHUNK) chunks.push(queued.slice(i, i + CHUNK));
    await Promise.all(chunks.map((chunk) => readChunk(chunk)));
  }
}

async function readChunk(chunk: Queued[]): Promise<void> {
  const calls = await Promise.all(chunk.map(encodeView));
  const answer = (await hre.network.provider.send("eth_call", [
    { to: VIEW_BATCH_ADDRESS, data: encodeRead(calls) },
    "latest",
  ])) as string;
  const results = decodeRead(answer, chunk.length);
  chunk.forEach(({ contract, method, args, key, read }, i) => {
    const { ok, data } = results[i]!;
    if (!ok) throw new Error(`${method}(${args.join(", ")}) reverted: ${data}`);
    const cacheKey = `${key}|${data}`;
    let value = decoded.get(cacheKey);
    if (value === undefined) {
      // As ethers' contract call: a single return value unwrapped, several as the Result.
      const result: Result = contract.interface.decodeFunctionResult(method, data);
      value = result.length === 1 ? result[0] : result;
      if (decoded.size >= DECODED_CACHE_SIZE) decoded.clear();
      decoded.set(cacheKey, value);
    }
    Object.defineProperty(read, "value", { value });
  });
}

async function encodeView({
  contract,
  method,
  args,
  key,
}: Queued): Promise<{ target: string; data: string }> {
  let call = calldata.get(key);
  if (call === undefined) {
    let target = addresses.get(contract);
    if (target === undefined) addresses.set(contract, (target = await contract.getAddress()));
    call = { target, data: contract.interface.encodeFunctionData(method, args) };
    calldata.set(key, call);
  }
  return call;
}

/** One 32-byte ABI word of a number, as hex without 0x. */
const word = (n: number): string => n.toString(16).padStart(64, "0");

/** `read(calls)`'s calldata, ABI-encoded (a `(address,bytes)[]`): what ethers would encode. */
export function encodeRead(calls: { target: string; data: string }[]): string {
  const heads: string[] = [];
  const tails: string[] = [];
  let offset = calls.length * 32;
  for (const { target, data } of calls) {
    heads.push(word(offset));
    const bytes = data.slice(2);
    const padded = bytes.padEnd(Math.ceil(bytes.length / 64) * 64, "0");
    tails.push(target.slice(2).toLowerCase().padStart(64, "0") + word(64) + word(bytes.length / 2) + padded);
    offset += 96 + padded.length / 2;
  }
  return READ_SELECTOR + word(32) + word(calls.length) + heads.join("") + tails.join("");
}

/** `read`'s return data, `(bool[] ok, bytes[] results)`, ABI-decoded. */
export function decodeRead(answer: string, count: number): { ok: boolean; data: string }[] {
  const hex = answer.slice(2);
  const at = (byte: number): number => Number.parseInt(hex.slice(byte * 2, byte * 2 + 64), 16);
  const okStart = at(0) + 32;
  const resultsStart = at(32) + 32;
  if (at(okStart - 32) !== count || at(resultsStart - 32) !== count) throw new Error("ViewBatch: bad answer");
  return Array.from({ length: count }, (_, i) => {
    const start = resultsStart + at(resultsStart + i * 32);
    const length = at(start);
    return {
      ok: at(okStart + i * 32) === 1,
      data: "0x" + hex.slice((start + 32) * 2, (start + 32 + length) * 2),
    };
  });
}
