import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { commitmentOf, ZERO_HASH } from "../model/election";
import {
  ETM,
  JAIL_BLOCKS,
  ROUND,
  electionFixture,
  tenCandidatesFixture,
  deployWorldWith,
  roundInfo,
  toNextRound,
  toRevealPhase,
  heartbeats,
  secretOf,
  electAndVerify,
  blockNumber,
  modelCandidates,
  nextTxAt,
} from "./fixtures";

const { ethers } = hre;

describe("ValidatorElection: elect()", () => {
  /** Six registered candidates, all with a heartbeat in round 0. */
  async function liveFixture() {
    const world = await electionFixture();
    await heartbeats(world.election, world.operators.slice(0, 6));
    return world;
  }

  describe("timing", () => {
    it("cannot run before round 0 has ended, nor twice for a round", async () => {
      const { election } = await loadFixture(liveFixture);
      const first = await roundInfo(election);
      await expect(election.elect())
        .to.be.revertedWithCustomError(election, "ElectionNotDue")
        .withArgs(0, first.end);
      await toNextRound(election);
      await election.elect();
      await expect(election.elect())
        .to.be.revertedWithCustomError(election, "ElectionNotDue")
        .withArgs(1, first.end + BigInt(ROUND));
      expect(await election.nextElectionBlock()).to.equal(first.end + BigInt(ROUND));
    });

    it("is permissionless, and due from the first block of the next round", async () => {
      const world = await loadFixture(liveFixture);
      const { end } = await roundInfo(world.election);
      await toNextRound(world.election);
      expect(await world.election.nextElectionBlock()).to.equal(end);
      const tx = await world.election.connect(world.strangers[0]).elect();
      expect((await tx.wait())!.blockNumber).to.equal(Number(end));
      // while an election is due, nextElectionBlock is the current round's first block
      await mine(ROUND * 2);
      expect(await world.election.nextElectionBlock()).to.equal(end + BigInt(ROUND * 2));
    });

    it("elected late, elects for the round it runs in; the missed rounds kept the previous set", async () => {
      const world = await loadFixture(liveFixture);
      const genesisSet = await world.election.getValidators();
      await mine(ROUND * 2); // now in round 2, nobody elected for rounds 1 and 2
      expect(await world.election.getValidators()).to.deep.equal(genesisSet);
      // heartbeats of round 0 count for the elections of rounds 1 and 2 only
      const { round, outcome } = await electAndVerify(world, { now: true });
      expect(round).to.equal(2n);
      expect(outcome.installed).to.equal(true);
      expect(await world.election.electedRound()).to.equal(2n);
    });

    it("uses a zero block hash when the previous round's last block is more than 256 blocks old", async () => {
      const world = await deployWorldWith({ roundLength: 600 });
      await heartbeats(world.election, world.operators.slice(0, 6));
      const { end } = await roundInfo(world.election);
      await nextTxAt(end + 300n); // round 1, 301 blocks after round 0's last block
      const { tx } = await electAndVerify(world, { now: true });
      await expect(tx)
        .to.emit(world.election, "SeedDerived")
        .withArgs(1, 0, anyValue, anyValue, ZERO_HASH, 0);
    });
  });

  describe("the draw", () => {
    it("installs the model's set: stake-weighted, shuffled, signers for Besu, operators in the same order", async () => {
      const world = await loadFixture(liveFixture);
      const { election } = world;
      const { outcome, round } = await electAndVerify(world);
      expect(outcome.installed).to.equal(true);
      if (!outcome.installed) return;
      expect(outcome.operators).to.have.length(4);
      expect(new Set(outcome.signers).size).to.equal(4);
      for (const operator of outcome.operators)
        expect(await election.isActiveValidator(operator)).to.equal(true);
      for (const g of world.genesis) expect(await election.isActiveValidator(g.address)).to.equal(false);
      expect(await election.activeSetId()).to.equal(2n);
      expect(round).to.equal(1n);
    });

    it("draws min(validatorCount, eligible): all live candidates when fewer than the seats", async () => {
      const world = await loadFixture(tenCandidatesFixture);
      await world.election.setValidatorCount(8);
      await heartbeats(world.election, world.operators.slice(0, 5));
      const { outcome } = await electAndVerify(world);
      expect(outcome.installed && outcome.operators.length).to.equal(5);
      if (outcome.installed)
        expect([...outcome.operators].sort()).to.deep.equal(
          world.operators
            .slice(0, 5)
            .map((o) => o.address)
            .sort(),
        );
    });

    it("keeps the previous set, saying why, when fewer than 4 candidates are eligible", async () => {
      const world = await loadFixture(electionFixture);
      const { election, genesis } = world;
      await heartbeats(election, world.operators.slice(0, 3));
      await toNextRound(election);
      const seedBefore = await election.seed();
      await expect(election.elect()).to.emit(election, "PreviousSetKept").withArgs(1, 1, 3, 4);
      expect(await election.getValidators()).to.deep.equal(genesis.map((g) => g.address));
      expect(await election.electedRound()).to.equal(1n);
      expect(await election.seed()).to.not.equal(seedBefore);
      // the kept set is final for round 1: it commits for it
      await expect(
        election.connect(genesis[0]).commit(commitmentOf(genesis[0].address, 1, secretOf(1))),
      ).to.emit(election, "Committed");
    });

    it("counts a heartbeat for the elections at the end of its round and of the next, not later, and not one sent after the round ended", async () => {
      const world = await loadFixture(electionFixture);
      const { election, operators } = world;
      await heartbeats(election, operators.slice(0, 4)); // round 0
      expect((await electAndVerify(world)).outcome.installed).to.equal(true); // round 1: counts
      expect((await electAndVerify(world)).outcome.installed).to.equal(true); // round 2: counts
      // round 3: the round-0 heartbeats expired; heartbeats sent now, in round 3, count from round 4 on
      await toNextRound(election);
      await heartbeats(election, operators.slice(0, 4));
      const kept = await electAndVerify(world, { now: true });
      expect(kept.outcome).to.deep.equal({ installed: false, eligible: 0 });
      expect((await electAndVerify(world)).outcome.installed).to.equal(true); // round 4
    });

    it("a heartbeat early in a round does not hide the previous round's one", async () => {
      const world = await loadFixture(electionFixture);
      const { election, operators } = world;
      await toNextRound(election);
      await election.elect(); // round 1: nobody live, genesis kept
      await heartbeats(election, operators.slice(0, 4)); // round 1
      await toNextRound(election);
      await heartbeats(election, operators.slice(0, 4)); // round 2, before its election
      const { outcome } = await electAndVerify(world, { now: true }); // counts the round-1 heartbeats
      expect(outcome.installed).to.equal(true);
    });

    it("sets aside drawn candidates without a heartbeat (rejection sampling) and reports how many", async () => {
      const world = await loadFixture(tenCandidatesFixture);
      // operator 3 (the largest stake) and 1 are offline
      await heartbeats(
        world.election,
        [0, 2, 4, 5, 6, 7, 8, 9].map((i) => world.operators[i]),
      );
      let skipped = 0;
      for (let r = 0; r < 6; r++) {
        if (r % 2 === 0)
          await heartbeats(
            world.election,
            [0, 2, 4, 5, 6, 7, 8, 9].map((i) => world.operators[i]),
          );
        const { outcome } = await electAndVerify(world);
        expect(outcome.installed).to.equal(true);
        if (!outcome.installed) continue;
        expect(outcome.operators).to.not.include(world.operators[3].address);
        expect(outcome.operators).to.not.include(world.operators[1].address);
        skipped += outcome.skippedOffline;
      }
      expect(skipped).to.be.greaterThan(0);
    });

    it("after 64 offline draws, takes every remaining offline candidate out at once (bounded worst case)", async () => {
      const world = await loadFixture(liveFixture); // operators 0..5 live in round 0
      const { election, registry, operators } = world;
      await election.setMaxCandidates(200);
      // offline candidates holding almost all the stake: 90 that never sent a heartbeat, operator 6
      // whose heartbeat will be too old, operator 7 whose heartbeat comes too late (after the round ended)
      const offline = Array.from({ length: 90 }, (_, i) =>
        ethers.getAddress(ethers.dataSlice(ethers.id(`offline-${i}`), 12)),
      );
      const offlineSigners = offline.map((_, i) =>
        ethers.getAddress(ethers.dataSlice(ethers.id(`offline-signer-${i}`), 12)),
      );
      await registry.addCandidates(
        offline,
        offlineSigners,
        offline.map(() => 10_000_000n * ETM),
      );
      for (const i of [6, 7, 8])
        await registry.addCandidate(operators[i].address, world.signers[i].address, 500_000n * ETM);
      await election.connect(operators[6]).heartbeat(); // round 0: counts for the elections of rounds 1 and 2 only
      await toNextRound(election);
      await election.elect(); // round 1
      await heartbeats(election, operators.slice(0, 6)); // round 1: count for rounds 2 and 3
      await toNextRound(election);
      await election.elect(); // round 2
      await election.connect(operators[8]).heartbeat(); // round 2: counts for round 3 ...
      await toNextRound(election);
      await election.connect(operators[7]).heartbeat(); // round 3, before its election: does not count
      await election.connect(operators[8]).heartbeat(); // ... even after this one (kept as the previous mark)
      const { outcome, round } = await electAndVerify(world, { now: true });
      expect(round).to.equal(3n);
      expect(outcome.installed).to.equal(true);
      if (!outcome.installed) return;
      expect(outcome.skippedOffline).to.equal(64); // then the filter, and no more offline draws
      for (const o of outcome.operators) {
        expect(offline).to.not.include(o);
        expect([operators[6].address, operators[7].address]).to.not.include(o);
      }
      expect(await election.MAX_OFFLINE_DRAWS()).to.equal(64n);
    });

    it("excludes jailed and zero-stake candidates, and never seats a zero-signer one", async () => {
      const world = await loadFixture(tenCandidatesFixture);
      const { election, registry, operators } = world;
      await heartbeats(election, operators);
      // Relative to now: earlier suites may have mined past any fixed block.
      await registry.setJailedUntil(
        operators[3].address,
        BigInt(await ethers.provider.getBlockNumber()) + 10_000n,
      );
      await registry.setStake(operators[1].address, 0);
      await registry.setSigner(operators[9].address, ethers.ZeroAddress);
      await election.setValidatorCount(7);
      const { outcome } = await electAndVerify(world);
      expect(outcome.installed && [...outcome.operators].sort()).to.deep.equal(
        [0, 2, 4, 5, 6, 7, 8].map((i) => operators[i].address).sort(),
      );
    });

    it("keeps a zero-signer candidate's stake in the draw and sets it aside: no other seat moves", async () => {
      const world = await loadFixture(tenCandidatesFixture);
      const { election, registry, operators } = world;
      await heartbeats(election, operators);
      await election.setValidatorCount(6);
      await toNextRound(election);
      // The same seed and candidates, once with every signer and once with one candidate's signer zeroed
      // (as the pool reports a candidate that left its list after the round started).
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      const full = await electAndVerify(world, { now: true });
      await ethers.provider.send("evm_revert", [snapshot]);
      if (!full.outcome.installed) throw new Error("expected a set");
      const fullSet = full.outcome.operators;
      let checked = 0;
      for (const leaver of [fullSet[0], operators.find((o) => !fullSet.includes(o.address))!.address]) {
        const again = await ethers.provider.send("evm_snapshot", []);
        await registry.setSigner(leaver, ethers.ZeroAddress);
        const { outcome } = await electAndVerify(world, { now: true });
        await ethers.provider.send("evm_revert", [again]);
        if (!outcome.installed) throw new Error("expected a set");
        expect(outcome.operators, "the leaver is never seated").to.not.include(leaver);
        if (fullSet.includes(leaver)) {
          // its seat goes to one more draw; every other seat stays
          const others = fullSet.filter((o) => o !== leaver);
          expect(outcome.operators.filter((o) => others.includes(o)).length).to.equal(others.length);
          expect(outcome.operators.length).to.equal(fullSet.length);
        } else {
          expect(outcome.operators, "a leaver not drawn changes nothing, order included").to.deep.equal(
            fullSet,
          );
        }
        checked++;
      }
      expect(checked).to.equal(2);
    });

    it("considers only the maxCandidates largest stakes, ties in registry order", async () => {
      const world = await loadFixture(tenCandidatesFixture);
      const { election, registry, operators } = world;
      await heartbeats(election, operators);
      // stakes: 0:100k 1:250k 2:50k 3:400k 4:75k 5:125k 6:70k 7:80k 8:90k 9:100k -> make ties at 100k
      await election.setMaxCandidates(5);
      // top 5: 400k(3), 250k(1), 125k(5), then 100k ties: 0 and 9 (both taken: quota 2)
      const pool = new Set([3, 1, 5, 0, 9].map((i) => operators[i].address));
      await registry.setStake(operators[8].address, 100_000n * ETM); // a third 100k: 0, 8, 9 tie, only 0 and 8 fit
      pool.delete(operators[9].address);
      pool.add(operators[8].address);
      for (let r = 0; r < 4; r++) {
        if (r % 2 === 1) await heartbeats(election, operators);
        const { outcome } = await electAndVerify(world);
        expect(outcome.installed).to.equal(true);
        if (outcome.installed) for (const o of outcome.operators) expect(pool.has(o), o).to.equal(true);
      }
    });

    it("is deterministic: the same state and seed give the same set", async () => {
      const world = await loadFixture(tenCandidatesFixture);
      await heartbeats(world.election, world.operators);
      await toNextRound(world.election);
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      await world.election.elect();
      const first = [await world.election.getValidators(), await world.election.seed()];
      await ethers.provider.send("evm_revert", [snapshot]);
      await world.election.connect(world.strangers[1]).elect();
      expect([await world.election.getValidators(), await world.election.seed()]).to.deep.equal(first);
    });

    it("gives different sets for different seeds (the reveals move the draw)", async () => {
      const world = await loadFixture(tenCandidatesFixture);
      const { election, genesis, operators } = world;
      await heartbeats(election, operators);
      for (const [i, g] of genesis.entries())
        await election.connect(g).commit(commitmentOf(g.address, 0, secretOf(i)));
      await toRevealPhase(election);
      const sets = new Set<string>();
      for (let variant = 0; variant < 4; variant++) {
        const snapshot = await ethers.provider.send("evm_snapshot", []);
        // a different subset of reveals each time (the others get jailed, which the pool ignores here)
        for (let i = 0; i <= variant && i < 4; i++) await election.connect(genesis[i]).reveal(secretOf(i));
        const { outcome } = await electAndVerify(world);
        if (outcome.installed) sets.add(outcome.operators.join());
        await ethers.provider.send("evm_revert", [snapshot]);
      }
      expect(sets.size).to.be.greaterThan(1);
    });
  });

  describe("the beacon at election time", () => {
    it("mixes every reveal into the seed and jails the operators that committed and did not reveal", async () => {
      const world = await loadFixture(tenCandidatesFixture);
      const { election, registry, operators } = world;
      await heartbeats(election, operators);
      const first = await electAndVerify(world);
      if (!first.outcome.installed) throw new Error("expected a set");
      const seated = first.outcome.operators;
      const round = await election.currentRound();
      const byAddress = new Map(operators.map((o) => [o.address, o]));
      for (const [i, op] of seated.entries())
        await election.connect(byAddress.get(op)!).commit(commitmentOf(op, round, secretOf(i)));
      await toRevealPhase(election);
      for (let i = 0; i < seated.length - 1; i++)
        await election.connect(byAddress.get(seated[i])!).reveal(secretOf(i));
      const withholder = seated[seated.length - 1];
      await heartbeats(election, operators);
      await toNextRound(election);
      const until = (await blockNumber()) + 1n + BigInt(JAIL_BLOCKS);
      const before = { seed: await election.seed(), mix: await election.revealMix() };
      const tx = await election.elect();
      await expect(tx).to.emit(election, "NonRevealerJailed").withArgs(round, withholder, until);
      await expect(tx)
        .to.emit(election, "SeedDerived")
        .withArgs(
          round + 1n,
          round,
          await election.seed(),
          before.mix,
          (await ethers.provider.getBlock(Number(until) - JAIL_BLOCKS - 1))!.hash,
          seated.length - 1,
        );
      expect(await registry.jailedUntil(withholder)).to.equal(until);
      expect(await registry.isJailed(withholder)).to.equal(true);
      expect(await election.getValidators()).to.not.include(await registry.signerOf(withholder));
      expect(await registry.jailCallCount()).to.equal(1n);
      expect(before.seed).to.not.equal(await election.seed());
    });

    it("resolves a genesis non-revealer to its registered operator", async () => {
      const world = await loadFixture(liveFixture);
      const { election, registry, genesis, operators } = world;
      // genesis[3]'s signer address becomes the signer of operator 6
      await registry.addCandidate(operators[6].address, genesis[3].address, 500_000n * ETM);
      for (const [i, g] of genesis.entries())
        await election.connect(g).commit(commitmentOf(g.address, 0, secretOf(i)));
      await toRevealPhase(election);
      for (let i = 0; i < 3; i++) await election.connect(genesis[i]).reveal(secretOf(i));
      await toNextRound(election);
      const tx = await election.elect();
      await expect(tx)
        .to.emit(election, "NonRevealerJailed")
        .withArgs(0, operators[6].address, (await tx.wait())!.blockNumber + JAIL_BLOCKS);
      expect(await registry.isJailed(operators[6].address)).to.equal(true);
      expect(await election.activeValidators()).to.not.include(operators[6].address);
    });

    it("reports a jail the pool refuses and goes on (unregistered genesis signer; failing pool)", async () => {
      const world = await loadFixture(liveFixture);
      const { election, registry, genesis } = world;
      await election.connect(genesis[0]).commit(commitmentOf(genesis[0].address, 0, secretOf(0)));
      await toNextRound(election);
      const tx = await election.elect();
      const at = (await tx.wait())!.blockNumber;
      await expect(tx)
        .to.emit(election, "JailFailed")
        .withArgs(0, genesis[0].address, at + JAIL_BLOCKS);
      await expect(tx).to.emit(election, "ValidatorsElected");
      // an elected operator that does not reveal, with the pool refusing the jail
      const seated = await election.activeValidators();
      const op = world.operators.find((o) => o.address === seated[0])!;
      await election.connect(op).commit(commitmentOf(op.address, 1, secretOf(1)));
      await registry.setFailures(true, false, 0);
      await heartbeats(election, world.operators.slice(0, 6));
      await toNextRound(election);
      const tx2 = await election.elect();
      await expect(tx2)
        .to.emit(election, "JailFailed")
        .withArgs(1, op.address, (await tx2.wait())!.blockNumber + JAIL_BLOCKS);
      await expect(tx2).to.emit(election, "ValidatorsElected");
      expect(await registry.jailCallCount()).to.equal(0n);
    });
  });

  describe("a broken pool", () => {
    it("arrays of different lengths: reverts, the set and round stay", async () => {
      const world = await loadFixture(liveFixture);
      await world.registry.setFailures(false, false, 1);
      await toNextRound(world.election);
      await expect(world.election.elect())
        .to.be.revertedWithCustomError(world.election, "RegistryLengthMismatch")
        .withArgs(6, 7, 6);
      await world.registry.setFailures(false, false, 2);
      await expect(world.election.elect())
        .to.be.revertedWithCustomError(world.election, "RegistryLengthMismatch")
        .withArgs(6, 6, 7);
      expect(await world.election.electedRound()).to.equal(0n);
      expect(await world.election.getValidators()).to.deep.equal(world.genesis.map((g) => g.address));
    });

    it("an answer that is not the canonical encoding: reverts", async () => {
      const world = await loadFixture(liveFixture);
      await toNextRound(world.election);
      for (const words of [2, 6, 7, 12]) {
        await world.registry.setMalformedAnswer(words);
        await expect(world.election.elect())
          .to.be.revertedWithCustomError(world.election, "MalformedCandidateList")
          .withArgs(words * 32);
      }
      await world.registry.setMalformedAnswer(ethers.MaxUint256);
      await expect(world.election.elect())
        .to.be.revertedWithCustomError(world.registry, "Forced")
        .withArgs("electableCandidates");
      await world.registry.setMalformedAnswer(0);
      await expect(world.election.elect()).to.emit(world.election, "ValidatorsElected");
    });

    it("the same operator twice: reverts with DuplicateCandidate", async () => {
      const world = await loadFixture(liveFixture);
      await world.registry.pushRawEntry(world.operators[0].address);
      await world.election.setValidatorCount(7);
      await toNextRound(world.election);
      await expect(world.election.elect())
        .to.be.revertedWithCustomError(world.election, "DuplicateCandidate")
        .withArgs(world.operators[0].address);
    });

    it("two operators with one signer: reverts with DuplicateSigner", async () => {
      const world = await loadFixture(liveFixture);
      await world.registry.setSigner(world.operators[1].address, world.signers[0].address);
      await world.election.setValidatorCount(6);
      await toNextRound(world.election);
      await expect(world.election.elect())
        .to.be.revertedWithCustomError(world.election, "DuplicateSigner")
        .withArgs(world.signers[0].address);
    });
  });

  it("reads the same pool the model reads (sanity of the test helper)", async () => {
    const world = await loadFixture(liveFixture);
    const candidates = await modelCandidates(world.registry, world.election);
    expect(candidates).to.have.length(6);
    expect(candidates.every((c) => c.lastMark === 1)).to.equal(true);
  });
});
