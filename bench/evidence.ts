/**
 * Gas of the double-sign check (contracts/evidence/QbftHeader.sol, through its harness): two Cancun
 * headers of the same height and round with different contents, each sealed by 4 and by 21
 * validators. `estimateGas` of the view call (intrinsic gas and calldata included), compared with and
 * rewriting bench/evidence-baseline.json. Then the whole proof, `DoubleSignEvidence.submitDoubleSign`,
 * on a deployed system whose active set of 4 (21) validators all sealed both blocks: every one is
 * slashed (5%), tombstoned and the reporter paid (receipt gas).
 */
import { ethers } from "hardhat";
import { mine } from "@nomicfoundation/hardhat-network-helpers";
import { QbftHeaderHarness__factory } from "../typechain-types";
import { deploySystem } from "../scripts/deploy";
import { registerValidatorSigned } from "../scripts/lib/signerProof";
import { addressOf, buildHeader, validatorKey } from "../test/evidence/qbft";
import type { HeaderSpec } from "../test/evidence/qbft";
import { assertInProcessChain, benchWallet, reportAndWriteBaseline } from "./lib";
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
  for (const seats of [4, 21]) measurements.push(await submitDoubleSign(seats));
  reportAndWriteBaseline(
    "evidence",
    "Double-sign evidence: decoding two QBFT headers, hashing and recovering every commit seal.",
    measurements,
  );
}

/** submitDoubleSign against an active set of `seats` validators that all sealed both headers. */
async function submitDoubleSign(seats: number): Promise<Measurement> {
  const [admin, reporter] = await ethers.getSigners();
  const system = await deploySystem({ validatorCount: seats, roundLength: 100, unbondingBlocks: 100_000 });
  const { token, pool, election, evidence } = system;
  const keys = Array.from({ length: seats }, (_, i) => validatorKey(i));
  for (const key of keys) {
    const operator = benchWallet(`evidence ${seats} operator ${keys.indexOf(key)}`);
    await ethers.provider.send("hardhat_setBalance", [operator.address, "0x56BC75E2D63100000"]);
    await token.connect(admin).transfer(operator.address, 20_000n * 10n ** 18n);
    await token.connect(operator).approve(await pool.getAddress(), ethers.MaxUint256);
    const signer = new ethers.Wallet(key.privateKey);
    await registerValidatorSigned(pool, operator, signer, 10n ** 17n, 10_000n * 10n ** 18n);
    await election.connect(operator).heartbeat();
  }
  const [, start, length] = await election.roundInfo();
  const latest = BigInt(await ethers.provider.getBlockNumber());
  await mine(start + length - latest - 1n);
  const elected = (await (await election.elect()).wait())!;
  await mine(10);
  const operators = [...(await election.activeValidators())];
  if (operators.length !== seats) throw new Error(`expected ${seats} seats, got ${operators.length}`);
  const spec: HeaderSpec = {
    fork: "cancun",
    blockNumber: BigInt(elected.blockNumber) + 2n,
    round: 0,
    validators: [],
  };
  const a = buildHeader({ ...spec, payload: "A" }, keys);
  const b = buildHeader({ ...spec, payload: "B" }, keys);
  const receipt = (await (
    await evidence.connect(reporter).submitDoubleSign(a.rlp, b.rlp, operators)
  ).wait())!;
  return {
    operation: `submitDoubleSign, ${seats} seals per header`,
    conditions: `active set of ${seats}, all sealed both blocks: ${seats} validators slashed 5%, tombstoned, reporter paid`,
    gasUsed: Number(receipt.gasUsed),
  };
}
