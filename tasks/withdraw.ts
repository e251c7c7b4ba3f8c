/** etm:withdraw: withdraws every matured unbonding entry of the account. */
import { planWithdraw } from "../lib/actions/staking";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask(
  "etm:withdraw",
  "Withdraws every matured unbonding entry",
  async (_args, open) => {
    await runSteps(await planWithdraw(actionContext(await open())));
  },
  "withdraw",
).addOptionalParam("account", "sender: account index or address");
