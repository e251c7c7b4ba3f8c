/**
 * Gas of the ETM token's everyday operations, measured on the in-process Hardhat chain.
 *
 *   npx hardhat run bench/token.ts
 *
 * Prints a table (with the change against the previous bench/token-baseline.json, if any) and
 * writes the new figures to bench/token-baseline.json. Every figure is the `gasUsed` of one
 * transaction receipt, so it includes the 21,000 intrinsic gas and the calldata.
 */
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { deploySystem } from "../scripts/deploy";
import { signPermit } from "../test/shared/permit";

const BASELINE = path.join(__dirname, "token-baseline.json");
const ETM = 10n ** 18n;

interface Measurement {
  operation: string;
  /** What state the operation starts from: it decides the storage costs. */
  conditions: string;
  gasUsed: number;
}

async function gasOf(sent: Promise<ContractTransactionResponse | null> | ContractTransactionResponse | null) {
  const tx = await sent;
  if (!tx) throw new Error("No transaction to measure");
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new Error(`Transaction ${tx.hash} failed`);
  return Number(receipt.gasUsed);
}

async function main() {
  if (hre.network.name !== "hardhat") {
    throw new Error(`Run the bench on the in-process chain (--network hardhat), not "${hre.network.name}"`);
  }
  const [, admin, holder, alice, bob, carol, dave] = await hre.ethers.getSigners();
  if (!dave) throw new Error("The bench needs 7 accounts");

  const { token } = await deploySystem({ admin: admin.address, initialHolder: holder.address });
  const measurements: Measurement[] = [];
  const measure = async (operation: string, conditions: string, sent: Parameters<typeof gasOf>[0]) => {
    measurements.push({ operation, conditions, gasUsed: await gasOf(sent) });
  };

  await measure("deploy", "via deploySystem(), mints the initial supply", token.deploymentTransaction());
  await measure(
    "transfer (first)",
    "recipient never held ETM (zero balance slot)",
    token.connect(holder).transfer(alice.address, 100n * ETM),
  );
  await measure(
    "transfer (repeat)",
    "same sender and recipient again (both slots non-zero)",
    token.connect(holder).transfer(alice.address, 100n * ETM),
  );
  await measure(
    "approve",
    "first allowance of the pair",
    token.connect(holder).approve(bob.address, 50n * ETM),
  );
  await measure(
    "transferFrom",
    "finite allowance, partly spent; recipient never held ETM",
    token.connect(bob).transferFrom(holder.address, carol.address, 20n * ETM),
  );
  await token.connect(holder).approve(dave.address, hre.ethers.MaxUint256);
  await measure(
    "transferFrom (infinite allowance)",
    "allowance type(uint256).max, left untouched; recipient holds ETM",
    token.connect(dave).transferFrom(holder.address, carol.address, 20n * ETM),
  );
  const deadline = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp) + 3600n;
  const { signature } = await signPermit(token, alice, { spender: bob.address, value: 10n * ETM, deadline });
  await measure(
    "permit",
    "owner's first permit (nonce 0 -> 1), first allowance of the pair, sent by the spender",
    token
      .connect(bob)
      .permit(alice.address, bob.address, 10n * ETM, deadline, signature.v, signature.r, signature.s),
  );

  const previous: Record<string, number> = fs.existsSync(BASELINE)
    ? Object.fromEntries(
        (JSON.parse(fs.readFileSync(BASELINE, "utf8")) as { measurements: Measurement[] }).measurements.map(
          (m) => [m.operation, m.gasUsed],
        ),
      )
    : {};
  const nameWidth = Math.max(...measurements.map((m) => m.operation.length));
  console.log(
    `${"operation".padEnd(nameWidth)}  ${"gas used".padStart(9)}  ${"vs baseline".padStart(11)}  conditions`,
  );
  for (const m of measurements) {
    const before = previous[m.operation];
    const delta =
      before === undefined
        ? "new"
        : m.gasUsed === before
          ? "="
          : `${m.gasUsed > before ? "+" : ""}${m.gasUsed - before}`;
    console.log(
      `${m.operation.padEnd(nameWidth)}  ${m.gasUsed.toLocaleString("en-US").padStart(9)}  ${delta.padStart(11)}  ${m.conditions}`,
    );
  }

  const solidity = hre.config.solidity.compilers[0];
  const baseline = {
    description:
      "Gas used by ETMToken operations (receipt gasUsed, intrinsic gas included). Written by bench/token.ts.",
    network: hre.network.name,
    chainId: Number((await hre.ethers.provider.getNetwork()).chainId),
    hardfork: hre.config.networks.hardhat.hardfork,
    solc: solidity?.version,
    optimizer: solidity?.settings?.optimizer,
    evmVersion: solidity?.settings?.evmVersion,
    measurements,
  };
  fs.writeFileSync(BASELINE, `${JSON.stringify(baseline, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), BASELINE)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
