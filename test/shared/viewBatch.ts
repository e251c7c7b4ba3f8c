/**
 * Many view calls in one `eth_call`, through the test-only `contracts/mocks/ViewBatch.sol`. Each
 * `eth_call` costs Hardhat's node a millisecond or two of fixed work; a property step reads tens to
 * hundreds of views, so batching them is most of the campaign's speed. The values are those of the
 * same calls made one by one (same functions, arguments and state; ethers decodes them the same way).
 */
import hre from "hardhat";
import type { BaseContract } from "ethers";
import { ViewBatch__factory } from "../../typechain-types";
import type { ViewBatch } from "../../typechain-types";
import type { DefaultReturnType, TypedContractMethod } from "../../typechain-types/common";

/** Where the campaign installs ViewBatch's code (no account of the test chain uses it). */
const VIEW_BATCH_ADDRESS = "0x00000000000000000000000000000000000Ba7c4";

/** Installs ViewBatch's runtime code with `hardhat_setCode`: no transaction, no block, no nonce. */
export async function installViewBatch(): Promise<ViewBatch> {
  const { deployedBytecode } = await hre.artifacts.readArtifact("ViewBatch");
  await hre.network.provider.send("hardhat_setCode", [VIEW_BATCH_ADDRESS, deployedBytecode]);
  return ViewBatch__factory.connect(VIEW_BATCH_ADDRESS, hre.ethers.provider);
}

type ViewArgs<M> = M extends TypedContractMethod<infer A, infer _R, infer _S> ? A : never;
type ViewResult<M> =
  M extends TypedContractMethod<infer _A, infer R, infer _S> ? DefaultReturnType<R> : never;

/** A queued view: its value once the batch has run. */
export interface Read<T> {
  readonly value: T;
}

/** Queues views, then reads them all in one call (`run`). */
export class ViewReads {
  private readonly queued: {
    contract: BaseContract;
    method: string;
    args: readonly unknown[];
    read: { value: unknown };
  }[] = [];

  constructor(private readonly batch: ViewBatch) {}

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
    this.queued.push({ contract, method, args, read });
    return read as Read<ViewResult<C[K]>>;
  }

  /** Reads every queued view against the latest block; a view that reverts fails as its own call would. */
  async run(): Promise<void> {
    const queued = this.queued.splice(0);
    if (queued.length === 0) return;
    const calls = await Promise.all(
      queued.map(async ({ contract, method, args }) => ({
        target: await contract.getAddress(),
        data: contract.interface.encodeFunctionData(method, args),
      })),
    );
    const [ok, results] = await this.batch.read(calls);
    queued.forEach(({ contract, method, args, read }, i) => {
      if (!ok[i]) throw new Error(`${method}(${args.join(", ")}) reverted: ${results[i]}`);
      // As ethers' contract call: a single return value unwrapped, several as the Result.
      const result = contract.interface.decodeFunctionResult(method, results[i]!);
      Object.defineProperty(read, "value", { value: result.length === 1 ? result[0] : result });
    });
  }
}
