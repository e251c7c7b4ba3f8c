/**
 * Turns a failed call into plain words: the contract's custom error with its named values, plus a
 * hint for the common ones. Tasks throw these as HardhatPluginError, so users see no stack trace.
 */
import type { Interface } from "ethers";

const HINTS: Record<string, string> = {
  InsufficientStake: "you asked for more than is staked; check `npx hardhat etm:status`",
  PositionBelowMinimum: "a position must be zero or at least the pool's minimum stake; unstake all or less",
  SelfStakeBelowMinimum: "a validator's self-stake must stay at or above minSelfStake; deregister to leave",
  ValidatorJailed: "this validator is jailed and accepts no new stake until the block shown",
  ValidatorNotActive: "this validator has left or was tombstoned; choose another",
  UnknownValidator: "no validator is registered with that operator address; see `etm:status`",
  NothingToWithdraw: "no unbonding entry has matured yet; wait for the block shown",
  NothingToClaim: "there is nothing to claim yet",
  TooManyUnbondingEntries: "withdraw matured entries first (`etm:withdraw`)",
  CommissionChangeTooLarge: "change the commission in smaller steps, one per delay",
  CommissionAboveMax: "the commission exceeds the pool's immutable maximum",
  ERC20InsufficientBalance: "the account does not hold that many ETM",
  ERC20InsufficientAllowance: "the pool's allowance is too small (the task approves it; try again)",
  ElectionNotDue: "the round has not ended yet; wait for the block shown",
  OutsideCommitPhase: "commits are accepted only in the first part of a round",
  OutsideRevealPhase: "reveals are accepted only in the second part of a round",
  NotAnActiveValidator: "only validators active in this round take part in the beacon",
  NotACandidate: "only a registered candidate's operator or signer can send a heartbeat",
  GovernorInsufficientProposerVotes:
    "bond stake and delegate its votes (etm:delegate) to reach the threshold",
  GovernorAlreadyCastVote: "each account votes once per proposal",
  GovernorUnexpectedProposalState: "the proposal is not in the state this step needs; see etm:proposals",
  TimelockUnexpectedOperationState: "the timelock delay has not passed yet (or the operation is not queued)",
  AccessControlUnauthorizedAccount: "that account lacks the role; parameters change only through governance",
};

/** Decodes revert data with the given interfaces; returns a sentence, or undefined if unknown. */
export function describeRevert(error: unknown, interfaces: Interface[]): string | undefined {
  const data = findRevertData(error);
  if (!data || data === "0x") return undefined;
  for (const iface of interfaces) {
    try {
      const parsed = iface.parseError(data);
      if (!parsed) continue;
      const values = parsed.fragment.inputs
        .map((input, i) => `${input.name || `arg${i}`}=${String(parsed.args[i])}`)
        .join(", ");
      const hint = HINTS[parsed.name];
      return `${parsed.name}(${values})${hint ? ` — ${hint}` : ""}`;
    } catch {
      // not this interface
    }
  }
  return undefined;
}

function findRevertData(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const record = current as Record<string, unknown>;
    if (typeof record.data === "string" && record.data.startsWith("0x")) return record.data;
    if (record.data && typeof record.data === "object") {
      const inner = (record.data as Record<string, unknown>).data;
      if (typeof inner === "string" && inner.startsWith("0x")) return inner;
    }
    current = record.error ?? record.info ?? record.cause;
  }
  return undefined;
}
