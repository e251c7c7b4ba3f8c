/**
 * Gas of the StakingLens as an eth_call (estimateGas, 21,000 intrinsic gas included), with 30 and
 * with 1,000 registered candidates on the real pool and election:
 *
 *   npx hardhat run bench/lens.ts      (about a minute; part of npm run bench)
 *
 * Each system: N candidates with varied self-stake, each sent a heartbeat, an election run (21
 * seats, rounds of 4,000 blocks), then a delegator with positions at three candidates (first, middle, last of the list)
 * and two unbonding entries, and an operator (candidate 0, self-stake and commission). Prints a
 * table against the previous bench/lens-baseline.json and rewrites it. A call over the whole list
 * of 1,000 costs more than a 30M-gas block, the usual eth_call cap of a node, so the dApp reads
 * pages of 100 (one call per block) and etm:status pages of 200. Each listed candidate costs about
 * 25k gas (three external views, six cold storage slots); each page call also pays for the pool's
 * `candidates()`, which copies the whole list.
 */
import hre from "hardhat";
import { dataSlice, getAddress, keccak256, toBeHex, toUtf8Bytes } from "ethers";
import { mine } from "@nomicfoundation/hardhat-network-helpers";
import { deploySystem } from "../scripts/deploy";
import { deterministicSignerKey, registerValidatorSigned } from "../scripts/lib/signerProof";
import { MAX_LIST_JOINS_PER_ROUND } from "../lib/constants";
import { ETM } from "../test/shared/units";
import { assertInProcessChain, deterministicChain, reportAndWriteBaseline } from "./lib";
import type { Measurement } from "./lib";

const ZERO = "0x0000000000000000000000000000000000000000";
/** Gas limit given to the calls that read the whole list (a node's eth_call cap is often 30M). */
const LARGE_CALL_GAS_LIMIT = 200_000_000;

function addressOf(label: string, i: number): string {
  return getAddress(dataSlice(keccak256(toUtf8Bytes(`bench-lens-${label}-${i}`)), 12));
}

async function system(candidates: number) {
  const { ethers, network } = hre;
  /** Mines so that the next transaction lands in the first block of the next round. */
  const toNextRound = async () => {
    const [, start, length] = await election.roundInfo();
    const now = BigInt(await ethers.provider.getBlockNumber());
    if (start + length > now + 1n) await mine(start + length - now - 1n);
  };
  const [admin, alice] = await ethers.getSigners();
  const s = await deploySystem({ candidateCap: Math.max(candidates, 4), roundLength: 4_000 });
  const { token, pool, election, lens } = s;
  const poolAddress = await pool.getAddress();
  const operators: string[] = [];
  for (let i = 0; i < candidates; i++) {
    // At most MAX_LIST_JOINS_PER_ROUND candidates join the list in a round: the next batch in the next.
    if (i !== 0 && i % MAX_LIST_JOINS_PER_ROUND === 0) await toNextRound();
    const operator = addressOf("operator", i);
    operators.push(operator);
    await network.provider.send("hardhat_impersonateAccount", [operator]);
    await network.provider.send("hardhat_setBalance", [operator, toBeHex(10n ** 20n)]);
    const signer = await ethers.getSigner(operator);
    const selfStake = (10_000n + BigInt(i) * 37n) * ETM;
    await token.connect(admin).transfer(operator, selfStake);
    await token.connect(signer).approve(poolAddress, selfStake);
    const signerKey = deterministicSignerKey(`bench-lens-signer-${i}`);
    await registerValidatorSigned(pool, signer, signerKey, (BigInt(i % 20) * ETM) / 100n, selfStake);
  }
  // Heartbeats in the last round, where they count for the next election.
  for (const operator of operators) await election.connect(await ethers.getSigner(operator)).heartbeat();
  await toNextRound();
  await election.elect();
  await token.connect(admin).transfer(alice.address, 100_000n * ETM);
  await token.connect(alice).approve(poolAddress, ethers.MaxUint256);
  const backed = [0, Math.floor(candidates / 2), candidates - 1].map((i) => operators[i]!);
  for (const validator of backed) await pool.connect(alice).stake(validator, 1_000n * ETM);
  await pool.connect(alice).unstake(backed[0]!, 100n * ETM);
  await pool.connect(alice).unstake(backed[1]!, 100n * ETM);
  await mine(5);
  if ((await election.activeValidators()).length !== Math.min(21, candidates))
    throw new Error("bench/lens: the election did not seat the expected set");
  return { lens, alice: alice.address, operator: operators[0]!, backed };
}

/** Measures the lens and updates bench/lens-baseline.json. */
async function benchLens(): Promise<void> {
  assertInProcessChain();
  const measurements: Measurement[] = [];
  for (const n of [30, 1_000]) {
    const { lens, alice, operator, backed } = await system(n);
    const measure = async (operation: string, conditions: string, gas: Promise<bigint>) => {
      measurements.push({
        operation: `${operation}, ${n} candidates`,
        conditions,
        gasUsed: Number(await gas),
      });
    };
    const page = Math.min(100, n);
    const delegator = await lens.snapshot(alice, 0, page, []);
    const found = delegator.account.positions.length;
    if (found < 1) throw new Error("bench/lens: the delegator's positions were not found");
    await measure(
      `snapshot page ${page} (dApp)`,
      `delegator: ${found} position(s) found of ${backed.length}, 2 unbonding entries; as the dApp reads each block`,
      lens.snapshot.estimateGas(alice, 0, page, []),
    );
    await measure(
      `snapshot page ${page}, operator`,
      "the account is candidate 0: own validator, self-stake, commission owed",
      lens.snapshot.estimateGas(operator, 0, page, []),
    );
    await measure(
      `snapshot page ${page}, no account`,
      "chain, active set, emission, parameters and the page only",
      lens.snapshot.estimateGas(ZERO, 0, page, []),
    );
    await measure(
      `snapshot all ${n}`,
      `delegator, every candidate in one call (positions at all ${backed.length} found)`,
      lens.snapshot.estimateGas(alice, 0, n, [], { gasLimit: LARGE_CALL_GAS_LIMIT }),
    );
    await measure(
      "accountView, empty page",
      "delegator: positions through its unbonding entries only",
      lens.accountView.estimateGas(alice, n, 0, []),
    );
    await measure(
      "candidatePage(0, 1)",
      "one candidate: the fixed cost (the pool's candidates() copies the whole list: ~2,100 gas a candidate)",
      lens.candidatePage.estimateGas(0, 1),
    );
  }
  reportAndWriteBaseline(
    "lens",
    "StakingLens gas as an eth_call (estimateGas), on the real pool and election after an election of 21.",
    measurements,
  );
}

deterministicChain();
benchLens().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
