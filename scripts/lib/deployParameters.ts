/**
 * The parameter file of `npm run deploy` (deploy/parameters/*.json), checked up front.
 *
 * Format: one JSON object whose keys are SystemOptions fields (scripts/deploy.ts); keys starting
 * with "//" are comments. Units are the ones people read, not the contracts' ones:
 * - amounts (initialSupply, minStake, minSelfStake): ETM as decimal strings, at most 18 decimals
 *   ("1000000000", "12.5"); JSON numbers are refused because they silently lose precision;
 * - fractions (initialInflation, delta, maxCommission, maxCommissionChange, feeShare, doubleSignSlash,
 *   reporterShare): percent,
 *   as a string or a number ("10" or "10%" = 10% = 0.1e18 wad), at most 16 decimals;
 * - durations (roundLength, unbondingBlocks, commissionDelayBlocks, jailBlocks, nonRevealJailBlocks)
 *   in blocks, and counts (validatorCount, candidateCap, maxCandidates): whole numbers;
 * - governance: true (the default here, unlike deploySystem) deploys the governor and its timelock
 *   and hands them every role and the treasury; admin and treasury must then be left out. Its
 *   settings: votingDelay and votingPeriod in blocks, timelockDelay in SECONDS (the timelock's
 *   clock), proposalThreshold in ETM, quorum in percent of the bonded stake, voteExtension and
 *   slashMargin in blocks; unbondingBlocks must then be longer than the slowest path of a governed
 *   slash (votingDelay + votingPeriod + voteExtension + timelockDelay / 3 s + slashMargin);
 * - admin, treasury (only with "governance": false), initialHolder: addresses, default the deployer
 *   (treasury and initialHolder default to admin, as in deploySystem); initialValidators: required,
 *   the QBFT signer addresses of the set before the first election (the genesis validators).
 * Every other field defaults to DEFAULT_OPTIONS. Every problem is reported at once, each naming
 * the field and the fix. Nothing here touches a network.
 */
import fs from "node:fs";
import { getAddress, isAddress } from "ethers";
import type { SystemOptions } from "../deploy";
import { DEFAULT_OPTIONS } from "../deploy";
import { ELECTION_LIMITS } from "../deploy/election";
import { GOVERNANCE_LIMITS, slashPathProblem } from "../deploy/governance";
import { BLOCKS_PER_YEAR } from "../../lib/constants";
import { decimalDigits, formatPercentExact, WAD, WEI_PER_ETM as ETM } from "../../lib/units";

const UINT96_MAX = 2n ** 96n - 1n;
/** StakingPool limits (its constants and _checkParameter), checked here first for clearer messages. */
export const POOL_LIMITS = {
  maxInflationPercent: 10,
  maxDeltaPercent: 50,
  minCandidateCap: 4,
  maxCandidateCap: 1_500,
  maxDurationBlocks: BLOCKS_PER_YEAR,
} as const;

type Kind = "address" | "addresses" | "amount" | "percent" | "integer" | "boolean";

/** Every field of the parameter file, its kind and what it means. */
export const PARAMETER_FIELDS: Record<keyof SystemOptions, { kind: Kind; help: string }> = {
  governance: {
    kind: "boolean",
    help: "true (default): the governor's timelock holds every role and is the treasury; false: admin does",
  },
  admin: { kind: "address", help: "holds every parameter role without governance (default: the deployer)" },
  treasury: {
    kind: "address",
    help: "receives the emission while nothing is staked, without governance (default: admin)",
  },
  initialHolder: { kind: "address", help: "receives initialSupply (default: admin)" },
  initialSupply: { kind: "amount", help: "ETM minted at deployment" },
  initialInflation: { kind: "percent", help: "year-0 annual inflation, percent (0..10)" },
  delta: { kind: "percent", help: "share of each mint for the active validators, percent (0..50)" },
  validatorCount: { kind: "integer", help: "size of the active set (4..100, at most maxCandidates)" },
  roundLength: { kind: "integer", help: "blocks per election round (4..10,512,000)" },
  unbondingBlocks: { kind: "integer", help: "blocks between unstake and withdraw (1..10,512,000)" },
  minStake: { kind: "amount", help: "smallest non-zero position, ETM (at most minSelfStake)" },
  minSelfStake: { kind: "amount", help: "smallest self-stake of a validator, ETM" },
  maxCommission: { kind: "percent", help: "immutable maximum commission, percent" },
  maxCommissionChange: { kind: "percent", help: "largest change per commission update, percent" },
  commissionDelayBlocks: { kind: "integer", help: "blocks before a new commission applies" },
  jailBlocks: { kind: "integer", help: "blocks a slashed validator stays jailed" },
  candidateCap: { kind: "integer", help: "largest number of registered validators (4..1,500)" },
  maxCandidates: { kind: "integer", help: "candidates each election considers (validatorCount..2,000)" },
  feeShare: { kind: "percent", help: "share of transaction fees for the active set, percent" },
  nonRevealJailBlocks: { kind: "integer", help: "blocks a validator that did not reveal is jailed" },
  initialValidators: { kind: "addresses", help: "QBFT signers before the first election (required)" },
  votingDelay: { kind: "integer", help: "blocks from a proposal to its snapshot and the start of voting" },
  votingPeriod: { kind: "integer", help: "blocks of voting (at least 1)" },
  timelockDelay: { kind: "integer", help: "SECONDS from queueing a passed proposal to executing it" },
  proposalThreshold: { kind: "amount", help: "ETM of voting power (bonded stake) needed to propose" },
  quorum: { kind: "percent", help: "share of the total bonded stake that must vote for or abstain, percent" },
  voteExtension: {
    kind: "integer",
    help: "blocks voting stays open after a vote that reaches the quorum late",
  },
  doubleSignSlash: {
    kind: "percent",
    help: "share of a double signer's stake at the infraction slashed on a proof, percent (0..100; default 5)",
  },
  reporterShare: {
    kind: "percent",
    help: "share of a double-sign slash paid to whoever proves it, percent (0..50; default 10)",
  },
  slashMargin: {
    kind: "integer",
    help: "blocks added to the slowest path of a governed slash (at least 1); unbondingBlocks must outlast the path",
  },
};

const FIELD_NAMES = Object.keys(PARAMETER_FIELDS) as (keyof SystemOptions)[];

export class DeployParametersError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `${source} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n  - ${problems.join("\n  - ")}`,
    );
  }
}

/** Reads and parses a parameter file; a missing file or bad JSON is a plain error naming the path. */
export function readParameterFile(file: string): unknown {
  if (!fs.existsSync(file)) {
    throw new DeployParametersError(file, [
      `the file does not exist: pass --parameters <file.json> (start from deploy/parameters/example.json)`,
    ]);
  }
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
  } catch (error) {
    throw new DeployParametersError(file, [`not valid JSON (${(error as Error).message}): fix the syntax`]);
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function suggestion(name: string): string {
  const lower = name.toLowerCase();
  const best = FIELD_NAMES.map((field) => [field, editDistance(lower, field.toLowerCase())] as const).sort(
    (x, y) => x[1] - y[1],
  )[0];
  return best && best[1] <= 3 ? ` (did you mean "${best[0]}"?)` : "";
}

function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

/** Decimal text with at most `decimals` decimals -> integer scaled by 10^decimals, or a problem. */
function parseScaled(
  field: string,
  value: unknown,
  decimals: number,
  unit: string,
  example: string,
  shown: unknown = value,
): bigint | string {
  const digits = typeof value === "string" ? decimalDigits(value) : undefined;
  if (!digits) return `${field}: ${show(shown)} is not ${unit}; write a decimal string like ${example}`;
  const { whole, fraction } = digits;
  if (fraction.length > decimals) {
    return `${field}: ${show(shown)} has ${fraction.length} decimals; ${unit === "an amount of ETM" ? "ETM has 18" : `at most ${decimals} are allowed`}: round it to at most ${decimals} decimals`;
  }
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/**
 * Checks a parsed parameter file and fills the defaults (addresses from `deployer`). Returns the
 * complete options in contract units, or throws DeployParametersError listing every problem.
 */
export function checkDeployParameters(
  raw: unknown,
  deployer: string,
  source = "the parameter file",
): SystemOptions {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new DeployParametersError(source, [
      `the file must hold one JSON object of fields (see deploy/parameters/example.json), not ${Array.isArray(raw) ? "an array" : show(raw)}`,
    ]);
  }
  const problems: string[] = [];
  const given: Partial<Record<keyof SystemOptions, unknown>> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name.startsWith("//")) continue;
    if (!(name in PARAMETER_FIELDS)) {
      problems.push(
        `${name}: unknown field${suggestion(name)}; remove it or use one of ${FIELD_NAMES.join(", ")} (keys starting with "//" are comments)`,
      );
      continue;
    }
    const field = name as keyof SystemOptions;
    const { kind } = PARAMETER_FIELDS[field];
    if (kind === "boolean") {
      if (typeof value !== "boolean")
        problems.push(`${field}: ${show(value)} is not true or false; write true or false`);
      else given[field] = value;
    } else if (kind === "address") {
      if (typeof value !== "string" || !isAddress(value)) {
        problems.push(`${field}: ${show(value)} is not an address; write 0x followed by 40 hex digits`);
      } else if (BigInt(value) === 0n) {
        problems.push(
          `${field}: the zero address cannot hold anything; give a real address or leave the field out`,
        );
      } else given[field] = getAddress(value);
    } else if (kind === "addresses") {
      if (!Array.isArray(value)) {
        problems.push(
          `${field}: ${show(value)} is not a list; write ["0x…", "0x…"] (the QBFT signer addresses)`,
        );
        continue;
      }
      const seen = new Set<string>();
      const list: string[] = [];
      value.forEach((entry: unknown, index) => {
        if (typeof entry !== "string" || !isAddress(entry)) {
          problems.push(
            `${field}[${index}]: ${show(entry)} is not an address; write 0x followed by 40 hex digits`,
          );
        } else if (BigInt(entry) === 0n) {
          problems.push(
            `${field}[${index}]: the zero address cannot sign blocks; give the validator's signer address`,
          );
        } else if (seen.has(entry.toLowerCase())) {
          problems.push(`${field}[${index}]: ${entry} is listed twice; list each signer once`);
        } else {
          seen.add(entry.toLowerCase());
          list.push(getAddress(entry));
        }
      });
      given[field] = list;
    } else if (kind === "amount") {
      if (typeof value === "number") {
        problems.push(
          `${field}: write the amount as a string of ETM, e.g. "${value}" (JSON numbers lose precision)`,
        );
        continue;
      }
      const wei = parseScaled(field, value, 18, "an amount of ETM", `"1000" or "12.5"`);
      if (typeof wei === "string") problems.push(wei);
      else given[field] = wei;
    } else if (kind === "percent") {
      const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
      const wad = parseScaled(
        field,
        typeof text === "string" ? text.trim().replace(/%$/, "") : text,
        16,
        "a percentage",
        `"10" or "7.5%" (meaning %)`,
        value,
      );
      if (typeof wad === "string") problems.push(wad);
      else given[field] = wad;
    } else {
      const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 0) {
        problems.push(
          `${field}: ${show(value)} is not a whole number; write e.g. ${DEFAULT_OPTIONS[field as keyof typeof DEFAULT_OPTIONS]}`,
        );
      } else given[field] = number;
    }
  }
  if (!("initialValidators" in (raw as object))) {
    problems.push(
      `initialValidators: missing; list the QBFT signer addresses of the genesis validators, e.g. ["0x…", "0x…", "0x…", "0x…"]`,
    );
  }

  const governance = (given.governance as boolean | undefined) ?? true;
  for (const field of ["admin", "treasury"] as const) {
    if (governance && field in given)
      problems.push(
        `${field}: with governance (the default) the timelock is the admin and the treasury; remove ${field}, or set "governance": false to keep an admin account`,
      );
  }
  const admin = (given.admin as string | undefined) ?? getAddress(deployer);
  const options: SystemOptions = {
    ...DEFAULT_OPTIONS,
    admin,
    treasury: admin,
    initialHolder: admin,
    initialValidators: [],
    ...(given as Partial<SystemOptions>),
    governance,
  };

  // Ranges, as the contracts enforce them (each checked only if the field itself parsed).
  const ok = (field: keyof SystemOptions) =>
    !problems.some((p) => p.startsWith(`${field}:`) || p.startsWith(`${field}[`));
  const range = (field: keyof SystemOptions, min: number, max: number, why = "") => {
    const value = options[field] as number;
    if (ok(field) && (value < min || value > max))
      problems.push(
        `${field}: ${value} is out of range; use a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}${why}`,
      );
  };
  const percentRange = (field: keyof SystemOptions, max: bigint, why = "") => {
    const value = options[field] as bigint;
    if (ok(field) && value > max)
      problems.push(
        `${field}: ${formatPercentExact(value)} is above ${formatPercentExact(max)}${why}; lower it`,
      );
  };
  const L = ELECTION_LIMITS;
  const D = POOL_LIMITS.maxDurationBlocks;
  const validatorCountMax = Math.min(
    L.maxValidatorCount,
    ok("maxCandidates") ? options.maxCandidates : L.maxValidatorCount,
  );
  if (ok("validatorCount") && options.validatorCount < L.minElected)
    problems.push(
      `validatorCount: ${options.validatorCount} is below ${L.minElected}; the election seats at least ${L.minElected} validators (QBFT tolerates a fault from 4 on)`,
    );
  else
    range(
      "validatorCount",
      L.minElected,
      validatorCountMax,
      validatorCountMax < L.maxValidatorCount ? " (at most maxCandidates)" : "",
    );
  if (ok("validatorCount") && options.validatorCount >= L.minElected)
    range(
      "maxCandidates",
      Math.max(L.minElected, options.validatorCount),
      L.maxCandidateCap,
      " (at least validatorCount)",
    );
  else range("maxCandidates", L.minElected, L.maxCandidateCap);
  range("roundLength", L.minRoundLength, L.maxRoundLength);
  range("unbondingBlocks", 1, D);
  range("commissionDelayBlocks", 0, D);
  range("jailBlocks", 0, D);
  range("nonRevealJailBlocks", 1, L.maxJailBlocks);
  range("candidateCap", POOL_LIMITS.minCandidateCap, POOL_LIMITS.maxCandidateCap);
  percentRange(
    "initialInflation",
    BigInt(POOL_LIMITS.maxInflationPercent) * 10n ** 16n,
    " (the emission schedule's maximum)",
  );
  percentRange("delta", BigInt(POOL_LIMITS.maxDeltaPercent) * 10n ** 16n, " (the pool's maximum)");
  percentRange("maxCommission", WAD);
  percentRange("feeShare", WAD);
  percentRange("doubleSignSlash", WAD);
  percentRange("reporterShare", WAD / 2n, " (the evidence contract's maximum)");
  if (ok("maxCommission")) percentRange("maxCommissionChange", options.maxCommission, " (maxCommission)");
  if (ok("minStake") && options.minStake === 0n)
    problems.push(`minStake: must be more than 0 ETM; give e.g. "1"`);
  if (ok("minSelfStake") && options.minSelfStake > UINT96_MAX)
    problems.push(`minSelfStake: above the pool's limit of ${UINT96_MAX / ETM} ETM; lower it`);
  if (ok("minStake") && ok("minSelfStake") && options.minStake > options.minSelfStake)
    problems.push(`minStake: larger than minSelfStake; make minStake at most minSelfStake`);
  if (ok("initialValidators") && "initialValidators" in (raw as object)) {
    const count = options.initialValidators.length;
    if (count === 0)
      problems.push(
        `initialValidators: the list is empty; list the QBFT signer addresses of the genesis validators`,
      );
    else if (count > L.maxValidatorCount)
      problems.push(`initialValidators: ${count} entries; give 1 to ${L.maxValidatorCount} signer addresses`);
  }
  range("votingDelay", 0, GOVERNANCE_LIMITS.maxVotingDelay);
  range("votingPeriod", GOVERNANCE_LIMITS.minVotingPeriod, GOVERNANCE_LIMITS.maxVotingPeriod);
  percentRange("quorum", WAD);
  range("voteExtension", 0, GOVERNANCE_LIMITS.maxVotingDelay);
  range("slashMargin", 1, Number.MAX_SAFE_INTEGER);
  // The slash-path rule ETMGovernor's constructor enforces, checked here so nothing is deployed.
  const pathFields = [
    "unbondingBlocks",
    "votingDelay",
    "votingPeriod",
    "voteExtension",
    "timelockDelay",
    "slashMargin",
  ] as const;
  if (governance && problems.length === 0 && pathFields.every(ok)) {
    const slowSlash = slashPathProblem(options.unbondingBlocks, options);
    if (slowSlash) problems.push(slowSlash);
  }
  if (problems.length > 0) throw new DeployParametersError(source, problems);
  return options;
}

/**
 * The options as Ignition parameters of the modules `ignitionModuleName` deploys: ETMSystem (with
 * the deployer as admin and treasury under governance, which then hands everything over), and
 * ETMSystemHandOver or ETMSystemGoverned.
 */
export function toIgnitionParameters(options: SystemOptions, deployer: string) {
  const {
    governance,
    votingDelay,
    votingPeriod,
    timelockDelay,
    proposalThreshold,
    quorum,
    voteExtension,
    slashMargin,
    ...system
  } = options;
  const parameters: Record<string, Record<string, string | number | bigint | string[]>> = {
    ETMSystem: governance ? { ...system, admin: deployer, treasury: deployer } : { ...system },
  };
  if (governance)
    parameters.ETMSystemGoverned = {
      votingDelay,
      votingPeriod,
      timelockDelay,
      proposalThreshold,
      quorum,
      voteExtension,
      slashMargin,
    };
  else if (needsHandOver(options, deployer)) parameters.ETMSystemHandOver = { admin: options.admin };
  return parameters;
}

/** Without governance, deploySystem hands the pool's roles to admin only when admin is not the deployer. */
export function needsHandOver(options: SystemOptions, deployer: string): boolean {
  return !options.governance && options.admin.toLowerCase() !== deployer.toLowerCase();
}

/** The Ignition module that deploys `options`. */
export function ignitionModuleName(
  options: SystemOptions,
  deployer: string,
): "ETMSystem" | "ETMSystemHandOver" | "ETMSystemGoverned" {
  if (options.governance) return "ETMSystemGoverned";
  return needsHandOver(options, deployer) ? "ETMSystemHandOver" : "ETMSystem";
}

/** The options with readable units, as recorded in deployments/<network>.json next to the exact ones. */
export function describeOptions(options: SystemOptions): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  for (const field of FIELD_NAMES) {
    const value = options[field];
    const kind = PARAMETER_FIELDS[field].kind;
    if (kind === "amount") {
      const wei = value as bigint;
      const fraction = (wei % ETM).toString().padStart(18, "0").replace(/0+$/, "");
      out[field] = `${wei / ETM}${fraction ? `.${fraction}` : ""} ETM`;
    } else if (kind === "percent") out[field] = formatPercentExact(value as bigint);
    else if (kind === "boolean") out[field] = String(value);
    else out[field] = value as string | number | string[];
  }
  return out;
}
