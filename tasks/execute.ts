/** etm:execute — runs a queued proposal once its timelock delay has passed. */
import { task } from "hardhat/config";
import {
  connectGovernance,
  findProposal,
  humanSeconds,
  stateOf,
  type ConnectedGovernance,
} from "./lib/governance";
import { UserInputError } from "./lib/input";
import { confirm } from "./lib/send";
import { runTask } from "./lib/system";

task("etm:execute", "Executes a queued governance proposal after the timelock delay")
  .addParam("id", "the proposal id (etm:proposals)")
  .addOptionalParam("account", "sender: account index or address (anyone may execute)")
  .setAction(async (args: { id: string; account?: string }, hre) => {
    let g: ConnectedGovernance | undefined;
    await runTask(
      "etm:execute",
      async () => {
        // Loaded here, not at the top: the typed bindings it uses exist only after the first compile.
        const { describeCall } = await import("../lib/governanceSettings");
        g = await connectGovernance(hre, args.account);
        const gov = g;
        const p = await findProposal(gov, args.id);
        const state = await stateOf(gov, p.id);
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
      "execute",
    );
  });
