/** etm:claim-all: pays (or, with --compound, restakes) your rewards at every validator you stake with. */
import { planClaimAll } from "../lib/actions/staking";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask<{ compound: boolean; account?: string }>(
  "etm:claim-all",
  "Pays your rewards at every validator you stake with in one transaction (--compound restakes them)",
  async (args, open) => {
    const system = await open();
    await runSteps(await planClaimAll(actionContext(system), args.compound));
  },
  "claim-all",
)
  .addFlag(
    "compound",
    "restake each reward to its validator instead (a validator that cannot take it pays it)",
  )
  .addOptionalParam("account", "sender: account index or address");
