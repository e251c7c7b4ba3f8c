/** etm:compound: restakes your rewards at a validator to the same validator. */
import { rewardTask } from "./lib/rewards";

rewardTask("compound", "Restakes your rewards at a validator to the same validator");
