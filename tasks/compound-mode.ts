/**
 * etm:compound-mode: switches your position at a validator into its compounding class (--on: its
 * rewards are bonded into it at every settlement of the validator, nothing to claim) or back to paid
 * rewards (--off); --settle bonds a validator's compounding rewards now (anyone may).
 */
import { planSetCompounding, planSettleValidator } from "../lib/actions/compounding";
import { InputError } from "../lib/units";
import { parseAddress } from "./lib/input";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask<{ validator?: string; on: boolean; off: boolean; settle?: string; account?: string }>(
  "etm:compound-mode",
  "Switches your position at a validator to auto-compounding (--on) or paid rewards (--off); --settle bonds a validator's compounding rewards now",
  async (args, open) => {
    if (args.settle !== undefined) {
      if (args.on || args.off || args.validator !== undefined) {
        throw new InputError(
          "give --settle <validator> alone, or --validator with --on or --off to switch your position.",
        );
      }
      const validator = parseAddress("settle", args.settle);
      const system = await open();
      await runSteps(await planSettleValidator(actionContext(system), validator));
      return;
    }
    if (args.on === args.off) {
      throw new InputError(
        args.on
          ? "give --on or --off, not both."
          : "give --on (bond your rewards into the position at every settlement of the validator) or --off (have them paid to you), exactly one.",
      );
    }
    const validator = parseAddress("validator", args.validator);
    const system = await open();
    await runSteps(await planSetCompounding(actionContext(system), validator, args.on));
  },
  "compound-mode",
)
  .addOptionalParam("validator", "operator address of the validator of your position")
  .addFlag(
    "on",
    "bond the position's rewards into it at every settlement of the validator (nothing to claim)",
  )
  .addFlag("off", "have the position's rewards paid to you again (etm:claim)")
  .addOptionalParam(
    "settle",
    "settle this validator now, bonding its compounding positions' rewards (anyone may) instead",
  )
  .addOptionalParam("account", "sender: account index or address");
