/** etm:delegate: gives the account's voting power (bonded stake) to an address, itself by default. */
import { confirm, systemTask } from "./lib/system";
import { formatEtm, parseAddress } from "./lib/input";

systemTask(
  "etm:delegate",
  "Delegates your voting power (bonded stake) to an address, yourself by default",
  async (args, open) => {
    const s = await open();
    const to = args.to ? parseAddress("to", args.to) : s.account.address;
    await confirm(`delegate votes to ${to}`, s.votes.delegate, to);
    console.log(`votes of ${to}: ${formatEtm(await s.votes.getVotes(to))}`);
  },
)
  .addOptionalParam("to", "delegatee address (default: yourself)")
  .addOptionalParam("account", "sender: index or address");
