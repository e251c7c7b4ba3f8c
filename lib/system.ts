/** The system's contracts as typed handles (typechain types; type-only, so nothing is bundled). */
import type {
  ETMGovernor,
  ETMTimelock,
  ETMToken,
  StakeVotes,
  StakingPool,
  ValidatorElection,
} from "../typechain-types";

export interface System {
  token: ETMToken;
  pool: StakingPool;
  votes: StakeVotes;
  election: ValidatorElection;
  /** Present when the deployment is governed. */
  governor?: ETMGovernor;
  timelock?: ETMTimelock;
}
