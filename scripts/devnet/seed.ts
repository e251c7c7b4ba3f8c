/**
 * The devnet's start state: candidates with varied self-stake and commission, delegators spread
 * across them. Deterministic (seeded), so every `npm start` begins the same way.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Wallet } from "ethers";
import { deterministicSignerKey, registerValidatorSigned } from "../lib/signerProof";
import type { DeployedSystem } from "../deploy";

const ETM = 10n ** 18n;
const WAD = 10n ** 18n;

export interface DevnetActors {
  admin: HardhatEthersSigner;
  operators: HardhatEthersSigner[];
  delegators: HardhatEthersSigner[];
}

/**
 * The QBFT signer key of devnet candidate `i`: the private key keccak256("etm-devnet-signer-<i>"),
 * known to anyone (the devnet runs no QBFT; the key only signs the registration's signer proof).
 */
export function devnetSignerKey(i: number): Wallet {
  return deterministicSignerKey(`etm-devnet-signer-${i}`);
}

/** The QBFT signer address of devnet candidate `i` (the address of `devnetSignerKey(i)`). */
export function devnetSignerAddress(i: number): string {
  return devnetSignerKey(i).address;
}

/** Splits the node's accounts: 0 the deployer (holds the supply), 1..candidates operators, the rest delegators. */
export function devnetActors(signers: HardhatEthersSigner[], candidates: number): DevnetActors {
  if (signers.length < candidates + 11) {
    throw new Error(
      `The devnet node has ${signers.length} accounts; it needs ${candidates + 11}. Start it with ETM_DEVNET=1 (npm start does).`,
    );
  }
  return {
    admin: signers[0],
    operators: signers.slice(1, 1 + candidates),
    delegators: signers.slice(1 + candidates),
  };
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Funds, registers and delegates; returns how many positions were opened. */
export async function seedDevnet(system: DeployedSystem, actors: DevnetActors, seed = 7357): Promise<number> {
  const { token, pool } = system;
  const next = random(seed);
  const poolAddress = await pool.getAddress();
  const minSelfStake = system.options.minSelfStake;
  let positions = 0;

  // Candidates: self-stake from minSelfStake to ~40x it, commission 0-20% in 0.5% steps.
  // With the devnet's 50M ETM supply this starts near a 40% staking ratio.
  for (const [i, operator] of actors.operators.entries()) {
    const selfStake =
      minSelfStake + BigInt(Math.floor(next() * 40)) * minSelfStake + BigInt(Math.floor(next() * 1000)) * ETM;
    const commission = (BigInt(Math.floor(next() * 41)) * WAD) / 200n;
    await (await token.transfer(operator.address, selfStake + 100_000n * ETM)).wait();
    // Exactly the self-stake: no account of the devnet starts with an allowance left over.
    await (await token.connect(operator).approve(poolAddress, selfStake)).wait();
    await (await registerValidatorSigned(pool, operator, devnetSignerKey(i), commission, selfStake)).wait();
    // Candidates vote with their self-stake (so each can propose and vote on the devnet).
    await (await system.votes.connect(operator).delegate(operator.address)).wait();
    positions++;
  }
  // Delegators: each backs 1-3 candidates, favouring some (stake follows reputation, not uniformly).
  for (const delegator of actors.delegators) {
    const holdings = BigInt(50_000 + Math.floor(next() * 700_000)) * ETM;
    await (await token.transfer(delegator.address, holdings)).wait();
    const backs = 1 + Math.floor(next() * 3);
    for (let k = 0; k < backs; k++) {
      const pick = Math.floor(Math.pow(next(), 1.7) * actors.operators.length);
      const amount = (holdings * BigInt(20 + Math.floor(next() * 60))) / 100n / BigInt(backs);
      // Exactly the stake, so a user who imports a delegator sees the dApp's approve step.
      await (await token.connect(delegator).approve(poolAddress, amount)).wait();
      await (await pool.connect(delegator).stake(actors.operators[pick].address, amount)).wait();
      positions++;
    }
    // Half of the delegators vote with their stake (delegate to themselves).
    if (next() < 0.5) await (await system.votes.connect(delegator).delegate(delegator.address)).wait();
  }
  // A second stake at the same validator nets its pending reward against the deposit, so the pool
  // pulled less than was approved: clear what is left, so every account starts with no allowance.
  for (const account of [...actors.operators, ...actors.delegators]) {
    if ((await token.allowance(account.address, poolAddress)) > 0n)
      await (await token.connect(account).approve(poolAddress, 0n)).wait();
  }
  return positions;
}
