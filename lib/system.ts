/** The system's contracts as typed handles (typechain types; type-only, so nothing is bundled). */
import type {
  ETMGovernor,
  ETMTimelock,
  ETMToken,
  StakeVotes,
  StakingLens,
  IStakingPool,
  ValidatorElection,
} from "../typechain-types";

export interface System {
  token: ETMToken;
  pool: IStakingPool;
  votes: StakeVotes;
  election: ValidatorElection;
  /** Read-only: a front end's per-block reads in one eth_call (deployments made since it exists). */
  lens?: StakingLens;
  /** Present when the deployment is governed. */
  governor?: ETMGovernor;
  timelock?: ETMTimelock;
}
