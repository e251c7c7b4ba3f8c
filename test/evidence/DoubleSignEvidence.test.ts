/**
 * Issue 14: anyone proves a double sign with two QBFT headers, and the contracts slash on the proof
 * alone. Real pool and election (deploySystem): five candidates with known signer keys, an election
 * that installs a set of four, and the evidence contract holding the pool's SLASHER_ROLE. Headers are
 * built in TypeScript as Besu builds them (test/evidence/qbft.ts).
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { deploySystem } from "../../scripts/deploy";
import { DoubleSignEvidence__factory } from "../../typechain-types";
import { ETM, SIGNER_KEYS, WAD, registerValidator, SMALL_OPTIONS } from "../shared/fixtures";
import { mineToNextRound, Status } from "../shared/poolHelpers";
import { buildHeader, cancunSpec, type HeaderSpec } from "./qbft";

const { ethers } = hre;

const SEATS = 4;
const CANDIDATES = 5;
const SELF_STAKE = 10_000n * ETM;
const FIVE_PERCENT = WAD / 20n;
const TEN_PERCENT = WAD / 10n;

async function evidenceFixture() {
  const signers = await ethers.getSigners();
  const [admin, reporter, alice] = [signers[0]!, signers[1]!, signers[18]!];
  const operators = signers.slice(2, 2 + CANDIDATES);
  const system = await deploySystem({
    ...SMALL_OPTIONS,
    validatorCount: SEATS,
    roundLength: 100,
    unbondingBlocks: 5_000,
    treasury: admin.address,
  });
  const { token, pool, election } = system;
  const poolAddress = await pool.getAddress();
  for (const account of [...operators, alice]) {
    await token.connect(admin).transfer(account.address, 100_000n * ETM);
    await token.connect(account).approve(poolAddress, ethers.MaxUint256);
  }
  for (const [i, operator] of operators.entries()) {
    await registerValidator(pool, operator, SIGNER_KEYS[i]!, WAD / 10n, SELF_STAKE);
    await election.connect(operator).heartbeat();
  }
  await pool.connect(alice).stake(operators[0]!.address, 5_000n * ETM);
  await mineToNextRound(pool);
  const elected = await (await election.elect()).wait();
  const evidence = await new DoubleSignEvidence__factory(admin).deploy(
    poolAddress,
    await election.getAddress(),
    admin.address,
    FIVE_PERCENT,
    TEN_PERCENT,
  );
  await pool.connect(admin).grantRole(await pool.SLASHER_ROLE(), await evidence.getAddress());
  const setOperators = [...(await election.activeValidators())];
  const setSigners = [...(await election.getValidators())];
  const keyOf = (signer: string) =>
    SIGNER_KEYS.find((k) => k.address.toLowerCase() === signer.toLowerCase())!.signingKey;
  return {
    ...system,
    admin,
    reporter,
    alice,
    operators,
    evidence,
    setOperators,
    setSigners,
    keyOf,
    electedBlock: BigInt(elected!.blockNumber),
  };
}

type World = Awaited<ReturnType<typeof evidenceFixture>>;

/** Two different blocks at `blockNumber`, round `round`, each sealed by the signers at `sealers`. */
function conflictingHeaders(world: World, blockNumber: bigint, sealers: number[], round = 0) {
  const spec = (payload: string): HeaderSpec => cancunSpec(blockNumber, payload, round);
  const keys = sealers.map((i) => world.keyOf(world.setSigners[i]!));
  return [buildHeader(spec("block A"), keys).rlp, buildHeader(spec("block B"), keys).rlp] as const;
}

describe("DoubleSignEvidence: slashing on a proof of equivocation", () => {
  it("the election records each installed set from the block after its election", async () => {
    const { election, electedBlock, setSigners } = await loadFixture(evidenceFixture);
    const [setId, fromBlock] = await election.activeSetAt(electedBlock + 1n);
    expect([setId, fromBlock]).to.deep.equal([2n, electedBlock + 1n]);
    // The block of the election itself was still governed by the genesis set.
    expect((await election.activeSetAt(electedBlock))[0]).to.equal(1n);
    expect((await election.activeSetAt(0n))[0]).to.equal(1n);
    expect(setSigners).to.have.length(SEATS);
  });

  it("slashes 5% of the stake at the height, tombstones, pays the reporter 10% of it and burns the rest", async () => {
    const world = await loadFixture(evidenceFixture);
    const { pool, token, evidence, reporter, electedBlock, setOperators, setSigners } = world;
    const height = electedBlock + 5n;
    await mine(10);
    const offender = setOperators[1]!;
    const stakeBefore = await pool.validatorStake(offender);
    // Signer 1 sealed both blocks; 0 only A and 3 only B: only signer 1 double-signed.
    const keys = world.keyOf;
    const spec = (payload: string): HeaderSpec => cancunSpec(height, payload);
    const a = buildHeader(spec("A"), [keys(setSigners[1]!), keys(setSigners[0]!)]).rlp;
    const b = buildHeader(spec("B"), [keys(setSigners[1]!), keys(setSigners[3]!)]).rlp;
    const supplyBefore = await token.totalSupply();
    const balanceBefore = await token.balanceOf(reporter.address);
    const tx = await evidence.connect(reporter).submitDoubleSign(a, b, setOperators);
    const receipt = (await tx.wait())!;
    const slashed = receipt.logs
      .map((log) => {
        try {
          return pool.interface.parseLog(log);
        } catch {
          return null;
        }
      })
      .find((e) => e?.name === "Slashed")!;
    const burnedWei = (slashed.args.bondedBurnedWei as bigint) + (slashed.args.unbondingBurnedWei as bigint);
    expect(slashed.args.validator).to.equal(offender);
    expect(slashed.args.infractionBlock).to.equal(height);
    expect(burnedWei).to.equal((stakeBefore * FIVE_PERCENT) / WAD);
    const rewardWei = (burnedWei * TEN_PERCENT) / WAD;
    await expect(tx)
      .to.emit(evidence, "DoubleSignPunished")
      .withArgs(offender, setSigners[1], height, 0n, reporter.address, rewardWei);
    expect(await token.balanceOf(reporter.address)).to.equal(balanceBefore + rewardWei);
    const [accrued] = receipt.logs
      .map((log) => {
        try {
          return pool.interface.parseLog(log);
        } catch {
          return null;
        }
      })
      .filter((e) => e?.name === "Accrued");
    expect(await token.totalSupply()).to.equal(
      supplyBefore + (accrued ? (accrued.args.mintedWei as bigint) : 0n) - (burnedWei - rewardWei),
    );
    const info = await pool.validatorInfo(offender);
    expect(info.status).to.equal(Status.Tombstoned);
    expect(await pool.isCandidate(offender)).to.equal(false);
    // Its stakers keep the rest and can leave.
    expect(await pool.validatorStake(offender)).to.equal(stakeBefore - burnedWei);
    // The same equivocation cannot be punished twice.
    await expect(evidence.connect(reporter).submitDoubleSign(a, b, setOperators))
      .to.be.revertedWithCustomError(evidence, "NothingToPunish")
      .withArgs(height);
    // The signer never comes back, under any operator.
    expect(await pool.operatorOfSigner(setSigners[1]!)).to.equal(ethers.ZeroAddress);
  });

  it("a self-report never pays: the reward is at most what the operator's own stake lost; the tombstone ends its commission", async () => {
    const world = await loadFixture(evidenceFixture);
    const { pool, token, evidence, admin, alice, electedBlock, setOperators, setSigners } = world;
    const offender = setOperators[0]!;
    const operator = world.operators.find((o) => o.address === offender)!;
    // Delegated stake twice the self-stake, and the largest reporter share: 50% of the burn would be
    // more than the operator's own loss.
    await pool.connect(alice).stake(offender, 20_000n * ETM);
    await evidence.connect(admin).setReporterShare(WAD / 2n);
    await pool.connect(operator).setCommission(WAD / 10n + WAD / 50n);
    expect((await pool.validatorInfo(offender)).commissionEffectiveBlock).to.be.greaterThan(0n);
    await mine(5);
    const height = BigInt(await ethers.provider.getBlockNumber());
    await mine(1);
    const key = world.keyOf(setSigners[0]!);
    const spec = (payload: string): HeaderSpec => cancunSpec(height, payload);
    const selfBefore = await pool.stakeOf(offender, offender);
    const balanceBefore = await token.balanceOf(offender);
    const tx = await evidence
      .connect(operator)
      .submitDoubleSign(buildHeader(spec("A"), [key]).rlp, buildHeader(spec("B"), [key]).rlp, setOperators);
    const selfLost = selfBefore - (await pool.stakeOf(offender, offender));
    expect(selfLost).to.be.greaterThan(0n);
    const paid = (await token.balanceOf(offender)) - balanceBefore;
    expect(paid).to.equal(selfLost); // the cap binds: 50% of the whole burn would be more
    await expect(tx).to.emit(pool, "ReporterRewarded").withArgs(offender, offender, selfLost);
    const info = await pool.validatorInfo(offender);
    expect([info.status, info.commissionWad, info.commissionEffectiveBlock]).to.deep.equal([
      Status.Tombstoned,
      0n,
      0n,
    ]);
    // Its stakers earn without commission from now on: nothing more accrues to the operator as commission.
    const owed = await pool.pendingCommission(offender);
    await mine(100);
    expect(await pool.pendingCommission(offender)).to.equal(owed);
  });

  it("punishes every signer that sealed both blocks, in one call", async () => {
    const world = await loadFixture(evidenceFixture);
    const { pool, evidence, reporter, electedBlock, setOperators } = world;
    const [a, b] = conflictingHeaders(world, electedBlock + 3n, [0, 1, 2]);
    const tx = await evidence.connect(reporter).submitDoubleSign(a, b, setOperators);
    for (const i of [0, 1, 2]) {
      await expect(tx).to.emit(evidence, "DoubleSignPunished");
      expect((await pool.validatorInfo(setOperators[i]!)).status).to.equal(Status.Tombstoned);
    }
    expect((await pool.validatorInfo(setOperators[3]!)).status).to.equal(Status.Active);
  });

  it("the punished validator keeps its seat until the next election, which does not seat it again", async () => {
    const world = await loadFixture(evidenceFixture);
    const { pool, election, evidence, reporter, electedBlock, setOperators, operators } = world;
    const [a, b] = conflictingHeaders(world, electedBlock + 2n, [1]);
    await mine(5);
    await evidence.connect(reporter).submitDoubleSign(a, b, setOperators);
    // Not shrunk mid-round: Besu reads the same set until the next election.
    expect([...(await election.activeValidators())]).to.deep.equal(setOperators);
    for (const operator of operators)
      if (operator.address !== setOperators[1]) await election.connect(operator).heartbeat();
    await mineToNextRound(pool);
    await election.elect();
    const next = [...(await election.activeValidators())];
    expect(next).to.have.length(SEATS);
    expect(next).to.not.include(setOperators[1]);
  });

  it("refuses evidence that proves nothing or names the wrong set, changing nothing", async () => {
    const world = await loadFixture(evidenceFixture);
    const { evidence, reporter, electedBlock, setOperators, setSigners, keyOf } = world;
    const height = electedBlock + 2n;
    const spec = (payload: string, round = 0): HeaderSpec => cancunSpec(height, payload, round);
    const one = (i: number) => [keyOf(setSigners[i]!)];
    // Different rounds are not evidence (QBFT has no lock across rounds).
    await expect(
      evidence.submitDoubleSign(
        buildHeader(spec("A", 0), one(0)).rlp,
        buildHeader(spec("B", 1), one(0)).rlp,
        setOperators,
      ),
    )
      .to.be.revertedWithCustomError(evidence, "QbftDifferentRounds")
      .withArgs(0n, 1n);
    // No signer on both.
    await expect(
      evidence.submitDoubleSign(
        buildHeader(spec("A"), one(0)).rlp,
        buildHeader(spec("B"), one(1)).rlp,
        setOperators,
      ),
    )
      .to.be.revertedWithCustomError(evidence, "NoDoubleSigner")
      .withArgs(height, 0n);
    const [a, b] = conflictingHeaders(world, height, [0]);
    // The operators must be the set's, in order.
    const shuffled = [...setOperators].reverse();
    await expect(evidence.submitDoubleSign(a, b, shuffled)).to.be.revertedWithCustomError(
      evidence,
      "OperatorsMismatch",
    );
    // A signer outside the set at that height (a key that was never elected).
    const stranger = SIGNER_KEYS.find((k) => !setSigners.includes(k.address))!;
    await expect(
      evidence.submitDoubleSign(
        buildHeader(spec("A"), [stranger.signingKey]).rlp,
        buildHeader(spec("B"), [stranger.signingKey]).rlp,
        setOperators,
      ),
    )
      .to.be.revertedWithCustomError(evidence, "SignerNotActive")
      .withArgs(stranger.address, height, 2n);
    // Evidence older than the unbonding period: the pool refuses it.
    await mine(5_100);
    await expect(
      evidence.connect(reporter).submitDoubleSign(a, b, setOperators),
    ).to.be.revertedWithCustomError(world.pool, "InfractionTooOld");
    expect(
      await evidence.punished(
        ethers.keccak256(
          ethers.AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [setSigners[0], height]),
        ),
      ),
    ).to.equal(false);
  });

  it("parameters: governance (the parameter role) sets them within bounds", async () => {
    const { evidence, admin, reporter } = await loadFixture(evidenceFixture);
    await expect(evidence.connect(admin).setSlashFraction(WAD / 10n))
      .to.emit(evidence, "ParametersSet")
      .withArgs(WAD / 10n, TEN_PERCENT);
    await expect(evidence.connect(admin).setReporterShare(WAD / 4n))
      .to.emit(evidence, "ParametersSet")
      .withArgs(WAD / 10n, WAD / 4n);
    await expect(evidence.connect(admin).setSlashFraction(WAD + 1n))
      .to.be.revertedWithCustomError(evidence, "ParameterTooLarge")
      .withArgs(WAD + 1n, WAD);
    await expect(evidence.connect(admin).setReporterShare(WAD / 2n + 1n))
      .to.be.revertedWithCustomError(evidence, "ParameterTooLarge")
      .withArgs(WAD / 2n + 1n, WAD / 2n);
    for (const call of [
      () => evidence.connect(reporter).setSlashFraction(0n),
      () => evidence.connect(reporter).setReporterShare(0n),
    ])
      await expect(call()).to.be.revertedWithCustomError(evidence, "AccessControlUnauthorizedAccount");
  });
});
