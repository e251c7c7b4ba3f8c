/**
 * Election gas benchmark: `npx hardhat run bench/election.ts` (about a minute).
 *
 * Prints, and writes to bench/election-baseline.json:
 *   - elect() gas at 25, 100, 1,000 candidates, at the default cap (1,400) and at the hard cap
 *     (2,000): the first election after the genesis set (fresh storage) and the next one; every
 *     candidate live. Also the share spent inside the mock pool's electableCandidates() (two
 *     storage reads per candidate; the real pool's cost replaces it);
 *   - the adversarial case for the rejection sampling: 21 live candidates with small stakes and
 *     all the other candidates offline with 100x their stake, so almost every draw is set aside;
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
import type { ValidatorElection, MockValidatorRegistry } from "../typechain-types";
import {
  ETMToken__factory,
  MockValidatorRegistry__factory,
  SamplingHarness__factory,
} from "../typechain-types";

const { ethers, network } = hre;
const ROUND = 28_800;
const ETM = 10n ** 18n;
const RICH = "0x56BC75E2D63100000"; // 100 coins

function addressOf(label: string, i: number): string {
  return getAddress(dataSlice(keccak256(toUtf8Bytes(`bench-${label}-${i}`)), 12));
}

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

/**
 * Registers `count` candidates and sends heartbeats for the live ones. "live": every candidate is
 * live, stakes spread over 10k..1M ETM. "offline": 21 live candidates with 10k ETM, the others
 * offline with 1M ETM each.
 */
async function populate(
  registry: MockValidatorRegistry,
  election: ValidatorElection,
  count: number,
  scenario: "live" | "offline",
) {
  const operators = Array.from({ length: count }, (_, i) => addressOf("operator", i));
  const signers = Array.from({ length: count }, (_, i) => addressOf("signer", i));
  const live = (i: number) => scenario === "live" || i % Math.floor(count / 21) === 0;
  const stakes = operators.map((_, i) =>
    scenario === "live"
      ? 10_000n * ETM + (BigInt(keccak256(toUtf8Bytes(`stake-${i}`))) % (990_000n * ETM))
      : live(i)
        ? 10_000n * ETM
        : 1_000_000n * ETM,
  );
  for (let i = 0; i < count; i += 100) {
    await registry.addCandidates(
      operators.slice(i, i + 100),
      signers.slice(i, i + 100),
      stakes.slice(i, i + 100),
    );
  }
  // One heartbeat per block (automine): rounds are 28,800 blocks, so all land in round 0.
  const data = election.interface.encodeFunctionData("heartbeat");
  const to = await election.getAddress();
  for (const [i, operator] of operators.entries()) {
    if (!live(i)) continue;
    await network.provider.send("hardhat_impersonateAccount", [operator]);
    await network.provider.send("hardhat_setBalance", [operator, RICH]);
    await network.provider.send("eth_sendTransaction", [{ from: operator, to, data }]);
  }
}

/** Mines so that the next transaction lands in the first block of the next round. */
async function toNextRound(election: ValidatorElection) {
  const [, start, length] = await election.roundInfo();
  await mine(start + length - BigInt(await ethers.provider.getBlockNumber()) - 1n);
}

async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<number> {
  return Number((await (await tx).wait())!.gasUsed);
}

async function measureElect(count: number, scenario: "live" | "offline") {
  const snapshot = await network.provider.send("evm_snapshot", []);
  const accounts = await ethers.getSigners();
  const { registry, election } = await deploy(accounts.slice(4, 8).map((a) => a.address));
  await populate(registry, election, count, scenario);
  const registryRead = Number(await registry.electableCandidates.estimateGas()) - 21_000;
  await toNextRound(election);
  const firstTx = await election.elect();
  const first = Number((await firstTx.wait())!.gasUsed);
  const elected = await election.queryFilter(election.filters.ValidatorsElected(), firstTx.blockNumber!);
  const skippedOffline = Number(elected[0]?.args.skippedOffline ?? 0);
  await toNextRound(election);
  const next = await gasOf(election.elect());
  await network.provider.send("evm_revert", [snapshot]);
  return {
    candidates: count,
    scenario,
    firstElectGas: first,
    nextElectGas: next,
    registryReadGas: registryRead,
    skippedOffline,
  };
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
  if (network.name !== "hardhat")
    throw new Error("Run the benchmark on the in-process network: npx hardhat run bench/election.ts");
  const elect = [];
  const sizes = [25, 100, 1_000, DEFAULT_ELECTION_OPTIONS.maxCandidates, ELECTION_LIMITS.maxCandidateCap];
  for (const n of sizes) {
    const row = await measureElect(n, "live");
    console.log(
      `elect() ${String(n).padStart(5)} candidates, all live:   first ${fmt(row.firstElectGas)}, next ${fmt(row.nextElectGas)} (pool read ${fmt(row.registryReadGas)})`,
    );
    elect.push(row);
  }
  for (const n of [1_000, DEFAULT_ELECTION_OPTIONS.maxCandidates]) {
    const row = await measureElect(n, "offline");
    console.log(
      `elect() ${String(n).padStart(5)} candidates, adversarial: first ${fmt(row.firstElectGas)}, next ${fmt(row.nextElectGas)} (${row.skippedOffline} offline draws set aside)`,
    );
    elect.push(row);
  }
  const actions = await measureActions();
  for (const [name, gas] of Object.entries(actions)) console.log(`${name.padEnd(28)} ${fmt(gas)}`);
  const sampling = await measureSampling();
  for (const row of sampling)
    console.log(`library: 21 draws from ${String(row.candidates).padStart(5)}: ${fmt(row.sample21Gas)}`);

  const out = {
    note: "Gas on the Hardhat network (solc from npm, optimizer 1000 runs, evm cancun). elect(): first = the first election after the genesis set (fresh storage), next = the election after it. registryReadGas = the mock pool's electableCandidates() alone (execution gas, two storage reads per candidate). adversarial = 21 live candidates with 10k ETM, all others offline with 1M ETM. getValidatorsEstimateGas21 = estimateGas of the eth_call with 21 validators, 21,000 intrinsic gas included.",
    validatorCount: DEFAULT_ELECTION_OPTIONS.validatorCount,
    defaultCandidateCap: DEFAULT_ELECTION_OPTIONS.maxCandidates,
    hardCandidateCap: ELECTION_LIMITS.maxCandidateCap,
    elect,
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
