import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { dataSlice } from "ethers";
import { commitmentOf, revealContribution, xor32, REVEAL_MIX_START } from "../model/election";
import {
  electionFixture,
  ROUND,
  roundInfo,
  toNextRound,
  toRevealPhase,
  heartbeats,
  secretOf,
  blockNumber,
  nextTxAt,
} from "./fixtures";

const { ethers } = hre;

describe("ValidatorElection: rounds, heartbeats, commit–reveal", () => {
  describe("rounds", () => {
    it("numbers rounds of roundLength blocks from the deployment block", async () => {
      const { election } = await loadFixture(electionFixture);
      const first = await roundInfo(election);
      expect(first.round).to.equal(0n);
      await nextTxAt(first.end - 1n);
      await mine(1); // block end - 1: still round 0
      expect(await election.currentRound()).to.equal(0n);
      await mine(1); // block end: round 1
      expect(await election.currentRound()).to.equal(1n);
      await mine(ROUND * 3);
      expect(await election.currentRound()).to.equal(4n);
      const info = await roundInfo(election);
      expect(info.start).to.equal(first.start + 4n * BigInt(ROUND));
      expect(info.revealStart).to.equal(info.start + BigInt(ROUND / 2));
    });
  });

  describe("heartbeat", () => {
    it("records the operator's round when sent by the operator", async () => {
      const { election, operators } = await loadFixture(electionFixture);
      await expect(election.connect(operators[0]).heartbeat())
        .to.emit(election, "Heartbeat")
        .withArgs(operators[0].address, operators[0].address, 0);
      expect(await election.heartbeatOf(operators[0].address)).to.deep.equal([true, 0n, false, 0n]);
    });

    it("records the operator when sent by its signer", async () => {
      const { election, operators, signers } = await loadFixture(electionFixture);
      await expect(election.connect(signers[1]).heartbeat())
        .to.emit(election, "Heartbeat")
        .withArgs(operators[1].address, signers[1].address, 0);
      expect((await election.heartbeatOf(operators[1].address))[0]).to.equal(true);
      expect((await election.heartbeatOf(signers[1].address))[0]).to.equal(false);
    });

    it("keeps the last two distinct rounds; a repeat in the same round changes nothing", async () => {
      const { election, operators } = await loadFixture(electionFixture);
      const op = election.connect(operators[0]);
      await op.heartbeat();
      await op.heartbeat();
      expect(await election.heartbeatOf(operators[0].address)).to.deep.equal([true, 0n, false, 0n]);
      await toNextRound(election);
      await op.heartbeat();
      expect(await election.heartbeatOf(operators[0].address)).to.deep.equal([true, 1n, true, 0n]);
      await mine(ROUND * 2);
      await op.heartbeat();
      expect(await election.heartbeatOf(operators[0].address)).to.deep.equal([true, 3n, true, 1n]);
    });

    it("rejects a stranger, a genesis signer that is not a candidate, and a deregistered operator", async () => {
      const { election, registry, strangers, genesis, operators } = await loadFixture(electionFixture);
      await expect(election.connect(strangers[0]).heartbeat())
        .to.be.revertedWithCustomError(election, "NotACandidate")
        .withArgs(strangers[0].address);
      await expect(election.connect(genesis[0]).heartbeat())
        .to.be.revertedWithCustomError(election, "NotACandidate")
        .withArgs(genesis[0].address);
      await registry.removeCandidate(operators[2].address);
      await expect(election.connect(operators[2]).heartbeat())
        .to.be.revertedWithCustomError(election, "NotACandidate")
        .withArgs(operators[2].address);
      expect((await election.heartbeatOf(operators[2].address))[0]).to.equal(false);
    });
  });

  describe("commit", () => {
    it("accepts a commitment from an active validator in the commit phase", async () => {
      const { election, genesis } = await loadFixture(electionFixture);
      const commitment = commitmentOf(genesis[0].address, 0, secretOf(0));
      expect(await election.computeCommitment(genesis[0].address, 0, secretOf(0))).to.equal(commitment);
      const kept = dataSlice(commitment, 0, 20);
      await expect(election.connect(genesis[0]).commit(commitment))
        .to.emit(election, "Committed")
        .withArgs(0, genesis[0].address, kept);
      expect(await election.commitmentOf(genesis[0].address)).to.deep.equal([true, 0n, kept]);
      expect(await election.commitmentOf(genesis[1].address)).to.deep.equal([
        false,
        0n,
        "0x" + "00".repeat(20),
      ]);
    });

    it("accepts the signer of an elected operator (resolved through the registry)", async () => {
      const { election, operators, signers, registry } = await loadFixture(electionFixture);
      await heartbeats(election, operators.slice(0, 6));
      await toNextRound(election);
      await election.elect();
      const seated = await election.activeValidators();
      const index = operators.findIndex((o) => o.address === seated[0]);
      const round = await election.currentRound();
      const commitment = commitmentOf(seated[0], round, secretOf("s"));
      expect(await registry.operatorOfSigner(signers[index].address)).to.equal(seated[0]);
      await expect(election.connect(signers[index]).commit(commitment))
        .to.emit(election, "Committed")
        .withArgs(round, seated[0], dataSlice(commitment, 0, 20));
    });

    it("rejects a zero commitment", async () => {
      const { election, genesis } = await loadFixture(electionFixture);
      const zeroPrefix = "0x" + "00".repeat(20) + "ff".repeat(12);
      await expect(election.connect(genesis[0]).commit(zeroPrefix)).to.be.revertedWithCustomError(
        election,
        "ZeroCommitment",
      );
    });

    it("rejects outside the commit phase", async () => {
      const { election, genesis } = await loadFixture(electionFixture);
      const info = await roundInfo(election);
      await toRevealPhase(election);
      await expect(election.connect(genesis[0]).commit(commitmentOf(genesis[0].address, 0, secretOf(0))))
        .to.be.revertedWithCustomError(election, "OutsideCommitPhase")
        .withArgs(info.revealStart, info.start, info.revealStart);
      expect((await election.commitmentOf(genesis[0].address))[0]).to.equal(false);
    });

    it("rejects before the round's election has run", async () => {
      const { election, genesis } = await loadFixture(electionFixture);
      await toNextRound(election);
      await expect(election.connect(genesis[0]).commit(commitmentOf(genesis[0].address, 1, secretOf(0))))
        .to.be.revertedWithCustomError(election, "ElectionPending")
        .withArgs(1, 0);
    });

    it("rejects anyone not in the active set, and signers of operators not seated", async () => {
      const { election, strangers, operators, signers } = await loadFixture(electionFixture);
      const c = commitmentOf(strangers[0].address, 0, secretOf(0));
      await expect(election.connect(strangers[0]).commit(c))
        .to.be.revertedWithCustomError(election, "NotAnActiveValidator")
        .withArgs(strangers[0].address);
      await expect(election.connect(operators[0]).commit(c))
        .to.be.revertedWithCustomError(election, "NotAnActiveValidator")
        .withArgs(operators[0].address);
      await expect(election.connect(signers[0]).commit(c))
        .to.be.revertedWithCustomError(election, "NotAnActiveValidator")
        .withArgs(signers[0].address);
    });

    it("rejects a second commitment in the same round", async () => {
      const { election, genesis } = await loadFixture(electionFixture);
      const c = commitmentOf(genesis[0].address, 0, secretOf(0));
      await election.connect(genesis[0]).commit(c);
      await expect(election.connect(genesis[0]).commit(commitmentOf(genesis[0].address, 0, secretOf(1))))
        .to.be.revertedWithCustomError(election, "AlreadyCommitted")
        .withArgs(genesis[0].address, 0);
      expect((await election.commitmentOf(genesis[0].address))[2]).to.equal(dataSlice(c, 0, 20));
    });
  });

  describe("reveal", () => {
    async function committedFixture() {
      const world = await electionFixture();
      for (const [i, g] of world.genesis.entries())
        await world.election.connect(g).commit(commitmentOf(g.address, 0, secretOf(i)));
      return world;
    }

    it("reveals in the reveal phase: XORs the contribution into the mix and clears the commitment", async () => {
      const { election, genesis } = await loadFixture(committedFixture);
      await toRevealPhase(election);
      await expect(election.connect(genesis[0]).reveal(secretOf(0)))
        .to.emit(election, "Revealed")
        .withArgs(0, genesis[0].address, secretOf(0));
      let mix = xor32(REVEAL_MIX_START, revealContribution(genesis[0].address, secretOf(0)));
      expect(await election.revealMix()).to.equal(mix);
      expect(await election.commitmentOf(genesis[0].address)).to.deep.equal([
        true,
        0n,
        "0x" + "00".repeat(20),
      ]);
      await election.connect(genesis[2]).reveal(secretOf(2));
      mix = xor32(mix, revealContribution(genesis[2].address, secretOf(2)));
      expect(await election.revealMix()).to.equal(mix);
    });

    it("does not depend on the order of reveals", async () => {
      const { election, genesis } = await loadFixture(committedFixture);
      await toRevealPhase(election);
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      for (const i of [0, 1, 2, 3]) await election.connect(genesis[i]).reveal(secretOf(i));
      const forward = await election.revealMix();
      await ethers.provider.send("evm_revert", [snapshot]);
      for (const i of [3, 1, 0, 2]) await election.connect(genesis[i]).reveal(secretOf(i));
      expect(await election.revealMix()).to.equal(forward);
    });

    it("rejects during the commit phase", async () => {
      const { election, genesis } = await loadFixture(committedFixture);
      const info = await roundInfo(election);
      const at = (await blockNumber()) + 1n;
      await expect(election.connect(genesis[0]).reveal(secretOf(0)))
        .to.be.revertedWithCustomError(election, "OutsideRevealPhase")
        .withArgs(at, info.revealStart, info.end);
    });

    it("rejects a wrong secret, naming both hashes", async () => {
      const { election, genesis } = await loadFixture(committedFixture);
      await toRevealPhase(election);
      const committed = dataSlice(commitmentOf(genesis[0].address, 0, secretOf(0)), 0, 20);
      const computed = dataSlice(commitmentOf(genesis[0].address, 0, secretOf(9)), 0, 20);
      await expect(election.connect(genesis[0]).reveal(secretOf(9)))
        .to.be.revertedWithCustomError(election, "SecretMismatch")
        .withArgs(genesis[0].address, committed, computed);
      expect(await election.revealMix()).to.equal(REVEAL_MIX_START);
    });

    it("rejects a reveal without a commitment, a second reveal, and a reveal in a later round", async () => {
      const { election, genesis, strangers } = await loadFixture(committedFixture);
      await toRevealPhase(election);
      await expect(election.connect(strangers[0]).reveal(secretOf(0)))
        .to.be.revertedWithCustomError(election, "NothingToReveal")
        .withArgs(strangers[0].address, 0);
      await election.connect(genesis[0]).reveal(secretOf(0));
      await expect(election.connect(genesis[0]).reveal(secretOf(0)))
        .to.be.revertedWithCustomError(election, "NothingToReveal")
        .withArgs(genesis[0].address, 0);
      await toNextRound(election);
      await mine(ROUND / 2);
      await expect(election.connect(genesis[1]).reveal(secretOf(1)))
        .to.be.revertedWithCustomError(election, "NothingToReveal")
        .withArgs(genesis[1].address, 1);
    });

    it("lets the signer of an elected operator reveal, and names the operator when it has nothing", async () => {
      const { election, operators, signers } = await loadFixture(electionFixture);
      await heartbeats(election, operators.slice(0, 6));
      await toNextRound(election);
      await election.elect();
      const seated = await election.activeValidators();
      const round = await election.currentRound();
      const i = operators.findIndex((o) => o.address === seated[0]);
      const j = operators.findIndex((o) => o.address === seated[1]);
      await election.connect(signers[i]).commit(commitmentOf(seated[0], round, secretOf("a")));
      await toRevealPhase(election);
      await expect(election.connect(signers[j]).reveal(secretOf("b")))
        .to.be.revertedWithCustomError(election, "NothingToReveal")
        .withArgs(seated[1], round);
      await expect(election.connect(signers[i]).reveal(secretOf("a")))
        .to.emit(election, "Revealed")
        .withArgs(round, seated[0], secretOf("a"));
    });
  });
});
