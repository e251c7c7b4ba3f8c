/** The words for StakingPool's `ValidatorStatus` enum, in its order (validatorInfo's first value). */
export const VALIDATOR_STATUS_WORDS = ["not registered", "candidate", "deregistered", "tombstoned"] as const;

/** The enum value (0..3) as a word; an unknown value as "status N". */
export function validatorStatusWord(status: bigint | number): string {
  return VALIDATOR_STATUS_WORDS[Number(status)] ?? `status ${status}`;
}
