/**
 * Governance proposals by parameter name: `--set inflation:2=0.08 --set delta=5%` becomes the calls
 * the timelock will make (target, value, calldata) and a readable summary of each. Pure: no network.
 * Used by `etm:propose` and the governance tests; the names and units are documented in
 * docs/governance.md ("Parameters by name").
 *
 * Units: fractions as a decimal fraction ("0.08") or a percentage ("8%"); amounts in ETM ("12.5");
 * blocks and counts as whole numbers; timelockDelay in seconds; addresses as 0x… (checksummed or not).
 */
import { Interface, encodeBytes32String, getAddress, id, isAddress } from "ethers";
import { ABIS } from "./abis";
import type { GovernedAddresses } from "./deployment";
import { decimalDigits, WAD } from "./units";

export type { GovernedAddresses } from "./deployment";
/** The pool's SLASHER_ROLE constant, keccak256("SLASHER_ROLE"). */
const SLASHER_ROLE = id("SLASHER_ROLE");

/** One call the timelock makes when the proposal executes. */
export interface GovernanceCall {
  target: string;
  value: bigint;
  calldata: string;
  /** What it does, in words ("pool: delta = 5%"). */
  summary: string;
}

export class ProposalInputError extends Error {}

type Unit = "fraction" | "etm" | "whole" | "address";
type Contract = keyof GovernedAddresses;

interface Setting {
  /**
   * The `name` before `=`; `name:<key>` for settings with a key (year, validator, recipient, or
   * `<validator>@<block>`: a validator and the block of its infraction).
   */
  key?: "year" | "validator" | "recipient" | "infraction";
  unit: Unit;
  help: string;
  encode(value: bigint | string, key: string | undefined): EncodedCall[];
}

/** A call of a system contract, or (`native`) a plain payment of the native currency. */
type EncodedCall =
  { contract: Contract; fn: string; args: unknown[] } | { native: string; amountWei: bigint };

const POOL_PARAMETER = {
  delta: 0,
  minStake: 1,
  minSelfStake: 2,
  unbondingBlocks: 3,
  jailBlocks: 4,
  commissionDelayBlocks: 5,
  maxCommissionChange: 6,
  candidateCap: 7,
} as const;

const poolParameter = (name: keyof typeof POOL_PARAMETER, unit: Unit, help: string): Setting => ({
  unit,
  help,
  encode: (value) => [{ contract: "pool", fn: "setParameter", args: [POOL_PARAMETER[name], value] }],
});

const single = (contract: Contract, fn: string, unit: Unit, help: string): Setting => ({
  unit,
  help,
  encode: (value) => [{ contract, fn, args: [value] }],
});

/** Every name `--set` accepts. */
export const SETTINGS: Record<string, Setting> = {
  inflation: {
    key: "year",
    unit: "fraction",
    help: "inflation:<year>=<rate>: annual inflation of a future year (0..10%)",
    encode: (value, year) => [{ contract: "pool", fn: "setInflationRate", args: [BigInt(year!), value] }],
  },
  delta: poolParameter("delta", "fraction", "share of each mint for the active set (0..50%)"),
  minStake: poolParameter("minStake", "etm", "smallest non-zero position, ETM"),
  minSelfStake: poolParameter("minSelfStake", "etm", "smallest validator self-stake, ETM"),
  unbondingBlocks: poolParameter("unbondingBlocks", "whole", "blocks between unstake and withdraw"),
  jailBlocks: poolParameter("jailBlocks", "whole", "blocks a slashed validator stays jailed"),
  commissionDelayBlocks: poolParameter(
    "commissionDelayBlocks",
    "whole",
    "blocks before a new commission applies",
  ),
  maxCommissionChange: poolParameter(
    "maxCommissionChange",
    "fraction",
    "largest change per commission update",
  ),
  candidateCap: poolParameter("candidateCap", "whole", "largest number of registered validators (4..1,500)"),
  treasury: {
    unit: "address",
    help: "treasury of both the pool and the election",
    encode: (value) => [
      { contract: "pool", fn: "setTreasury", args: [value] },
      { contract: "election", fn: "setTreasury", args: [value] },
    ],
  },
  upgradePool: {
    unit: "address",
    help: "upgrades the pool's proxy to a new StakingPool implementation (same token; docs/architecture.md)",
    encode: (value) => [{ contract: "pool", fn: "upgradeToAndCall", args: [value, "0x"] }],
  },
  upgradeElection: {
    unit: "address",
    help:
      "upgrades the election's proxy (the genesis's address) to a new ValidatorElection implementation, " +
      "then republishes its round grid to the pool (publishRoundGrid: upgrade the pool first)",
    encode: (value) => [
      {
        contract: "election",
        fn: "upgradeToAndCall",
        args: [value, INTERFACES.election.encodeFunctionData("publishRoundGrid")],
      },
    ],
  },
  slasher: {
    unit: "address",
    help: "grants the pool's SLASHER_ROLE to an address (an evidence contract)",
    encode: (value) => [{ contract: "pool", fn: "grantRole", args: [SLASHER_ROLE, value] }],
  },
  revokeSlasher: {
    unit: "address",
    help: "revokes the pool's SLASHER_ROLE from an address",
    encode: (value) => [{ contract: "pool", fn: "revokeRole", args: [SLASHER_ROLE, value] }],
  },
  slash: {
    key: "infraction",
    unit: "fraction",
    help:
      "slash:<validator>@<block>=<fraction>: slashes (burns) that share of the stake a validator had at the " +
      "block of its infraction (at most unbondingBlocks before the execution) and jails it",
    encode: (value, infraction) => {
      const [validator, block] = infraction!.split("@");
      return [
        {
          contract: "pool",
          fn: "slash",
          args: [validator, value, BigInt(block!), encodeBytes32String("governance")],
        },
      ];
    },
  },
  pay: {
    key: "recipient",
    unit: "etm",
    help: "pay:<address>=<ETM>: pays ETM from the treasury (the timelock)",
    encode: (value, recipient) => [{ contract: "token", fn: "transfer", args: [recipient, value] }],
  },
  payNative: {
    key: "recipient",
    unit: "etm",
    help: "payNative:<address>=<amount>: pays the native currency (fees) from the treasury, 18 decimals",
    encode: (value, recipient) => [{ native: recipient!, amountWei: value as bigint }],
  },
  validatorCount: single("election", "setValidatorCount", "whole", "seats per election (4..100)"),
  roundLength: single("election", "setRoundLength", "whole", "blocks per round, from the next round"),
  maxCandidates: single("election", "setMaxCandidates", "whole", "candidates each election considers"),
  feeShare: single("election", "setFeeShare", "fraction", "share of transaction fees for the active set"),
  nonRevealJailBlocks: single(
    "election",
    "setNonRevealJailBlocks",
    "whole",
    "jail for a missed reveal, blocks",
  ),
  votingDelay: single("governor", "setVotingDelay", "whole", "blocks from a proposal to its snapshot"),
  votingPeriod: single("governor", "setVotingPeriod", "whole", "blocks of voting"),
  proposalThreshold: single("governor", "setProposalThreshold", "etm", "voting power needed to propose, ETM"),
  quorum: single(
    "governor",
    "updateQuorumNumerator",
    "fraction",
    "share of bonded stake needed (for + abstain)",
  ),
  timelockDelay: single("timelock", "updateDelay", "whole", "SECONDS between queue and execute"),
  voteExtension: single(
    "governor",
    "setLateQuorumVoteExtension",
    "whole",
    "blocks voting stays open after a late quorum",
  ),
};

const INTERFACES: Record<Contract, Interface> = {
  token: new Interface(ABIS.token),
  pool: new Interface(ABIS.pool),
  election: new Interface(ABIS.election),
  governor: new Interface(ABIS.governor),
  timelock: new Interface(ABIS.timelock),
};

function parseDecimal(text: string, decimals: number, what: string, setting: string): bigint {
  const digits = decimalDigits(text);
  if (!digits) throw new ProposalInputError(`--set ${setting}: "${text}" is not ${what}`);
  const { whole, fraction } = digits;
  if (fraction.length > decimals)
    throw new ProposalInputError(
      `--set ${setting}: "${text}" has ${fraction.length} decimals; at most ${decimals} are allowed`,
    );
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

function parseValue(unit: Unit, text: string, setting: string): bigint | string {
  switch (unit) {
    case "fraction": {
      if (text.endsWith("%")) {
        const percent = parseDecimal(text.slice(0, -1).trim(), 16, "a percentage like 5%", setting);
        if (percent > WAD) throw new ProposalInputError(`--set ${setting}: ${text} is above 100%`);
        return percent;
      }
      const wad = parseDecimal(text, 18, "a fraction like 0.05 (or a percentage like 5%)", setting);
      if (wad > WAD)
        throw new ProposalInputError(
          `--set ${setting}: ${text} is above 1 (100%); write a fraction like 0.05 or a percentage like ${text}%`,
        );
      return wad;
    }
    case "etm":
      return parseDecimal(text, 18, "an amount of ETM like 1000 or 12.5", setting);
    case "whole":
      if (!/^\d+$/.test(text))
        throw new ProposalInputError(`--set ${setting}: "${text}" is not a whole number`);
      return BigInt(text);
    case "address":
      return parseAddressOrThrow(text, setting);
  }
}

function parseAddressOrThrow(text: string, setting: string): string {
  if (!isAddress(text))
    throw new ProposalInputError(
      `--set ${setting}: "${text}" is not an address; write 0x followed by 40 hex digits`,
    );
  if (BigInt(text) === 0n) throw new ProposalInputError(`--set ${setting}: the zero address is not allowed`);
  return getAddress(text);
}

/** Parses one `name[:key]=value` and returns the calls it stands for. */
export function encodeSetting(text: string, addresses: GovernedAddresses): GovernanceCall[] {
  const match = /^\s*([A-Za-z]+)(?::([^=]+))?\s*=\s*(.+?)\s*$/.exec(text);
  if (!match)
    throw new ProposalInputError(
      `--set "${text}": write name=value or name:key=value (e.g. delta=0.05, inflation:2=8%); names: ${Object.keys(SETTINGS).join(", ")}`,
    );
  const [, name, rawKey, rawValue] = match;
  const setting = SETTINGS[name];
  if (!setting)
    throw new ProposalInputError(
      `--set ${text}: unknown parameter "${name}"; use one of ${Object.keys(SETTINGS).join(", ")}`,
    );
  let key: string | undefined;
  if (setting.key && rawKey === undefined)
    throw new ProposalInputError(`--set ${text}: ${name} needs a ${setting.key}: ${setting.help}`);
  if (!setting.key && rawKey !== undefined)
    throw new ProposalInputError(`--set ${text}: ${name} takes no ":${rawKey}"; write ${name}=<value>`);
  if (setting.key === "year") {
    if (!/^\d+$/.test(rawKey!.trim()))
      throw new ProposalInputError(
        `--set ${text}: year "${rawKey}" is not a whole number (year 0 starts at deployment)`,
      );
    key = rawKey!.trim();
  } else if (setting.key === "infraction") {
    const [validator, block] = rawKey!.trim().split("@");
    if (block === undefined || !/^\d+$/.test(block.trim()))
      throw new ProposalInputError(
        `--set ${text}: ${name} needs the infraction's block number after the validator: ` +
          `${name}:<validator>@<block>=<fraction> (evidence older than the unbonding period is refused)`,
      );
    key = `${parseAddressOrThrow(validator!.trim(), text)}@${BigInt(block.trim())}`;
  } else if (setting.key) key = parseAddressOrThrow(rawKey!.trim(), text);
  const value = parseValue(setting.unit, rawValue, text);
  checkLocally(name, value, text);
  return setting.encode(value, key).map((call) =>
    "native" in call
      ? {
          target: call.native,
          value: call.amountWei,
          calldata: "0x",
          summary: `pay ${call.amountWei} wei to ${call.native}  [${text.trim()}]`,
        }
      : {
          target: addresses[call.contract],
          value: 0n,
          calldata: INTERFACES[call.contract].encodeFunctionData(call.fn, call.args),
          summary: `${call.contract}.${call.fn}(${call.args.map((a) => String(a)).join(", ")})  [${text.trim()}]`,
        },
  );
}

const GOVERNOR_LIMITS = { maxVotingDelay: 2n ** 48n - 1n, maxVotingPeriod: 2n ** 32n - 1n } as const;

/**
 * The governor's own settings run only inside a governor execution (OpenZeppelin's onlyGovernance),
 * so they cannot be dry-run beforehand: their limits are checked here instead.
 */
function checkLocally(name: string, value: bigint | string, text: string): void {
  const limits: Record<string, [bigint, bigint]> = {
    votingDelay: [0n, GOVERNOR_LIMITS.maxVotingDelay],
    votingPeriod: [1n, GOVERNOR_LIMITS.maxVotingPeriod],
    voteExtension: [0n, GOVERNOR_LIMITS.maxVotingDelay],
  };
  const range = limits[name];
  if (range && (BigInt(value) < range[0] || BigInt(value) > range[1]))
    throw new ProposalInputError(`--set ${text}: ${name} must be from ${range[0]} to ${range[1]} blocks`);
}

/** Whether a call can be dry-run as the timelock (not the governor's own settings: see checkLocally). */
export function canDryRun(call: GovernanceCall, addresses: GovernedAddresses): boolean {
  return call.target.toLowerCase() !== addresses.governor.toLowerCase();
}

/** Every `--set` of a proposal, in order; at least one. */
export function encodeSettings(settings: string[], addresses: GovernedAddresses): GovernanceCall[] {
  if (settings.length === 0)
    throw new ProposalInputError(`no --set given: name at least one change, e.g. --set delta=0.05`);
  return settings.flatMap((text) => encodeSetting(text, addresses));
}

/** Decodes a call of a proposal back into words (for `etm:proposals`). */
export function describeCall(
  target: string,
  calldata: string,
  addresses: GovernedAddresses,
  valueWei = 0n,
): string {
  if (calldata === "0x") return `pay ${valueWei} wei (native) to ${target}`;
  for (const [contract, address] of Object.entries(addresses) as [Contract, string][]) {
    if (address.toLowerCase() !== target.toLowerCase()) continue;
    const parsed = INTERFACES[contract].parseTransaction({ data: calldata });
    if (parsed) return `${contract}.${parsed.name}(${parsed.args.map((a: unknown) => String(a)).join(", ")})`;
  }
  return `${target} ${calldata.slice(0, 10)}…`;
}
