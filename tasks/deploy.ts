/**
 * etm:deploy (`npm run deploy -- --network etm --parameters deploy/parameters/example.json`):
 * deploys and wires the ETM system with Hardhat Ignition, resumably, and records it in
 * deployments/<network>.json. The work is in scripts/deploy-network.ts, loaded lazily (it imports
 * the Hardhat runtime, which the config must not).
 */
import { task, types } from "hardhat/config";
import { chainIdOf, runTask } from "./lib/system";
import { UserInputError } from "./lib/input";

task(
  "etm:deploy",
  "Deploys the ETM system with Hardhat Ignition (resumable) and records deployments/<network>.json",
)
  .addOptionalParam(
    "parameters",
    "parameter file (JSON, see deploy/parameters/example.json); default $ETM_DEPLOY_PARAMETERS",
  )
  .addOptionalParam("deploymentId", "Ignition deployment id (default etm-<network>-<chainId>)")
  .addOptionalParam(
    "confirmations",
    "confirmations to wait for per transaction (QBFT blocks are final)",
    1,
    types.int,
  )
  .addFlag("reset", "forget this network's Ignition journal and deploy everything afresh")
  .addFlag("allowInProcess", "allow --network hardhat (the in-process chain, gone when the command exits)")
  .setAction(
    async (
      args: {
        parameters?: string;
        deploymentId?: string;
        confirmations: number;
        reset: boolean;
        allowInProcess: boolean;
      },
      hre,
    ) =>
      runTask("etm:deploy", async () => {
        const parameters = args.parameters ?? process.env.ETM_DEPLOY_PARAMETERS;
        if (!parameters) {
          throw new UserInputError(
            "--parameters is required: give the parameter file, e.g. --parameters deploy/parameters/example.json (or set ETM_DEPLOY_PARAMETERS)",
          );
        }
        if (!Number.isSafeInteger(args.confirmations) || args.confirmations < 1) {
          throw new UserInputError(
            `--confirmations ${args.confirmations}: give a whole number of at least 1`,
          );
        }
        // The node first: an unreachable URL or a wrong chain id is reported before a compile.
        await chainIdOf(hre);
        await hre.run("compile", { quiet: true });
        const { deployNetwork } = await import("../scripts/deploy-network");
        const result = await deployNetwork(hre, {
          parameters,
          deploymentId: args.deploymentId,
          confirmations: args.confirmations,
          reset: args.reset,
          allowInProcess: args.allowInProcess,
          displayUi: process.env.ETM_DEPLOY_QUIET !== "1",
        });
        console.log(`\n${result.summary}`);
        return result;
      }),
  );
