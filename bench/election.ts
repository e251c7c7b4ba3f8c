/**
 * Election gas benchmark: `npx hardhat run bench/election.ts` (about a minute).
 *
 * Prints, and writes to bench/election-baseline.json:
 *   - elect() gas with the REAL staking pool (deploySystem: pool and election behind their proxies,
 *     candidates registered with registerValidator) at 25, 100, 1,000 candidates and at the pool's
 *     candidate cap (1,500): the first election after the genesis set (fresh storage) and the next
 *     one; every candidate live. Also the pool's electableCandidates() alone as an eth_call;
 *   - the adversarial case for the rejection sampling: 21 live candidates with small stakes and
 *     all the other candidates offline with 100x their stake, so almost every draw is set aside
 *     (1,000 candidates and the pool's cap);
 *   - getValidators() as an eth_call (estimateGas, 21,000 intrinsic gas included), heartbeat,
 *     commit, reveal, claim, releaseTreasuryFees;
 *   - the sampling library alone (21 draws) against N: the O(N + k log N) curve.
 * Gas is exact and repeatable on the Hardhat network with the project's compiler settings.
 */
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import prettier from "prettier";
import { keccak256, toUtf8Bytes, getAddress, dataSlice, parseEther } from "ethers";
import { mine } from "@nomicfoundation/hardhat-network-helpers";
import { deployElection, DEFAULT_ELECTION_OPTIONS, ELECTION_LIMITS } from "../scripts/deploy/election";
import { commitmentOf } from "../test/model/election";
import { ETM } from "../test/shared/units";
import { deploySystem, type DeployedSystem } from "../scripts/deploy";
import { deterministicSignerKey, registerValidatorSigned } from "../scripts/lib/signerProof";
import { MAX_LIST_JOINS_PER_ROUND } from "../lib/constants";
import { deterministicChain } from "./lib";
import type { ValidatorElection } from "../typechain-types";
import {
  ETMToken__factory,
  MockValidatorRegistry__factory,
  SamplingHarness__factory,
} from "../typechain-types";

const { ethers, network } = hre;
const ROUND = 28_800;
const RICH = "0x56BC75E2D63100000"; // 100 coins
/** The pool's largest candidate list (StakingPool.MAX_CANDIDATE_CAP): the real pool's worst case. */
const POOL_MAX_CANDIDATES = 1_500;

function addressOf(label: string, i: number): string {
  return getAddress(dataSlice(keccak256(toUtf8Bytes(`bench-${label}-${i}`)), 12));
}

/** The election on the mock pool (its actions: commit, reveal, claim, fees). */
async function deploy(initialValidators: string[]) {
  const [admin] = await ethers.getSigners();
  const token = await new ETMToken__factory(admin).deploy(admin.address, admin.address, 1_000_000_000n * ETM);
  const registry = await new MockValidatorRegistry__factory(admin).deploy(await token.getAddress());
  const election = await deployElection(await registry.getAddress(), await token.getAddress(), {
    roundLength: ROUND,
    maxCandidates: ELECTION_LIMITS.maxCandidateCap,
    initialValidators,
  });
  await registry.setElection(await election.getAddress());
  return { admin, token, registry, election };
}

/** The whole system (real pool), as deployed, with room for the pool's largest candidate list. */
async function deployReal(initialValidators: string[]) {
  return deploySystem({
    // Room for 1,500 candidates of up to 1M ETM each.
    initialSupply: 10_000_000_000n * ETM,
    roundLength: ROUND,
    candidateCap: POOL_MAX_CANDIDATES,
    maxCandidates: ELECTION_LIMITS.maxCandidateCap,
    initialValidators,
  });
}

/** Stake of candidate `i`: "live" spreads 10k..1M ETM; "offline" gives the 21 live ones 10k, the rest 1M. */
function stakeOf(i: number, count: number, scenario: "live" | "offline"): bigint {
  if (scenario === "live")
    return 10_000n * ETM + (BigInt(keccak256(toUtf8Bytes(`stake-${i}`))) % (990_000n * ETM));
  return isLive(i, count, scenario) ? 10_000n * ETM : 1_000_000n * ETM;
}

function isLive(i: number, count: number, scenario: "live" | "offline"): boolean {
  return scenario === "live" || i % Math.floor(count / 21) === 0;
}

/**
 * Registers candidates `from..to-1` in the real pool (each an operator with a signer key of its own, funded and
 * approving its self-stake), MAX_LIST_JOINS_PER_ROUND per round (each batch starts a round), then sends a
 * heartbeat for every live one in the last round. One transaction per block (automine).
 */
async function populateReal(
  system: DeployedSystem,
  from: number,
  to: number,
  count: number,
  scenario: "live" | "offline",
) {
  const { token, pool, election } = system;
  const poolAddress = await pool.getAddress();
  for (let i = from; i < to; i++) {
    // At most MAX_LIST_JOINS_PER_ROUND candidates join the list in a round: each batch in a round of its own.
    if ((i - from) % MAX_LIST_JOINS_PER_ROUND === 0) await toNextRound(election);
    const operator = await ethers.getImpersonatedSigner(addressOf(`${scenario}-operator`, i));
    await network.provider.send("hardhat_setBalance", [operator.address, RICH]);
    const stake = stakeOf(i, count, scenario);
    await token.transfer(operator.address, stake);
    await token.connect(operator).approve(poolAddress, stake);
    const signerKey = deterministicSignerKey(`bench-${scenario}-signer-${i}`);
    await registerValidatorSigned(pool, operator, signerKey, ETM / 10n, stake);
  }
  // Heartbeats in the last round, where they count for the next election (rounds r - 1 and r - 2 count).
  for (let i = 0; i < to; i++) {
    if (!isLive(i, count, scenario)) continue;
    await election
      .connect(await ethers.getImpersonatedSigner(addressOf(`${scenario}-operator`, i)))
      .heartbeat();
  }
}

/** A gas limit for elect(): its estimate plus a fifth, within the in-process chain's 30M block. */
async function electGasLimit(election: ValidatorElection, count: number, scenario: string): Promise<bigint> {
  const estimate = await election.elect.estimateGas().catch((error: Error) => {
    throw new Error(
      `elect() with ${count} candidates (${scenario}) cannot run: ${error.message.split("\n")[0]}`,
    );
  });
  const limit = estimate + estimate / 5n;
  return limit < 30_000_000n ? limit : 30_000_000n;
}

/** elect() twice (first and next) from the current state, then back to it. */
async function electTwice(system: DeployedSystem, count: number, scenario: "live" | "offline") {
  const { pool, election } = system;
  const snapshot = await network.provider.send("evm_snapshot", []);
  // In the round after the registrations: candidates listed during a round enter the draw from the next.
  await toNextRound(election);
  const registryRead = Number(await pool.electableCandidates.estimateGas()) - 21_000;
  const firstTx = await election.elect({ gasLimit: await electGasLimit(election, count, scenario) });
  const first = Number((await firstTx.wait())!.gasUsed);
  const elected = await election.queryFilter(election.filters.ValidatorsElected(), firstTx.blockNumber!);
  const skippedOffline = Number(elected[0]?.args.skippedOffline ?? 0);
  const seated = elected[0]?.args.operators.length ?? 0;
  await toNextRound(election);
  const next = await gasOf(election.elect({ gasLimit: await electGasLimit(election, count, scenario) }));
  await network.provider.send("evm_revert", [snapshot]);
  return {
    candidates: count,
    scenario,
    seated,
    firstElectGas: first,
    nextElectGas: next,
    registryReadGas: registryRead,
    skippedOffline,
  };
}

/** Mines so that the next transaction lands in the first block of the next round. */
async function toNextRound(election: ValidatorElection) {
  const [, start, length] = await election.roundInfo();
  await mine(start + length - BigInt(await ethers.provider.getBlockNumber()) - 1n);
}

async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<number> {
  return Number((await (await tx).wait())!.gasUsed);
}

/** elect() on the real pool with every candidate live, at each size in `sizes` (one growing list). */
async function measureElectLive(sizes: number[]) {
  const snapshot = await network.provider.send("evm_snapshot", []);
  const accounts = await ethers.getSigners();
  const system = await deployReal(accounts.slice(4, 8).map((a) => a.address));
  const rows = [];
  let registered = 0;
  for (const n of sizes) {
    await populateReal(system, registered, n, n, "live");
    registered = n;
    rows.push(await electTwice(system, n, "live"));
  }
  await network.provider.send("evm_revert", [snapshot]);
  return rows;
}

/** elect() on the real pool, 21 small live candidates among `count` large offline ones. */
async function measureElectAdversarial(count: number) {
  const snapshot = await network.provider.send("evm_snapshot", []);
  const accounts = await ethers.getSigners();
  const system = await deployReal(accounts.slice(4, 8).map((a) => a.address));
  await populateReal(system, 0, count, count, "offline");
  const row = await electTwice(system, count, "offline");
  // At the pool's cap the list is full: a newcomer with more stake displaces the smallest candidate,
  // after one pass over the whole list (issue 13: registration stays bounded at the cap).
  let displacingRegistrationGas: number | undefined;
  if (count === POOL_MAX_CANDIDATES) {
    const { token, pool } = system;
    const operator = await ethers.getImpersonatedSigner(addressOf("newcomer-operator", 0));
    await network.provider.send("hardhat_setBalance", [operator.address, RICH]);
    await token.transfer(operator.address, 2_000_000n * ETM);
    await token.connect(operator).approve(await pool.getAddress(), 2_000_000n * ETM);
    const signerKey = deterministicSignerKey("bench-newcomer-signer");
    displacingRegistrationGas = await gasOf(
      registerValidatorSigned(pool, operator, signerKey, ETM / 10n, 2_000_000n * ETM),
    );
  }
  await network.provider.send("evm_revert", [snapshot]);
  return displacingRegistrationGas === undefined ? row : { ...row, displacingRegistrationGas };
}

/**
 * The pool's read when the list changed during the round: 100 live candidates, then `departures` of them
 * deregister after the round started, so `electableCandidates()` undoes that many logged removals (docs/election.md,
 * "The list is the round's too"). Returns the read's gas without and with the departures.
 */
async function measureDepartures(departures: number) {
  const snapshot = await network.provider.send("evm_snapshot", []);
  const accounts = await ethers.getSigners();
  const system = await deployReal(accounts.slice(4, 8).map((a) => a.address));
  await populateReal(system, 0, 100, 100, "live");
  await toNextRound(system.election);
  const unchangedReadGas = Number(await system.pool.electableCandidates.estimateGas()) - 21_000;
  for (let i = 0; i < departures; i++) {
    const operator = await ethers.getImpersonatedSigner(addressOf("live-operator", i * 3));
    await system.pool.connect(operator).deregisterValidator();
  }
  const changedReadGas = Number(await system.pool.electableCandidates.estimateGas()) - 21_000;
  await network.provider.send("evm_revert", [snapshot]);
  return { candidates: 100, departures, unchangedReadGas, changedReadGas };
}

async function measureActions() {
  const snapshot = await network.provider.send("evm_snapshot", []);
  const accounts = await ethers.getSigners();
  // 21 genesis validators: the 20 Hardhat accounts (so they can commit and claim) and one more address
  const genesis = [...accounts.slice(0, 20).map((a) => a.address), addressOf("genesis", 20)];
  const { admin, token, registry, election } = await deploy(genesis);
  const result: Record<string, number> = {};
  result.getValidatorsEstimateGas21 = Number(await election.getValidators.estimateGas());

  // commit / reveal by a genesis validator in round 0
  const v = accounts[1];
  const secret = keccak256(toUtf8Bytes("bench-secret"));
  result.commitGas = await gasOf(election.connect(v).commit(commitmentOf(v.address, 0, secret)));
  const [, , , revealStart] = await election.roundInfo();
  await mine(revealStart - BigInt(await ethers.provider.getBlockNumber()) - 1n);
  result.revealGas = await gasOf(election.connect(v).reveal(secret));

  // heartbeat: an operator's first ever, the same operator in a later round, its signer
  const operator = await ethers.getImpersonatedSigner(addressOf("op", 0));
  const signer = await ethers.getImpersonatedSigner(addressOf("signer-of-op", 0));
  for (const a of [operator, signer]) await network.provider.send("hardhat_setBalance", [a.address, RICH]);
  await registry.addCandidate(operator.address, signer.address, 100_000n * ETM);
  result.heartbeatFirstGas = await gasOf(election.connect(operator).heartbeat());
  await toNextRound(election);
  result.heartbeatGas = await gasOf(election.connect(operator).heartbeat());
  await mine(ROUND);
  result.heartbeatFromSignerGas = await gasOf(election.connect(signer).heartbeat());

  // claim and treasury release: fees and the delta share credited to the genesis set at an election
  await token.connect(admin).approve(await registry.getAddress(), 1_000n * ETM);
  await registry.connect(admin).fundValidatorRewards(1_000n * ETM);
  await admin.sendTransaction({ to: await election.getAddress(), value: parseEther("10") });
  await toNextRound(election);
  await election.elect();
  result.claimGas = await gasOf(election.connect(accounts[2]).claim());
  result.releaseTreasuryFeesGas = await gasOf(election.releaseTreasuryFees());
  await network.provider.send("evm_revert", [snapshot]);
  return result;
}

async function measureSampling() {
  const [deployer] = await ethers.getSigners();
  const harness = await new SamplingHarness__factory(deployer).deploy();
  const rows: { candidates: number; sample21Gas: number }[] = [];
  for (const n of [25, 100, 500, 1_000, 1_500, 2_000]) {
    const weights = Array.from({ length: n }, (_, i) => 10_000n * ETM + BigInt(i) * ETM);
    rows.push({
      candidates: n,
      sample21Gas: Number(await harness.sampleGas(weights, 21, keccak256(toUtf8Bytes("bench")))),
    });
  }
  return rows;
}

const fmt = (n: number) => n.toLocaleString("en");

async function main() {
  deterministicChain();
  const elect = [];
  const sizes = [25, 100, 1_000, POOL_MAX_CANDIDATES];
  for (const row of await measureElectLive(sizes)) {
    console.log(
      `elect() ${String(row.candidates).padStart(5)} candidates, all live, real pool:   first ${fmt(row.firstElectGas)}, next ${fmt(row.nextElectGas)} (pool read ${fmt(row.registryReadGas)})`,
    );
    elect.push(row);
  }
  for (const n of [1_000, POOL_MAX_CANDIDATES]) {
    const row = await measureElectAdversarial(n);
    console.log(
      `elect() ${String(n).padStart(5)} candidates, adversarial, real pool: first ${fmt(row.firstElectGas)}, next ${fmt(row.nextElectGas)} (${row.skippedOffline} offline draws set aside, ${row.seated} seated)`,
    );
    if ("displacingRegistrationGas" in row)
      console.log(
        `registerValidator at a full list of ${n}, displacing the smallest: ${fmt(row.displacingRegistrationGas)}`,
      );
    elect.push(row);
  }
  const departures = await measureDepartures(20);
  console.log(
    `electableCandidates() 100 candidates: ${fmt(departures.unchangedReadGas)} unchanged, ${fmt(departures.changedReadGas)} after ${departures.departures} departures in the round`,
  );
  const actions = await measureActions();
  for (const [name, gas] of Object.entries(actions)) console.log(`${name.padEnd(28)} ${fmt(gas)}`);
  const sampling = await measureSampling();
  for (const row of sampling)
    console.log(`library: 21 draws from ${String(row.candidates).padStart(5)}: ${fmt(row.sample21Gas)}`);

  const out = {
    note: "Gas on the Hardhat network (solc from npm, optimizer 200 runs, evm cancun), proxies included. elect(): on the real staking pool (deploySystem, candidates registered with registerValidator); first = the first election after the genesis set (fresh storage), next = the election after it. registryReadGas = the pool's electableCandidates() alone (eth_call execution gas, through its proxy and PoolViews). adversarial = 21 live candidates with 10k ETM, all others offline with 1M ETM. getValidatorsEstimateGas21 = estimateGas of the eth_call with 21 validators, 21,000 intrinsic gas included. The actions (commit, reveal, heartbeat, claim, fees) run on the election with a mock pool.",
    validatorCount: DEFAULT_ELECTION_OPTIONS.validatorCount,
    defaultCandidateCap: DEFAULT_ELECTION_OPTIONS.maxCandidates,
    hardCandidateCap: ELECTION_LIMITS.maxCandidateCap,
    poolCandidateCap: POOL_MAX_CANDIDATES,
    elect,
    departures,
    actions,
    sampling,
  };
  const file = path.join(__dirname, "election-baseline.json");
  fs.writeFileSync(file, await prettier.format(JSON.stringify(out), { parser: "json", printWidth: 110 }));
  console.log(`written to ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
