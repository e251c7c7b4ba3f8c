/** etm:execute — runs a queued proposal once its timelock delay has passed. */
import { humanSeconds, proposalTask } from "./lib/governance";
import { UserInputError } from "./lib/input";
import { confirm } from "./lib/send";

proposalTask(
  "etm:execute",
  "Executes a queued governance proposal after the timelock delay",
  "sender: account index or address (anyone may execute)",
  async (gov, p, state, hre) => {
    // Loaded here, not at the top: it reads the compiled ABIs, which exist only after the first compile.
    const { describeCall } = await import("../lib/governanceSettings");
    if (state !== "Queued")
      throw new UserInputError(
        `proposal ${p.id} is ${state}: only a queued proposal can be executed` +
          (state === "Succeeded" ? "; queue it first (etm:queue)" : ""),
      );
    const eta = Number(await gov.governor.proposalEta(p.id));
    const now = (await hre.ethers.provider.getBlock("latest"))!.timestamp;
    if (eta > now)
      throw new UserInputError(
        `proposal ${p.id} is in the timelock until ${new Date(eta * 1000).toISOString()} (${humanSeconds(eta - now)} from now); execute it then`,
      );
    await confirm(`execute proposal ${p.id}`, gov.governor["execute(uint256)"], p.id);
    p.targets.forEach((target, i) =>
      console.log(`  done: ${describeCall(target, p.calldatas[i], gov.addresses, p.values[i])}`),
    );
  },
);
