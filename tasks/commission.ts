/** etm:commission: schedules a new commission rate (percent); it applies after the pool's delay. */
import { confirm, systemTask } from "./lib/system";
import { parsePercentToWad } from "./lib/input";

systemTask("etm:commission", "Schedules a new commission rate for your validator", async (args, open) => {
  const s = await open();
  const commission = parsePercentToWad("rate", args.rate ?? "");
  await confirm(`set commission to ${args.rate}%`, s.pool.setCommission, commission);
  const info = await s.pool.validatorInfo(s.account.address);
  if (info.commissionEffectiveBlock !== 0n)
    console.log(`takes effect at block ${info.commissionEffectiveBlock}`);
})
  .addParam("rate", "new commission in percent")
  .addOptionalParam("account", "operator account: index or address");
