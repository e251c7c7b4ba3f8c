/** etm:unstake: starts unbonding ETM (or `all`) from a validator; etm:withdraw pays it out later. */
import { confirm, knownValidator, systemTask } from "./lib/system";
import { formatEtm, parseAddress, parseEtm, UserInputError } from "./lib/input";

systemTask<{ validator: string; amount: string; account?: string }>(
  "etm:unstake",
  "Starts unbonding ETM from a validator",
  async (args, open) => {
    const validator = parseAddress("validator", args.validator);
    const system = await open();
    await knownValidator(system, validator);
    const staked = await system.pool.stakeOf(system.account.address, validator);
    const amount = args.amount === "all" ? staked : parseEtm("amount", args.amount);
    if (amount === 0n)
      throw new UserInputError(`${system.account.address} has nothing staked at ${validator}`);
    if (amount > staked) {
      throw new UserInputError(
        `${system.account.address} has ${formatEtm(staked)} ETM staked at ${validator}, less than ${args.amount}`,
      );
    }
    await confirm(
      `unstake ${formatEtm(amount)} ETM from ${validator}`,
      system.pool.unstake,
      validator,
      amount,
    );
    const [, maturities] = await system.pool.unbondingOf(system.account.address);
    console.log(`withdrawable from block ${maturities[maturities.length - 1]} (etm:withdraw)`);
  },
)
  .addParam("validator", "operator address of the validator")
  .addParam("amount", "ETM to unstake, or 'all'")
  .addOptionalParam("account", "sender: account index or address");
