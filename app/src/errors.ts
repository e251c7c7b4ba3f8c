/**
 * A failed call in plain words: the contract's custom error decoded with the system's ABIs and
 * turned into a sentence with its values in ETM, percent and blocks; wallet refusals and RPC
 * failures likewise. Browser-side counterpart of the CLI's tasks/lib/errors.ts.
 */
import type { Result } from "ethers";
import { ERROR_INTERFACES } from "./contracts";
import { formatEtm, formatPercent } from "./units";

type Args = Result;

const STATUS = ["not registered", "active", "deregistered", "tombstoned"];

const SENTENCES: Record<string, (a: Args) => string> = {
  ZeroAmount: () => "the amount is zero",
  ZeroAddress: () => "an address is missing (the zero address was given)",
  UnknownValidator: (a) => `${a[0]} is not a registered validator`,
  ValidatorJailed: (a) => `validator ${a[0]} is jailed until block ${a[1]} and accepts no new stake`,
  ValidatorNotActive: (a) =>
    `validator ${a[0]} is ${STATUS[Number(a[1])] ?? "inactive"} and accepts no new stake; choose another`,
  AlreadyRegistered: (a) => `${a[0]} has registered as a validator before (an operator registers once)`,
  SignerInUse: (a) => `signer ${a[0]} is already used by validator ${a[1]}`,
  ZeroShares: (a) => `${formatEtm(a[1] as bigint, 18)} ETM is too small to buy a share of ${a[0]}`,
  PositionBelowMinimum: (a) =>
    `your position at ${a[1]} would be ${formatEtm(a[2] as bigint, 18)} ETM, below the minimum of ` +
    `${formatEtm(a[3] as bigint, 18)} ETM; unstake all of it or leave at least the minimum`,
  SelfStakeBelowMinimum: (a) =>
    `a validator's self-stake must be at least ${formatEtm(a[2] as bigint, 18)} ETM ` +
    `(it would be ${formatEtm(a[1] as bigint, 18)} ETM)`,
  InsufficientStake: (a) =>
    `you have ${formatEtm(a[2] as bigint, 18)} ETM staked at ${a[1]}, less than the ${formatEtm(a[3] as bigint, 18)} ETM asked`,
  TooManyUnbondingEntries: (a) =>
    `you already have ${a[1]} unbonding entries; withdraw matured ones or wait for them to mature`,
  NothingToWithdraw: (a) =>
    (a[1] as bigint) === 0n
      ? "nothing to withdraw: you have no unbonding entries"
      : `nothing to withdraw yet: your next unbonding entry matures at block ${a[1]}`,
  NothingToClaim: (a) =>
    a.length > 1 ? `there are no rewards to claim at ${a[1]} yet` : "there are no validator rewards to claim",
  CommissionAboveMax: (a) =>
    `the commission ${formatPercent(a[0] as bigint)} is above the maximum of ${formatPercent(a[1] as bigint)}`,
  CommissionChangeTooLarge: (a) =>
    `the commission may change by at most ${formatPercent(a[2] as bigint)} at a time ` +
    `(from ${formatPercent(a[0] as bigint)} to ${formatPercent(a[1] as bigint)} is too far)`,
  CommissionSwitchQueueFull: () => "too many commission changes are scheduled; try again a block later",
  CandidateCapReached: (a) => `the candidate list is full (${a[0]} validators)`,
  NotACandidate: (a) => `${a[0]} is not a registered candidate's operator or signer`,
  ERC20InsufficientBalance: (a) =>
    `your balance is ${formatEtm(a[1] as bigint, 18)} ETM, less than the ${formatEtm(a[2] as bigint, 18)} ETM needed`,
  ERC20InsufficientAllowance: (a) =>
    `the pool may spend ${formatEtm(a[1] as bigint, 18)} ETM of yours, less than the ${formatEtm(a[2] as bigint, 18)} ETM needed; approve it first`,
};

/** The revert data carried somewhere inside an ethers / EIP-1193 error. */
function findRevertData(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === "object"; depth++) {
    const record = current as Record<string, unknown>;
    if (typeof record.data === "string" && /^0x[0-9a-f]{8}/i.test(record.data)) return record.data;
    if (record.data && typeof record.data === "object") {
      const inner = (record.data as Record<string, unknown>).data;
      if (typeof inner === "string" && /^0x[0-9a-f]{8}/i.test(inner)) return inner;
    }
    current = record.error ?? record.info ?? record.cause ?? record.payload;
  }
  return undefined;
}

/** A contract's refusal in plain words, or undefined when the error carries no known custom error. */
export function describeRevert(error: unknown): string | undefined {
  const data = findRevertData(error);
  if (!data) return undefined;
  for (const iface of ERROR_INTERFACES) {
    const parsed = iface.parseError(data);
    if (!parsed) continue;
    const sentence = SENTENCES[parsed.name];
    const text = sentence
      ? sentence(parsed.args)
      : `${parsed.name}(${parsed.args.map((v: unknown) => String(v)).join(", ")})`;
    return `The contract refused: ${text} (${parsed.name}).`;
  }
  return undefined;
}

/** Any failure of a wallet request or call, in one sentence. */
export function describeError(error: unknown): string {
  const decoded = describeRevert(error);
  if (decoded) return decoded;
  const e = error as {
    code?: unknown;
    shortMessage?: string;
    message?: string;
    info?: { error?: { code?: number } };
  };
  if (e.code === "ACTION_REJECTED" || e.code === 4001 || e.info?.error?.code === 4001) {
    return "You rejected the request in your wallet.";
  }
  if (e.code === "CALL_EXCEPTION") return `The transaction reverted: ${e.shortMessage ?? "no reason given"}.`;
  return e.shortMessage ?? e.message ?? String(error);
}
