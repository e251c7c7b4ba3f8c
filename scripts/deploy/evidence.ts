/**
 * `deployEvidence(...)`: deploys DoubleSignEvidence, the permissionless double-sign proof checker
 * (docs/evidence.md), and grants it the pool's SLASHER_ROLE. The deployer must hold the pool's admin
 * role at that moment (`deploySystem` calls it while it still wires the system). Importing this module
 * has no side effects.
 */
import type { Signer } from "ethers";
import type { DoubleSignEvidence, IStakingPool } from "../../typechain-types";
import { DoubleSignEvidence__factory } from "../../typechain-types";

/** The evidence contract's governance parameters, wad. */
export interface EvidenceOptions {
  /** Share of a double signer's stake at the infraction that is slashed (default 5%, as Cosmos). */
  doubleSignSlash: bigint;
  /** Share of the slashed amount paid to whoever submits the proof (default 10%; at most 50%). */
  reporterShare: bigint;
}

export const DEFAULT_EVIDENCE_OPTIONS: EvidenceOptions = {
  doubleSignSlash: 10n ** 18n / 20n,
  reporterShare: 10n ** 18n / 10n,
};

export async function deployEvidence(
  pool: IStakingPool,
  election: string,
  admin: string,
  options: EvidenceOptions,
  deployer: Signer,
): Promise<DoubleSignEvidence> {
  const evidence = await new DoubleSignEvidence__factory(deployer).deploy(
    await pool.getAddress(),
    election,
    admin,
    options.doubleSignSlash,
    options.reporterShare,
  );
  await evidence.waitForDeployment();
  await (await pool.grantRole(await pool.SLASHER_ROLE(), await evidence.getAddress())).wait();
  return evidence;
}
