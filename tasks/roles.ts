/** etm:roles — every role of every contract and who holds it; loud if an externally owned account does. */
import { task } from "hardhat/config";
import type { SystemAddresses } from "../lib/deployment";
import { connect, runTask } from "./lib/system";
import { UserInputError } from "./lib/input";

/** The first deployment block recorded (0 when none is). */
function firstBlock(blocks: number[]): number {
  return blocks.length > 0 ? Math.min(...blocks) : 0;
}

task("etm:roles", "Lists every role of every contract and who holds it; warns if an account (EOA) holds one")
  .addFlag("strict", "fail (exit code 1) if an externally owned account holds a role")
  .setAction(async (args: { strict: boolean }, hre) => {
    return runTask("etm:roles", async () => {
      // Loaded here, not at the top: the typed bindings exist only after the first compile.
      const { formatRoleReport, inventoryRoles } = await import("../scripts/lib/roles");
      const system = await connect(hre);
      const { record } = system;
      const report = await inventoryRoles(
        hre.ethers.provider,
        record.contracts as unknown as SystemAddresses,
        firstBlock(Object.values(record.blocks)),
      );
      console.log(`Roles of the ETM system on network "${system.network}":`);
      console.log(formatRoleReport(report));
      if (args.strict && report.accountHoldings.length > 0)
        throw new UserInputError(
          `${report.accountHoldings.length} role(s) held by externally owned accounts (--strict)`,
        );
      return report;
    });
  });
