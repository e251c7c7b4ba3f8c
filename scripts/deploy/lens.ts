/**
 * `deployLens(pool, election)`: deploys the StakingLens, the read-only contract that returns in one
 * eth_call what a staking front end shows per block (contracts/interfaces/IStakingLens.sol).
 * Importing this module has no side effects. `deploySystem` calls it last; since the lens holds no
 * state and the pool's and election's addresses never change, a new one can be deployed at any time
 * (and recorded as `contracts.lens` of deployments/<network>.json).
 */
import hre from "hardhat";
import { isAddress, type Signer } from "ethers";
import type { StakingLens } from "../../typechain-types";
import { StakingLens__factory } from "../../typechain-types";

export async function deployLens(pool: string, election: string, deployer?: Signer): Promise<StakingLens> {
  for (const [name, address] of [
    ["pool", pool],
    ["election", election],
  ]) {
    if (!isAddress(address)) throw new Error(`deployLens: ${name} "${address}" is not an address`);
  }
  const signer = deployer ?? (await hre.ethers.getSigners())[0];
  if (!signer) throw new Error("The network has no account to deploy from: configure one (see README)");
  const lens = await new StakingLens__factory(signer).deploy(pool, election);
  await lens.waitForDeployment();
  return lens;
}
