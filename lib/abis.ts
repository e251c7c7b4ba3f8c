/**
 * The ABIs of every deployed contract, from the compiled artifacts (`npm run compile`), never
 * hand-written. Named imports, so a bundle (the dApp) carries the ABIs but not the bytecode.
 */
import type { InterfaceAbi } from "ethers";
import { abi as tokenAbi } from "../artifacts/contracts/token/ETMToken.sol/ETMToken.json";
import { abi as poolAbi } from "../artifacts/contracts/interfaces/IStakingPool.sol/IStakingPool.json";
import { abi as votesAbi } from "../artifacts/contracts/staking/StakeVotes.sol/StakeVotes.json";
import { abi as electionAbi } from "../artifacts/contracts/election/ValidatorElection.sol/ValidatorElection.json";
import { abi as lensAbi } from "../artifacts/contracts/lens/StakingLens.sol/StakingLens.json";
import { abi as evidenceAbi } from "../artifacts/contracts/evidence/DoubleSignEvidence.sol/DoubleSignEvidence.json";
import { abi as governorAbi } from "../artifacts/contracts/governance/ETMGovernor.sol/ETMGovernor.json";
import { abi as timelockAbi } from "../artifacts/contracts/governance/ETMTimelock.sol/ETMTimelock.json";
import type { ContractName } from "./deployment";

export const ABIS: Record<ContractName, InterfaceAbi> = {
  token: tokenAbi as InterfaceAbi,
  pool: poolAbi as InterfaceAbi,
  votes: votesAbi as InterfaceAbi,
  election: electionAbi as InterfaceAbi,
  lens: lensAbi as InterfaceAbi,
  evidence: evidenceAbi as InterfaceAbi,
  governor: governorAbi as InterfaceAbi,
  timelock: timelockAbi as InterfaceAbi,
};
