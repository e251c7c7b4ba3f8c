/** etm:vote — casts your vote on a proposal with your bonded stake as of its snapshot. */
import { task } from "hardhat/config";
import {
  connectGovernance,
  describeBlock,
  findProposal,
  stateOf,
  type ConnectedGovernance,
} from "./lib/governance";
import { formatEtm, UserInputError } from "./lib/input";
import { confirm } from "./lib/send";
import { runTask } from "./lib/system";

const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;

task("etm:vote", "Votes on a governance proposal")
  .addParam("id", "the proposal id (etm:proposals)")
  .addParam("support", "for, against or abstain")
  .addOptionalParam("reason", "a reason, recorded on chain")
  .addOptionalParam("account", "voter: account index or address (default: the first account)")
  .setAction(async (args: { id: string; support: string; reason?: string; account?: string }, hre) => {
    let g: ConnectedGovernance | undefined;
    await runTask(
      "etm:vote",
      async () => {
        const support = SUPPORT[args.support.trim().toLowerCase() as keyof typeof SUPPORT];
        if (support === undefined)
          throw new UserInputError(
            `--support "${args.support}" is not a choice: give for, against or abstain`,
          );
        g = await connectGovernance(hre, args.account);
        const gov = g;
        const proposal = await findProposal(gov, args.id);
        const state = await stateOf(gov, proposal.id);
        const snapshot = await gov.governor.proposalSnapshot(proposal.id);
        const now = BigInt(await hre.ethers.provider.getBlockNumber());
        if (state === "Pending")
          throw new UserInputError(
            `proposal ${proposal.id} is not open yet: voting opens at ${describeBlock(snapshot + 1n, now)}`,
          );
        if (state !== "Active")
          throw new UserInputError(`proposal ${proposal.id} is ${state}: voting is closed`);
        const voter = gov.account.address;
        if (await gov.governor.hasVoted(proposal.id, voter))
          throw new UserInputError(
            `${voter} has already voted on proposal ${proposal.id}; a vote cannot be changed`,
          );
        const weight = await gov.governor.getVotes(voter, snapshot);
        if (weight === 0n)
          throw new UserInputError(
            `${voter} had no voting power when the voting power for proposal ${proposal.id} was fixed (end of block ${snapshot - 1n}): ` +
              "votes count from stake bonded and delegated (etm:delegate) before a proposal's snapshot",
          );
        const label = `vote ${args.support} with ${formatEtm(weight)} ETM on proposal ${proposal.id}`;
        if (args.reason)
          await confirm(label, gov.governor.castVoteWithReason, proposal.id, support, args.reason);
        else await confirm(label, gov.governor.castVote, proposal.id, support);
      },
      "vote",
    );
  });
