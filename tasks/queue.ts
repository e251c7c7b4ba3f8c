/** etm:queue — puts a passed proposal into the timelock; it can be executed after the delay. */
import { planQueue } from "../lib/actions/governance";
import { humanSeconds, proposalTask, TASK_WORDS } from "./lib/governance";
import { runSteps } from "./lib/send";
import { actionContext } from "./lib/system";

proposalTask(
  "etm:queue",
  "Queues a passed governance proposal in the timelock",
  "sender: account index or address (anyone may queue)",
  async (gov, p) => {
    // The state's check and the step are lib's (the dApp's Queue button runs the same).
    await runSteps(await planQueue(actionContext(gov), p.id, String(p.id), TASK_WORDS));
    const eta = await gov.governor.proposalEta(p.id);
    console.log(
      `executable from ${new Date(Number(eta) * 1000).toISOString()} (timelock delay ${humanSeconds(Number(await gov.timelock.getMinDelay()))}): etm:execute --id ${p.id}`,
    );
  },
);
