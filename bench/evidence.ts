/**
 * Gas of the double-sign check (contracts/evidence/QbftHeader.sol, through its harness): two Cancun
 * headers of the same height and round with different contents, each sealed by 4 and by 21
 * validators. `estimateGas` of the view call (intrinsic gas and calldata included), compared with and
 * rewriting bench/evidence-baseline.json.
 */
import { ethers } from "hardhat";
import { QbftHeaderHarness__factory } from "../typechain-types";
import { addressOf, buildHeader, validatorKey } from "../test/evidence/qbft";
import type { HeaderSpec } from "../test/evidence/qbft";
import { assertInProcessChain, reportAndWriteBaseline } from "./lib";
import type { Measurement } from "./lib";

export async function benchEvidence(): Promise<void> {
  assertInProcessChain();
  const [deployer] = await ethers.getSigners();
  const harness = await new QbftHeaderHarness__factory(deployer).deploy();
  const keys = Array.from({ length: 21 }, (_, i) => validatorKey(i));
  const measurements: Measurement[] = [];
  for (const seals of [4, 21]) {
    const spec: HeaderSpec = {
      fork: "cancun",
      blockNumber: 123_456n,
      round: 1,
      validators: keys.slice(0, seals).map(addressOf),
    };
    const a = buildHeader({ ...spec, payload: "A" }, keys.slice(0, seals));
    const b = buildHeader({ ...spec, payload: "B" }, keys.slice(0, seals));
    const [, , signers] = await harness.doubleSigners(a.rlp, b.rlp);
    if (signers.length !== seals)
      throw new Error(`expected ${seals} double signers, found ${signers.length}`);
    const bytes = ethers.dataLength(harness.interface.encodeFunctionData("doubleSigners", [a.rlp, b.rlp]));
    measurements.push({
      operation: `doubleSigners, ${seals} seals per header`,
      conditions: `two Cancun headers (${bytes}-byte call), ${seals} validators, all sealed both`,
      gasUsed: Number(await harness.doubleSigners.estimateGas(a.rlp, b.rlp)),
    });
  }
  reportAndWriteBaseline(
    "evidence",
    "Double-sign evidence: decoding two QBFT headers, hashing and recovering every commit seal.",
    measurements,
  );
}
