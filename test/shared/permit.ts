/** EIP-2612 permits signed with ethers v6 `signTypedData`, over the domain the token reports. */
import { Signature } from "ethers";
import type { Signer, TypedDataDomain } from "ethers";
import type { ERC20Permit } from "../../typechain-types";
import {
  EIP712_FIELDS_NAME_VERSION_CHAIN_CONTRACT,
  PERMIT_TYPES,
  tokenDomain,
} from "../../lib/actions/permit";

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

/** The token's domain helpers are the toolkit's (lib/actions/permit.ts), re-exported for the tests. */
export { EIP712_FIELDS_NAME_VERSION_CHAIN_CONTRACT, tokenDomain };

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
