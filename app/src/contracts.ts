/**
 * The system's contracts, typed by the project's typechain bindings, with the ABIs of lib/abis.ts
 * (from the compiled artifacts; the bundle carries the ABIs but not the bytecode).
 */
import { Contract } from "ethers";
import type { ContractRunner, InterfaceAbi } from "ethers";
import type {
  ETMGovernor,
  ETMToken,
  StakeVotes,
  StakingPool,
  ValidatorElection,
} from "../../typechain-types";
import { ABIS } from "../../lib/abis";
import type { Deployment } from "../../lib/deployment";
import type { System } from "../../lib/system";

export type { System } from "../../lib/system";

function connect<T>(address: string, abi: InterfaceAbi, runner: ContractRunner): T {
  return new Contract(address, abi, runner) as unknown as T;
}

export function connectSystem(deployment: Deployment, runner: ContractRunner): System {
  const { contracts } = deployment;
  return {
    token: connect<ETMToken>(contracts.token, ABIS.token, runner),
    pool: connect<StakingPool>(contracts.pool, ABIS.pool, runner),
    votes: connect<StakeVotes>(contracts.votes, ABIS.votes, runner),
    election: connect<ValidatorElection>(contracts.election, ABIS.election, runner),
    governor: contracts.governor
      ? connect<ETMGovernor>(contracts.governor, ABIS.governor, runner)
      : undefined,
  };
}
