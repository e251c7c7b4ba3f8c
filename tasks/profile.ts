/** etm:profile: sets the validator's public profile (name, website, description) shown by etm:status and the dApp. */
import { planSetProfile } from "../lib/actions/validator";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask<{ name: string; website?: string; description?: string; account?: string }>(
  "etm:profile",
  "Sets your validator's public name, website and description",
  async (args, open) => {
    const s = await open();
    const profile = { name: args.name, website: args.website ?? "", description: args.description ?? "" };
    await runSteps(planSetProfile(actionContext(s), profile));
    const [name, website, description] = await s.pool.profileOf(s.account.address);
    console.log(`profile of ${s.account.address}: ${name}${website ? ` (${website})` : ""}`);
    if (description) console.log(`  ${description}`);
  },
  "profile",
)
  .addParam("name", "3 to 32 characters: letters, digits, spaces, '-', '_', '.' (unique among candidates)")
  .addOptionalParam("website", "at most 140 characters of plain ASCII, e.g. https://example.org")
  .addOptionalParam("description", "at most 280 bytes")
  .addOptionalParam("account", "operator account: index or address");
