/**
 * The signer proof of `registerValidator` (docs/staking.md, "Signer proofs"): the QBFT signer key's
 * EIP-712 signature of `SignerProof(address signer,address operator)` under the domain
 * {name: "ETM StakingPool", version: "1", chainId, verifyingContract: the pool}, passed to the pool in
 * the compact form of ERC-2098 (`r`, `vs`). One owner of the typed data for the tasks, the dApp, the
 * devnet, the bench and the tests. Plain TypeScript and ethers, so the dApp bundles it.
 */
import { getAddress, Signature, TypedDataEncoder, verifyTypedData } from "ethers";
import type { TypedDataDomain, TypedDataField } from "ethers";
import { InputError } from "./units";

export const SIGNER_PROOF_DOMAIN_NAME = "ETM StakingPool";
export const SIGNER_PROOF_DOMAIN_VERSION = "1";

/** The EIP-712 types of the proof (the primary type is `SignerProof`). */
export const SIGNER_PROOF_TYPES: Record<string, TypedDataField[]> = {
  SignerProof: [
    { name: "signer", type: "address" },
    { name: "operator", type: "address" },
  ],
};

/** What a signer proof is about: the signer key, the operator it will serve, the pool and chain. */
export interface SignerProofSubject {
  signer: string;
  operator: string;
  pool: string;
  chainId: bigint | number;
}

/** The proof as `registerValidator` takes it: ERC-2098 `r` and `vs` (s with v's parity in its top bit). */
export interface SignerProof {
  r: string;
  vs: string;
}

/** Anything that signs EIP-712 typed data with the signer key (an ethers Wallet, a JSON-RPC signer). */
export interface TypedDataSigner {
  getAddress(): Promise<string>;
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

export function signerProofDomain(pool: string, chainId: bigint | number): TypedDataDomain {
  return {
    name: SIGNER_PROOF_DOMAIN_NAME,
    version: SIGNER_PROOF_DOMAIN_VERSION,
    chainId,
    verifyingContract: getAddress(pool),
  };
}

function proofValue(subject: SignerProofSubject): Record<string, string> {
  return { signer: getAddress(subject.signer), operator: getAddress(subject.operator) };
}

/** The EIP-712 digest the signer key signs (what the pool recovers the signer from). */
export function signerProofDigest(subject: SignerProofSubject): string {
  return TypedDataEncoder.hash(
    signerProofDomain(subject.pool, subject.chainId),
    SIGNER_PROOF_TYPES,
    proofValue(subject),
  );
}

/** The typed data in the JSON form of `eth_signTypedData_v4`, for a signer tool or a hardware wallet. */
export function signerProofTypedDataJson(subject: SignerProofSubject): string {
  return JSON.stringify(
    TypedDataEncoder.getPayload(signerProofDomain(subject.pool, subject.chainId), SIGNER_PROOF_TYPES, {
      ...proofValue(subject),
    }),
    null,
    2,
  );
}

/** The compact (ERC-2098) form of a 65-byte or 64-byte signature. */
export function compactSignerProof(signature: string): SignerProof {
  const parsed = Signature.from(signature);
  return { r: parsed.r, vs: parsed.yParityAndS };
}

/**
 * Signs the proof with `key` (`signature`: the 65-byte form, as pasted into the dApp) (which must be the signer key of `subject.signer`); refuses a key of
 * another address before anything is signed.
 */
export async function signSignerProof(
  key: TypedDataSigner,
  subject: Omit<SignerProofSubject, "signer"> & { signer?: string },
): Promise<SignerProof & { signer: string; signature: string }> {
  const keyAddress = getAddress(await key.getAddress());
  if (subject.signer !== undefined && getAddress(subject.signer) !== keyAddress) {
    throw new InputError(
      `the signer key is the key of ${keyAddress}, not of the signer ${getAddress(subject.signer)}; use the key of the signer, or register ${keyAddress} as the signer.`,
    );
  }
  const full = { ...subject, signer: keyAddress };
  const signature = await key.signTypedData(
    signerProofDomain(full.pool, full.chainId),
    SIGNER_PROOF_TYPES,
    proofValue(full),
  );
  return { ...compactSignerProof(signature), signer: keyAddress, signature };
}

/**
 * Reads a pasted proof (0x + 130 hex digits, or the 128-digit compact form) and checks that it is
 * the signer's signature for this operator, pool and chain, with a message that says what to sign.
 */
export function parseSignerProof(text: string | undefined, subject: SignerProofSubject): SignerProof {
  const trimmed = (text ?? "").trim();
  const what = `a signature by the signer key ${getAddress(subject.signer)} of the EIP-712 message SignerProof(signer ${getAddress(subject.signer)}, operator ${getAddress(subject.operator)}) for the pool ${getAddress(subject.pool)} on chain ${subject.chainId}`;
  if (trimmed === "") throw new InputError(`the signer proof is required: give ${what}.`);
  if (!/^0x([0-9a-fA-F]{128}|[0-9a-fA-F]{130})$/.test(trimmed))
    throw new InputError(
      `the signer proof "${trimmed}" is not a signature (0x followed by 130 hex digits); give ${what}.`,
    );
  let proof: SignerProof;
  let recovered: string;
  try {
    proof = compactSignerProof(trimmed);
    recovered = verifyTypedData(
      signerProofDomain(subject.pool, subject.chainId),
      SIGNER_PROOF_TYPES,
      proofValue(subject),
      Signature.from({ r: proof.r, yParityAndS: proof.vs }),
    );
  } catch {
    throw new InputError(`the signer proof "${trimmed}" is not a valid signature; give ${what}.`);
  }
  if (getAddress(recovered) !== getAddress(subject.signer))
    throw new InputError(
      `the signer proof was signed by ${recovered} (or for another operator, pool or chain), not by the signer; give ${what}.`,
    );
  return proof;
}
