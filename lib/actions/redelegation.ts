/**
 * Redelegation — moving bonded stake from one validator to another at once — planned once for the
 * etm:redelegate task and the dApp, and the account's maturing redelegations in words.
 */
import type { System } from "../system";
import type { EventLog } from "ethers";
import { SENTENCES } from "../errors/sentences";
import { queryInWindows } from "../logs";
import { poolParameterId } from "../poolParameters";
import { formatEtmExact, InputError, shortAddress } from "../units";
import { requireRegisteredValidator } from "./checks";
import { eventsIn, sumOfEvents } from "./outcome";
import { amountToSend } from "./staking";
import type { ActionContext, Step } from "./step";

/** One maturing redelegation, as `redelegationsOf` gives it. */
export interface RedelegationView {
  source: string;
  destination: string;
  amountWei: bigint;
  slashableWei: bigint;
  owedWei: bigint;
  maturityBlock: bigint;
}

/** A `redelegationsOf` entry (an ethers Result) as a plain object. */
export function toRedelegationView(r: RedelegationView): RedelegationView {
  return {
    source: r.source,
    destination: r.destination,
    amountWei: r.amountWei,
    slashableWei: r.slashableWei,
    owedWei: r.owedWei,
    maturityBlock: r.maturityBlock,
  };
}

/** `account`'s maturing redelegations (at `blockTag`, default the latest), soonest maturity first. */
export async function redelegationsOf(
  pool: System["pool"],
  account: string,
  blockTag?: number,
): Promise<RedelegationView[]> {
  const list = (await pool.redelegationsOf(account, { blockTag })).map(toRedelegationView);
  return list.sort((a, b) =>
    a.maturityBlock < b.maturityBlock ? -1 : a.maturityBlock > b.maturityBlock ? 1 : 0,
  );
}

/** One line per redelegation: what moved where, what is still slashable or owed, and when it matures. */
export function describeRedelegation(r: RedelegationView): string {
  const owed = r.owedWei === 0n ? "" : `, ${formatEtmExact(r.owedWei)} ETM slashed and not yet burned`;
  return (
    `${formatEtmExact(r.amountWei)} ETM from ${r.source} to ${r.destination}: ` +
    `${formatEtmExact(r.slashableWei)} ETM still slashable for the source's past${owed}; matures at block ${r.maturityBlock}`
  );
}

/**
 * A redelegation of `amountWei` (or "all" of the position) from `source` to `destination`. Refuses
 * in words, before anything is sent, what the contract would refuse: the same validator twice, one's
 * own validator, an unknown validator, more than the position (the dry run catches the rest).
 */
export async function planRedelegate(
  ctx: ActionContext,
  source: string,
  destination: string,
  amountWei: bigint | "all",
): Promise<Step[]> {
  if (
    source.toLowerCase() === destination.toLowerCase() ||
    destination.toLowerCase() === ctx.account.toLowerCase()
  ) {
    throw new InputError(`${SENTENCES.InvalidRedelegation({ source, destination }, "redelegate")}.`);
  }
  await requireRegisteredValidator(ctx, source);
  await requireRegisteredValidator(ctx, destination);
  const { pool } = ctx.system;
  const staked = await pool.stakeOf(ctx.account, source);
  if (staked === 0n) throw new InputError(`you have nothing staked at ${source}.`);
  if (amountWei !== "all" && amountWei > staked) {
    const values = { account: ctx.account, validator: source, stakedWei: staked, requestedWei: amountWei };
    throw new InputError(`${SENTENCES.InsufficientStake(values, "redelegate")}.`);
  }
  const { amount, what } = amountToSend(amountWei, staked);
  const poolAddress = await pool.getAddress();
  return [
    {
      label: `Redelegate ${what} from ${shortAddress(source)} to ${shortAddress(destination)}`,
      action: "redelegate",
      check: () => pool.redelegate.staticCall(source, destination, amount),
      send: () => pool.redelegate(source, destination, amount),
      outcome: (receipt) => {
        const [event] = eventsIn(receipt, pool.interface, poolAddress, "Redelegated");
        return (
          event &&
          `${formatEtmExact(event.amountWei as bigint)} ETM moved, earning at ${destination} now; slashable for ${source}'s past infractions until block ${event.maturityBlock}`
        );
      },
    },
  ];
}

/** Settles `account`'s redelegations: burns what its sources' slashes took, releases the matured ones. */
export async function planSettleRedelegations(ctx: ActionContext, account: string): Promise<Step[]> {
  const { pool } = ctx.system;
  const poolAddress = await pool.getAddress();
  if ((await pool.redelegationsOf(account)).length === 0) {
    throw new InputError(`${account} has no maturing redelegations to settle.`);
  }
  return [
    {
      label: `Settle the redelegations of ${shortAddress(account)}`,
      action: "settle-redelegations",
      check: () => pool.settleRedelegations.staticCall(account),
      send: () => pool.settleRedelegations(account),
      outcome: (receipt) => {
        const burned = sumOfEvents(receipt, pool.interface, poolAddress, "RedelegationSlashed", "burnedWei");
        return burned === 0n
          ? "nothing was owed; matured redelegations released"
          : `${formatEtmExact(burned)} ETM burned for the sources' slashes`;
      },
    },
  ];
}

/**
 * The accounts that redelegated away from `source` within the last unbonding period (its `Redelegated`
 * events) and still owe what its slashes took: the ones a keeper settles after `source` was slashed.
 * (Entries made under a longer unbonding period than today's are older than this window: settle those
 * accounts by address.)
 */
export async function redelegatorsOwing(pool: System["pool"], source: string): Promise<string[]> {
  const provider = pool.runner!.provider!;
  const latest = await provider.getBlockNumber();
  const unbondingBlocks = Number(await pool.parameter(poolParameterId("unbondingBlocks")));
  const logs = await queryInWindows(
    pool,
    pool.filters.Redelegated(undefined, source),
    Math.max(0, latest - unbondingBlocks),
    latest,
  );
  const accounts = [...new Set(logs.map((log) => (log as EventLog).args.account as string))];
  const owing: string[] = [];
  for (const account of accounts) {
    const list = await pool.redelegationsOf(account, { blockTag: latest });
    if (list.some((r) => r.source.toLowerCase() === source.toLowerCase() && r.owedWei > 0n))
      owing.push(account);
  }
  return owing;
}
