/** etm:register: registers the account as a validator candidate, bonding its self-stake. */
import { confirm, systemTask } from "./lib/system";
import { formatEtm, parseAddress, parseEtm, parsePercentToWad, UserInputError } from "./lib/input";

systemTask(
  "etm:register",
  "Registers the account as a validator candidate, bonding its self-stake",
  async (args, open) => {
    const s = await open();
    const signer = parseAddress("signer", args.signer);
    const commission = parsePercentToWad("commission", args.commission ?? "");
    const selfStake = parseEtm("self-stake", args.selfStake ?? "");
    const minSelfStake = await s.pool.parameter(2);
    if (selfStake < minSelfStake) {
      throw new UserInputError(
        `--self-stake ${args.selfStake} ETM is below the minimum self-stake of ${formatEtm(minSelfStake)} ETM`,
      );
    }
    const poolAddress = await s.pool.getAddress();
    if ((await s.token.allowance(s.account.address, poolAddress)) < selfStake) {
      await confirm("approve", s.token.approve, poolAddress, selfStake);
    }
    await confirm(
      `register ${s.account.address} (signer ${signer})`,
      s.pool.registerValidator,
      signer,
      commission,
      selfStake,
    );
    console.log("Send a heartbeat each round (etm:heartbeat) so the election considers you.");
  },
)
  .addParam("signer", "QBFT signer address of your node")
  .addParam("commission", "commission in percent, e.g. 5 or 7.5")
  .addParam("selfStake", "self-stake (security deposit) in ETM")
  .addOptionalParam("account", "operator account: index or address");
