/**
 * etm:propose — a governance proposal of parameter changes by name:
 *   npx hardhat etm:propose --set "inflation:2=0.08,delta=5%" --description "..." --network localhost
 * Each change is dry-run as the timelock first, so a value the contracts would refuse is reported now
 * (with the contract's error), not after a week of voting. The plan and its checks are lib's
 * (lib/actions/proposal.ts), the same as the dApp's Propose form.
 */
import { task } from "hardhat/config";
import { connectGovernance, describeBlock } from "./lib/governance";
import { UserInputError } from "./lib/input";
import { runSteps } from "./lib/send";
import { actionContext, runTask } from "./lib/system";

task("etm:propose", "Proposes parameter changes by name to governance")
  .addParam("set", 'changes, comma-separated: "inflation:2=0.08,delta=5%" (names: docs/governance.md)')
  .addParam("description", "what the proposal does and why (shown to voters)")
  .addOptionalParam("account", "proposer: account index or address (default: the first account)")
  .addFlag("skipCheck", "propose without trying each change as the timelock first")
  .setAction(
    async (args: { set: string; description: string; account?: string; skipCheck: boolean }, hre) => {
      return runTask(
        "etm:propose",
        async () => {
          // Loaded here, not at the top: the ABIs it uses exist only after the first compile.
          const { planPropose, splitSettings } = await import("../lib/actions/proposal");
          if (!args.description.trim())
            throw new UserInputError(`--description is empty: say what the change does and why`);
          const gov = await connectGovernance(hre, args.account);
          const plan = await planPropose(
            actionContext(gov),
            gov.addresses,
            splitSettings(args.set),
            args.description,
            {
              skipCheck: args.skipCheck,
              skipCheckHint: "pass --skip-check",
              descriptionLabel: "--description",
            },
          );
          const targets = plan.calls.map((c) => c.target);
          const values = plan.calls.map((c) => c.value);
          const calldatas = plan.calls.map((c) => c.calldata);
          const id = await gov.governor.propose.staticCall(targets, values, calldatas, args.description);
          await runSteps(plan.steps);
          const now = BigInt(await hre.ethers.provider.getBlockNumber());
          console.log(`proposal ${id}`);
          for (const call of plan.calls) console.log(`  ${call.summary}`);
          console.log(
            `  voting power fixed at the end of block ${(await gov.governor.proposalSnapshot(id)) - 1n}`,
          );
          console.log(
            `  voting opens at ${describeBlock((await gov.governor.proposalSnapshot(id)) + 1n, now)}`,
          );
          console.log(`  voting closes after ${describeBlock(await gov.governor.proposalDeadline(id), now)}`);
          return id;
        },
        "propose",
      );
    },
  );
