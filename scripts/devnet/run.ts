/**
 * The devnet runner (started by `npm start`, on --network localhost): deploys the whole system,
 * seeds it, records deployments/localhost.json, then keeps it running as its validators would and
 * prints one status line per block. See scripts/start.ts.
 */
import hre from "hardhat";
import type { DeployedSystem } from "../deploy";
import { deploymentAddresses, deploymentBlocks, writeDeployment } from "../../config/deployments";
import { Keeper } from "./keeper";
import { devnetActors } from "./seed";
import { DEVNET_CANDIDATES, setUpDevnet } from "./setup";
import { formatEtm, formatPercent } from "../../lib/units";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

async function rpc(method: string, params: unknown[] = []): Promise<unknown> {
  return hre.network.provider.send(method, params);
}

/** One line per block, from one lens call (no candidates, no account). */
async function statusLine(system: DeployedSystem, block: bigint): Promise<string> {
  const s = await system.lens.snapshot(ZERO_ADDRESS, 0, 0, [], { blockTag: Number(block) });
  const { round, emission: e } = s;
  const active = s.activeOperators;
  const inRound = Number(block - round.startBlock) + 1;
  const set = active
    .slice(0, 3)
    .map((a) => `${a.slice(0, 6)}…`)
    .join(",");
  return (
    `#${block}  round ${round.round} [${inRound}/${round.lengthBlocks}]  active ${active.length} (${set}${active.length > 3 ? ",…" : ""})` +
    `  S/B ${formatPercent(e.stakingRatioWad)}  reward ${(Number(e.rewardPerStakedTokenPerBlockRay) / 1e27).toExponential(3)} ETM/staked ETM/block` +
    `  est. APY ${formatPercent(e.estimatedApyWad)}  supply ${formatEtm(e.supplyWei, 2)} ETM`
  );
}

async function main() {
  if (hre.network.name !== "localhost") {
    throw new Error(
      `scripts/devnet/run.ts drives the devnet: run it with --network localhost (npm start does), not ${hre.network.name}`,
    );
  }
  const signers = await hre.ethers.getSigners();
  const actors = devnetActors(signers, DEVNET_CANDIDATES);
  await rpc("evm_setAutomine", [true]); // setup in immediate blocks; 3-second blocks afterwards
  console.log("Deploying the ETM system and seeding the devnet …");
  const { system, positions } = await setUpDevnet(actors);
  const contracts = await deploymentAddresses(system);
  const blocks = await deploymentBlocks(system);
  const file = writeDeployment({
    network: "localhost",
    chainId: Number((await hre.ethers.provider.getNetwork()).chainId),
    contracts,
    blocks,
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
    `  ${DEVNET_CANDIDATES} candidates, ${actors.delegators.length} delegators, ${positions} positions; recorded in ${file}`,
  );
  console.log(
    system.timelock
      ? `  governance: every parameter role is the timelock's (${contracts.timelock}); vote with etm:propose / etm:vote`
      : `  admin (all parameter roles): ${actors.admin.address}`,
  );
  // The tasks find this node through the same variable npm start took (config/localhost.ts).
  const env = process.env.ETM_DEVNET_PORT ? `ETM_DEVNET_PORT=${process.env.ETM_DEVNET_PORT} ` : "";
  console.log(
    `  in another terminal: ${env}npx hardhat etm:status --network localhost --account 40` +
      `  (accounts 31-79 are delegators holding ETM; keys at the top of cache/devnet-node.log)`,
  );
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
