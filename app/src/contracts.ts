/**
 * The system's contracts, typed by the project's typechain bindings, with the ABIs of lib/abis.ts
 * (from the compiled artifacts; the bundle carries the ABIs but not the bytecode).
 */
import { Contract } from "ethers";
import type { ContractRunner, InterfaceAbi } from "ethers";
import type {
  ETMGovernor,
  ETMTimelock,
  ETMToken,
  StakeVotes,
  StakingLens,
  IStakingPool,
  ValidatorElection,
} from "../../typechain-types";
import { ABIS } from "../../lib/abis";
import type { Deployment } from "../../lib/deployment";
import type { System as LibSystem } from "../../lib/system";

/** The system as the page reads it: every per-block read goes through the lens. */
export type System = LibSystem & { lens: StakingLens };

function connect<T>(address: string, abi: InterfaceAbi, runner: ContractRunner): T {
  return new Contract(address, abi, runner) as unknown as T;
}

/** The deployment record lacks the lens (recorded before it existed): the page cannot read it. */
export class MissingLensError extends Error {}

export function connectSystem(deployment: Deployment, runner: ContractRunner): System {
  const { contracts } = deployment;
  if (!contracts.lens) {
    throw new MissingLensError(
      `The deployment of ${deployment.network} (chain ${deployment.chainId}) records no lens (contracts.lens), ` +
        "which the page reads the chain through: deploy one for it (deployLens in scripts/deploy/lens.ts; " +
        "npm start and npm run deploy do) and add its address to deployments/" +
        `${deployment.network}.json.`,
    );
  }
  return {
    lens: connect<StakingLens>(contracts.lens, ABIS.lens, runner),
    token: connect<ETMToken>(contracts.token, ABIS.token, runner),
    pool: connect<IStakingPool>(contracts.pool, ABIS.pool, runner),
    votes: connect<StakeVotes>(contracts.votes, ABIS.votes, runner),
    election: connect<ValidatorElection>(contracts.election, ABIS.election, runner),
    governor: contracts.governor
      ? connect<ETMGovernor>(contracts.governor, ABIS.governor, runner)
      : undefined,
    timelock: contracts.timelock
      ? connect<ETMTimelock>(contracts.timelock, ABIS.timelock, runner)
      : undefined,
  };
}
