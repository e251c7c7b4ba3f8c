/** etm:validator-claim: an active validator's share of transaction fees and of the delta mint. */
import { confirm } from "./lib/send";
import { systemTask } from "./lib/system";
import { formatEtm } from "./lib/input";

systemTask(
  "etm:validator-claim",
  "Claims your share of fees and of the delta mint as an active validator",
  async (_args, open) => {
    const s = await open();
    const [nativeWei, tokenWei] = await s.election.rewardsOf(s.account.address);
    await confirm(`claim ${formatEtm(nativeWei)} (native) and ${formatEtm(tokenWei)} ETM`, s.election.claim);
  },
  "validator-claim",
).addOptionalParam("account", "operator account: index or address");
