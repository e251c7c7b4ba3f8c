/** etm:queue — puts a passed proposal into the timelock; it can be executed after the delay. */
import { humanSeconds, proposalTask } from "./lib/governance";
import { UserInputError } from "./lib/input";
import { confirm } from "./lib/send";

proposalTask(
  "etm:queue",
  "Queues a passed governance proposal in the timelock",
  "sender: account index or address (anyone may queue)",
  async (gov, p, state) => {
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
);
