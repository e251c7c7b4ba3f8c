/** EIP-2612 permits signed with ethers v6 `signTypedData`, over the domain the token reports. */
import { Signature } from "ethers";
import type { Signer, TypedDataDomain } from "ethers";
import type { ERC20Permit } from "../../typechain-types";
import { PERMIT_TYPES } from "../../lib/actions/permit";

/** The EIP-2612 `Permit` struct: the toolkit's (lib/actions/permit.ts), re-exported for the tests. */
export { PERMIT_TYPES };

export interface PermitMessage {
  owner: string;
  spender: string;
  /** Allowance to set, in wei. */
  value: bigint;
  nonce: bigint;
  /** Last block timestamp (seconds) at which the permit is valid. */
  deadline: bigint;
}

export interface SignedPermit {
  message: PermitMessage;
  /** Split into `v`, `r`, `s` for `permit(...)`. */
  signature: Signature;
}

type PermitToken = Pick<ERC20Permit, "eip712Domain" | "nonces">;

/** EIP-5267 `fields` bitmap for name, version, chainId and verifyingContract (no salt, no extensions). */
export const EIP712_FIELDS_NAME_VERSION_CHAIN_CONTRACT = "0x0f";

/** The token's EIP-712 domain as it reports it through EIP-5267 `eip712Domain()`. */
export async function tokenDomain(token: PermitToken): Promise<TypedDataDomain> {
  const domain = await token.eip712Domain();
  if (domain.fields !== EIP712_FIELDS_NAME_VERSION_CHAIN_CONTRACT) {
    throw new Error(`Unexpected EIP-712 domain fields ${domain.fields}: this helper signs without salt`);
  }
  return {
    name: domain.name,
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract: domain.verifyingContract,
  };
}

/**
 * Signs a permit by `owner`. The nonce defaults to the owner's current nonce on the token and the
 * domain to the token's own; both can be overridden to build invalid permits.
 */
export async function signPermit(
  token: PermitToken,
  owner: Signer,
  fields: { spender: string; value: bigint; deadline: bigint; nonce?: bigint; owner?: string },
  domain?: TypedDataDomain,
): Promise<SignedPermit> {
  const ownerAddress = fields.owner ?? (await owner.getAddress());
  const message: PermitMessage = {
    owner: ownerAddress,
    spender: fields.spender,
    value: fields.value,
    nonce: fields.nonce ?? (await token.nonces(ownerAddress)),
    deadline: fields.deadline,
  };
  const raw = await owner.signTypedData(domain ?? (await tokenDomain(token)), PERMIT_TYPES, message);
  return { message, signature: Signature.from(raw) };
}
