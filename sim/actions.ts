/**
 * What agents and validators did, in the pool's vocabulary, so the same run can be replayed on the
 * exact ledger (`exactReplay.ts`) and on the contracts. Blocks count from the first block of year 0;
 * amounts are ETM.
 */
export type StakingAction =
  | { kind: "registerValidator"; block: number; validator: string; commission: number; selfStakeEtm: number }
  | { kind: "stake"; block: number; account: string; validator: string; amountEtm: number }
  /** `all`: the whole position (the agent left no dust). */
  | { kind: "unstake"; block: number; account: string; validator: string; amountEtm: number; all: boolean }
  | { kind: "claim"; block: number; account: string; validator: string }
  | { kind: "compound"; block: number; account: string; validator: string }
  /**
   * The account's `setCompounding(validator, on)`: its position joins the validator's compounding
   * class (`on`) or leaves it. The simulator's auto-compounding agents switch on at block 0, before
   * their first stake.
   */
  | { kind: "setCompounding"; block: number; account: string; validator: string; on: boolean }
  /**
   * Anyone's `settleValidator(validator)` (a keeper's): settles the validator, bonding its compounding
   * class's reward. The simulator sends one per decision for each validator whose class holds stake.
   */
  | { kind: "settleValidator"; block: number; validator: string }
  /** Matured unbonding released to the account. */
  | { kind: "withdraw"; block: number; account: string; amountEtm: number }
  /**
   * The slasher's `slash(validator, fraction, infractionBlock)`: burns `fraction` of the stake bonded
   * before the infraction and still bonded and of the unbonding queued since the infraction's slash
   * epoch began, jails it. The simulator's slashes name their own block as the infraction's.
   */
  | { kind: "slash"; block: number; validator: string; fraction: number; infractionBlock: number };
