/**
 * Who holds which role: every AccessControl role of the pool, the election and the timelock (from
 * their RoleGranted events, confirmed with hasRole), the token's one-shot admin and minter, and the
 * governor's timelock. The events are read from `fromBlock` (the deployment) in windows of 5,000
 * blocks (Besu's default log range), so on an old chain this takes a while. Says which holders are externally owned accounts (no code), because after the
 * hand-over to governance none may be. Used by `etm:roles` and by the deploy task's wiring check.
 * Importing this module has no side effects.
 */
import type { EventLog, Provider } from "ethers";
import { queryInWindows } from "./logs";
import { ZeroAddress } from "ethers";
import {
  ETMGovernor__factory,
  ETMTimelock__factory,
  DoubleSignEvidence__factory,
  ETMToken__factory,
  IStakingPool__factory,
  ValidatorElection__factory,
} from "../../typechain-types";

export interface SystemAddresses {
  token: string;
  pool: string;
  votes: string;
  election: string;
  /** The double-sign evidence contract (deployments from before it existed have none). */
  evidence?: string;
  governor?: string;
  timelock?: string;
}

export type HolderKind = "contract" | "account" | "anyone";

export interface RoleHolding {
  contract: keyof SystemAddresses;
  role: string;
  holder: string;
  /** The holder's name in the system (pool, election, governor, timelock) or "". */
  holderName: string;
  kind: HolderKind;
  /** What the role allows, in words. */
  power: string;
}

export interface RoleReport {
  holdings: RoleHolding[];
  /** Holdings by externally owned accounts that still give power over the system. */
  accountHoldings: RoleHolding[];
  /** Holdings by contracts outside the system (not the pool, election, governor or timelock). */
  foreignHoldings: RoleHolding[];
}

/**
 * The roles an admin holds after a deployment, in the order they are handed over (the admin role
 * last, so the hand-over can finish): to `admin` by `deploySystem`, to the timelock by the governance
 * hand-over (`installGovernance` and the Ignition module `ETMSystemGoverned`). The one list of them.
 */
export const ADMIN_ROLES = {
  pool: ["PARAMETER_ROLE", "SLASHER_ROLE", "UPGRADER_ROLE", "DEFAULT_ADMIN_ROLE"],
  election: ["PARAMETER_ROLE", "UPGRADER_ROLE", "DEFAULT_ADMIN_ROLE"],
  evidence: ["PARAMETER_ROLE", "DEFAULT_ADMIN_ROLE"],
} as const;

/** The roles the election holds in the pool (granted at deployment, never handed over). */
export const ELECTION_POOL_ROLES = ["JAILER_ROLE", "COLLECTOR_ROLE"] as const;

const ROLE_POWERS: Record<string, string> = {
  "pool.DEFAULT_ADMIN_ROLE": "grants and revokes every role of the pool",
  "pool.UPGRADER_ROLE": "upgrades the pool and its voting-units module (StakeVotes) to new code",
  "pool.PARAMETER_ROLE": "sets inflation of future years, delta, minimum stakes, periods, caps, treasury",
  "pool.SLASHER_ROLE": "slashes and jails validators",
  "pool.JAILER_ROLE": "jails validators (the election, for missed heartbeats and reveals)",
  "pool.COLLECTOR_ROLE": "collects the active set's delta share and publishes the round grid (the election)",
  "election.DEFAULT_ADMIN_ROLE": "grants and revokes every role of the election",
  "election.PARAMETER_ROLE": "sets validator count, round length, candidate cap, fee share, treasury",
  "election.UPGRADER_ROLE": "upgrades the election to new code (its address, the genesis's, stays)",
  "evidence.DEFAULT_ADMIN_ROLE": "grants and revokes the evidence contract's roles",
  "evidence.PARAMETER_ROLE": "sets the double-sign slash fraction and the reporter's share",
  "timelock.DEFAULT_ADMIN_ROLE": "grants and revokes every role of the timelock",
  "timelock.PROPOSER_ROLE": "schedules operations on the timelock",
  "timelock.CANCELLER_ROLE": "cancels scheduled operations",
  "timelock.EXECUTOR_ROLE": "executes ready operations",
};

/** Reads every role holding of the system from block `fromBlock` on. */
export async function inventoryRoles(
  provider: Provider,
  addresses: SystemAddresses,
  fromBlock = 0,
): Promise<RoleReport> {
  const latest = await provider.getBlockNumber();
  const names = new Map<string, string>();
  for (const [name, address] of Object.entries(addresses))
    if (address) names.set(address.toLowerCase(), name);
  const kindOf = async (holder: string): Promise<HolderKind> => {
    if (holder === ZeroAddress) return "anyone";
    const code = await provider.getCode(holder);
    // No code, or an EIP-7702 delegation designator (0xef0100 + address): a key controls it.
    return code === "0x" || code.startsWith("0xef0100") ? "account" : "contract";
  };
  const holdings: RoleHolding[] = [];
  const add = async (contract: keyof SystemAddresses, role: string, holder: string, power: string) => {
    holdings.push({
      contract,
      role,
      holder,
      holderName: names.get(holder.toLowerCase()) ?? "",
      kind: await kindOf(holder),
      power,
    });
  };

  const token = ETMToken__factory.connect(addresses.token, provider);
  const minter = await token.minter();
  await add(
    "token",
    "admin (immutable)",
    await token.admin(),
    minter === ZeroAddress
      ? "may set the minter once (not set yet)"
      : "none left: the minter is set, once and for all",
  );
  await add("token", "minter", minter, "mints the emission (the pool)");

  const accessControlled = [
    ["pool", IStakingPool__factory.connect(addresses.pool, provider)],
    ["election", ValidatorElection__factory.connect(addresses.election, provider)],
    ...(addresses.evidence
      ? [["evidence", DoubleSignEvidence__factory.connect(addresses.evidence, provider)] as const]
      : []),
    ...(addresses.timelock
      ? [["timelock", ETMTimelock__factory.connect(addresses.timelock, provider)] as const]
      : []),
  ] as const;
  for (const [contractName, contract] of accessControlled) {
    const roleNames = new Map<string, string>();
    for (const key of Object.keys(ROLE_POWERS)) {
      const [owner, roleName] = key.split(".");
      if (owner !== contractName) continue;
      const getter = (contract as unknown as Record<string, () => Promise<string>>)[roleName];
      roleNames.set(await getter(), roleName);
    }
    const granted = (await queryInWindows(
      contract,
      contract.filters.RoleGranted(),
      fromBlock,
      latest,
    )) as EventLog[];
    const seen = new Set<string>();
    for (const event of granted) {
      const { role, account } = event.args;
      const key = `${role}/${account}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!(await contract.hasRole(role, account))) continue;
      const roleName = roleNames.get(role) ?? role;
      await add(
        contractName,
        roleName,
        account,
        ROLE_POWERS[`${contractName}.${roleName}`] ?? "unknown role",
      );
    }
  }
  if (addresses.governor) {
    const governor = ETMGovernor__factory.connect(addresses.governor, provider);
    await add(
      "governor",
      "executor (timelock)",
      await governor.timelock(),
      "runs what the governor approved",
    );
  }
  const accountHoldings = holdings.filter(
    (h) =>
      h.kind === "account" &&
      !(h.contract === "token" && h.role === "admin (immutable)" && minter !== ZeroAddress),
  );
  const foreignHoldings = holdings.filter((h) => h.kind === "contract" && h.holderName === "");
  return { holdings, accountHoldings, foreignHoldings };
}

/** The report as text: one line per holding, and a loud warning if an account holds power. */
export function formatRoleReport(report: RoleReport): string {
  const lines = report.holdings.map((h) => {
    const who = `${h.holder}${h.holderName ? ` (${h.holderName})` : h.kind === "account" ? " (ACCOUNT)" : h.kind === "anyone" ? " (anyone)" : ""}`;
    return `  ${h.contract.padEnd(9)} ${h.role.padEnd(22)} ${who}: ${h.power}`;
  });
  if (report.foreignHoldings.length > 0)
    lines.push(
      `NOTE: ${report.foreignHoldings.length} role(s) held by contracts outside the system; check that governance controls them:`,
      ...report.foreignHoldings.map((h) => `  ?? ${h.contract} ${h.role}: ${h.holder}`),
    );
  if (report.accountHoldings.length === 0) {
    lines.push("OK: no externally owned account holds a role that gives power over the system.");
  } else {
    lines.push(
      `WARNING: ${report.accountHoldings.length} role(s) held by externally owned accounts (a single key controls them):`,
      ...report.accountHoldings.map((h) => `  !! ${h.contract} ${h.role}: ${h.holder}`),
      "Hand them to governance (deploy with governance) or renounce them.",
    );
  }
  return lines.join("\n");
}

/**
 * Every holding a governed system has, as `contract.role=holder`: exactly these, no more, no fewer
 * (the token's one-shot admin aside). An allowlist, so a role left with any other address, an
 * account or a contract, is reported.
 */
export const GOVERNED_HOLDINGS = [
  "election.DEFAULT_ADMIN_ROLE=timelock",
  "election.PARAMETER_ROLE=timelock",
  "election.UPGRADER_ROLE=timelock",
  "evidence.DEFAULT_ADMIN_ROLE=timelock",
  "evidence.PARAMETER_ROLE=timelock",
  "governor.executor (timelock)=timelock",
  "pool.COLLECTOR_ROLE=election",
  "pool.DEFAULT_ADMIN_ROLE=timelock",
  "pool.JAILER_ROLE=election",
  "pool.PARAMETER_ROLE=timelock",
  "pool.SLASHER_ROLE=evidence",
  "pool.SLASHER_ROLE=timelock",
  "pool.UPGRADER_ROLE=timelock",
  "timelock.CANCELLER_ROLE=governor",
  "timelock.DEFAULT_ADMIN_ROLE=timelock",
  "timelock.EXECUTOR_ROLE=governor",
  "timelock.PROPOSER_ROLE=governor",
  "token.minter=pool",
] as const;

/** What differs between `report` and the holdings of a governed system (empty when none). */
export function governedHoldingProblems(report: RoleReport): string[] {
  const held = report.holdings
    .filter((h) => !(h.contract === "token" && h.role === "admin (immutable)"))
    .map((h) => ({ key: `${h.contract}.${h.role}=${h.holderName || h.holder}`, h }));
  const expected = new Set<string>(GOVERNED_HOLDINGS);
  const problems = held
    .filter(({ key }) => !expected.has(key))
    .map(
      ({ h }) => `${h.holder}${h.kind === "account" ? " (an account)" : ""} holds ${h.contract} ${h.role}`,
    );
  const present = new Set(held.map(({ key }) => key));
  for (const key of GOVERNED_HOLDINGS)
    if (!present.has(key)) problems.push(`missing: ${key.replace("=", " held by the ")}`);
  return problems;
}
