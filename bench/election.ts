/**
 * Election gas benchmark: `npx hardhat run bench/election.ts`.
 *
 * Prints, and writes to bench/election-baseline.json: elect() gas at 25, 100, 1,000 candidates, at
 * the default cap and at the hard cap (first election after genesis, and the next one); the share of
 * it spent inside the registry's electableCandidates() (the mock pool reads two slots per
 * candidate); the sampling library alone; getValidators() as an eth_call (estimateGas, 21,000
 * intrinsic gas included); heartbeat, commit, reveal and claim. Gas is exact and repeatable on the
 * Hardhat network with the project's compiler settings.
 */
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { keccak256, toUtf8Bytes, getAddress, dataSlice, parseEther } from "ethers";
import { mine } from "@nomicfoundation/hardhat-network-helpers";
import { deployElection, DEFAULT_ELECTION_OPTIONS, ELECTION_LIMITS } from "../scripts/deploy/election";
import { commitmentOf } from "../test/model/election";
import type { ValidatorElection, MockValidatorRegistry, ETMToken } from "../typechain-types";

const { ethers, network } = hre;
const ROUND = 28_800;
const ETM = 10n ** 18n;

function addressOf(label: string, i: number): string {
  return getAddress(dataSlice(keccak256(toUtf8Bytes(`${label}-${i}`)), 12));
}

async function deploy(initialValidators: string[]) {
  const [admin] = await ethers.getSigners();
  const token = (await (
    await ethers.getContractFactory("ETMToken")
  ).deploy(admin.address, admin.address, 1_000_000_000n * ETM)) as unknown as ETMToken;
  const registry = (await (
    await ethers.getContractFactory("MockValidatorRegistry")
  ).deploy(await token.getAddress())) as unknown as MockValidatorRegistry;
  const election = await deployElection(await registry.getAddress(), await token.getAddress(), {
    roundLength: ROUND,
    maxCandidates: ELECTION_LIMITS.maxCandidateCap,
    initialValidators,
  });
  await registry.setElection(await election.getAddress());
  return { admin, token, registry, election };
}

/** Registers `count` candidates with stakes spread over 10k..1M ETM and sends their heartbeats. */
async function populate(registry: MockValidatorRegistry, election: ValidatorElection, count: number) {
  const operators = Array.from({ length: count }, (_, i) => addressOf("operator", i));
  const signers = Array.from({ length: count }, (_, i) => addressOf("signer", i));
  const stakes = operators.map((_, i) => 10_000n * ETM + (BigInt(keccak256(toUtf8Bytes(`stake-${i}`))) % (990_000n * ETM)));
  for (let i = 0; i < count; i += 100) {
    await (await registry.addCandidates(operators.slice(i, i + 100), signers.slice(i, i + 100), stakes.slice(i, i + 100))).wait();
  }
  // One heartbeat per block (automine): rounds are 28,800 blocks, so all land in round 0.
  const data = election.interface.encodeFunctionData("heartbeat");
  const to = await election.getAddress();
  for (const operator of operators) {
    await network.provider.send("hardhat_impersonateAccount", [operator]);
    await network.provider.send("hardhat_setBalance", [operator, "0x56BC75E2D63100000"]);
    await network.provider.send("eth_sendTransaction", [{ from: operator, to, data }]);
  }
  return operators;
}

async function toNextRound(election: ValidatorElection) {
  const [, start, length] = await election.roundInfo();
  const now = BigInt(await ethers.provider.getBlockNumber());
  await mine(start + length - now - 1n); // the next transaction lands in the round's first block
}

async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<number> {
  const receipt = await (await tx).wait();
  return Number(receipt!.gasUsed);
}

async function measureElect(count: number) {
  const log = (m: string) => process.env.DEBUG && console.error(m);
  const snapshot = await network.provider.send("evm_snapshot", []);
  const [, , , , g0, g1, g2, g3] = await ethers.getSigners();
  const { registry, election } = await deploy([g0.address, g1.address, g2.address, g3.address]);
  log("deployed");
  await populate(registry, election, count);
  log("populated");
  const poolGas = Number(await registry.electableCandidates.estimateGas()) - 21_000;
  await toNextRound(election);
  log("at next round");
  const first = await gasOf(election.elect());
  await toNextRound(election);
  const second = await gasOf(election.elect());
  await network.provider.send("evm_revert", [snapshot]);
  return { candidates: count, firstElectGas: first, nextElectGas: second, registryReadGas: poolGas };
}

async function measureActions() {
  const snapshot = await network.provider.send("evm_snapshot", []);
  const signersList = await ethers.getSigners();
  const genesis = signersList.slice(2, 23); // 21 genesis validators that can send transactions
  const { admin, token, registry, election } = await deploy(genesis.map((s) => s.address));
  const result: Record<string, number> = {};

  result.getValidatorsEstimateGas = Number(await election.getValidators.estimateGas());

  // heartbeat: an operator (first ever, then in a later round), and a signer
  const [op, signer] = [signersList[23] ?? (await ethers.getImpersonatedSigner(addressOf("op", 0))), null];
  void signer;
  const operatorAddress = await op.getAddress();
  await network.provider.send("hardhat_setBalance", [operatorAddress, "0x56BC75E2D63100000"]);
  const signerAddress = addressOf("bench-signer", 0);
  await registry.addCandidate(operatorAddress, signerAddress, 100_000n * ETM);
  result.heartbeatFirstGas = await gasOf(election.connect(op).heartbeat());
  await toNextRound(election);
  result.heartbeatGas = await gasOf(election.connect(op).heartbeat());
  const viaSigner = await ethers.getImpersonatedSigner(signerAddress);
  await network.provider.send("hardhat_setBalance", [signerAddress, "0x56BC75E2D63100000"]);
  await toNextRound(election);
  result.heartbeatFromSignerGas = await gasOf(election.connect(viaSigner).heartbeat());

  // commit / reveal by a genesis validator in round 0 would be too late now: use a fresh deployment
  await network.provider.send("evm_revert", [snapshot]);
  const snapshot2 = await network.provider.send("evm_snapshot", []);
  const fresh = await deploy(genesis.map((s) => s.address));
  const v = genesis[0];
  const secret = keccak256(toUtf8Bytes("bench-secret"));
  result.commitGas = await gasOf(fresh.election.connect(v).commit(commitmentOf(v.address, 0, secret)));
  const [, , , revealStart] = await fresh.election.roundInfo();
  await mine(revealStart - BigInt(await ethers.provider.getBlockNumber()));
  result.revealGas = await gasOf(fresh.election.connect(v).reveal(secret));
  // the first reveal rewrites the mix slot; a second one costs the same
  const w = genesis[1];
  // claim: fees + delta share credited at the next election
  await fresh.token.connect(fresh.admin).approve(await fresh.registry.getAddress(), 1_000n * ETM);
  await fresh.registry.connect(fresh.admin).fundValidatorRewards(1_000n * ETM);
  await fresh.admin.sendTransaction({ to: await fresh.election.getAddress(), value: parseEther("10") });
  await toNextRound(fresh.election);
  await fresh.election.elect();
  result.claimGas = await gasOf(fresh.election.connect(w).claim());
  result.releaseTreasuryFeesGas = await gasOf(fresh.election.releaseTreasuryFees());
  await network.provider.send("evm_revert", [snapshot2]);
  void admin;
  void token;
  return result;
}

async function measureSampling() {
  const harness = await (await ethers.getContractFactory("SamplingHarness")).deploy();
  const rows: { candidates: number; sampleGas: number }[] = [];
  for (const n of [25, 100, 500, 1_000, 1_500, 2_000]) {
    const weights = Array.from({ length: n }, (_, i) => 10_000n * ETM + BigInt(i) * ETM);
    const gas = await harness.sampleGas(weights, 21, keccak256(toUtf8Bytes("bench")));
    rows.push({ candidates: n, sampleGas: Number(gas) });
  }
  return rows;
}

async function main() {
  if (network.name !== "hardhat") throw new Error("Run the benchmark on the in-process network: npx hardhat run bench/election.ts");
  const sizes = (process.env.SIZES ?? "25,100,1000,1500,2000").split(",").map(Number);
  const elect = [];
  for (const n of sizes) {
    const started = Date.now();
    const row = await measureElect(n);
    console.error(`(${n} candidates measured in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    console.log(
      `elect() with ${String(n).padStart(5)} candidates: first ${row.firstElectGas.toLocaleString("en")} gas, next ${row.nextElectGas.toLocaleString("en")} gas (registry read ${row.registryReadGas.toLocaleString("en")})`,
    );
    elect.push(row);
  }
  const actions = await measureActions();
  for (const [name, gas] of Object.entries(actions)) console.log(`${name.padEnd(28)} ${gas.toLocaleString("en")}`);
  const sampling = await measureSampling();
  for (const row of sampling) console.log(`sampling 21 of ${String(row.candidates).padStart(5)}: ${row.sampleGas.toLocaleString("en")} gas`);

  const out = {
    note: "Gas on the Hardhat network, solc from npm with optimizer runs 1000, evm cancun. elect(): first = first election after the genesis set (fresh storage), next = the election after it; registryRead = the mock pool's electableCandidates() alone (execution gas). getValidators: estimateGas of an eth_call with 21 validators, 21,000 intrinsic gas included.",
    validatorCount: DEFAULT_ELECTION_OPTIONS.validatorCount,
    defaultCandidateCap: DEFAULT_ELECTION_OPTIONS.maxCandidates,
    hardCandidateCap: ELECTION_LIMITS.maxCandidateCap,
    elect,
    actions,
    sampling,
  };
  const file = path.join(__dirname, "election-baseline.json");
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
  console.log(`written to ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
