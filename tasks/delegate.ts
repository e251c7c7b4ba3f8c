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
    const account = s.account.address;
    const to = args.to ? parseAddress("to", args.to) : account;
    await runSteps(planDelegate(actionContext(s), to));
    console.log(`votes of ${to}: ${formatEtm(await s.votes.getVotes(to))} ETM`);
    // What each position now counts for the delegatee (StakeVotes: at most 16 validators' stake each).
    for (const validator of await s.pool.positionsOf(account)) {
      const [unitsWei, counted] = await s.votes.positionVotingUnits(account, validator);
      if (unitsWei === 0n) continue;
      console.log(
        counted
          ? `  ${formatEtm(unitsWei)} ETM at ${validator}: counted`
          : `  ${formatEtm(unitsWei)} ETM at ${validator}: NOT counted — ${to} already counts 16 validators' ` +
              `stake, each at least as large; delegate to another address or to yourself to count it`,
      );
    }
  },
  "delegate",
)
  .addOptionalParam("to", "delegatee address (default: yourself)")
  .addOptionalParam("account", "sender: index or address");
