/**
 * The upgradeable part of a deployment: the pool and the election are each an implementation (with
 * its linked logic libraries) behind an ERC-1967 proxy (UUPS: the upgrade right is the contract's
 * `UPGRADER_ROLE`, the timelock's after the hand-over). The proxy address is the system's address
 * for good; an upgrade swaps the implementation behind it. `deploySystem` uses these functions, the
 * Ignition module (ignition/modules/ETMSystem.ts) sends the same transactions, and the upgrade
 * tests use the implementation deployers to build a new version. Importing this module has no side
 * effects. Design: docs/architecture.md.
 */
import type { Signer } from "ethers";
import {
  BeaconLogic__factory,
  ERC1967Proxy__factory,
  ElectionSetup__factory,
  IStakingPool__factory,
  ParameterLogic__factory,
  PoolViews__factory,
  SlashingLogic__factory,
  StakeVotes__factory,
  StakingPoolExtension__factory,
  StakingPool__factory,
  UnbondingLogic__factory,
  ValidatorElection__factory,
  ValidatorLogic__factory,
  type IStakingPool,
  type ValidatorElection,
} from "../../typechain-types";
import type { StakingPoolLibraryAddresses } from "../../typechain-types/factories/contracts/staking/StakingPool__factory";
import type { StakingPoolExtensionLibraryAddresses } from "../../typechain-types/factories/contracts/staking/StakingPoolExtension__factory";
import type { ValidatorElectionLibraryAddresses } from "../../typechain-types/factories/contracts/election/ValidatorElection__factory";

import type { IValidatorElection } from "../../typechain-types/contracts/election/ValidatorElection";

/** The pool's initializer settings (fractions wad, amounts wei, durations blocks). */
export type PoolConfig = IStakingPool.PoolConfigStruct;
/** The election's initializer settings. */
export type ElectionConfig = IValidatorElection.ElectionConfigStruct;

/** Deploys a contract from its factory and waits for it; returns its address. */
async function deployed(
  contract: Promise<{ waitForDeployment(): Promise<unknown>; getAddress(): Promise<string> }>,
) {
  const c = await contract;
  await c.waitForDeployment();
  return c.getAddress();
}

/** The link map of the pool's code: the libraries of its implementation and of its extension. */
export type PoolLibraryAddresses = StakingPoolLibraryAddresses & StakingPoolExtensionLibraryAddresses;

/** Deploys the pool's logic libraries; returns the link map of its implementation and extension. */
export async function deployPoolLibraries(deployer: Signer): Promise<PoolLibraryAddresses> {
  return {
    "contracts/staking/logic/ValidatorLogic.sol:ValidatorLogic": await deployed(
      new ValidatorLogic__factory(deployer).deploy(),
    ),
    "contracts/staking/logic/ParameterLogic.sol:ParameterLogic": await deployed(
      new ParameterLogic__factory(deployer).deploy(),
    ),
    "contracts/staking/logic/PoolViews.sol:PoolViews": await deployed(
      new PoolViews__factory(deployer).deploy(),
    ),
    "contracts/staking/logic/UnbondingLogic.sol:UnbondingLogic": await deployed(
      new UnbondingLogic__factory(deployer).deploy(),
    ),
    "contracts/staking/logic/SlashingLogic.sol:SlashingLogic": await deployed(
      new SlashingLogic__factory(deployer).deploy(),
    ),
  };
}

/** Deploys the election's logic libraries; returns the link map of a ValidatorElection implementation. */
export async function deployElectionLibraries(deployer: Signer): Promise<ValidatorElectionLibraryAddresses> {
  return {
    "contracts/election/logic/ElectionSetup.sol:ElectionSetup": await deployed(
      new ElectionSetup__factory(deployer).deploy(),
    ),
    "contracts/election/logic/BeaconLogic.sol:BeaconLogic": await deployed(
      new BeaconLogic__factory(deployer).deploy(),
    ),
  };
}

/**
 * Deploys a pool implementation for `token`: its extension (the code of every selector the
 * implementation forwards) and the StakingPool implementation that names it (libraries deployed
 * unless given). Returns the implementation's address, what the proxy points at.
 */
export async function deployPoolImplementation(
  deployer: Signer,
  token: string,
  libraries?: PoolLibraryAddresses,
): Promise<string> {
  const links = libraries ?? (await deployPoolLibraries(deployer));
  const extension = await deployed(new StakingPoolExtension__factory(links, deployer).deploy(token));
  return deployed(new StakingPool__factory(links, deployer).deploy(extension));
}

/** Deploys a ValidatorElection implementation for the pool `registry` and `token`. */
export async function deployElectionImplementation(
  deployer: Signer,
  registry: string,
  token: string,
  libraries?: ValidatorElectionLibraryAddresses,
): Promise<string> {
  const links = libraries ?? (await deployElectionLibraries(deployer));
  return deployed(new ValidatorElection__factory(links, deployer).deploy(registry, token));
}

/**
 * Deploys the pool: libraries, the StakeVotes implementation, the pool implementation (extension
 * and StakingPool), and the proxy, initialized with `config` in its constructor (one transaction: nobody can initialize
 * it in between). The pool's initializer deploys the StakeVotes proxy. Returns the pool at its proxy.
 */
export async function deployPoolProxy(
  deployer: Signer,
  token: string,
  config: Omit<PoolConfig, "votesImplementation">,
): Promise<IStakingPool> {
  const votesImplementation = await deployed(new StakeVotes__factory(deployer).deploy());
  const implementation = await deployPoolImplementation(deployer, token);
  const init = IStakingPool__factory.createInterface().encodeFunctionData("initialize", [
    { ...config, votesImplementation },
  ]);
  const proxy = await deployed(new ERC1967Proxy__factory(deployer).deploy(implementation, init));
  return IStakingPool__factory.connect(proxy, deployer);
}

/** Deploys the election (libraries, implementation, initialized proxy) for the pool `registry`. */
export async function deployElectionProxy(
  deployer: Signer,
  registry: string,
  token: string,
  config: ElectionConfig,
): Promise<ValidatorElection> {
  const implementation = await deployElectionImplementation(deployer, registry, token);
  const init = ValidatorElection__factory.createInterface().encodeFunctionData("initialize", [config]);
  const proxy = await deployed(new ERC1967Proxy__factory(deployer).deploy(implementation, init));
  return ValidatorElection__factory.connect(proxy, deployer);
}
