/**
 * Signer proofs in tests: the test signers' keys (deterministic), and `registerValidator`, which
 * signs the proof with the signer's key and sends the registration from the operator.
 */
import { ethers } from "hardhat";
import type { ContractTransactionResponse, Signer } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { signSignerProof, type SignerProof, type TypedDataSigner } from "../../lib/signerProof";
import { deterministicSignerKey, registerValidatorSigned } from "../../scripts/lib/signerProof";
import type { IStakingPool } from "../../typechain-types";

/** The QBFT signer keys of the test validators: key i is keccak256("etm-test-signer-<i+1>"). */
export const SIGNER_KEYS = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) =>
  deterministicSignerKey(`etm-test-signer-${i}`),
);

/** Other keys a test registered with `rememberSignerKey` (e.g. random keys of the property test). */
const extraKeys = new Map<string, TypedDataSigner>();

export function rememberSignerKey(key: TypedDataSigner & { address: string }): void {
  extraKeys.set(key.address.toLowerCase(), key);
}

/** The key of `signer`: a test signer key, a remembered key, or one of the node's accounts. */
export async function signerKeyOf(signer: string): Promise<TypedDataSigner> {
  const lower = signer.toLowerCase();
  const known = SIGNER_KEYS.find((k) => k.address.toLowerCase() === lower) ?? extraKeys.get(lower);
  if (known) return known;
  const account = (await ethers.getSigners()).find((s) => s.address.toLowerCase() === lower);
  if (account) return account;
  throw new Error(`no key known for signer ${signer}: use SIGNER_KEYS, a node account, or rememberSignerKey`);
}

/** `key`'s proof that it serves `operator` on `pool` (this chain). */
export async function signerProofFor(
  pool: IStakingPool,
  operator: string,
  key: TypedDataSigner,
): Promise<SignerProof> {
  const { chainId } = await ethers.provider.getNetwork();
  const { r, vs } = await signSignerProof(key, { operator, pool: await pool.getAddress(), chainId });
  return { r, vs };
}

/**
 * `operator` registers with `signer` (an address whose key the tests know, or a key), the proof
 * signed by the signer's key. Returns the transaction, for `expect(...).to.emit` and reverts.
 */
export async function registerValidator(
  pool: IStakingPool,
  operator: HardhatEthersSigner | Signer,
  signer: string | TypedDataSigner,
  commissionWad: bigint | number,
  selfStakeWei: bigint,
  overrides: { gasLimit?: bigint | number; maxPriorityFeePerGas?: bigint; maxFeePerGas?: bigint } = {},
): Promise<ContractTransactionResponse> {
  const key = typeof signer === "string" ? await signerKeyOf(signer) : signer;
  return registerValidatorSigned(pool, operator, key, commissionWad, selfStakeWei, overrides);
}
