/** etm:stake: bonds ETM (with decimals) to a validator, approving the pool first if needed. */
import { confirm, knownValidator, systemTask } from "./lib/system";
import { formatEtm, parseAddress, parseEtm, UserInputError } from "./lib/input";

systemTask<{ validator: string; amount: string; account?: string }>(
  "etm:stake",
  "Bonds ETM to a validator (approves the pool if needed)",
  async (args, open) => {
    const validator = parseAddress("validator", args.validator);
    const amount = parseEtm("amount", args.amount);
    const system = await open();
    await knownValidator(system, validator);
    const balance = await system.token.balanceOf(system.account.address);
    if (balance < amount) {
      throw new UserInputError(
        `${system.account.address} holds ${formatEtm(balance)} ETM, less than the ${args.amount} ETM asked`,
      );
    }
    const poolAddress = await system.pool.getAddress();
    if ((await system.token.allowance(system.account.address, poolAddress)) < amount) {
      await confirm("approve", system.token.approve, poolAddress, amount);
    }
    await confirm(`stake ${args.amount} ETM to ${validator}`, system.pool.stake, validator, amount);
    console.log(`staked now: ${formatEtm(await system.pool.stakeOf(system.account.address, validator))} ETM`);
  },
)
  .addParam("validator", "operator address of the validator")
  .addParam("amount", "ETM to stake, e.g. 100 or 12.5")
  .addOptionalParam("account", "sender: account index or address (default: the first account)");
