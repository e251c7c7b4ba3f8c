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
import {
  ETMToken__factory,
  MockValidatorRegistry__factory,
  SamplingHarness__factory,
} from "../../typechain-types";
import { expect } from "chai";
import { deriveSeed, electionOutcome, ZERO_HASH, type ModelCandidate } from "../model/election";
export { ETM, WAD } from "../shared/units";
import { ETM, WAD } from "../shared/units";

/** Blocks per round in the election tests: 30 blocks of commit phase, 30 of reveal phase. */
export const ROUND = 60;
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

/** A world with option overrides (not a loadFixture fixture: deploys afresh). */
export async function deployWorldWith(
  overrides: Partial<ElectionOptions>,
  registered = 6,
): Promise<ElectionWorld> {
  return deployWorld(overrides, registered);
}

/** Four genesis validators, six registered candidates, 4 seats, 60-block rounds. */
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

/** What an election's outcome depends on besides the candidates, read just before `elect()`. */
export async function beaconState(election: ValidatorElection) {
  return {
    seed: await election.seed(),
    mix: await election.revealMix(),
    setId: await election.activeSetId(),
  };
}

/**
 * Checks a mined `elect()` against the model: the seed derivation (previous seed, mix, last block
 * hash of the previous round, or zero when it is out of reach), then the installed set, or the
 * previous set kept. Reads the candidates after the election (jails it made are in force).
 */
export async function verifyElection(
  world: Pick<ElectionWorld, "election" | "registry">,
  tx: ContractTransactionResponse,
  before: Awaited<ReturnType<typeof beaconState>>,
  previousSet: { operators: string[]; signers: string[] },
) {
  const { election, registry } = world;
  const receipt = (await tx.wait())!;
  const events = receipt.logs
    .map((log) => {
      try {
        return election.interface.parseLog(log);
      } catch {
        return null;
      }
    })
    .filter((e) => e !== null);
  const seedEvent = events.find((e) => e!.name === "SeedDerived")!;
  const round = seedEvent.args.round as bigint;
  const electionBlock = BigInt(receipt.blockNumber);
  const [, start] = await startOfRound(election, round, electionBlock);
  const lastBlock = start - 1n;
  const expectedHash = electionBlock - lastBlock > 256n ? ZERO_HASH : await blockHash(lastBlock);
  expect(seedEvent.args.lastBlockHash).to.equal(expectedHash);
  expect(seedEvent.args.revealMix).to.equal(before.mix);
  const seed = deriveSeed(before.seed, before.mix, expectedHash, round);
  expect(seedEvent.args.seed).to.equal(seed);
  expect(await election.seed()).to.equal(seed);
  expect(await election.electedRound()).to.equal(round);

  const candidates = await modelCandidates(registry, election);
  const outcome = electionOutcome(
    candidates,
    Number(round),
    Number(await election.maxCandidates()),
    Number(await election.validatorCount()),
    seed,
  );
  const signers = await election.getValidators();
  const operators = await election.activeValidators();
  if (outcome.installed) {
    const elected = events.find((e) => e!.name === "ValidatorsElected")!;
    expect(elected.args.round).to.equal(round);
    expect(elected.args.setId).to.equal(before.setId + 1n);
    expect([...elected.args.operators]).to.deep.equal(outcome.operators);
    expect([...elected.args.signers]).to.deep.equal(outcome.signers);
    expect(elected.args.candidates).to.equal(BigInt(outcome.candidates));
    expect(elected.args.skippedOffline).to.equal(BigInt(outcome.skippedOffline));
    expect(signers).to.deep.equal(outcome.signers);
    expect(operators).to.deep.equal(outcome.operators);
    expect(await election.activeSetId()).to.equal(before.setId + 1n);
  } else {
    const kept = events.find((e) => e!.name === "PreviousSetKept")!;
    expect(kept.args.eligibleCount).to.equal(BigInt(outcome.eligible));
    expect(signers).to.deep.equal(previousSet.signers);
    expect(operators).to.deep.equal(previousSet.operators);
    expect(await election.activeSetId()).to.equal(before.setId);
  }
  return { round, seed, outcome };
}

/** The current round's number and first block as of `atBlock` (from roundInfo at that block). */
async function startOfRound(
  election: ValidatorElection,
  round: bigint,
  atBlock: bigint,
): Promise<[bigint, bigint]> {
  const [r, start] = await election.roundInfo({ blockTag: Number(atBlock) });
  expect(r).to.equal(round);
  return [r, start];
}

/** Runs `elect()` in the next round (or now, with `now`) and verifies it against the model. */
export async function electAndVerify(
  world: Pick<ElectionWorld, "election" | "registry">,
  options: { now?: boolean } = {},
) {
  const { election } = world;
  if (!options.now) await toNextRound(election);
  const before = await beaconState(election);
  const previousSet = {
    operators: await election.activeValidators(),
    signers: await election.getValidators(),
  };
  const tx = await election.elect();
  return { tx, ...(await verifyElection(world, tx, before, previousSet)) };
}

/** A small deterministic generator (mulberry32) in [0, 1) for test data; the same seed, the same sequence. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The sampling harness (WeightedSampling and Shuffle on chain), for the tests that compare draws. */
export async function samplingHarnessFixture() {
  const [deployer] = await hre.ethers.getSigners();
  return new SamplingHarness__factory(deployer).deploy();
}
