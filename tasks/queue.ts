/** etm:queue — puts a passed proposal into the timelock; it can be executed after the delay. */
import { task } from "hardhat/config";
import {
  connectGovernance,
  findProposal,
  humanSeconds,
  stateOf,
  type ConnectedGovernance,
} from "./lib/governance";
import { UserInputError } from "./lib/input";
import { confirm } from "./lib/send";
import { runTask } from "./lib/system";

task("etm:queue", "Queues a passed governance proposal in the timelock")
  .addParam("id", "the proposal id (etm:proposals)")
  .addOptionalParam("account", "sender: account index or address (anyone may queue)")
  .setAction(async (args: { id: string; account?: string }, hre) => {
    let g: ConnectedGovernance | undefined;
    await runTask(
      "etm:queue",
      async () => {
        g = await connectGovernance(hre, args.account);
        const gov = g;
        const p = await findProposal(gov, args.id);
        const state = await stateOf(gov, p.id);
        if (state !== "Succeeded")
          throw new UserInputError(
            `proposal ${p.id} is ${state}: only a proposal that passed (Succeeded) can be queued` +
              (state === "Active" || state === "Pending" ? "; wait until voting closes (etm:proposals)" : ""),
          );
        await confirm(`queue proposal ${p.id}`, gov.governor["queue(uint256)"], p.id);
        const eta = await gov.governor.proposalEta(p.id);
        console.log(
          `executable from ${new Date(Number(eta) * 1000).toISOString()} (timelock delay ${humanSeconds(Number(await gov.timelock.getMinDelay()))}): etm:execute --id ${p.id}`,
        );
      },
      "queue",
    );
  });
