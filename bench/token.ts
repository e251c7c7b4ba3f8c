/**
 * Gas of the ETM token's everyday operations, measured on the in-process Hardhat chain.
 *
 *   npx hardhat run bench/token.ts
 *
 * Prints a table (with the change against the previous bench/token-baseline.json, if any) and
 * writes the new figures to bench/token-baseline.json. Every figure is the `gasUsed` of one
 * transaction receipt, so it includes the 21,000 intrinsic gas and the calldata.
 */
import hre from "hardhat";
import { deploySystem } from "../scripts/deploy";
import { signPermit } from "../test/shared/permit";
import { ETM } from "../test/shared/units";
import { assertInProcessChain, gasOf, reportAndWriteBaseline } from "./lib";
import type { Measurement } from "./lib";

/** Measures the token's operations and updates bench/token-baseline.json. */
export async function benchToken(): Promise<void> {
  assertInProcessChain();
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

  reportAndWriteBaseline("token", "Gas used by ETMToken operations.", measurements);
}

if (require.main === module) {
  benchToken().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
