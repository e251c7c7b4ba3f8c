/**
 * etm:propose — a governance proposal of parameter changes by name:
 *   npx hardhat etm:propose --set "inflation:2=0.08,delta=5%" --description "..." --network localhost
 * Each change is dry-run as the timelock first, so a value the contracts would refuse is reported now
 * (with the contract's error), not after a week of voting.
 */
import { task } from "hardhat/config";
import { connectGovernance, describeBlock, type ConnectedGovernance } from "./lib/governance";
import { formatEtm, UserInputError } from "./lib/input";
import { confirm } from "./lib/send";
import { runTask } from "./lib/system";

/**
 * Refuses a proposal whose changes, applied together, would leave the pool's unbonding period no
 * longer than the slowest path of a slashing proposal: ETMGovernor would revert its execution
 * (UnbondingShorterThanSlashPath) after the whole vote; and a slash whose infraction would be older than
 * the evidence window (`unbondingBlocks`) by the slowest execution (the pool would refuse it:
 * InfractionTooOld). `latest` is the latest block (the proposal lands in the next).
 */
async function checkSlashPath(
  gov: ConnectedGovernance,
  calls: { target: string; calldata: string; summary: string }[],
  latest: bigint,
): Promise<void> {
  const { describeSlashPath, formatBlocks, slashPathBlocks, slashPathHolds } =
    await import("../lib/slashPath");
  const { poolParameterId } = await import("../lib/poolParameters");
  const unbondingId = BigInt(poolParameterId("unbondingBlocks"));
  const { governor, timelock, pool } = gov;
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
    if (same(call.target, gov.addresses.governor)) {
      const parsed = governor.interface.parseTransaction({ data: call.calldata });
      if (parsed?.name === "setVotingDelay") settings.votingDelay = parsed.args[0] as bigint;
      if (parsed?.name === "setVotingPeriod") settings.votingPeriod = parsed.args[0] as bigint;
      if (parsed?.name === "setLateQuorumVoteExtension") settings.voteExtension = parsed.args[0] as bigint;
    } else if (same(call.target, gov.addresses.timelock)) {
      const parsed = timelock.interface.parseTransaction({ data: call.calldata });
      if (parsed?.name === "updateDelay") settings.timelockDelay = parsed.args[0] as bigint;
    } else if (same(call.target, gov.addresses.pool)) {
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
    throw new UserInputError(
      `${slash.summary}: the infraction at block ${slash.infractionBlock} leaves the evidence window ` +
        `(unbondingBlocks ${formatBlocks(window)}) after block ${formatBlocks(slash.infractionBlock + window - 1n)}, ` +
        `before this proposal can surely execute (block ${formatBlocks(slowestExecution)}: ${describeSlashPath({ ...settings, slashMargin: 0n })}), ` +
        "so the pool would refuse it (InfractionTooOld). Propose a slash within slashMargin blocks of the " +
        "infraction; an older one cannot be punished through governance (docs/governance.md)",
    );
  }
  if (slashPathHolds(unbonding, settings)) return;
  const path = slashPathBlocks(settings);
  throw new UserInputError(
    `after this proposal the unbonding period would be ${formatBlocks(unbonding)} blocks, not longer than the slowest ` +
      `path of a slashing proposal, ${formatBlocks(path)} blocks (${describeSlashPath(settings)}): stake could leave ` +
      `before a slash, so its execution would fail (UnbondingShorterThanSlashPath). Add unbondingBlocks=${path + 1n} ` +
      "(or more) to the proposal, or shorten the governance durations (docs/governance.md)",
  );
}

task("etm:propose", "Proposes parameter changes by name to governance")
  .addParam("set", 'changes, comma-separated: "inflation:2=0.08,delta=5%" (names: docs/governance.md)')
  .addParam("description", "what the proposal does and why (shown to voters)")
  .addOptionalParam("account", "proposer: account index or address (default: the first account)")
  .addFlag("skipCheck", "propose without trying each change as the timelock first")
  .setAction(
    async (args: { set: string; description: string; account?: string; skipCheck: boolean }, hre) => {
      let g: ConnectedGovernance | undefined;
      return runTask(
        "etm:propose",
        async () => {
          if (!args.description.trim())
            throw new UserInputError(`--description is empty: say what the change does and why`);
          // Loaded here, not at the top: the typed bindings it uses exist only after the first compile.
          const { canDryRun, encodeSettings, ProposalInputError } = await import("../lib/governanceSettings");
          g = await connectGovernance(hre, args.account);
          const gov = g;
          let calls;
          try {
            calls = encodeSettings(
              args.set
                .split(",")
                .map((s) => s.trim())
                .filter((s) => s.length > 0),
              gov.addresses,
            );
          } catch (error) {
            if (error instanceof ProposalInputError) throw new UserInputError(error.message);
            throw error;
          }
          // Would the timelock's calls succeed today? Each is tried alone against the current state (the
          // chain may change before execution, and a change may depend on an earlier one of the same
          // proposal: --skip-check). The governor's own settings are checked locally instead.
          if (!args.skipCheck) {
            // The governor bounds the late-quorum extension by the voting period.
            const period = await gov.governor.votingPeriod();
            for (const call of calls) {
              const parsed = canDryRun(call, gov.addresses)
                ? null
                : gov.governor.interface.parseTransaction({ data: call.calldata });
              if (parsed?.name === "setLateQuorumVoteExtension" && (parsed.args[0] as bigint) > period)
                throw new UserInputError(
                  `${call.summary}: the extension must be at most the voting period (${period} blocks); lower it, or lengthen votingPeriod first (--skip-check to propose both together)`,
                );
            }
          }
          // The slash-path rule (docs/governance.md): checked on all the proposal's changes together,
          // as the governor checks it after executing them.
          if (!args.skipCheck)
            await checkSlashPath(gov, calls, BigInt(await hre.ethers.provider.getBlockNumber()));
          if (!args.skipCheck)
            for (const [index, call] of calls.entries()) {
              if (!canDryRun(call, gov.addresses)) continue;
              try {
                await hre.ethers.provider.call({
                  from: gov.addresses.timelock,
                  to: call.target,
                  data: call.calldata,
                  value: call.value,
                });
              } catch (error) {
                const { decodeRevert } = await import("../lib/errors/decode");
                const decoded = decodeRevert(error, "propose");
                const reason = decoded
                  ? `${decoded.sentence} (${decoded.name})`
                  : (error as Error).message.split("\n")[0];
                throw new UserInputError(
                  `${call.summary} would be refused when executed: ${reason}` +
                    (index > 0
                      ? " (tried alone against today's state; if an earlier change of this proposal makes it valid, pass --skip-check)"
                      : ""),
                );
              }
            }
          // As the proposal's own transaction will count it, mined in the next block.
          const latest = BigInt(await hre.ethers.provider.getBlockNumber());
          const power = await gov.governor.getVotes(gov.account.address, latest);
          const threshold = await gov.governor.proposalThreshold();
          if (power < threshold)
            throw new UserInputError(
              `${gov.account.address} has ${formatEtm(power)} ETM of voting power, below the proposal threshold of ${formatEtm(threshold)} ETM: ` +
                "bond stake and delegate its votes (etm:stake, etm:delegate), wait two blocks, then propose",
            );
          const targets = calls.map((c) => c.target);
          const values = calls.map((c) => c.value);
          const calldatas = calls.map((c) => c.calldata);
          const id = await gov.governor.propose.staticCall(targets, values, calldatas, args.description);
          await confirm("propose", gov.governor.propose, targets, values, calldatas, args.description);
          const now = BigInt(await hre.ethers.provider.getBlockNumber());
          console.log(`proposal ${id}`);
          for (const call of calls) console.log(`  ${call.summary}`);
          console.log(
            `  voting power fixed at the end of block ${(await gov.governor.proposalSnapshot(id)) - 1n}`,
          );
          console.log(
            `  voting opens at ${describeBlock((await gov.governor.proposalSnapshot(id)) + 1n, now)}`,
          );
          console.log(`  voting closes after ${describeBlock(await gov.governor.proposalDeadline(id), now)}`);
          return id;
        },
        "propose",
      );
    },
  );
