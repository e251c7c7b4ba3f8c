/** Shared fixtures: one per scenario, composed, loaded through `loadFixture`. */
import hre from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { DEFAULT_OPTIONS, deploySystem } from "../../scripts/deploy";
import { ETMToken__factory } from "../../typechain-types";
import type { ETMToken } from "../../typechain-types";

/** The system with default options. */
export async function systemFixture() {
  return deploySystem();
}

/** 1 ETM in wei. */
export const ETM = 10n ** 18n;

/**
 * Named accounts of the token tests. Every role is a distinct signer, so a test can never pass
 * because two roles happen to share an address (the default deployment uses signer 0 for all).
 */
export interface TokenActors {
  /** Sends the deployment transaction; holds no role in the token. */
  deployer: HardhatEthersSigner;
  /** The token's immutable `admin`: may set the minter once. */
  admin: HardhatEthersSigner;
  /** Receives the initial supply. */
  holder: HardhatEthersSigner;
  /** Stands in for the staking pool, the only intended minter. */
  minter: HardhatEthersSigner;
  /** Accounts without a role, holding nothing at the start. */
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
}

/** The token on its own (no pool), with every role a distinct signer. */
export interface TokenFixture extends TokenActors {
  token: ETMToken;
  options: { initialSupply: bigint };
}

/** Named signers, in a fixed order (signer 0 deploys). */
export async function tokenActors(): Promise<TokenActors> {
  const [deployer, admin, holder, minter, alice, bob, carol] = await hre.ethers.getSigners();
  if (!carol) throw new Error("The token tests need 7 accounts on the network");
  return { deployer, admin, holder, minter, alice, bob, carol };
}

/** The token deployed alone with a separate admin and initial holder; the minter is not set yet. */
export async function tokenFixture(): Promise<TokenFixture> {
  const actors = await tokenActors();
  const initialSupply = DEFAULT_OPTIONS.initialSupply;
  const token = await new ETMToken__factory(actors.deployer).deploy(
    actors.admin.address,
    actors.holder.address,
    initialSupply,
  );
  await token.waitForDeployment();
  return { token, options: { initialSupply }, ...actors };
}

/** `tokenFixture` after the admin has set `minter` as the token's minter. */
export async function tokenWithMinterFixture(): Promise<TokenFixture> {
  const fixture = await tokenFixture();
  await (await fixture.token.connect(fixture.admin).setMinter(fixture.minter.address)).wait();
  return fixture;
}

/** Balance the minter gives `alice` in `mintedHolderFixture`, in wei. */
export const MINTED_BALANCE = 1_234n * ETM;

/** `tokenWithMinterFixture` after the minter has minted `MINTED_BALANCE` to `alice`. */
export async function mintedHolderFixture(): Promise<TokenFixture> {
  const fixture = await tokenWithMinterFixture();
  await (await fixture.token.connect(fixture.minter).mint(fixture.alice.address, MINTED_BALANCE)).wait();
  return fixture;
}
