/** etm:delegate: gives the account's voting power (bonded stake) to an address, itself by default. */
import { planDelegate } from "../lib/actions/staking";
import { formatEtm, parseAddress } from "./lib/input";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask(
  "etm:delegate",
  "Delegates your voting power (bonded stake) to an address, yourself by default",
  async (args, open) => {
    const s = await open();
    const to = args.to ? parseAddress("to", args.to) : s.account.address;
    await runSteps(planDelegate(actionContext(s), to));
    console.log(`votes of ${to}: ${formatEtm(await s.votes.getVotes(to))} ETM`);
  },
  "delegate",
)
  .addOptionalParam("to", "delegatee address (default: yourself)")
  .addOptionalParam("account", "sender: index or address");
