/** etm:register: registers the account as a validator candidate, bonding its self-stake. */
import { planRegister } from "../lib/actions/validator";
import { parseAddress, parseEtm, parsePercentToWad } from "./lib/input";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask(
  "etm:register",
  "Registers the account as a validator candidate, bonding its self-stake",
  async (args, open) => {
    const signer = parseAddress("signer", args.signer);
    const commissionWad = parsePercentToWad("commission", args.commission ?? "");
    const selfStakeWei = parseEtm("self-stake", args.selfStake ?? "");
    const s = await open();
    await runSteps(await planRegister(actionContext(s), signer, commissionWad, selfStakeWei));
    console.log("Send a heartbeat each round (etm:heartbeat) so the election considers you.");
  },
  "register",
)
  .addParam("signer", "QBFT signer address of your node")
  .addParam("commission", "commission in percent, e.g. 5 or 7.5")
  .addParam("selfStake", "self-stake (security deposit) in ETM")
  .addOptionalParam("account", "operator account: index or address");
