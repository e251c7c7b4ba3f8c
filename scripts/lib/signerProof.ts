/**
 * Registration with a signer proof, for the code that seeds validators itself (the devnet, the
 * benchmarks, the tests): the signer key signs `SignerProof(signer, operator)` (lib/signerProof.ts)
 * and the operator sends `registerValidator`.
 */
import { keccak256, toUtf8Bytes, Wallet } from "ethers";
import type { ContractTransactionResponse, Signer } from "ethers";
import { signSignerProof, type TypedDataSigner } from "../../lib/signerProof";
import type { IStakingPool } from "../../typechain-types";

/**
 * A deterministic signer key derived from `label`: keccak256(label) is the private key. For local
 * chains only (devnet, benchmarks, tests): anyone who knows the label knows the key.
 */
export function deterministicSignerKey(label: string): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(label)));
}

/** `operator` registers with the signer of `signerKey`, which signs the proof; returns the transaction. */
export async function registerValidatorSigned(
  pool: IStakingPool,
  operator: Signer,
  signerKey: TypedDataSigner,
  commissionWad: bigint | number,
  selfStakeWei: bigint,
  overrides: { gasLimit?: bigint | number; maxPriorityFeePerGas?: bigint; maxFeePerGas?: bigint } = {},
): Promise<ContractTransactionResponse> {
  const provider = operator.provider;
  if (!provider) throw new Error("the operator account has no provider");
  const { chainId } = await provider.getNetwork();
  const operatorAddress = await operator.getAddress();
  const proof = await signSignerProof(signerKey, {
    operator: operatorAddress,
    pool: await pool.getAddress(),
    chainId,
  });
  return pool
    .connect(operator)
    .registerValidator(proof.signer, commissionWad, selfStakeWei, proof.r, proof.vs, overrides);
}
