/**
 * The devnet's system: `deploySystem` with the devnet's options and 21 placeholder genesis signers,
 * seeded with candidates and delegators (seed.ts). Used by run.ts (`npm start`) and by the devnet's
 * end-to-end test; no side effects on import.
 */
import { deploySystem } from "../deploy";
import type { DeployedSystem, SystemOptions } from "../deploy";
import { devnetSignerAddress, seedDevnet } from "./seed";
import type { DevnetActors } from "./seed";

const ETM = 10n ** 18n;

/** Validator candidates the devnet registers (accounts 1..30). */
export const DEVNET_CANDIDATES = 30;

/**
 * Devnet parameters: short rounds (an election every 90 s), short unbonding and delays, and
 * governance as on a real network, with periods that fit a demo: a proposal opens for votes after 5
 * blocks (15 s), voting lasts 40 blocks (2 min), and the timelock waits 30 s. The slash-path rule
 * holds as on a real network: 5 + 40 + 10 (vote extension) + 10 (30 s) + 60 (margin, 3 min) = 125
 * blocks, shorter than the 200-block unbonding period.
 */
export const DEVNET_OPTIONS: Partial<SystemOptions> = {
  initialSupply: 50_000_000n * ETM,
  roundLength: 30,
  unbondingBlocks: 200, // 10 minutes
  commissionDelayBlocks: 40,
  jailBlocks: 100,
  minStake: 1n * ETM,
  minSelfStake: 10_000n * ETM,
  nonRevealJailBlocks: 60,
  governance: true,
  votingDelay: 5,
  votingPeriod: 40,
  timelockDelay: 30, // seconds
  proposalThreshold: 1_000n * ETM,
  quorum: ETM / 25n, // 4% of bonded stake
  voteExtension: 10, // a quorum reached in the last blocks keeps voting open 10 more (30 s)
  slashMargin: 60, // 3 minutes to notice an infraction and propose its slash
};

/**
 * Deploys and seeds the devnet on the current network, with `actors` from
 * `devnetActors(signers, DEVNET_CANDIDATES)`; returns the system and how many positions were opened.
 */
export async function setUpDevnet(
  actors: DevnetActors,
): Promise<{ system: DeployedSystem; positions: number }> {
  const system = await deploySystem({
    ...DEVNET_OPTIONS,
    initialValidators: Array.from({ length: 21 }, (_, i) => devnetSignerAddress(i)),
  });
  const positions = await seedDevnet(system, actors);
  return { system, positions };
}
