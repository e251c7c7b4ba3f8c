/** etm:unstake: starts unbonding ETM (or `all`) from a validator; etm:withdraw pays it out later. */
import { planUnstake } from "../lib/actions/staking";
import { parseAddress, parseEtm } from "./lib/input";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask<{ validator: string; amount: string; account?: string }>(
  "etm:unstake",
  "Starts unbonding ETM from a validator",
  async (args, open) => {
    const validator = parseAddress("validator", args.validator);
    const amountWei = args.amount.trim().toLowerCase() === "all" ? "all" : parseEtm("amount", args.amount);
    const system = await open();
    await runSteps(await planUnstake(actionContext(system), validator, amountWei));
  },
  "unstake",
)
  .addParam("validator", "operator address of the validator")
  .addParam("amount", "ETM to unstake, or 'all'")
  .addOptionalParam("account", "sender: account index or address");
