/** Records a deployed system as deployments/hardhat.json, as a real deployment would, for task tests. */
import hre from "hardhat";
import { deploySystem, type DeployedSystem } from "../../scripts/deploy";
import { deploymentAddresses, deploymentBlocks, writeDeployment } from "../../config/deployments";
import { registerValidator } from "./signerProof";
import { ETM } from "./units";

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

/**
 * The staking tasks' scenario, recorded as deployments/hardhat.json: signer 1 (`operator`) runs a
 * validator (0% commission, 1,000 ETM self-stake), signer 2 (`alice`) holds 10,000 ETM to stake;
 * a 100 ETM minimum self-stake and a 5-block unbonding period.
 */
export async function stakingTasksFixture() {
  const [admin, operator, alice] = await hre.ethers.getSigners();
  const system = await deploySystem({ minSelfStake: 100n * ETM, unbondingBlocks: 5 });
  await system.token.transfer(operator.address, 10_000n * ETM);
  await system.token.transfer(alice.address, 10_000n * ETM);
  await system.token.connect(operator).approve(await system.pool.getAddress(), hre.ethers.MaxUint256);
  await registerValidator(system.pool, operator, operator.address, 0, 1_000n * ETM);
  await recordHardhatDeployment(system, admin.address);
  return { ...system, admin: admin!, operator: operator!, alice: alice! };
}
