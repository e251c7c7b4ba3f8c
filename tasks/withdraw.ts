/** etm:withdraw: withdraws every matured unbonding entry of the account. */
import { confirm, systemTask } from "./lib/system";
import { formatEtm } from "./lib/input";

systemTask("etm:withdraw", "Withdraws every matured unbonding entry", async (_args, open) => {
  const system = await open();
  const before = await system.token.balanceOf(system.account.address);
  await confirm("withdraw", system.pool.withdraw);
  const received = (await system.token.balanceOf(system.account.address)) - before;
  console.log(`received ${formatEtm(received)} ETM`);
}).addOptionalParam("account", "sender: account index or address");
