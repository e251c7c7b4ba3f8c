/**
 * etm:redelegate: moves bonded stake from one validator to another at once (no unbonding); --list
 * shows an account's maturing redelegations, --settle burns what its sources' slashes took, and
 * --settle-from does it for every account that redelegated away from a slashed validator.
 */
import {
  describeRedelegation,
  planRedelegate,
  planSettleRedelegations,
  redelegationsOf,
  redelegatorsOwing,
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
  settleFrom?: string;
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
    if (args.settleFrom !== undefined) {
      // A keeper after a slash: every account that redelegated away from the validator and owes.
      const source = parseAddress("settle-from", args.settleFrom);
      const system = await open();
      const accounts = await redelegatorsOwing(system.pool, source);
      for (const account of accounts)
        await runSteps(await planSettleRedelegations(actionContext(system), account));
      console.log(
        accounts.length === 0
          ? `no account owes for ${source}'s slashes: nothing to settle.`
          : `settled ${accounts.length} account(s) that had redelegated away from ${source}.`,
      );
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
  .addOptionalParam(
    "settleFrom",
    "after a slash of this validator: settle every account that redelegated away from it and owes (anyone may)",
  )
  .addOptionalParam("account", "sender: account index or address");
