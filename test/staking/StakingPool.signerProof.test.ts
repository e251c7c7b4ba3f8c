/**
 * Keys prove themselves and a punished key stays punished (issue 13, item 4): a registration carries
 * the signer key's EIP-712 signature of SignerProof(signer, operator) for this pool and chain; a
 * signer stays reserved while its last validator is jailed, and forever after a tombstone.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, keccak256, Signature, solidityPacked, toUtf8Bytes, verifyTypedData, Wallet } from "ethers";
import { deploySystem } from "../../scripts/deploy";
import {
  SIGNER_PROOF_TYPES,
  signerProofDigest,
  signerProofDomain,
  signSignerProof,
} from "../../lib/signerProof";
import { ETM, SIGNER_KEYS, SIGNERS, WAD, validatorsFixture } from "../shared/fixtures";
import { expectRevertNoChange, observed, nextBlock } from "../shared/poolHelpers";
import { registerValidator, signerProofFor } from "../shared/signerProof";

const REASON = ethers.encodeBytes32String("double-sign");

/** Mines until the latest block is `block - 1`, so the next transaction runs in `block`. */
async function mineUntilNextIs(block: bigint) {
  const latest = BigInt(await ethers.provider.getBlockNumber());
  if (block - 1n > latest) await mine(block - 1n - latest);
}

/** The address a proof (r, vs) recovers to for `operator` and `signer` on `pool` (chain of the node). */
async function recoveredBy(pool: string, signer: string, operator: string, proof: { r: string; vs: string }) {
  const { chainId } = await ethers.provider.getNetwork();
  return verifyTypedData(
    signerProofDomain(pool, chainId),
    SIGNER_PROOF_TYPES,
    { signer, operator },
    Signature.from({ r: proof.r, yParityAndS: proof.vs }),
  );
}

describe("StakingPool: signer proofs and reserved signers", () => {
  describe("the proof", () => {
    it("is the EIP-712 digest of SignerProof(signer, operator) under {ETM StakingPool, 1, chainId, pool}", async () => {
      const { pool, operators } = await loadFixture(validatorsFixture);
      const poolAddress = await pool.getAddress();
      const { chainId } = await ethers.provider.getNetwork();
      const coder = AbiCoder.defaultAbiCoder();
      const domainSeparator = keccak256(
        coder.encode(
          ["bytes32", "bytes32", "bytes32", "uint256", "address"],
          [
            keccak256(
              toUtf8Bytes(
                "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
              ),
            ),
            keccak256(toUtf8Bytes("ETM StakingPool")),
            keccak256(toUtf8Bytes("1")),
            chainId,
            poolAddress,
          ],
        ),
      );
      const structHash = keccak256(
        coder.encode(
          ["bytes32", "address", "address"],
          [
            keccak256(toUtf8Bytes("SignerProof(address signer,address operator)")),
            SIGNERS[2],
            operators[2]!.address,
          ],
        ),
      );
      const digest = keccak256(
        solidityPacked(["bytes2", "bytes32", "bytes32"], ["0x1901", domainSeparator, structHash]),
      );
      expect(
        signerProofDigest({
          signer: SIGNERS[2]!,
          operator: operators[2]!.address,
          pool: poolAddress,
          chainId,
        }),
      ).to.equal(digest);
      // The honest path: the signer key's proof registers the operator with that signer.
      await expect(registerValidator(pool, operators[2]!, SIGNERS[2]!, WAD / 10n, 100n * ETM))
        .to.emit(pool, "ValidatorRegistered")
        .withArgs(operators[2]!.address, SIGNERS[2], WAD / 10n, 100n * ETM);
      expect(await pool.operatorOfSigner(SIGNERS[2]!)).to.equal(operators[2]!.address);
      expect(await pool.signerOf(operators[2]!.address)).to.equal(SIGNERS[2]);
    });

    it("refuses a signer whose key the operator does not hold (squatting): InvalidSignerProof with what it recovers to", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const attacker = ctx.operators[2]!;
      // The attacker signs with its own key, claiming SIGNERS[2] (another node's address).
      const proof = await signerProofFor(ctx.pool, attacker.address, attacker);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(attacker).registerValidator(SIGNERS[2]!, 0n, 100n * ETM, proof.r, proof.vs),
        ctx.pool,
        "InvalidSignerProof",
        [SIGNERS[2], await recoveredBy(ctx.poolAddress, SIGNERS[2]!, attacker.address, proof)],
      );
      expect(await ctx.pool.operatorOfSigner(SIGNERS[2]!)).to.equal(ethers.ZeroAddress);
      // Nor another operator's signer in use (its heartbeats would count for the squatter's entry):
      // the proof is checked first, so the refusal says the key is missing.
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => ctx.pool.connect(attacker).registerValidator(SIGNERS[0]!, 0n, 100n * ETM, proof.r, proof.vs),
        ctx.pool,
        "InvalidSignerProof",
        [SIGNERS[0], await recoveredBy(ctx.poolAddress, SIGNERS[0]!, attacker.address, proof)],
      );
    });

    it("refuses a proof copied from another operator's registration (front-running), which then goes through", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const [honest, thief] = [ctx.operators[2]!, ctx.operators[3]!];
      const honestProof = await signerProofFor(ctx.pool, honest.address, SIGNER_KEYS[2]!);
      const recovered = await recoveredBy(ctx.poolAddress, SIGNERS[2]!, thief.address, honestProof);
      expect(recovered).to.not.equal(SIGNERS[2]);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () =>
          ctx.pool
            .connect(thief)
            .registerValidator(SIGNERS[2]!, 0n, 100n * ETM, honestProof.r, honestProof.vs),
        ctx.pool,
        "InvalidSignerProof",
        [SIGNERS[2], recovered],
      );
      await expect(
        ctx.pool
          .connect(honest)
          .registerValidator(SIGNERS[2]!, 0n, 100n * ETM, honestProof.r, honestProof.vs),
      )
        .to.emit(ctx.pool, "ValidatorRegistered")
        .withArgs(honest.address, SIGNERS[2], 0n, 100n * ETM);
    });

    it("refuses a proof replayed from another pool or another chain", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const operator = ctx.operators[2]!;
      const { chainId } = await ethers.provider.getNetwork();
      const other = await deploySystem();
      const otherPool = await other.pool.getAddress();
      for (const subject of [
        { pool: otherPool, chainId }, // same chain, another pool
        { pool: ctx.poolAddress, chainId: chainId + 1n }, // same pool address, another chain
      ]) {
        const replayed = await signSignerProof(SIGNER_KEYS[2]!, { operator: operator.address, ...subject });
        await expectRevertNoChange(
          ctx,
          observed(ctx),
          () =>
            ctx.pool
              .connect(operator)
              .registerValidator(SIGNERS[2]!, 0n, 100n * ETM, replayed.r, replayed.vs),
          ctx.pool,
          "InvalidSignerProof",
          [SIGNERS[2], await recoveredBy(ctx.poolAddress, SIGNERS[2]!, operator.address, replayed)],
        );
      }
    });

    it("refuses a missing proof and one with a high s (malleable) as recovering to the zero address", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const operator = ctx.operators[2]!;
      const proof = await signerProofFor(ctx.pool, operator.address, SIGNER_KEYS[2]!);
      // s = n/2 + 1, the smallest s ECDSA refuses (the other half of the curve order is malleable).
      const halfOrder = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
      const highS = ethers.toBeHex(halfOrder + 1n, 32);
      for (const [r, vs] of [
        [ethers.ZeroHash, ethers.ZeroHash],
        [proof.r, highS],
      ]) {
        await expectRevertNoChange(
          ctx,
          observed(ctx),
          () => ctx.pool.connect(operator).registerValidator(SIGNERS[2]!, 0n, 100n * ETM, r!, vs!),
          ctx.pool,
          "InvalidSignerProof",
          [SIGNERS[2], ethers.ZeroAddress],
        );
      }
    });

    it("lets an operator be its own signer (its account key signs)", async () => {
      const { pool, operators } = await loadFixture(validatorsFixture);
      await expect(registerValidator(pool, operators[2]!, operators[2]!.address, 0n, 100n * ETM))
        .to.emit(pool, "ValidatorRegistered")
        .withArgs(operators[2]!.address, operators[2]!.address, 0n, 100n * ETM);
    });
  });

  describe("reserved signers", () => {
    it("a jailed validator that deregisters cannot hand its signer to a new operator before its jail ends", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0 } = ctx;
      const newOperator = ctx.operators[2]!;
      const slashTx = await pool.connect(admin).slash(op0.address, WAD / 10n, await nextBlock(), REASON);
      const jailedUntil = BigInt((await slashTx.wait())!.blockNumber) + 200n;
      expect((await pool.validatorInfo(op0.address)).jailedUntilBlock).to.equal(jailedUntil);
      await pool.connect(op0).deregisterValidator();
      expect(await pool.operatorOfSigner(SIGNERS[0]!)).to.equal(ethers.ZeroAddress);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => registerValidator(pool, newOperator, SIGNERS[0]!, 0n, 100n * ETM),
        pool,
        "SignerReserved",
        [SIGNERS[0], op0.address, jailedUntil],
      );
      // The last block of the jail still refuses it; the block the jail ends accepts it.
      await mineUntilNextIs(jailedUntil - 1n);
      await expect(registerValidator(pool, newOperator, SIGNERS[0]!, 0n, 100n * ETM))
        .to.be.revertedWithCustomError(pool, "SignerReserved")
        .withArgs(SIGNERS[0], op0.address, jailedUntil);
      await mineUntilNextIs(jailedUntil);
      const tx = await registerValidator(pool, newOperator, SIGNERS[0]!, 0n, 100n * ETM);
      expect((await tx.wait())!.blockNumber).to.equal(Number(jailedUntil));
      expect(await pool.operatorOfSigner(SIGNERS[0]!)).to.equal(newOperator.address);
    });

    it("the election's jail (a non-revealer) reserves the signer the same way", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, election, op1 } = ctx;
      const until = BigInt(await ethers.provider.getBlockNumber()) + 1_000n;
      await pool.connect(election).jail(op1.address, until);
      await pool.connect(op1).deregisterValidator();
      await expect(registerValidator(pool, ctx.operators[2]!, SIGNERS[1]!, 0n, 100n * ETM))
        .to.be.revertedWithCustomError(pool, "SignerReserved")
        .withArgs(SIGNERS[1], op1.address, until);
    });

    it("a tombstoned validator's signer is reserved forever", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0 } = ctx;
      await pool.connect(admin).slash(op0.address, WAD, await nextBlock(), REASON);
      expect((await pool.validatorInfo(op0.address)).status).to.equal(3n); // Tombstoned
      await mine(10_000); // long after the jail (200 blocks)
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => registerValidator(pool, ctx.operators[2]!, SIGNERS[0]!, 0n, 100n * ETM),
        pool,
        "SignerReserved",
        [SIGNERS[0], op0.address, ethers.MaxUint256],
      );
    });

    it("leaving first does not help: a validator tombstoned after it deregistered keeps its signer reserved", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op1 } = ctx;
      await pool.connect(op1).deregisterValidator();
      // Evidence arriving within the unbonding period tombstones the deregistered validator; the
      // reservation is read at registration time, so its signer is reserved for good.
      await pool.connect(admin).slash(op1.address, WAD, await nextBlock(), REASON);
      await mine(10_000);
      await expect(registerValidator(pool, ctx.operators[3]!, SIGNERS[1]!, 0n, 100n * ETM))
        .to.be.revertedWithCustomError(pool, "SignerReserved")
        .withArgs(SIGNERS[1], op1.address, ethers.MaxUint256);
    });

    it("a signer that served a validator that left unpunished is free again, and the proof must name the new operator", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, op0 } = ctx;
      await pool.connect(op0).deregisterValidator();
      const newOperator = ctx.operators[2]!;
      // The proof op0 once used does not serve the new operator: a fresh one by the signer key does.
      const oldProof = await signerProofFor(pool, op0.address, SIGNER_KEYS[0]!);
      await expect(
        pool.connect(newOperator).registerValidator(SIGNERS[0]!, 0n, 100n * ETM, oldProof.r, oldProof.vs),
      )
        .to.be.revertedWithCustomError(pool, "InvalidSignerProof")
        .withArgs(SIGNERS[0], await recoveredBy(ctx.poolAddress, SIGNERS[0]!, newOperator.address, oldProof));
      await expect(registerValidator(pool, newOperator, SIGNERS[0]!, 0n, 100n * ETM))
        .to.emit(pool, "ValidatorRegistered")
        .withArgs(newOperator.address, SIGNERS[0], 0n, 100n * ETM);
    });

    it("a key that is both signer and operator cannot come back as the signer of a new operator after a tombstone", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin } = ctx;
      const selfSigned = ctx.operators[2]!;
      await registerValidator(pool, selfSigned, selfSigned.address, 0n, 100n * ETM);
      await pool.connect(admin).slash(selfSigned.address, WAD, await nextBlock(), REASON);
      await mine(1_000);
      await expect(registerValidator(pool, ctx.operators[3]!, selfSigned.address, 0n, 100n * ETM))
        .to.be.revertedWithCustomError(pool, "SignerReserved")
        .withArgs(selfSigned.address, selfSigned.address, ethers.MaxUint256);
      // A brand-new key is the way back for its owner.
      const newKey = Wallet.createRandom();
      await expect(registerValidator(pool, ctx.operators[3]!, newKey, 0n, 100n * ETM)).to.emit(
        pool,
        "ValidatorRegistered",
      );
    });
  });
});
