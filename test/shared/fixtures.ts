/** Shared fixtures: one per scenario, composed, loaded through `loadFixture`. */
import hre, { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { DEFAULT_OPTIONS, deploySystem } from "../../scripts/deploy";
import type { SystemOptions } from "../../scripts/deploy";
import { ETMToken__factory } from "../../typechain-types";
import type { ETMToken } from "../../typechain-types";
export { ETM, WAD } from "./units";
import { ETM, WAD } from "./units";
import { registerValidator, SIGNER_KEYS } from "./signerProof";
export { registerValidator, SIGNER_KEYS } from "./signerProof";

/** The system with default options. */
export async function systemFixture() {
  return deploySystem();
}

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

/**
 * Options of the small test system: low minimums and short durations, so tests can reach every
 * state in a few blocks. Fractions wad, amounts wei, durations blocks.
 */
export const SMALL_OPTIONS = {
  minStake: 1n * ETM,
  minSelfStake: 100n * ETM,
  unbondingBlocks: 100,
  commissionDelayBlocks: 50,
  jailBlocks: 200,
  maxCommission: WAD / 2n, // 50%
  maxCommissionChange: WAD / 10n, // 10 percentage points per update
  candidateCap: 8,
} satisfies Partial<SystemOptions>;

/** Tokens each funded account receives from the initial holder. */
export const FUNDING = 1_000_000n * ETM;

/**
 * QBFT signer addresses of the test validators; their keys (`SIGNER_KEYS`, deterministic) sign the
 * registrations' signer proofs, and they never send transactions.
 */
export const SIGNERS = SIGNER_KEYS.map((key) => key.address);

/** Named accounts of the small system. */
export interface Accounts {
  /** Deployer, initial holder, and holder of the parameter and slasher roles. */
  admin: HardhatEthersSigner;
  /** Receives the mint while nothing is staked. */
  treasury: HardhatEthersSigner;
  /** Validator operators. */
  operators: HardhatEthersSigner[];
  /** Delegators. */
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  /** Holds no role and no tokens. */
  outsider: HardhatEthersSigner;
  /** Stands in for the election contract: granted the jailer and collector roles. */
  election: HardhatEthersSigner;
}

async function namedAccounts(): Promise<Accounts> {
  const s = await ethers.getSigners();
  return {
    admin: s[0]!,
    treasury: s[1]!,
    operators: [s[2]!, s[3]!, s[4]!, s[5]!, s[6]!],
    alice: s[7]!,
    bob: s[8]!,
    carol: s[9]!,
    outsider: s[10]!,
    election: s[11]!,
  };
}

/** Deploys with `SMALL_OPTIONS` (plus `overrides`), funds operators and delegators, approves the pool. */
export async function deploySmallSystem(overrides: Partial<SystemOptions> = {}) {
  const accounts = await namedAccounts();
  const system = await deploySystem({ ...SMALL_OPTIONS, treasury: accounts.treasury.address, ...overrides });
  const { token, pool } = system;
  const poolAddress = await pool.getAddress();
  for (const account of [...accounts.operators, accounts.alice, accounts.bob, accounts.carol]) {
    await token.connect(accounts.admin).transfer(account.address, FUNDING);
    await token.connect(account).approve(poolAddress, ethers.MaxUint256);
  }
  await pool.connect(accounts.admin).grantRole(await pool.JAILER_ROLE(), accounts.election.address);
  await pool.connect(accounts.admin).grantRole(await pool.COLLECTOR_ROLE(), accounts.election.address);
  return { ...system, ...accounts, poolAddress };
}

/** The small system, funded, with no validator registered. */
export async function fundedSystemFixture() {
  return deploySmallSystem();
}

/** Self-stakes and commissions of the validators of `validatorsFixture`. */
export const VALIDATOR_SETUP = [
  { selfStake: 1_000n * ETM, commission: WAD / 10n }, // operators[0]: 10%
  { selfStake: 2_000n * ETM, commission: WAD / 20n }, // operators[1]: 5%
] as const;
/** Delegations of `validatorsFixture`. */
export const DELEGATIONS = { alice: 500n * ETM, bob: 300n * ETM, carol: 1_000n * ETM } as const;

/**
 * Two registered validators with delegators: operators[0] (signer SIGNERS[0], 10%, 1,000 ETM) backed
 * by alice (500) and bob (300); operators[1] (SIGNERS[1], 5%, 2,000 ETM) backed by carol (1,000).
 */
export async function validatorsFixture() {
  const system = await deploySmallSystem();
  const { pool, operators, alice, bob, carol } = system;
  const [op0, op1] = operators as [HardhatEthersSigner, HardhatEthersSigner];
  for (const [i, setup] of VALIDATOR_SETUP.entries()) {
    await registerValidator(pool, operators[i]!, SIGNERS[i]!, setup.commission, setup.selfStake);
  }
  await pool.connect(alice).stake(op0.address, DELEGATIONS.alice);
  await pool.connect(bob).stake(op0.address, DELEGATIONS.bob);
  await pool.connect(carol).stake(op1.address, DELEGATIONS.carol);
  return { ...system, op0, op1 };
}

/**
 * One validator and one delegator, registered in consecutive blocks: operators[0] (10%, 1,000 ETM),
 * then alice stakes 500 ETM. The simplest state with a delegator, for exact reward arithmetic.
 */
export async function oneValidatorFixture() {
  const system = await deploySmallSystem();
  const { pool, operators, alice } = system;
  const op0 = operators[0]!;
  await registerValidator(pool, op0, SIGNERS[0]!, WAD / 10n, 1_000n * ETM);
  await pool.connect(alice).stake(op0.address, 500n * ETM);
  return { ...system, op0 };
}

/** The small system with `delta` = 20% set at deployment and one validator with a delegator. */
export async function deltaFixture() {
  const system = await deploySmallSystem({ delta: WAD / 5n });
  const { pool, operators, alice } = system;
  const op0 = operators[0]!;
  await registerValidator(pool, op0, SIGNERS[0]!, WAD / 10n, 1_000n * ETM);
  await pool.connect(alice).stake(op0.address, 500n * ETM);
  return { ...system, op0 };
}

/**
 * Dust minimums within the documented parameter bounds (minStake = 1 wei, minSelfStake = 1,000 wei)
 * and one validator whose whole stake is its 1,000-wei deposit.
 */
export async function dustStakeFixture() {
  const system = await deploySmallSystem({ minStake: 1n, minSelfStake: 1_000n });
  const { pool, operators } = system;
  const op0 = operators[0]!;
  await registerValidator(pool, op0, SIGNERS[0]!, WAD / 10n, 1_000n);
  return { ...system, op0 };
}
