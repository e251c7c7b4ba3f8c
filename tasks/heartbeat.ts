/** etm:heartbeat: shows the election that the validator is online (needed to be eligible). */
import { planHeartbeat } from "../lib/actions/validator";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask(
  "etm:heartbeat",
  "Shows the election that your validator is online this round",
  async (_args, open) => {
    await runSteps(planHeartbeat(actionContext(await open())));
  },
  "heartbeat",
).addOptionalParam("account", "operator or signer account: index or address");
