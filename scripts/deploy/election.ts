/**
 * `deployElection(registry, token, options)`: deploys the validator election (ValidatorElection)
 * against a staking pool (IValidatorRegistry) and the ETM token. Importing this module has no side
 * effects. `deploySystem` calls it; the pool must then grant the election its jailer and
 * validator-rewards-collector roles (see docs/election.md, "Wiring").
 */
import hre from "hardhat";
import { isAddress, type Signer } from "ethers";
import type { ValidatorElection } from "../../typechain-types";
import { deployElectionProxy } from "./proxies";

const WAD = 10n ** 18n;

/** Every knob of the election. Fractions are wad (1e18 = 100%), durations blocks. */
export interface ElectionOptions {
  /** Holds DEFAULT_ADMIN_ROLE and PARAMETER_ROLE until governance takes over. */
  admin: string;
  /** Receives the fees not shared with the active set. */
  treasury: string;
  /** Seats per election (4..100, and at most `maxCandidates`). */
  validatorCount: number;
  /** Blocks per round (4..10,512,000); commit in the first half, reveal in the second. */
  roundLength: number;
  /** QBFT signer addresses of the set before the first election (1..100, distinct). */
  initialValidators: string[];
  /** Candidates considered per election, largest stakes first (validatorCount..2,000). */
  maxCandidates: number;
  /** Share of transaction fees for the active set, wad (0..1e18); the rest goes to the treasury. */
  feeShare: bigint;
  /** Blocks a validator that committed and did not reveal is jailed (1..10,512,000). */
  nonRevealJailBlocks: number;
}

/** Limits enforced by the contract (its public constants), checked here first for clearer messages. */
export const ELECTION_LIMITS = {
  minElected: 4,
  maxValidatorCount: 100,
  minRoundLength: 4,
  maxRoundLength: 10_512_000,
  maxCandidateCap: 2_000,
  maxJailBlocks: 10_512_000,
} as const;

/** Defaults; `admin`, `treasury` and `initialValidators` default to the deployer. */
export const DEFAULT_ELECTION_OPTIONS = {
  validatorCount: 21,
  roundLength: 28_800, // one day of 3-second blocks
  maxCandidates: 1_400, // elect() at this cap stays within half of a 30M block, even adversarial (bench/election.ts)
  feeShare: WAD / 2n,
  nonRevealJailBlocks: 86_400, // three days
} as const;

/** Fills unset options with defaults and checks every value; throws a message naming the fix. */
export async function resolveElectionOptions(
  overrides: Partial<ElectionOptions> = {},
  deployer?: Signer,
): Promise<ElectionOptions> {
  const from = deployer ?? (await hre.ethers.getSigners())[0];
  if (!from) throw new Error("deployElection: the network has no account to deploy from; configure one");
  const deployerAddress = await from.getAddress();
  const admin = overrides.admin ?? deployerAddress;
  const options: ElectionOptions = {
    ...DEFAULT_ELECTION_OPTIONS,
    admin,
    treasury: overrides.treasury ?? admin,
    initialValidators: overrides.initialValidators ?? [deployerAddress],
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
  checkElectionOptions(options);
  return options;
}

/** Throws an Error listing every problem of `options` and how to fix it. */
export function checkElectionOptions(options: ElectionOptions): void {
  const L = ELECTION_LIMITS;
  const problems: string[] = [];
  const intIn = (name: string, value: number, min: number, max: number) => {
    if (!Number.isSafeInteger(value) || value < min || value > max)
      problems.push(`${name} is ${value}; use a whole number from ${min} to ${max}`);
  };
  const address = (name: string, value: string) => {
    if (!isAddress(value) || BigInt(value) === 0n)
      problems.push(`${name} "${value}" is not a non-zero address`);
  };
  address("admin", options.admin);
  address("treasury", options.treasury);
  intIn("roundLength", options.roundLength, L.minRoundLength, L.maxRoundLength);
  intIn(
    "maxCandidates",
    options.maxCandidates,
    Math.max(L.minElected, options.validatorCount),
    L.maxCandidateCap,
  );
  intIn(
    "validatorCount",
    options.validatorCount,
    L.minElected,
    Math.min(L.maxValidatorCount, options.maxCandidates),
  );
  intIn("nonRevealJailBlocks", options.nonRevealJailBlocks, 1, L.maxJailBlocks);
  if (typeof options.feeShare !== "bigint" || options.feeShare < 0n || options.feeShare > WAD)
    problems.push(`feeShare is ${String(options.feeShare)}; use a wad from 0n to ${WAD}n (1e18 = 100%)`);
  const signers = options.initialValidators;
  if (signers.length === 0 || signers.length > L.maxValidatorCount)
    problems.push(
      `initialValidators has ${signers.length} entries; give 1 to ${L.maxValidatorCount} signer addresses`,
    );
  const seen = new Set<string>();
  for (const signer of signers) {
    address("initialValidators entry", signer);
    const key = signer.toLowerCase();
    if (seen.has(key)) problems.push(`initialValidators lists ${signer} twice; list each signer once`);
    seen.add(key);
  }
  if (problems.length > 0)
    throw new Error(`deployElection: invalid options:\n  - ${problems.join("\n  - ")}`);
}

/**
 * Deploys ValidatorElection for the pool at `registry` and the ETM token at `token` on the current
 * network, with `overrides` on top of the defaults, from `deployer` (default: the first signer).
 */
export async function deployElection(
  registry: string,
  token: string,
  overrides: Partial<ElectionOptions> = {},
  deployer?: Signer,
): Promise<ValidatorElection> {
  for (const [name, value] of [
    ["registry", registry],
    ["token", token],
  ] as const) {
    if (!isAddress(value) || BigInt(value) === 0n)
      throw new Error(
        `deployElection: ${name} "${value}" is not a non-zero address; pass the deployed ${name}`,
      );
  }
  const from = deployer ?? (await hre.ethers.getSigners())[0];
  const options = await resolveElectionOptions(overrides, from);
  return deployElectionProxy(from, registry, token, {
    admin: options.admin,
    treasury: options.treasury,
    validatorCount: options.validatorCount,
    roundLengthBlocks: options.roundLength,
    maxCandidates: options.maxCandidates,
    feeShareWad: options.feeShare,
    nonRevealJailBlocks: options.nonRevealJailBlocks,
    initialValidators: options.initialValidators,
  });
}
