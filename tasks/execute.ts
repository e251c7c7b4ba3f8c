/** etm:execute — runs a queued proposal once its timelock delay has passed. */
import { planExecute } from "../lib/actions/governance";
import { proposalTask, TASK_WORDS } from "./lib/governance";
import { runSteps } from "./lib/send";
import { actionContext } from "./lib/system";

proposalTask(
  "etm:execute",
  "Executes a queued governance proposal after the timelock delay",
  "sender: account index or address (anyone may execute)",
  async (gov, p) => {
    // Loaded here, not at the top: it reads the compiled ABIs, which exist only after the first compile.
    const { describeCall } = await import("../lib/governanceSettings");
    // The state's and the eta's checks and the step are lib's (the dApp's Execute button runs the same).
    await runSteps(await planExecute(actionContext(gov), p.id, String(p.id), TASK_WORDS));
    p.targets.forEach((target, i) =>
      console.log(`  done: ${describeCall(target, p.calldatas[i], gov.addresses, p.values[i])}`),
    );
  },
);
