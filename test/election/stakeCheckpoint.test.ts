/**
 * Issue 13, item 2: the election draws on stake fixed before its seed can be known. The seed of the
 * election run in round r is fixed by the last block of round r - 1; the pool reports each candidate's
 * bonded stake as of the start of round r (its first change in a round checkpoints the stake before it),
 * so stake bonded, unbonded or moved once the seed is known, and candidates listed during the round,
 * count from the next election only. Real pool and election (deploySystem), the grid published at
 * deployment.
 */
import { expect } from "chai";
import hre from "hardhat";
import { keccak256, toBeHex } from "ethers";
import { loadFixture, mineUpTo } from "@nomicfoundation/hardhat-network-helpers";
import { deploySystem, poolConfig, resolveOptions } from "../../scripts/deploy";
import { deployPoolProxy } from "../../scripts/deploy/proxies";
import { ETMToken__factory } from "../../typechain-types";
import { ETM, SIGNER_KEYS, WAD, registerValidator, SMALL_OPTIONS } from "../shared/fixtures";
import { mineToNextRound, nextBlock, seatableCandidates } from "../shared/poolHelpers";
import { MAX_LIST_JOINS_PER_ROUND } from "../../lib/constants";
import { UNDER_COVERAGE } from "../shared/coverage";

/** The pool's ERC-7201 storage namespace (PoolStorage.POOL_STORAGE_LOCATION). */
const POOL_STORAGE = "0x22b3717c659157c0ea12a7b50b6cd2b5de59754a0aa65a32e90f3c0d1ed0b800";
import { electionOutcome, type ModelCandidate } from "../model/election";

const { ethers } = hre;

const ROUND_BLOCKS = 100;
const SEATS = 4;
const CANDIDATES = 8;
const SELF_STAKE = 10_000n * ETM;

/** Eight candidates with 10,000 ETM each and a heartbeat, registered in round 0; now in round 1. */
async function candidatesFixture() {
  const signers = await ethers.getSigners();
  const [admin, attacker, outsider] = [signers[0]!, signers[1]!, signers[19]!];
  const operators = signers.slice(2, 2 + CANDIDATES);
  const system = await deploySystem({
    ...SMALL_OPTIONS,
    candidateCap: CANDIDATES + 1,
    validatorCount: SEATS,
    roundLength: ROUND_BLOCKS,
    treasury: admin.address,
  });
  const { token, pool, election } = system;
  const poolAddress = await pool.getAddress();
  for (const account of [...operators, attacker, outsider]) {
    await token.connect(admin).transfer(account.address, 100_000n * ETM);
    await token.connect(account).approve(poolAddress, ethers.MaxUint256);
  }
  for (const [i, operator] of operators.entries()) {
    await registerValidator(pool, operator, SIGNER_KEYS[i]!, WAD / 10n, SELF_STAKE);
    await election.connect(operator).heartbeat();
  }
  await mineToNextRound(pool);
  return { ...system, admin, attacker, outsider, operators };
}

type World = Awaited<ReturnType<typeof candidatesFixture>>;

/** Runs `moves` (stake changes once the seed is fixed), then elect(); returns the seated operators. */
async function electAfter(world: World, moves: () => Promise<unknown>): Promise<string[]> {
  await moves();
  await world.election.elect();
  return [...(await world.election.activeValidators())];
}

/** What the draw would seat with `weights` instead of the round-start stakes (the model, same seed). */
async function outcomeWith(world: World, weights: Map<string, bigint>): Promise<string[]> {
  const [operators, signers] = await world.pool.electableCandidates();
  const round = Number(await world.election.electedRound());
  const candidates: ModelCandidate[] = operators.map((operator, i) => ({
    operator,
    signer: signers[i]!,
    stake: weights.get(operator)!,
    lastMark: round, // every candidate sent a heartbeat in round - 1 (mark = round)
    previousMark: 0,
  }));
  const outcome = electionOutcome(candidates, round, 1_000, SEATS, await world.election.seed());
  if (!outcome.installed) throw new Error("the model kept the previous set");
  return outcome.operators;
}

describe("Election: stake checkpoints (the draw uses stake fixed before the seed)", () => {
  describe("the rule, in the pool", () => {
    it("deployment publishes the election's grid to the pool", async () => {
      const { pool, election } = await loadFixture(candidatesFixture);
      const [round, startBlock, lengthBlocks] = await election.roundInfo();
      const [anchorBlock, gridLength, nextFromBlock, nextLength] = await pool.roundGrid();
      expect([gridLength, nextFromBlock, nextLength]).to.deep.equal([BigInt(ROUND_BLOCKS), 0n, 0n]);
      expect(lengthBlocks).to.equal(gridLength);
      expect(startBlock).to.equal(anchorBlock + round * gridLength);
    });

    it("stake moved during a round counts from the next round; the first change keeps the round-start stake", async () => {
      const { pool, operators, attacker } = await loadFixture(candidatesFixture);
      const target = operators[3]!.address;
      await pool.connect(attacker).stake(target, 500n * ETM);
      await pool.connect(attacker).stake(target, 700n * ETM);
      await pool.connect(attacker).unstake(target, 200n * ETM);
      expect(await pool.validatorStake(target)).to.equal(SELF_STAKE + 1_000n * ETM);
      expect(await pool.electionStakeOf(target)).to.equal(SELF_STAKE);
      const [ops, , stakes] = await pool.electableCandidates();
      expect(stakes[ops.indexOf(target)]).to.equal(SELF_STAKE);
      // the next round starts from the stake at its start
      await mineToNextRound(pool);
      expect(await pool.electionStakeOf(target)).to.equal(SELF_STAKE + 1_000n * ETM);
      await pool.connect(attacker).unstake(target, 1_000n * ETM);
      expect(await pool.electionStakeOf(target)).to.equal(SELF_STAKE + 1_000n * ETM);
      expect(await pool.validatorStake(target)).to.equal(SELF_STAKE);
    });

    it("a candidate listed during the round (registration or comeback) enters the draw from the next round", async () => {
      const { pool, election, outsider } = await loadFixture(candidatesFixture);
      await registerValidator(pool, outsider, SIGNER_KEYS[CANDIDATES]!, 0n, 50_000n * ETM);
      await election.connect(outsider).heartbeat();
      expect(await pool.isCandidate(outsider.address)).to.equal(true);
      expect(await pool.electionStakeOf(outsider.address)).to.equal(0n);
      expect((await pool.electableCandidates()).operators).to.not.include(outsider.address);
      await mineToNextRound(pool);
      expect(await pool.electionStakeOf(outsider.address)).to.equal(50_000n * ETM);
      expect((await pool.electableCandidates()).operators).to.include(outsider.address);
    });

    it("a displaced candidate that comes back during a round waits for the next one", async () => {
      const { pool, admin, operators, outsider } = await loadFixture(candidatesFixture);
      // lower the cap to the list's size: the outsider's registration displaces the smallest (operators[0], topped down)
      await pool.connect(operators[0]!).unstake(operators[0]!.address, 9_000n * ETM);
      await pool.connect(admin).setParameter(7, CANDIDATES); // CandidateCap
      await mineToNextRound(pool);
      await expect(registerValidator(pool, outsider, SIGNER_KEYS[CANDIDATES]!, 0n, 5_000n * ETM))
        .to.emit(pool, "ValidatorDisplaced")
        .withArgs(operators[0]!.address, outsider.address, 1_000n * ETM);
      await mineToNextRound(pool);
      // the comeback: its operator stakes enough to beat the smallest again
      await expect(pool.connect(operators[0]!).stake(operators[0]!.address, 20_000n * ETM)).to.emit(
        pool,
        "ValidatorRelisted",
      );
      expect(await pool.electionStakeOf(operators[0]!.address)).to.equal(0n);
      expect((await pool.electableCandidates()).operators).to.not.include(operators[0]!.address);
      await mineToNextRound(pool);
      expect(await pool.electionStakeOf(operators[0]!.address)).to.equal(21_000n * ETM);
    });

    it("a slash lowers the draw's stake from the next round (its jail sets the validator aside at once)", async () => {
      const { pool, admin, operators } = await loadFixture(candidatesFixture);
      const target = operators[5]!.address;
      await pool.connect(admin).slash(target, WAD / 2n, await nextBlock(), ethers.ZeroHash);
      expect(await pool.validatorStake(target)).to.equal(SELF_STAKE / 2n);
      expect(await pool.electionStakeOf(target)).to.equal(SELF_STAKE);
      // in this round's draw with its round-start stake and a zero signer: set aside if drawn
      const [drawn, signers, stakes] = await pool.electableCandidates();
      const at = drawn.indexOf(target);
      expect([signers[at], stakes[at]]).to.deep.equal([ethers.ZeroAddress, SELF_STAKE]);
      expect(await seatableCandidates(pool)).to.not.include(target);
      await mineToNextRound(pool);
      expect(await pool.electionStakeOf(target)).to.equal(SELF_STAKE / 2n);
    });

    it("a jail that ends during the round, or a top-up that ends a shortfall jail, counts from the next round", async () => {
      const { pool, admin, operators } = await loadFixture(candidatesFixture);
      const [jailed, short] = [operators[4]!, operators[6]!];
      // a shortfall: 96% slashed leaves 400 ETM of self-stake, below a minimum raised to 1,000 ETM;
      // its timed jail (200 blocks) runs out two rounds later, the shortfall jail stays
      await pool.connect(admin).setParameter(2, 1_000n * ETM); // MinSelfStake
      await pool.connect(admin).slash(short.address, (WAD * 96n) / 100n, await nextBlock(), ethers.ZeroHash);
      for (let r = 0; r < 3; r++) await mineToNextRound(pool);
      expect(await pool.isJailed(short.address)).to.equal(true);
      // a timed jail (the election's non-reveal jail) that starts and ends within this round
      await pool.connect(admin).grantRole(await pool.JAILER_ROLE(), admin.address);
      const until = BigInt(await ethers.provider.getBlockNumber()) + 10n;
      await pool.connect(admin).jail(jailed.address, until);
      await mineUpTo(until + 1n);
      await pool.connect(short).stake(short.address, 5_000n * ETM); // tops up: the shortfall jail ends
      expect(await pool.isJailed(jailed.address)).to.equal(false);
      expect(await pool.isJailed(short.address)).to.equal(false);
      // jailed during this round: set aside (zero signer); jailed at its start: not in its draw
      const [electable, signers] = await pool.electableCandidates();
      expect(signers[electable.indexOf(jailed.address)]).to.equal(ethers.ZeroAddress);
      expect(electable).to.not.include(short.address);
      expect(await pool.electionStakeOf(short.address)).to.equal(0n);
      await mineToNextRound(pool);
      const next = (await pool.electableCandidates()).operators;
      expect(next).to.include(jailed.address);
      expect(next).to.include(short.address);
    });
  });

  describe("the attack of issue 13: moving stake once the seed is known", () => {
    it("bonding 1 to 16 ETM to a candidate before elect() never changes the set (it would have, on current stake)", async () => {
      const world = await loadFixture(candidatesFixture);
      const { pool, election, attacker, operators } = world;
      const honest = await electAfter(world, async () => undefined);
      const roundStart = new Map<string, bigint>();
      for (const operator of operators) roundStart.set(operator.address, SELF_STAKE);
      expect(await outcomeWith(world, roundStart)).to.deep.equal(honest); // the model agrees with the chain
      let wouldHaveChanged = 0;
      for (let amount = 1n; amount <= 16n; amount++) {
        const target = operators[Number(amount) % CANDIDATES]!.address;
        await loadFixture(candidatesFixture);
        const seated = await electAfter(world, () => pool.connect(attacker).stake(target, amount * ETM));
        expect(seated, `bonding ${amount} ETM to ${target}`).to.deep.equal(honest);
        // the same bond counted at once: the draw the attacker could have steered
        const steered = new Map(roundStart);
        steered.set(target, SELF_STAKE + amount * ETM);
        if ((await outcomeWith(world, steered)).join() !== honest.join()) wouldHaveChanged++;
      }
      // the attack is real: on current stake most of these bonds would have chosen another set
      expect(wouldHaveChanged).to.be.greaterThan(8);
      expect(await election.electedRound()).to.equal(1n);
    });

    it("moving stake between one's own validators, or registering a candidate, before elect() changes nothing", async () => {
      const world = await loadFixture(candidatesFixture);
      const { pool, operators, outsider } = world;
      const honest = await electAfter(world, async () => undefined);
      await loadFixture(candidatesFixture);
      const moved = await electAfter(world, async () => {
        await pool.connect(operators[1]!).unstake(operators[1]!.address, 8_000n * ETM);
        await pool.connect(operators[1]!).stake(operators[2]!.address, 8_000n * ETM);
        await registerValidator(pool, outsider, SIGNER_KEYS[CANDIDATES]!, 0n, 90_000n * ETM);
        await world.election.connect(outsider).heartbeat();
      });
      expect(moved).to.deep.equal(honest);
    });
  });

  describe("the attack of issue 13: leaving the draw once the seed is known", () => {
    /**
     * A candidate that left the list after the round started keeps its place and round-start stake in
     * the draw and is set aside if drawn: a seat it would have taken goes to one more draw, every other
     * seat stays; if it would not have been seated, the set is the same, order included.
     */
    function expectOnlyLeaverMoved(honest: string[], seated: string[], leaver: string) {
      expect(seated, "the leaver is not seated").to.not.include(leaver);
      expect(seated.length).to.equal(honest.length);
      if (!honest.includes(leaver)) expect(seated, "nothing else moved").to.deep.equal(honest);
      else for (const other of honest.filter((o) => o !== leaver)) expect(seated).to.include(other);
    }

    /** A draw of the model on `list` (operator, signer and stake per candidate, in the list's order). */
    function drawOn(list: ModelCandidate[], round: number, seed: string): string[] {
      const outcome = electionOutcome(list, round, 1_000, SEATS, seed);
      if (!outcome.installed) throw new Error("the model kept the previous set");
      return outcome.operators;
    }

    /** The list as the pool reports it for the draw: the leaver in its place with a zero signer. */
    async function electableNow(world: World, round: number): Promise<ModelCandidate[]> {
      const [operators, signers, stakes] = await world.pool.electableCandidates();
      return operators.map((operator, i) => ({
        operator,
        signer: signers[i]!,
        stake: stakes[i]!,
        lastMark: round, // every candidate sent a heartbeat in round - 1 (mark = round)
        previousMark: 0,
      }));
    }

    /** The old rule's list: the pool's list as it is now (swap-and-pop order, the leaver gone). */
    async function listNow(world: World, round: number): Promise<ModelCandidate[]> {
      return (await world.pool.candidates()).map((operator) => ({
        operator,
        signer: operator, // any non-zero signer: the model seats by operator
        stake: SELF_STAKE,
        lastMark: round,
        previousMark: 0,
      }));
    }

    /** Whether `drawn` lost a seat of `honest` other than the leaver's. */
    function movedAnotherSeat(honest: string[], drawn: string[], leaver: string): boolean {
      const others = honest.filter((o) => o !== leaver);
      return others.some((o) => !drawn.includes(o));
    }

    it("a candidate's deregistration before elect() moves no other seat (each of the 8 tried)", async () => {
      const world = await loadFixture(candidatesFixture);
      const honest = await electAfter(world, async () => undefined);
      const round = Number(await world.election.electedRound());
      const seed = await world.election.seed(); // fixed by round 0's last block: the same in every try
      const fullList = await listNow(world, round);
      expect(drawOn(fullList, round, seed), "the model agrees with the chain").to.deep.equal(honest);
      const ruleLists: ModelCandidate[][] = [];
      const oldLists: ModelCandidate[][] = [];
      for (const leaver of world.operators) {
        await loadFixture(candidatesFixture);
        const seated = await electAfter(world, () => world.pool.connect(leaver).deregisterValidator());
        expect(await world.election.seed()).to.equal(seed);
        expectOnlyLeaverMoved(honest, seated, leaver.address);
        const ruleList = await electableNow(world, round);
        expect(drawOn(ruleList, round, seed), "the model of the rule agrees with the chain").to.deep.equal(
          seated,
        );
        ruleLists.push(ruleList);
        oldLists.push(await listNow(world, round));
      }
      // The chain's seed depends on block timestamps (wall clock), so whether the old rule would have
      // moved a seat at this one seed is luck (at ~1.4% of seeds it moves none for any of the 8). The
      // comparison is made on 64 fixed seeds, with the model the chain was just shown to agree with.
      let tries = 0;
      let movedByOldRule = 0;
      for (let k = 0; k < 64; k++) {
        const sweepSeed = keccak256(toBeHex(k, 32));
        const honestAt = drawOn(fullList, round, sweepSeed);
        for (const [i, leaver] of world.operators.entries()) {
          tries++;
          expectOnlyLeaverMoved(honestAt, drawOn(ruleLists[i]!, round, sweepSeed), leaver.address);
          if (movedAnotherSeat(honestAt, drawOn(oldLists[i]!, round, sweepSeed), leaver.address))
            movedByOldRule++;
        }
      }
      // under the old rule (the list as it is now) a departure moved another candidate's seat at 485 of
      // the 512 pairs (94.7%)
      expect(movedByOldRule, `of ${tries} (seed, leaver) pairs`).to.be.greaterThan(tries * 0.9);
    });

    it("a jail before elect() (the jailer role, or a slash) moves no other seat (each of the 8 tried)", async () => {
      const world = await loadFixture(candidatesFixture);
      const honest = await electAfter(world, async () => undefined);
      for (const [i, jailed] of world.operators.entries()) {
        await loadFixture(candidatesFixture);
        const { pool, admin } = world;
        const seated = await electAfter(world, async () => {
          if (i % 2 === 0) {
            await pool.connect(admin).grantRole(await pool.JAILER_ROLE(), admin.address);
            await pool
              .connect(admin)
              .jail(jailed.address, BigInt(await ethers.provider.getBlockNumber()) + 1_000n);
          } else
            await pool.connect(admin).slash(jailed.address, WAD / 10n, await nextBlock(), ethers.ZeroHash);
        });
        expectOnlyLeaverMoved(honest, seated, jailed.address);
      }
    });

    it("a registration that displaces the smallest candidate before elect() moves no other seat", async () => {
      const world = await loadFixture(candidatesFixture);
      const { pool, admin, operators, outsider } = world;
      await pool.connect(admin).setParameter(7, CANDIDATES); // CandidateCap: the list is full
      // one candidate made the smallest in the previous round, so the displacement's target is known
      await pool.connect(operators[6]!).unstake(operators[6]!.address, 5_000n * ETM);
      await mineToNextRound(pool);
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      const honest = await electAfter(world, async () => undefined);
      await ethers.provider.send("evm_revert", [snapshot]);
      const seated = await electAfter(world, async () => {
        await expect(registerValidator(pool, outsider, SIGNER_KEYS[CANDIDATES]!, 0n, 50_000n * ETM))
          .to.emit(pool, "ValidatorDisplaced")
          .withArgs(operators[6]!.address, outsider.address, 5_000n * ETM);
        await world.election.connect(outsider).heartbeat();
      });
      expectOnlyLeaverMoved(honest, seated, operators[6]!.address);
      expect(seated).to.not.include(outsider.address);
      // the displaced candidate keeps its place in this round's draw, and cannot come back in it
      const [drawn, signers, stakes] = await pool.electableCandidates();
      const at = drawn.indexOf(operators[6]!.address);
      expect([signers[at], stakes[at]]).to.deep.equal([ethers.ZeroAddress, 5_000n * ETM]);
      await expect(pool.connect(operators[6]!).stake(operators[6]!.address, 60_000n * ETM)).to.not.emit(
        pool,
        "ValidatorRelisted",
      );
      await mineToNextRound(pool);
      await expect(pool.connect(operators[6]!).stake(operators[6]!.address, 1n * ETM)).to.emit(
        pool,
        "ValidatorRelisted",
      );
    });

    it("at most 64 candidates join the list in a round: the 65th registration waits for the next", async () => {
      const world = await loadFixture(candidatesFixture);
      const { pool, admin, token } = world;
      await pool.connect(admin).setParameter(7, 200); // CandidateCap
      // Under coverage (every opcode traced: ~9 s a registration) one real join, then the log's join
      // count is set to the bound in storage, after checking the slot holds this round's log.
      const realJoins = UNDER_COVERAGE ? 1 : MAX_LIST_JOINS_PER_ROUND;
      const joiners = [];
      for (let i = 0; i <= realJoins; i++) {
        const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
        await admin.sendTransaction({ to: wallet.address, value: ethers.parseEther("1") });
        await token.connect(admin).transfer(wallet.address, SELF_STAKE);
        await token.connect(wallet).approve(await pool.getAddress(), ethers.MaxUint256);
        joiners.push(wallet);
      }
      const roundStart = await mineToNextRound(pool);
      for (let i = 0; i < realJoins; i++)
        await registerValidator(pool, joiners[i]!, ethers.Wallet.createRandom(), 0n, SELF_STAKE);
      if (UNDER_COVERAGE) {
        // PoolStorage's `listLog` (slot 28 of the namespace): roundStartBlock, length, joins.
        const slot = ethers.toBeHex(BigInt(POOL_STORAGE) + 28n, 32);
        const poolAddress = await pool.getAddress();
        const log = BigInt(await ethers.provider.getStorage(poolAddress, slot));
        expect(log, "this round's log: one entry, one join").to.equal(roundStart | (1n << 40n) | (1n << 72n));
        const full = roundStart | (1n << 40n) | (BigInt(MAX_LIST_JOINS_PER_ROUND) << 72n);
        await ethers.provider.send("hardhat_setStorageAt", [poolAddress, slot, ethers.toBeHex(full, 32)]);
      }
      const last = joiners[realJoins]!;
      const signerKey = ethers.Wallet.createRandom();
      await expect(registerValidator(pool, last, signerKey, 0n, SELF_STAKE))
        .to.be.revertedWithCustomError(pool, "CandidateJoinsThisRoundFull")
        .withArgs(roundStart, MAX_LIST_JOINS_PER_ROUND);
      expect(await pool.candidateCount()).to.equal(BigInt(CANDIDATES + realJoins));
      // the draw still runs on the round-start list: the 8 candidates, none of the joiners
      expect((await pool.electableCandidates()).operators).to.have.length(CANDIDATES);
      await mineToNextRound(pool);
      await registerValidator(pool, last, signerKey, 0n, SELF_STAKE);
      expect(await pool.candidateCount()).to.equal(BigInt(CANDIDATES + realJoins + 1));
    });
  });

  describe("the grid follows the election's schedule", () => {
    it("setRoundLength publishes the switch; the pool's rounds start where the election's do", async () => {
      const world = await loadFixture(candidatesFixture);
      const { pool, election, admin } = world;
      const [round, startBlock] = await election.roundInfo();
      await expect(election.connect(admin).setRoundLength(37))
        .to.emit(pool, "RoundGridSet")
        .withArgs(startBlock, ROUND_BLOCKS, startBlock + BigInt(ROUND_BLOCKS), 37);
      expect(await pool.roundGrid()).to.deep.equal([
        startBlock,
        BigInt(ROUND_BLOCKS),
        startBlock + BigInt(ROUND_BLOCKS),
        37n,
      ]);
      // Round by round across the switch: a stake in a round's last block counts at the next round's
      // start, one in its first block does not (the pool's own round starts, seen through its stake).
      const target = world.operators[1]!.address;
      let counted = SELF_STAKE;
      for (let r = 0; r < 4; r++) {
        const [, currentStart, currentLength] = await election.roundInfo();
        const nextStart = currentStart + currentLength;
        await mineUpTo(nextStart - 2n); // the next transaction lands in this round's last block
        await pool.connect(world.attacker).stake(target, ETM);
        counted += ETM;
        await pool.connect(world.attacker).stake(target, 2n * ETM); // the next round's first block
        const [electionRound, electionStart] = await election.roundInfo();
        expect(electionRound).to.equal(round + BigInt(r) + 1n);
        expect(electionStart).to.equal(nextStart);
        expect(await pool.electionStakeOf(target), `round ${electionRound}`).to.equal(counted);
        counted += 2n * ETM;
      }
      expect((await election.roundInfo())[2]).to.equal(37n);
    });

    it("setRoundGrid: collector role only; a malformed grid is refused with its values", async () => {
      const { pool, admin, outsider } = await loadFixture(candidatesFixture);
      await expect(pool.connect(outsider).setRoundGrid(1, 100, 0, 0))
        .to.be.revertedWithCustomError(pool, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, await pool.COLLECTOR_ROLE());
      await pool.connect(admin).grantRole(await pool.COLLECTOR_ROLE(), admin.address);
      const now = BigInt(await ethers.provider.getBlockNumber());
      const bad: [bigint, bigint, bigint, bigint][] = [
        [1n, 0n, 0n, 0n], // no length
        [now + 10n, 100n, 0n, 0n], // anchor in the future
        [1n, 2n ** 40n, 0n, 0n], // length past 40 bits
        [1n, 100n, 1n, 50n], // switch at the anchor
        [1n, 100n, 150n, 50n], // switch off the grid
        [1n, 100n, 2n ** 40n + 1n, 50n], // switch past 40 bits
        [1n, 100n, 101n, 2n ** 40n], // next length past 40 bits
      ];
      const before = await pool.roundGrid();
      for (const grid of bad)
        await expect(pool.connect(admin).setRoundGrid(...grid))
          .to.be.revertedWithCustomError(pool, "InvalidRoundGrid")
          .withArgs(...grid);
      expect(await pool.roundGrid()).to.deep.equal(before);
      // a grid that moves the current round's start (dropping or reviving checkpoints) is refused
      const [anchor] = before;
      const sinceAnchor = BigInt(await ethers.provider.getBlockNumber()) + 1n - anchor;
      for (const moved of [
        [anchor + 1n, 100n, 0n, 0n],
        [anchor, sinceAnchor + 1n, 0n, 0n], // one round from the anchor: the current round would start there
      ] as [bigint, bigint, bigint, bigint][])
        await expect(pool.connect(admin).setRoundGrid(...moved))
          .to.be.revertedWithCustomError(pool, "InvalidRoundGrid")
          .withArgs(...moved);
      // the same start with a later switch is accepted; with no switch its block is stored as 0
      await expect(pool.connect(admin).setRoundGrid(anchor, 100, 777, 0))
        .to.emit(pool, "RoundGridSet")
        .withArgs(anchor, 100, 0, 0);
    });

    it("publishRoundGrid is permissionless and fails with the pool's error when the election lacks the role", async () => {
      const { pool, election, admin, outsider } = await loadFixture(candidatesFixture);
      await expect(election.connect(outsider).publishRoundGrid()).to.emit(pool, "RoundGridSet");
      const collector = await pool.COLLECTOR_ROLE();
      await pool.connect(admin).revokeRole(collector, await election.getAddress());
      await expect(election.connect(outsider).publishRoundGrid())
        .to.be.revertedWithCustomError(pool, "AccessControlUnauthorizedAccount")
        .withArgs(await election.getAddress(), collector);
    });

    it("before a grid is published the pool takes no checkpoints and reports stake now", async () => {
      const [admin, , operator] = await ethers.getSigners();
      // the pool alone, as before its election publishes (or after an upgrade, until it does)
      const options = await resolveOptions({ ...SMALL_OPTIONS, treasury: admin!.address });
      const token = await new ETMToken__factory(admin!).deploy(
        admin!.address,
        admin!.address,
        options.initialSupply,
      );
      const pool = await deployPoolProxy(
        admin!,
        await token.getAddress(),
        poolConfig(options, admin!.address),
      );
      await token.setMinter(await pool.getAddress());
      await token.transfer(operator!.address, 10_000n * ETM);
      await token.connect(operator!).approve(await pool.getAddress(), ethers.MaxUint256);
      expect(await pool.roundGrid()).to.deep.equal([0n, 0n, 0n, 0n]);
      await registerValidator(pool, operator!, SIGNER_KEYS[0]!, 0n, 1_000n * ETM);
      await pool.connect(operator!).stake(operator!.address, 500n * ETM);
      expect(await pool.electionStakeOf(operator!.address)).to.equal(1_500n * ETM);
      expect([...(await pool.electableCandidates()).bondedStakeWei]).to.deep.equal([1_500n * ETM]);
    });
  });
});
