/**
 * A governance proposal of parameter changes by name, planned once for `etm:propose` and the dApp's
 * Propose form: the names are parsed by lib/governanceSettings.ts, then every check the governor or
 * the timelock would make later is made now, before anything is sent — the late-quorum extension
 * against the voting period, the slash-path rule (lib/slashPath.ts) on all the changes together,
 * each call dry-run as the timelock against today's state (the contract's refusal in words), and
 * the proposer's voting power against the threshold. Nothing here sends; the Step does.
 */
import { decodeRevert } from "../errors/decode";
import { encodeSettings, canDryRun, ProposalInputError, type GovernanceCall } from "../governanceSettings";
import type { GovernedAddresses } from "../deployment";
import { poolParameterId } from "../poolParameters";
import { describeSlashPath, formatBlocks, slashPathBlocks, slashPathHolds } from "../slashPath";
import { formatEtm, InputError } from "../units";
import type { ActionContext, Step } from "./step";

export interface ProposeOptions {
  /** Propose without the checks against today's state (the settings are still parsed). */
  skipCheck?: boolean;
  /** How the user proposes without the lone dry run, e.g. "pass --skip-check". */
  skipCheckHint?: string;
  /** What names the description in its refusal, e.g. "--description". */
  descriptionLabel?: string;
}

export interface PlannedProposal {
  calls: GovernanceCall[];
  description: string;
  steps: Step[];
}

/** The settings text as `etm:propose --set` takes it: "delta=5%, inflation:2=0.08". */
export function splitSettings(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Plans `governor.propose` of `settings` (each "name[:key]=value"), every check made first. */
export async function planPropose(
  ctx: ActionContext,
  addresses: GovernedAddresses,
  settings: string[],
  description: string,
  options: ProposeOptions = {},
): Promise<PlannedProposal> {
  const { governor, timelock } = ctx.system;
  if (!governor || !timelock) throw new InputError("this deployment has no governor.");
  const provider = governor.runner?.provider;
  if (!provider) throw new InputError("not connected to a chain.");
  const skipHint = options.skipCheckHint ?? "pass --skip-check";
  if (!description.trim())
    throw new InputError(
      `${options.descriptionLabel ?? "the description"} is empty: say what the change does and why`,
    );
  let calls: GovernanceCall[];
  try {
    calls = encodeSettings(settings, addresses);
  } catch (error) {
    if (error instanceof ProposalInputError) throw new InputError(error.message);
    throw error;
  }
  if (!options.skipCheck) {
    // The governor bounds the late-quorum extension by the voting period (its own settings run only
    // inside a governor execution, so they cannot be dry-run).
    const period = await governor.votingPeriod();
    for (const call of calls) {
      const parsed = canDryRun(call, addresses)
        ? null
        : governor.interface.parseTransaction({ data: call.calldata });
      if (parsed?.name === "setLateQuorumVoteExtension" && (parsed.args[0] as bigint) > period)
        throw new InputError(
          `${call.summary}: the extension must be at most the voting period (${period} blocks); lower it, or lengthen votingPeriod first (${skipHint} to propose both together)`,
        );
    }
    await checkSlashPath(ctx, addresses, calls, BigInt(await provider.getBlockNumber()));
    // Would the timelock's calls succeed today? Each is tried alone against the current state.
    for (const [index, call] of calls.entries()) {
      if (!canDryRun(call, addresses)) continue;
      try {
        await provider.call({
          from: addresses.timelock,
          to: call.target,
          data: call.calldata,
          value: call.value,
        });
      } catch (error) {
        const decoded = decodeRevert(error, "propose");
        const reason = decoded
          ? `${decoded.sentence} (${decoded.name})`
          : (error as Error).message.split("\n")[0];
        throw new InputError(
          `${call.summary} would be refused when executed: ${reason}` +
            (index > 0
              ? ` (tried alone against today's state; if an earlier change of this proposal makes it valid, ${skipHint})`
              : ""),
        );
      }
    }
  }
  // As the proposal's own transaction will count it, mined in the next block.
  const latest = BigInt(await provider.getBlockNumber());
  const power = await governor.getVotes(ctx.account, latest);
  const threshold = await governor.proposalThreshold();
  if (power < threshold)
    throw new InputError(
      `${ctx.account} has ${formatEtm(power)} ETM of voting power, below the proposal threshold of ${formatEtm(threshold)} ETM: ` +
        "bond stake and delegate its votes (etm:stake, etm:delegate), wait two blocks, then propose",
    );
  const targets = calls.map((c) => c.target);
  const values = calls.map((c) => c.value);
  const calldatas = calls.map((c) => c.calldata);
  return {
    calls,
    description,
    steps: [
      {
        label: `Propose ${settings.join(", ")}`,
        action: "propose",
        check: () => governor.propose.staticCall(targets, values, calldatas, description),
        send: () => governor.propose(targets, values, calldatas, description),
      },
    ],
  };
}

/**
 * Refuses a proposal whose changes, applied together, would leave the pool's unbonding period no
 * longer than the slowest path of a slashing proposal: ETMGovernor would revert its execution
 * (UnbondingShorterThanSlashPath) after the whole vote; and a slash whose infraction would be older than
 * the evidence window (`unbondingBlocks`) by the slowest execution (the pool would refuse it:
 * InfractionTooOld). `latest` is the latest block (the proposal lands in the next).
 */
async function checkSlashPath(
  ctx: ActionContext,
  addresses: GovernedAddresses,
  calls: GovernanceCall[],
  latest: bigint,
): Promise<void> {
  const { governor, timelock, pool } = ctx.system;
  if (!governor || !timelock) return;
  const unbondingId = BigInt(poolParameterId("unbondingBlocks"));
  const settings = {
    votingDelay: await governor.votingDelay(),
    votingPeriod: await governor.votingPeriod(),
    voteExtension: await governor.lateQuorumVoteExtension(),
    timelockDelay: await timelock.getMinDelay(),
    slashMargin: await governor.slashMarginBlocks(),
  };
  const unbondingNow = await pool.parameter(unbondingId);
  let unbonding = unbondingNow;
  const slashes: { validator: string; infractionBlock: bigint; summary: string }[] = [];
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (const call of calls) {
    if (same(call.target, addresses.governor)) {
      const parsed = governor.interface.parseTransaction({ data: call.calldata });
      if (parsed?.name === "setVotingDelay") settings.votingDelay = parsed.args[0] as bigint;
      if (parsed?.name === "setVotingPeriod") settings.votingPeriod = parsed.args[0] as bigint;
      if (parsed?.name === "setLateQuorumVoteExtension") settings.voteExtension = parsed.args[0] as bigint;
    } else if (same(call.target, addresses.timelock)) {
      const parsed = timelock.interface.parseTransaction({ data: call.calldata });
      if (parsed?.name === "updateDelay") settings.timelockDelay = parsed.args[0] as bigint;
    } else if (same(call.target, addresses.pool)) {
      const parsed = pool.interface.parseTransaction({ data: call.calldata });
      if (parsed?.name === "setParameter" && (parsed.args[0] as bigint) === unbondingId)
        unbonding = parsed.args[1] as bigint;
      if (parsed?.name === "slash")
        slashes.push({
          validator: parsed.args[0] as string,
          infractionBlock: parsed.args[2] as bigint,
          summary: call.summary,
        });
    }
  }
  // A slash must still be in the pool's evidence window at the slowest execution of the proposal.
  const slowestExecution = latest + 1n + slashPathBlocks({ ...settings, slashMargin: 0n }); // proposed in the next block
  const window = unbonding < unbondingNow ? unbonding : unbondingNow;
  for (const slash of slashes) {
    if (slash.infractionBlock + window > slowestExecution) continue;
    throw new InputError(
      `${slash.summary}: the infraction at block ${slash.infractionBlock} leaves the evidence window ` +
        `(unbondingBlocks ${formatBlocks(window)}) after block ${formatBlocks(slash.infractionBlock + window - 1n)}, ` +
        `before this proposal can surely execute (block ${formatBlocks(slowestExecution)}: ${describeSlashPath({ ...settings, slashMargin: 0n })}), ` +
        "so the pool would refuse it (InfractionTooOld). Propose a slash within slashMargin blocks of the " +
        "infraction; an older one cannot be punished through governance (docs/governance.md)",
    );
  }
  if (slashPathHolds(unbonding, settings)) return;
  const path = slashPathBlocks(settings);
  throw new InputError(
    `after this proposal the unbonding period would be ${formatBlocks(unbonding)} blocks, not longer than the slowest ` +
      `path of a slashing proposal, ${formatBlocks(path)} blocks (${describeSlashPath(settings)}): stake could leave ` +
      `before a slash, so its execution would fail (UnbondingShorterThanSlashPath). Add unbondingBlocks=${path + 1n} ` +
      "(or more) to the proposal, or shorten the governance durations (docs/governance.md)",
  );
}
