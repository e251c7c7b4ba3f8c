/** etm:stake: bonds ETM (with decimals) to a validator, approving the pool first if needed. */
import { planStake } from "../lib/actions/staking";
import { formatEtmExact, parseAddress, parseEtm } from "./lib/input";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask<{ validator: string; amount: string; account?: string }>(
  "etm:stake",
  "Bonds ETM to a validator (approves the pool if needed)",
  async (args, open) => {
    const validator = parseAddress("validator", args.validator);
    const amountWei = parseEtm("amount", args.amount);
    const system = await open();
    await runSteps(await planStake(actionContext(system), validator, amountWei));
    const stakedWei = await system.pool.stakeOf(system.account.address, validator);
    console.log(`staked now: ${formatEtmExact(stakedWei)} ETM`);
  },
  "stake",
)
  .addParam("validator", "operator address of the validator")
  .addParam("amount", "ETM to stake, e.g. 100 or 12.5")
  .addOptionalParam("account", "sender: account index or address (default: the first account)");
