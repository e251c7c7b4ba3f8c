/**
 * EIP-2612 permits for the pool (one signature instead of an approve transaction), signed by whoever
 * acts: the tasks' account, or a wallet that can sign typed data. See `planStake`.
 */
import { Signature, type TypedDataDomain, type TypedDataField } from "ethers";
import type { ERC20Permit } from "../../typechain-types";
import type { ActionContext } from "./step";

/** How long a permit the toolkit signs stays valid, in seconds of block time. */
export const PERMIT_LIFETIME_SECONDS = 3_600n;

/** The EIP-2612 `Permit` struct, in the field order of OpenZeppelin's `PERMIT_TYPEHASH`. */
export const PERMIT_TYPES: Record<string, TypedDataField[]> = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** EIP-5267 `fields` bitmap for name, version, chainId and verifyingContract (no salt, no extensions). */
export const EIP712_FIELDS_NAME_VERSION_CHAIN_CONTRACT = "0x0f";

/** A token's EIP-712 domain as it reports it through EIP-5267 `eip712Domain()`. */
export async function tokenDomain(token: Pick<ERC20Permit, "eip712Domain">): Promise<TypedDataDomain> {
  const domain = await token.eip712Domain();
  if (domain.fields !== EIP712_FIELDS_NAME_VERSION_CHAIN_CONTRACT) {
    throw new Error(`Unexpected EIP-712 domain fields ${domain.fields}: permits are signed without salt`);
  }
  return {
    name: domain.name,
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract: domain.verifyingContract,
  };
}

/** `stakeWithPermit`'s permit arguments. */
export interface PoolPermit {
  /** Last block timestamp (seconds) at which the permit is valid. */
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

/**
 * The acting account's permit letting the pool spend `amountWei` of its ETM, signed over the domain
 * the token reports (EIP-5267), with the token's current nonce and a deadline
 * `PERMIT_LIFETIME_SECONDS` after the latest block. Needs `ctx.permitSigner`.
 */
export async function signPoolPermit(ctx: ActionContext, amountWei: bigint): Promise<PoolPermit> {
  const signer = ctx.permitSigner;
  if (!signer) throw new Error("signPoolPermit: this context cannot sign typed data");
  const { token, pool } = ctx.system;
  const typedDomain = await tokenDomain(token);
  const latest = await token.runner?.provider?.getBlock("latest");
  if (!latest) throw new Error("signPoolPermit: no provider to read the latest block from");
  const deadline = BigInt(latest.timestamp) + PERMIT_LIFETIME_SECONDS;
  const message = {
    owner: ctx.account,
    spender: await pool.getAddress(),
    value: amountWei,
    nonce: await token.nonces(ctx.account),
    deadline,
  };
  const { v, r, s } = Signature.from(await signer.signTypedData(typedDomain, PERMIT_TYPES, message));
  return { deadline, v, r, s };
}
