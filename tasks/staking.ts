/**
 * Staking tasks: etm:stake, etm:unstake, etm:withdraw, etm:claim, etm:compound. Amounts in ETM with
 * decimals; validators by operator address; --account picks the sender (index or address).
 */
import { task } from "hardhat/config";
import { connect, confirm, runTask } from "./lib/system";
import type { ConnectedSystem } from "./lib/system";
import { formatEtm, parseAddress, parseEtm, UserInputError } from "./lib/input";

async function knownValidator(system: ConnectedSystem, validator: string): Promise<void> {
  const [status] = await system.pool.validatorInfo(validator);
  if (status === 0n) {
    throw new UserInputError(
      `unknown validator ${validator}: no validator is registered with that operator address (see etm:status)`,
    );
  }
}

task("etm:stake", "Bonds ETM to a validator (approves the pool if needed)")
  .addParam("validator", "operator address of the validator")
  .addParam("amount", "ETM to stake, e.g. 100 or 12.5")
  .addOptionalParam("account", "sender: account index or address (default: the first account)")
  .setAction(async (args: { validator: string; amount: string; account?: string }, hre) => {
    let system: ConnectedSystem | undefined;
    await runTask(
      "etm:stake",
      async () => {
        const validator = parseAddress("validator", args.validator);
        const amount = parseEtm("amount", args.amount);
        system = await connect(hre, args.account);
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
        console.log(
          `staked now: ${formatEtm(await system.pool.stakeOf(system.account.address, validator))} ETM`,
        );
      },
      () => system?.interfaces ?? [],
    );
  });

task("etm:unstake", "Starts unbonding ETM from a validator")
  .addParam("validator", "operator address of the validator")
  .addParam("amount", "ETM to unstake, or 'all'")
  .addOptionalParam("account", "sender: account index or address")
  .setAction(async (args: { validator: string; amount: string; account?: string }, hre) => {
    let system: ConnectedSystem | undefined;
    await runTask(
      "etm:unstake",
      async () => {
        const validator = parseAddress("validator", args.validator);
        system = await connect(hre, args.account);
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
      () => system?.interfaces ?? [],
    );
  });

task("etm:withdraw", "Withdraws every matured unbonding entry")
  .addOptionalParam("account", "sender: account index or address")
  .setAction(async (args: { account?: string }, hre) => {
    let system: ConnectedSystem | undefined;
    await runTask(
      "etm:withdraw",
      async () => {
        system = await connect(hre, args.account);
        const before = await system.token.balanceOf(system.account.address);
        await confirm("withdraw", system.pool.withdraw);
        const received = (await system.token.balanceOf(system.account.address)) - before;
        console.log(`received ${formatEtm(received)} ETM`);
      },
      () => system?.interfaces ?? [],
    );
  });

for (const [name, description] of [
  ["claim", "Pays your rewards at a validator (and the commission, for its operator)"],
  ["compound", "Restakes your rewards at a validator to the same validator"],
] as const) {
  task(`etm:${name}`, description)
    .addParam("validator", "operator address of the validator")
    .addOptionalParam("account", "sender: account index or address")
    .setAction(async (args: { validator: string; account?: string }, hre) => {
      let system: ConnectedSystem | undefined;
      await runTask(
        `etm:${name}`,
        async () => {
          const validator = parseAddress("validator", args.validator);
          system = await connect(hre, args.account);
          await knownValidator(system, validator);
          const pending = await system.pool.pendingReward(system.account.address, validator);
          await confirm(
            `${name} (about ${formatEtm(pending)} ETM)`,
            name === "claim" ? system.pool.claim : system.pool.compound,
            validator,
          );
        },
        () => system?.interfaces ?? [],
      );
    });
}
