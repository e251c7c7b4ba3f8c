/**
 * The pool's dust rule (contracts/staking/StakingPool.sol, `DUST_STAKE_DIVISOR`;
 * lib/poolAccounting.ts owns the constant): stakers earn a mint only while the total stake is at least a millionth of the
 * supply before it; below that (and at zero) the mint goes to the treasury, so a dust stake cannot
 * collect the whole mint and `reward / S` cannot explode. The floating-point simulator applies it at
 * each step, as the pool does at each accrual.
 */
import { DUST_STAKE_DIVISOR } from "../lib/poolAccounting";

const DIVISOR = Number(DUST_STAKE_DIVISOR);

/** Whether stakers earn a mint that starts from `supplyEtm` with `stakedEtm` bonded. */
export function stakersEarn(stakedEtm: number, supplyEtm: number): boolean {
  return stakedEtm > 0 && stakedEtm * DIVISOR >= supplyEtm;
}
