/**
 * The devnet runner (started by `npm start`, on --network localhost): deploys the whole system,
 * seeds it, records deployments/localhost.json, then keeps it running as its validators would and
 * prints one status line per block. See scripts/start.ts.
 */
import hre from "hardhat";
import { AbiCoder, hexlify, keccak256, randomBytes } from "ethers";
import type { ContractTransactionResponse } from "ethers";
import { deploySystem } from "../deploy";
import type { DeployedSystem, SystemOptions } from "../deploy";
import { writeDeployment } from "../lib/deployments";
import { devnetActors, devnetSignerAddress, seedDevnet } from "./seed";
import type { DevnetActors } from "./seed";
import { formatEtm, formatWadPercent } from "../../tasks/lib/input";

const ETM = 10n ** 18n;
const CANDIDATES = 30;
const BLOCKS_PER_YEAR = 10_512_000;

/** Devnet parameters: short rounds (an election every 90 s), short unbonding and delays. */
export const DEVNET_OPTIONS: Partial<SystemOptions> = {
  initialSupply: 50_000_000n * ETM,
  roundLength: 30,
  unbondingBlocks: 200, // 10 minutes
  commissionDelayBlocks: 40,
  jailBlocks: 100,
  minStake: 1n * ETM,
  minSelfStake: 10_000n * ETM,
  nonRevealJailBlocks: 60,
};

async function rpc(method: string, params: unknown[] = []): Promise<unknown> {
  return hre.network.provider.send(method, params);
}

/** Sends without waiting for the block (3-second blocks); reports a failure in one line. */
async function send(label: string, sending: Promise<ContractTransactionResponse>): Promise<void> {
  try {
    await sending;
  } catch (error) {
    const message = (error as { shortMessage?: string; message?: string }).shortMessage ?? String(error);
    console.warn(`  keeper: ${label} not sent: ${message}`);
  }
}

class Keeper {
  private heartbeatRound = -1n;
  private committedRound = -1n;
  private revealedRound = -1n;
  private electedFor = -1n;
  private readonly secrets = new Map<string, string>();
  private readonly operatorByAddress: Map<string, DevnetActors["operators"][number]>;

  constructor(
    private readonly system: DeployedSystem,
    private readonly actors: DevnetActors,
  ) {
    this.operatorByAddress = new Map(actors.operators.map((o) => [o.address, o]));
  }

  /** Called once per block: accrue, elect, heartbeat, commit, reveal, as validators would. */
  async onBlock(block: bigint): Promise<void> {
    const { election, pool } = this.system;
    // On a live chain some transaction touches the pool in nearly every block; here the keeper
    // accrues, so the supply shown grows block by block.
    await send("accrue", pool.connect(this.actors.admin).accrue());
    const [round, , , revealStartBlock] = await election.roundInfo();
    const electedRound = await election.electedRound();
    if (round > electedRound && this.electedFor !== round) {
      this.electedFor = round;
      await send("elect", election.connect(this.actors.admin).elect());
      return; // commits wait for the new set
    }
    if (this.heartbeatRound !== round) {
      this.heartbeatRound = round;
      const listed = await pool.candidates();
      await Promise.all(
        listed
          .map((address) => this.operatorByAddress.get(address))
          .filter((operator) => operator !== undefined)
          .map((operator) => send(`heartbeat ${operator.address}`, election.connect(operator).heartbeat())),
      );
    }
    const active = await election.activeValidators();
    if (electedRound === round && this.committedRound !== round && block + 1n < revealStartBlock) {
      this.committedRound = round;
      this.secrets.clear();
      await Promise.all(
        active.map((address) => {
          const operator = this.operatorByAddress.get(address);
          if (!operator) return Promise.resolve();
          const secret = hexlify(randomBytes(32));
          this.secrets.set(address, secret);
          const commitment = keccak256(
            AbiCoder.defaultAbiCoder().encode(["address", "uint256", "bytes32"], [address, round, secret]),
          );
          return send(`commit ${address}`, election.connect(operator).commit(commitment));
        }),
      );
    }
    if (this.committedRound === round && this.revealedRound !== round && block + 1n >= revealStartBlock) {
      this.revealedRound = round;
      await Promise.all(
        [...this.secrets].map(([address, secret]) =>
          send(`reveal ${address}`, election.connect(this.operatorByAddress.get(address)!).reveal(secret)),
        ),
      );
    }
  }
}

async function statusLine(system: DeployedSystem, block: bigint): Promise<string> {
  const { token, pool, election } = system;
  const [supply, staked, apy, year, round, info, active] = await Promise.all([
    token.totalSupply(),
    pool.totalStaked(),
    pool.estimatedAPY(),
    pool.currentYear(),
    election.currentRound(),
    election.roundInfo(),
    election.activeValidators(),
  ]);
  const rate = Number(await pool.inflationRate(year)) / 1e18;
  const delta = Number(await pool.parameter(0)) / 1e18;
  const ratio = supply === 0n ? 0 : Number((staked * 1_000_000n) / supply) / 1e6;
  const perBlockRate = Math.log1p(rate) / BLOCKS_PER_YEAR;
  const marginal = ratio === 0 ? 0 : (perBlockRate * (1 - delta)) / ratio;
  const inRound = Number(block - info[1]) + 1;
  const set = active
    .slice(0, 3)
    .map((a) => `${a.slice(0, 6)}…`)
    .join(",");
  return (
    `#${block}  round ${round} [${inRound}/${info[2]}]  active ${active.length} (${set}${active.length > 3 ? ",…" : ""})` +
    `  S/B ${(ratio * 100).toFixed(2)}%  reward ${marginal.toExponential(3)} ETM/staked ETM/block` +
    `  est. APY ${formatWadPercent(apy)}  supply ${formatEtm(supply, 2)} ETM`
  );
}

async function main() {
  if (hre.network.name !== "localhost") {
    throw new Error(
      `scripts/devnet/run.ts drives the devnet: run it with --network localhost (npm start does), not ${hre.network.name}`,
    );
  }
  const signers = await hre.ethers.getSigners();
  const actors = devnetActors(signers, CANDIDATES);
  await rpc("evm_setAutomine", [true]); // setup in immediate blocks; 3-second blocks afterwards
  console.log("Deploying the ETM system and seeding the devnet …");
  const system = await deploySystem({
    ...DEVNET_OPTIONS,
    initialValidators: Array.from({ length: 21 }, (_, i) => devnetSignerAddress(i)),
  });
  const positions = await seedDevnet(system, actors);
  const contracts = {
    token: await system.token.getAddress(),
    pool: await system.pool.getAddress(),
    votes: await system.votes.getAddress(),
    election: await system.election.getAddress(),
  };
  const deployedBlock = Number(await hre.ethers.provider.getBlockNumber());
  const file = writeDeployment({
    network: "localhost",
    chainId: Number((await hre.ethers.provider.getNetwork()).chainId),
    contracts,
    blocks: Object.fromEntries(Object.keys(contracts).map((name) => [name, deployedBlock])),
    parameters: system.options as unknown as Record<string, unknown>,
    deployer: actors.admin.address,
    updatedAt: new Date().toISOString(),
  });
  await rpc("evm_setAutomine", [false]);
  await rpc("evm_setIntervalMining", [3000]);

  const url = (hre.network.config as { url?: string }).url;
  console.log(
    `\nETM devnet is running: RPC ${url}, chain id ${(await hre.ethers.provider.getNetwork()).chainId}, a block every 3 s`,
  );
  for (const [name, address] of Object.entries(contracts)) console.log(`  ${name.padEnd(9)} ${address}`);
  console.log(
    `  ${CANDIDATES} candidates, ${actors.delegators.length} delegators, ${positions} positions; recorded in ${file}`,
  );
  console.log(`  admin (all parameter roles): ${actors.admin.address}`);
  console.log("Ctrl-C stops the devnet.\n");

  const keeper = new Keeper(system, actors);
  let last = BigInt(await hre.ethers.provider.getBlockNumber());
  for (;;) {
    const block = BigInt(await hre.ethers.provider.getBlockNumber());
    if (block > last) {
      last = block;
      try {
        console.log(await statusLine(system, block));
        await keeper.onBlock(block);
      } catch (error) {
        console.warn(`  devnet: ${(error as Error).message}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main().catch((error: Error) => {
  console.error(`devnet: ${error.message}`);
  process.exitCode = 1;
});
