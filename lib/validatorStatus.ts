/** The words for StakingPool's `ValidatorStatus` enum, in its order (validatorInfo's first value). */
export const VALIDATOR_STATUS_WORDS = ["not registered", "candidate", "deregistered", "tombstoned"] as const;

/** The enum value (0..3) as a word; an unknown value as "status N". */
export function validatorStatusWord(status: bigint | number): string {
  return VALIDATOR_STATUS_WORDS[Number(status)] ?? `status ${status}`;
}

/**
 * `jailedUntilBlock` of a validator whose self-stake fell below the minimum (the pool's
 * `SHORTFALL_JAIL`, 2^40 - 1): jailed until its operator stakes enough to itself, whatever the block.
 */
export const SHORTFALL_JAIL = (1n << 40n) - 1n;

/** How long a validator is jailed, in words: "until block N" or "until its operator tops up its self-stake". */
export function jailWords(jailedUntilBlock: bigint): string {
  return jailedUntilBlock === SHORTFALL_JAIL
    ? "until its operator tops up its self-stake to the minimum"
    : `until block ${jailedUntilBlock}`;
}
