/** Records a deployed system as deployments/hardhat.json, as a real deployment would, for task tests. */
import hre from "hardhat";
import type { DeployedSystem } from "../../scripts/deploy";
import { deploymentAddresses, deploymentBlocks, writeDeployment } from "../../config/deployments";

export async function recordHardhatDeployment(system: DeployedSystem, deployer: string): Promise<void> {
  writeDeployment({
    network: "hardhat",
    chainId: Number((await hre.ethers.provider.getNetwork()).chainId),
    contracts: await deploymentAddresses(system),
    blocks: await deploymentBlocks(system),
    parameters: {},
    deployer,
    updatedAt: new Date().toISOString(),
  });
}
