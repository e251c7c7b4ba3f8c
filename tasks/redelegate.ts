/**
 * etm:redelegate: moves bonded stake from one validator to another at once (no unbonding); --list
 * shows an account's maturing redelegations, --settle burns what its sources' slashes took.
 */
import {
  describeRedelegation,
  planRedelegate,
  planSettleRedelegations,
  redelegationsOf,
} from "../lib/actions/redelegation";
import { InputError } from "../lib/units";
import { parseAddress, parseEtm } from "./lib/input";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask<{
  from?: string;
  to?: string;
  amount?: string;
  list: boolean;
  settle?: string;
  owner?: string;
  account?: string;
}>(
  "etm:redelegate",
  "Moves bonded stake from one validator to another at once (--list shows maturing redelegations)",
  async (args, open) => {
    if (args.list) {
      const system = await open();
      const owner = args.owner ? parseAddress("owner", args.owner) : actionContext(system).account;
      const list = await redelegationsOf(system.pool, owner);
      console.log(
        list.length === 0
          ? `${owner} has no maturing redelegations.`
          : [`Maturing redelegations of ${owner}:`, ...list.map((r) => `  ${describeRedelegation(r)}`)].join(
              "\n",
            ),
      );
      return;
    }
    if (args.settle !== undefined) {
      const account = parseAddress("settle", args.settle);
      const system = await open();
      await runSteps(await planSettleRedelegations(actionContext(system), account));
      return;
    }
    if (args.from === undefined || args.to === undefined || args.amount === undefined) {
      throw new InputError(
        "give --from, --to and --amount (ETM or 'all') to move stake, or --list to see your redelegations.",
      );
    }
    const source = parseAddress("from", args.from);
    const destination = parseAddress("to", args.to);
    const amountWei = args.amount.trim().toLowerCase() === "all" ? "all" : parseEtm("amount", args.amount);
    const system = await open();
    await runSteps(await planRedelegate(actionContext(system), source, destination, amountWei));
  },
  "redelegate",
)
  .addOptionalParam("from", "operator address of the validator to move stake from")
  .addOptionalParam("to", "operator address of the validator to move it to")
  .addOptionalParam("amount", "ETM to move, or 'all'")
  .addFlag("list", "list the maturing redelegations (yours, or --owner's) instead")
  .addOptionalParam("owner", "with --list: whose redelegations to show")
  .addOptionalParam("settle", "settle this account's redelegations (anyone may) instead")
  .addOptionalParam("account", "sender: account index or address");
