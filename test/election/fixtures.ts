/**
 * Election fixtures and helpers: one fixture per scenario, composed, loaded through `loadFixture`.
 * Blocks: every transaction mines one block (automine); helpers that "go to" a block mine so that
 * the NEXT transaction lands in that block.
 */
import hre from "hardhat";
import { mine } from "@nomicfoundation/hardhat-network-helpers";
import { Wallet, keccak256, toUtf8Bytes, type ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployElection, type ElectionOptions } from "../../scripts/deploy/election";
import type { ETMToken, MockValidatorRegistry, ValidatorElection } from "../../typechain-types";
import { ETMToken__factory, MockValidatorRegistry__factory } from "../../typechain-types";
import type { ModelCandidate } from "../model/election";

export const ETM = 10n ** 18n;
export const WAD = 10n ** 18n;
/** Blocks per round in the election tests: 20 blocks of commit phase, 20 of reveal phase. */
export const ROUND = 40;
export const JAIL_BLOCKS = 500;

const { ethers, network } = hre;

/** A deterministic signer key for candidate `i` (so a test can send transactions from the signer). */
export function signerWallet(i: number): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(`etm-election-signer-${i}`)), ethers.provider);
}

export function secretOf(label: string | number): string {
  return keccak256(toUtf8Bytes(`etm-election-secret-${label}`));
}

export interface ElectionWorld {
  token: ETMToken;
  registry: MockValidatorRegistry;
  election: ValidatorElection;
  admin: HardhatEthersSigner;
  treasury: HardhatEthersSigner;
  /** The genesis set: four accounts whose addresses are the initial signers. */
  genesis: HardhatEthersSigner[];
  /** Ten accounts used as candidates' operators (the first six are registered). */
  operators: HardhatEthersSigner[];
  /** The signer wallets of the operators, same index, funded. */
  signers: Wallet[];
  /** Accounts that are nobody in the election. */
  strangers: HardhatEthersSigner[];
  options: ElectionOptions;
}

/** Stakes of the six registered candidates, in ETM. */
export const STAKES = [100_000n, 250_000n, 50_000n, 400_000n, 75_000n, 125_000n].map((s) => s * ETM);

async function deployWorld(overrides: Partial<ElectionOptions> = {}, registered = 6): Promise<ElectionWorld> {
  const accounts = await ethers.getSigners();
  const [admin, treasury] = accounts;
  const genesis = accounts.slice(2, 6);
  const operators = accounts.slice(6, 16);
  const strangers = accounts.slice(16, 20);
  const token = await new ETMToken__factory(admin).deploy(admin.address, admin.address, 1_000_000_000n * ETM);
  const registry = await new MockValidatorRegistry__factory(admin).deploy(await token.getAddress());
  const options: ElectionOptions = {
    admin: admin.address,
    treasury: treasury.address,
    validatorCount: 4,
    roundLength: ROUND,
    initialValidators: genesis.map((g) => g.address),
    maxCandidates: 50,
    feeShare: WAD / 2n,
    nonRevealJailBlocks: JAIL_BLOCKS,
    ...overrides,
  };
  const election = await deployElection(
    await registry.getAddress(),
    await token.getAddress(),
    options,
    admin,
  );
  await registry.setElection(await election.getAddress());
  await token.approve(await registry.getAddress(), 1_000_000_000n * ETM);
  const signers = operators.map((_, i) => signerWallet(i));
  for (const wallet of signers)
    await network.provider.send("hardhat_setBalance", [wallet.address, "0x56BC75E2D63100000"]);
  for (let i = 0; i < registered; i++)
    await registry.addCandidate(operators[i].address, signers[i].address, STAKES[i]);
  return { token, registry, election, admin, treasury, genesis, operators, signers, strangers, options };
}

/** Four genesis validators, six registered candidates, 4 seats, 40-block rounds. */
export async function electionFixture(): Promise<ElectionWorld> {
  return deployWorld();
}

/** As electionFixture, with 5 seats and all ten operators registered (stakes 10..100k ETM). */
export async function tenCandidatesFixture(): Promise<ElectionWorld> {
  const world = await deployWorld({ validatorCount: 5 }, 6);
  for (let i = 6; i < 10; i++) {
    await world.registry.addCandidate(
      world.operators[i].address,
      world.signers[i].address,
      BigInt(i + 1) * 10_000n * ETM,
    );
  }
  return world;
}

/** Round, first block, length and reveal start as bigints. */
export async function roundInfo(election: ValidatorElection) {
  const [round, start, length, revealStart] = await election.roundInfo();
  return { round, start, length, revealStart, end: start + length };
}

export async function blockNumber(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber());
}

/** Mines so that the next transaction lands in block `target` (which must be in the future). */
export async function nextTxAt(target: bigint): Promise<void> {
  const now = await blockNumber();
  if (target <= now) throw new Error(`block ${target} is not in the future (now ${now})`);
  if (target - now > 1n) await mine(target - now - 1n);
}

/** The next transaction lands in the first block of the next round. */
export async function toNextRound(election: ValidatorElection): Promise<void> {
  await nextTxAt((await roundInfo(election)).end);
}

/** The next transaction lands in the first block of the current round's reveal phase. */
export async function toRevealPhase(election: ValidatorElection): Promise<void> {
  await nextTxAt((await roundInfo(election)).revealStart);
}

/** Sends a heartbeat from each of `senders`. */
export async function heartbeats(election: ValidatorElection, senders: { address: string }[]): Promise<void> {
  for (const sender of senders) await election.connect(sender as HardhatEthersSigner).heartbeat();
}

/** Goes to the next round and runs the election; returns the transaction. */
export async function electNext(
  election: ValidatorElection,
  caller?: HardhatEthersSigner,
): Promise<ContractTransactionResponse> {
  await toNextRound(election);
  return caller ? election.connect(caller).elect() : election.elect();
}

/** The candidates as the model sees them, read from the registry and the election. */
export async function modelCandidates(
  registry: MockValidatorRegistry,
  election: ValidatorElection,
): Promise<ModelCandidate[]> {
  const [operators, signers, stakes] = await registry.electableCandidates();
  const out: ModelCandidate[] = [];
  for (let i = 0; i < operators.length; i++) {
    const [ever, last, hasPrevious, previous] = await election.heartbeatOf(operators[i]);
    out.push({
      operator: operators[i],
      signer: signers[i],
      stake: stakes[i],
      lastMark: ever ? Number(last) + 1 : 0,
      previousMark: hasPrevious ? Number(previous) + 1 : 0,
    });
  }
  return out;
}

/** The hash of block `number`. */
export async function blockHash(number: bigint): Promise<string> {
  const block = await ethers.provider.getBlock(number);
  if (!block?.hash) throw new Error(`no block ${number}`);
  return block.hash;
}
