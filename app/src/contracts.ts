/**
 * The system's contracts, typed by the project's typechain bindings. The ABIs come from the compiled
 * artifacts (`npm run compile`) by named import, so the bundle carries the ABIs but not the bytecode
 * that the typechain factories embed.
 */
import { Contract, Interface } from "ethers";
import type { ContractRunner, InterfaceAbi } from "ethers";
import type {
  ETMGovernor,
  ETMToken,
  StakeVotes,
  StakingLens,
  StakingPool,
  ValidatorElection,
} from "../../typechain-types";
import { abi as tokenAbi } from "../../artifacts/contracts/token/ETMToken.sol/ETMToken.json";
import { abi as poolAbi } from "../../artifacts/contracts/staking/StakingPool.sol/StakingPool.json";
import { abi as votesAbi } from "../../artifacts/contracts/staking/StakeVotes.sol/StakeVotes.json";
import { abi as electionAbi } from "../../artifacts/contracts/election/ValidatorElection.sol/ValidatorElection.json";
import { abi as lensAbi } from "../../artifacts/contracts/lens/StakingLens.sol/StakingLens.json";
import { abi as governorAbi } from "../../artifacts/contracts/governance/ETMGovernor.sol/ETMGovernor.json";
import type { Deployment } from "./deployments";

export interface System {
  token: ETMToken;
  pool: StakingPool;
  votes: StakeVotes;
  election: ValidatorElection;
  /** Every per-block read goes through the lens (one eth_call for the chain, candidates and account). */
  lens: StakingLens;
  /** Present when the deployment is governed. */
  governor?: ETMGovernor;
}

function connect<T>(address: string, abi: unknown, runner: ContractRunner): T {
  return new Contract(address, abi as InterfaceAbi, runner) as unknown as T;
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
    lens: connect<StakingLens>(contracts.lens, lensAbi, runner),
    token: connect<ETMToken>(contracts.token, tokenAbi, runner),
    pool: connect<StakingPool>(contracts.pool, poolAbi, runner),
    votes: connect<StakeVotes>(contracts.votes, votesAbi, runner),
    election: connect<ValidatorElection>(contracts.election, electionAbi, runner),
    governor: contracts.governor ? connect<ETMGovernor>(contracts.governor, governorAbi, runner) : undefined,
  };
}

/** Every interface whose custom errors a call may revert with. */
export const ERROR_INTERFACES: Interface[] = [
  poolAbi,
  electionAbi,
  tokenAbi,
  votesAbi,
  governorAbi,
  lensAbi,
].map((abi) => new Interface(abi as InterfaceAbi));
