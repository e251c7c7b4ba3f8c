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
  | { kind: "setCompounding"; block: bigint; account: string; validator: string; on: boolean }
  | { kind: "settleValidator"; block: bigint; validator: string }
  /** `amountWei`: what the simulator released; the ledger and the pool release their own matured amounts. */
  | { kind: "withdraw"; block: bigint; account: string; amountWei: bigint }
  /** Not recorded by the simulator (it changes no commission and no rate); for hand-written replays. */
  | { kind: "setCommission"; block: bigint; validator: string; commissionWad: bigint }
  | { kind: "setInflationRate"; block: bigint; year: bigint; rateWad: bigint }
  /** `infractionBlock`: the block the slash names as the infraction's (the pool's argument); its own block if absent. */
  | { kind: "slash"; block: bigint; validator: string; fractionWad: bigint; infractionBlock?: bigint };

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
      case "setCompounding":
      case "settleValidator":
        return { ...action, block };
      case "withdraw":
        return { kind: action.kind, block, account: action.account, amountWei: toWei(action.amountEtm) };
      case "slash":
        return {
          kind: action.kind,
          block,
          validator: action.validator,
          fractionWad: toWad(action.fraction),
          infractionBlock: startBlock + BigInt(action.infractionBlock),
        };
    }
  });
}

/** Pool settings the scenario does not fix; the defaults are the cross-check's. */
export interface ExactLedgerSettings {
  /** Blocks before a new commission applies; default 0 (the simulator changes no commission). */
  commissionDelayBlocks?: bigint;
}

/**
 * A ledger set up as the scenario's pool would be at `startBlock`: supply, year rates (set before
 * any accrual, as a pool's `setInflationRate` in its deployment block), delta, unbonding period.
 */
export function exactLedgerFor(
  scenario: Scenario,
  startBlock: bigint,
  settings: ExactLedgerSettings = {},
): ExactStakingLedger {
  const yearZero = scenario.inflation.find((entry) => entry.year === 0)!;
  const ledger = new ExactStakingLedger({
    startBlock,
    initialSupplyWei: toWei(scenario.initialSupplyEtm),
    initialRateWad: toWad(yearZero.annualRate),
    deltaWad: toWad(scenario.delta),
    unbondingBlocks: BigInt(scenario.unbondingBlocks),
    commissionDelayBlocks: settings.commissionDelayBlocks ?? 0n,
  });
  for (const entry of scenario.inflation) {
    if (entry.year !== 0) ledger.schedule.setRate(BigInt(entry.year), toWad(entry.annualRate));
  }
  return ledger;
}

/** What one action moved, as the pool reports it in its events. */
export interface ExactActionOutcome {
  /**
   * Reward the action paid out or compounded to its sender, wei (`RewardPaid`, `Compounded`): `claim`
   * and `compound` (with the commission when a validator claims from itself), and `stake`, `unstake`
   * and `setCompounding`, which pay the position's reward. Not the compounding classes' rewards.
   */
  rewardWei: bigint;
  /**
   * `unstake`: the amount unbonded; `withdraw`: the amount released; `slash`: the amount burned;
   * `setCompounding`: the position's value after the switch (`CompoundingSet`); otherwise 0.
   */
  amountWei: bigint;
  /**
   * Rewards the compounding classes bonded in the action's settlements (its `ClassCompounded`
   * amounts summed), wei: the first settlement of a validator in a block bonds its class's reward
   * since the last, whatever the action (a `settleValidator`, a stake, a claim, a slash...).
   */
  classCompoundedWei: bigint;
}

export interface ExactReplayResult {
  ledger: ExactStakingLedger;
  /** One per action, in order. */
  outcomes: ExactActionOutcome[];
}

/** Applies one action to the ledger. */
export function applyExactAction(ledger: ExactStakingLedger, action: ExactAction): ExactActionOutcome {
  const classCompoundedBefore = ledger.classCompoundedWei;
  const outcome = applyAction(ledger, action);
  return { ...outcome, classCompoundedWei: ledger.classCompoundedWei - classCompoundedBefore };
}

function applyAction(
  ledger: ExactStakingLedger,
  action: ExactAction,
): Omit<ExactActionOutcome, "classCompoundedWei"> {
  switch (action.kind) {
    case "registerValidator":
      ledger.registerValidator(action.block, action.validator, action.commissionWad, action.selfStakeWei);
      return { rewardWei: 0n, amountWei: 0n };
    case "stake":
      return {
        rewardWei: ledger.stake(action.block, action.account, action.validator, action.amountWei),
        amountWei: 0n,
      };
    case "unstake": {
      const { amountWei, rewardWei } = ledger.unstake(
        action.block,
        action.account,
        action.validator,
        action.amountWei,
      );
      return { rewardWei, amountWei };
    }
    case "claim":
      return { rewardWei: ledger.claim(action.block, action.account, action.validator), amountWei: 0n };
    case "compound":
      return { rewardWei: ledger.compound(action.block, action.account, action.validator), amountWei: 0n };
    case "setCompounding": {
      const { rewardWei, valueWei } = ledger.setCompounding(
        action.block,
        action.account,
        action.validator,
        action.on,
      );
      return { rewardWei, amountWei: valueWei };
    }
    case "settleValidator":
      ledger.settleValidator(action.block, action.validator);
      return { rewardWei: 0n, amountWei: 0n };
    case "withdraw":
      return { rewardWei: 0n, amountWei: ledger.withdraw(action.block, action.account) };
    case "setCommission":
      ledger.setCommission(action.block, action.validator, action.commissionWad);
      return { rewardWei: 0n, amountWei: 0n };
    case "setInflationRate":
      ledger.setInflationRate(action.block, action.year, action.rateWad);
      return { rewardWei: 0n, amountWei: 0n };
    case "slash":
      return {
        rewardWei: 0n,
        amountWei: ledger.slash(
          action.block,
          action.validator,
          action.fractionWad,
          action.infractionBlock ?? action.block,
        ),
      };
  }
}

/** Applies the actions in order. */
export function replayExact(ledger: ExactStakingLedger, actions: readonly ExactAction[]): ExactReplayResult {
  return { ledger, outcomes: actions.map((action) => applyExactAction(ledger, action)) };
}
