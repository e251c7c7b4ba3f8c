/** etm:proposals — every proposal (or one, --id): state, votes, quorum, deadlines in blocks and time. */
import { task } from "hardhat/config";
import {
  connectGovernance,
  describeBlock,
  findProposal,
  humanSeconds,
  listProposals,
  stateOf,
  type ConnectedGovernance,
} from "./lib/governance";
import { formatEtm } from "./lib/input";
import { runTask } from "./lib/system";

task("etm:proposals", "Lists governance proposals: state, votes, quorum, deadlines")
  .addOptionalParam("id", "show only this proposal")
  .setAction(async (args: { id?: string }, hre) => {
    let g: ConnectedGovernance | undefined;
    return runTask("etm:proposals", async () => {
      // Loaded here, not at the top: the typed bindings it uses exist only after the first compile.
      const { describeCall } = await import("../lib/governanceSettings");
      g = await connectGovernance(hre);
      const gov = g;
      const proposals = args.id ? [await findProposal(gov, args.id)] : await listProposals(gov);
      const latest = await hre.ethers.provider.getBlock("latest");
      const now = BigInt(latest!.number);
      console.log(
        `Governor ${gov.addresses.governor}: voting delay ${await gov.governor.votingDelay()} blocks, ` +
          `period ${await gov.governor.votingPeriod()} blocks, timelock ${humanSeconds(Number(await gov.timelock.getMinDelay()))}, ` +
          `threshold ${formatEtm(await gov.governor.proposalThreshold())} ETM`,
      );
      if (proposals.length === 0) console.log("No proposals yet: make one with etm:propose.");
      const rows = [];
      for (const p of proposals) {
        const state = await stateOf(gov, p.id);
        const [against, forVotes, abstain] = await gov.governor.proposalVotes(p.id);
        const snapshot = await gov.governor.proposalSnapshot(p.id);
        // The quorum is known once the snapshot block is past.
        const quorum = snapshot < now ? await gov.governor.quorum(snapshot) : undefined;
        const deadline = await gov.governor.proposalDeadline(p.id);
        console.log(`\nproposal ${p.id}\n  ${state}: ${p.description}`);
        p.targets.forEach((target, i) =>
          console.log(`  - ${describeCall(target, p.calldatas[i], gov.addresses, p.values[i])}`),
        );
        console.log(
          `  votes: for ${formatEtm(forVotes)}, against ${formatEtm(against)}, abstain ${formatEtm(abstain)} ETM; ` +
            (quorum === undefined
              ? "quorum: fixed at the snapshot"
              : `quorum ${formatEtm(quorum)} ETM (for + abstain: ${forVotes + abstain >= quorum ? "reached" : "not reached"})`),
        );
        if (state === "Pending") console.log(`  voting opens at ${describeBlock(snapshot + 1n, now)}`);
        if (state === "Pending" || state === "Active")
          console.log(`  voting closes after ${describeBlock(deadline, now)}`);
        if (state === "Succeeded") console.log("  passed: queue it with etm:queue");
        const eta = await gov.governor.proposalEta(p.id);
        if (state === "Queued") {
          const wait = Number(eta) - latest!.timestamp;
          console.log(
            wait > 0
              ? `  executable from ${new Date(Number(eta) * 1000).toISOString()} (in ${humanSeconds(wait)})`
              : "  executable now: etm:execute",
          );
        }
        rows.push({
          id: p.id,
          state,
          description: p.description,
          forVotes,
          against,
          abstain,
          quorum,
          snapshot,
          deadline,
          eta,
        });
      }
      return rows;
    });
  });
