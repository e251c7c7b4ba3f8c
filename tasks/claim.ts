/** etm:claim: pays your rewards at a validator (its operator also gets the commission). */
import { rewardTask } from "./lib/rewards";

rewardTask("claim", "Pays your rewards at a validator (and the commission, for its operator)");
