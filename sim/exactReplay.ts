/**
 * Replays a simulation's actions on the exact ledger: the bridge from the floating-point simulator
 * to the contracts. `toExactActions` turns the recorded actions into wei and chain blocks (what a
 * cross-check sends to the pool); `replayExact` applies them to an `ExactStakingLedger` and returns
 * it with what each action paid.
 */
import type { StakingAction } from "./actions";
import { ExactStakingLedger } from "./exactLedger";
import type { Scenario } from "./scenario";

/** A decimal number as an integer scaled by `10^decimals`, from its 15 significant digits. */
export function toScaledInteger(value: number, decimals: number): bigint {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`expected a finite non-negative number, got ${value}`);
  const [mantissa, exponentText] = value.toPrecision(15).split("e");
  const [whole, fraction = ""] = mantissa.split(".");
  const shift = decimals - fraction.length + Number(exponentText ?? 0);
  const digits = BigInt(whole + fraction);
  return shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
}

/** ETM to wei (18 decimals). */
export const toWei = (etm: number): bigint => toScaledInteger(etm, 18);
/** A fraction (0.1 = 10%) to wad. */
export const toWad = (fraction: number): bigint => toScaledInteger(fraction, 18);

/** A recorded action in the pool's units: wei, wad, absolute block numbers. */
export type ExactAction =
  | {
      kind: "registerValidator";
      block: bigint;
      validator: string;
      commissionWad: bigint;
      selfStakeWei: bigint;
    }
  | { kind: "stake"; block: bigint; account: string; validator: string; amountWei: bigint }
  | { kind: "unstake"; block: bigint; account: string; validator: string; amountWei: bigint | "all" }
  | { kind: "claim"; block: bigint; account: string; validator: string }
  | { kind: "compound"; block: bigint; account: string; validator: string }
  | { kind: "withdraw"; block: bigint; account: string; amountWei: bigint };

/** Converts recorded actions; `startBlock` is the chain block where year 0 begins. */
export function toExactActions(actions: readonly StakingAction[], startBlock: bigint): ExactAction[] {
  return actions.map((action): ExactAction => {
    const block = startBlock + BigInt(action.block);
    switch (action.kind) {
      case "registerValidator":
        return {
          kind: action.kind,
          block,
          validator: action.validator,
          commissionWad: toWad(action.commission),
          selfStakeWei: toWei(action.selfStakeEtm),
        };
      case "stake":
        return { ...action, block, amountWei: toWei(action.amountEtm) };
      case "unstake":
        return {
          kind: action.kind,
          block,
          account: action.account,
          validator: action.validator,
          amountWei: action.all ? "all" : toWei(action.amountEtm),
        };
      case "claim":
      case "compound":
        return { ...action, block };
      case "withdraw":
        return { kind: action.kind, block, account: action.account, amountWei: toWei(action.amountEtm) };
    }
  });
}

/** A ledger set up as the scenario's pool would be at `startBlock`: supply, year rates, delta. */
export function exactLedgerFor(scenario: Scenario, startBlock: bigint): ExactStakingLedger {
  const yearZero = scenario.inflation.find((entry) => entry.year === 0)!;
  const ledger = new ExactStakingLedger({
    startBlock,
    initialSupplyWei: toWei(scenario.initialSupplyEtm),
    initialRateWad: toWad(yearZero.annualRate),
    deltaWad: toWad(scenario.delta),
  });
  for (const entry of scenario.inflation) {
    if (entry.year !== 0) ledger.schedule.setRate(BigInt(entry.year), toWad(entry.annualRate));
  }
  return ledger;
}

export interface ExactReplayResult {
  ledger: ExactStakingLedger;
  /** Per action: what it paid or moved, wei (claim/compound: the reward; unstake: the amount; else 0). */
  amountsWei: bigint[];
}

/** Applies the actions in order; `withdraw` changes nothing the ledger tracks. */
export function replayExact(ledger: ExactStakingLedger, actions: readonly ExactAction[]): ExactReplayResult {
  const amountsWei = actions.map((action): bigint => {
    switch (action.kind) {
      case "registerValidator":
        ledger.registerValidator(action.block, action.validator, action.commissionWad, action.selfStakeWei);
        return 0n;
      case "stake":
        ledger.stake(action.block, action.account, action.validator, action.amountWei);
        return 0n;
      case "unstake":
        return ledger.unstake(action.block, action.account, action.validator, action.amountWei);
      case "claim":
        return ledger.claim(action.block, action.account, action.validator);
      case "compound":
        return ledger.compound(action.block, action.account, action.validator);
      case "withdraw":
        ledger.accrue(action.block);
        return 0n;
    }
  });
  return { ledger, amountsWei };
}
