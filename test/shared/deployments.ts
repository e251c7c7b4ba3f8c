/** Records a deployed system as deployments/hardhat.json, as a real deployment would, for task tests. */
import hre from "hardhat";
import type { DeployedSystem } from "../../scripts/deploy";
import { deploymentBlocks, writeDeployment } from "../../config/deployments";

export async function recordHardhatDeployment(system: DeployedSystem, deployer: string): Promise<void> {
  writeDeployment({
    network: "hardhat",
    chainId: Number((await hre.ethers.provider.getNetwork()).chainId),
    contracts: {
      token: await system.token.getAddress(),
      pool: await system.pool.getAddress(),
      votes: await system.votes.getAddress(),
      election: await system.election.getAddress(),
      lens: await system.lens.getAddress(),
      ...(system.governor && system.timelock
        ? { governor: await system.governor.getAddress(), timelock: await system.timelock.getAddress() }
        : {}),
    },
    blocks: await deploymentBlocks(system),
    parameters: {},
    deployer,
    updatedAt: new Date().toISOString(),
  });
}
