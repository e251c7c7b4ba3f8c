/**
 * etm:claim and etm:compound are one task with two actions: settle your rewards at a validator by
 * paying them out or restaking them. tasks/claim.ts and tasks/compound.ts each define theirs here.
 */
import type { ConfigurableTaskDefinition } from "hardhat/types";
import { planClaim } from "../../lib/actions/staking";
import { parseAddress } from "./input";
import { runSteps } from "./send";
import { actionContext, systemTask } from "./system";

/** Defines `etm:<action>`: `claim` pays the sender's rewards at `--validator`, `compound` restakes them. */
export function rewardTask(action: "claim" | "compound", description: string): ConfigurableTaskDefinition {
  return systemTask<{ validator: string; account?: string }>(
    `etm:${action}`,
    description,
    async (args, open) => {
      const validator = parseAddress("validator", args.validator);
      const system = await open();
      await runSteps(await planClaim(actionContext(system), validator, action === "compound"));
    },
    action,
  )
    .addParam("validator", "operator address of the validator")
    .addOptionalParam("account", "sender: account index or address");
}
