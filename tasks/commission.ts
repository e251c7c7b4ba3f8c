/** etm:commission: schedules a new commission rate (percent); it applies after the pool's delay. */
import { planSetCommission } from "../lib/actions/validator";
import { parsePercentToWad } from "./lib/input";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask(
  "etm:commission",
  "Schedules a new commission rate for your validator",
  async (args, open) => {
    const commissionWad = parsePercentToWad("rate", args.rate ?? "");
    const s = await open();
    await runSteps(planSetCommission(actionContext(s), commissionWad));
    const info = await s.pool.validatorInfo(s.account.address);
    if (info.commissionEffectiveBlock !== 0n)
      console.log(`takes effect at block ${info.commissionEffectiveBlock}`);
  },
  "commission",
)
  .addParam("rate", "new commission in percent")
  .addOptionalParam("account", "operator account: index or address");
