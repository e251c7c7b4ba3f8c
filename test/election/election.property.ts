/**
 * Property test: seeded random sequences of election operations against a TypeScript model, with
 * invariants checked after every step (SAFETY.md, "Election"):
 *   - getValidators() never reverts, is never empty, has distinct non-zero signers, the same length
 *     as activeValidators(); every elected set is the model's (so: min(k, eligible) distinct,
 *     eligible members; the same seed gives the same set);
 *   - every rejected call reverts with the error the model predicts and changes nothing;
 *   - seed, reveal mix and heartbeat marks equal the model's;
 *   - solvency: the native and ETM balances equal what is owed (credited + treasury + period pools)
 *     plus what has not been recognised yet; every claim pays exactly the model's amount.
 *
 * Size: ETM_PROPERTY_OPS (default 240) operations in total, over sequences of 80. Every sequence
 * starts from the same fixture snapshot. Replay a failure with `ETM_PROPERTY_SEED=<seed printed on
 * failure> npx hardhat test test/election/election.property.ts` (with ETM_PROPERTY_OPS, that many
 * steps): the same sequence seed, but not always the same run. The chain's block hashes feed the
 * election's seed, and they carry the blocks' wall-clock timestamps, so the sets elected — and the
 * draws that depend on them (who commits, how many rounds an operation takes) — may differ from the
 * failing run. Pass or fail never depends on it: every set is checked against the model at the seed
 * the chain has.
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine, setBalance } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse, Wallet } from "ethers";
import {
  commitmentOf,
  deriveSeed,
  electionOutcome,
  eligibleCandidates,
  revealContribution,
  xor32,
  REVEAL_MIX_START,
  ZERO_HASH,
  type ModelCandidate,
} from "../model/election";
import {
  ETM,
  JAIL_BLOCKS,
  ROUND,
  WAD,
  deployWorldWith,
  blockHash,
  roundInfo,
  rng,
  secretOf,
  type ElectionWorld,
} from "./fixtures";

const { ethers } = hre;
const TOTAL_OPS = Number(process.env.ETM_PROPERTY_OPS ?? 240);
const OPS_PER_SEQUENCE = Math.min(80, TOTAL_OPS);
const FIXED_SEED = process.env.ETM_PROPERTY_SEED;

type Sender = HardhatEthersSigner | Wallet;

interface Model {
  seed: string;
  mix: string;
  electedRound: number;
  marks: Map<string, { last: number; previous: number }>;
  commits: Map<string, { round: number; secret: string; revealed: boolean }>;
  owed: Map<string, { nativeWei: bigint; tokenWei: bigint }>;
  periodNative: bigint;
  periodToken: bigint;
  treasuryOwed: bigint;
  unrecognisedFees: bigint;
  uncollectedDelta: bigint;
  feeShare: bigint;
  validatorCount: number;
  maxCandidates: number;
}

class Sequence {
  readonly log: string[] = [];
  readonly stats = { installed: 0, kept: 0, commits: 0, reveals: 0, claims: 0, rejected: 0 };
  constructor(
    readonly world: ElectionWorld,
    readonly random: () => number,
    readonly model: Model,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  get election() {
    return this.world.election;
  }

  /** Operators 0..9 are candidates (when registered); their signers are wallets. */
  senderFor(address: string, preferSigner: boolean): Sender {
    const i = this.world.operators.findIndex((o) => o.address === address);
    if (i >= 0) return preferSigner ? this.world.signers[i] : this.world.operators[i];
    const g = this.world.genesis.find((x) => x.address === address);
    if (g) return g;
    throw new Error(`no sender for ${address}`);
  }

  async nextBlock(): Promise<bigint> {
    return BigInt(await ethers.provider.getBlockNumber()) + 1n;
  }

  /** Round information as of the next block (where the next transaction lands). */
  async nextRoundInfo() {
    await mine(0);
    const [round, start, length, revealStart] = await this.election.roundInfo({ blockTag: "pending" });
    return { round: Number(round), start, length, revealStart };
  }

  async expectRevert(tx: Promise<ContractTransactionResponse>, error: string, args?: unknown[]) {
    this.stats.rejected++;
    const assertion = expect(tx).to.be.revertedWithCustomError(this.election, error);
    if (args) await assertion.withArgs(...args);
    else await assertion;
  }

  // ------------------------------------------------------------ operations

  async heartbeat() {
    const registered = await this.registeredOperators();
    if (registered.length === 0 || this.random() < 0.1) {
      const stranger = this.pick(this.world.strangers);
      this.log.push(`heartbeat stranger ${stranger.address}`);
      return this.expectRevert(this.election.connect(stranger).heartbeat(), "NotACandidate", [
        stranger.address,
      ]);
    }
    const operator = this.pick(registered);
    const viaSigner = this.random() < 0.5;
    this.log.push(`heartbeat ${operator}${viaSigner ? " (signer)" : ""}`);
    const { round } = await this.nextRoundInfo();
    await this.election.connect(this.senderFor(operator, viaSigner)).heartbeat();
    const mark = round + 1;
    const marks = this.model.marks.get(operator) ?? { last: 0, previous: 0 };
    if (marks.last !== mark) this.model.marks.set(operator, { last: mark, previous: marks.last });
  }

  /** Most registered candidates send a heartbeat (what node software does once a round). */
  async heartbeatBurst() {
    for (const operator of await this.registeredOperators()) {
      if (this.random() < 0.8) {
        const { round } = await this.nextRoundInfo();
        await this.election.connect(this.senderFor(operator, this.random() < 0.5)).heartbeat();
        const mark = round + 1;
        const marks = this.model.marks.get(operator) ?? { last: 0, previous: 0 };
        if (marks.last !== mark) this.model.marks.set(operator, { last: mark, previous: marks.last });
      }
    }
    this.log.push("heartbeat burst");
  }

  async commit(chosen?: string) {
    const active = await this.election.activeValidators();
    const { round } = await this.nextRoundInfo();
    const fresh = active.filter((a) => this.model.commits.get(a)?.round !== round);
    const operator =
      chosen ??
      (this.random() < 0.8 && fresh.length > 0
        ? this.pick(fresh)
        : this.random() < 0.7
          ? this.pick(active)
          : this.pick(this.world.operators).address);
    const viaSigner = this.random() < 0.3 && this.world.operators.some((o) => o.address === operator);
    const info = await this.nextRoundInfo();
    const block = await this.nextBlock();
    const secret = secretOf(`${this.model.seed}-${operator}-${info.round}`);
    const sender = this.senderFor(operator, viaSigner);
    const tx = this.election.connect(sender).commit(commitmentOf(operator, info.round, secret));
    this.log.push(`commit ${operator}${viaSigner ? " (signer)" : ""} round ${info.round}`);
    const committed = this.model.commits.get(operator);
    if (this.model.electedRound !== info.round)
      return this.expectRevert(tx, "ElectionPending", [info.round, this.model.electedRound]);
    if (block >= info.revealStart)
      return this.expectRevert(tx, "OutsideCommitPhase", [block, info.start, info.revealStart]);
    const senderAddress = await sender.getAddress();
    const resolves = !viaSigner || (await this.world.registry.operatorOfSigner(senderAddress)) === operator;
    if (!active.includes(operator) || !resolves)
      return this.expectRevert(tx, "NotAnActiveValidator", [senderAddress]);
    if (committed?.round === info.round)
      return this.expectRevert(tx, "AlreadyCommitted", [operator, info.round]);
    await tx;
    this.stats.commits++;
    this.model.commits.set(operator, { round: info.round, secret, revealed: false });
  }

  async reveal(chosen?: string) {
    const candidates = [...this.model.commits.keys()];
    if (candidates.length === 0) return this.mine();
    const early = await this.nextRoundInfo();
    if ((chosen !== undefined || this.random() < 0.6) && (await this.nextBlock()) < early.revealStart) {
      // usually wait for the reveal phase, as node software does
      await mine(Number(early.revealStart - (await this.nextBlock())) + 1);
    }
    const { round } = await this.nextRoundInfo();
    const pending = candidates.filter((c) => {
      const x = this.model.commits.get(c)!;
      return x.round === round && !x.revealed;
    });
    const operator =
      chosen ?? (this.random() < 0.8 && pending.length > 0 ? this.pick(pending) : this.pick(candidates));
    const committed = this.model.commits.get(operator)!;
    const wrong = this.random() < 0.1;
    const secret = wrong ? secretOf("wrong") : committed.secret;
    const info = await this.nextRoundInfo();
    const block = await this.nextBlock();
    const viaSigner = this.random() < 0.3 && this.world.operators.some((o) => o.address === operator);
    this.log.push(`reveal ${operator}${wrong ? " (wrong secret)" : ""} round ${info.round}`);
    const sender = this.senderFor(operator, viaSigner);
    const senderAddress = await sender.getAddress();
    const resolves = !viaSigner || (await this.world.registry.operatorOfSigner(senderAddress)) === operator;
    const tx = this.election.connect(sender).reveal(secret);
    if (block < info.revealStart)
      return this.expectRevert(tx, "OutsideRevealPhase", [block, info.revealStart, info.start + info.length]);
    if (!resolves) return this.expectRevert(tx, "NothingToReveal", [senderAddress, info.round]);
    if (committed.round !== info.round || committed.revealed)
      return this.expectRevert(tx, "NothingToReveal", [operator, info.round]);
    if (wrong) return this.expectRevert(tx, "SecretMismatch");
    await tx;
    this.stats.reveals++;
    committed.revealed = true;
    this.model.mix = xor32(this.model.mix, revealContribution(operator, secret));
  }

  /** One round as the protocol intends it, with some members failing to commit or reveal. */
  async protocolRound() {
    this.log.push("protocol round:");
    if ((await this.nextRoundInfo()).round > this.model.electedRound) await this.elect();
    const active = await this.election.activeValidators();
    for (const operator of active) if (this.random() < 0.85) await this.commit(operator);
    const { round } = await this.nextRoundInfo();
    for (const operator of active) {
      const c = this.model.commits.get(operator);
      if (c && c.round === round && !c.revealed && this.random() < 0.85) await this.reveal(operator);
    }
    await this.heartbeatBurst();
    const info = await this.nextRoundInfo();
    await mine(Number(info.start + info.length - (await this.nextBlock())) + 1);
  }

  async mine() {
    const blocks =
      this.random() < 0.85
        ? 1 + Math.floor(this.random() * (ROUND / 3))
        : ROUND * (1 + Math.floor(this.random() * 3));
    this.log.push(`mine ${blocks}`);
    await mine(blocks);
  }

  async elect() {
    let info = await this.nextRoundInfo();
    if (info.round <= this.model.electedRound && this.random() < 0.4) {
      // usually wait for the round to end, as a keeper does
      await mine(Number(info.start + info.length - (await this.nextBlock())) + 1);
      info = await this.nextRoundInfo();
    }
    if (info.round <= this.model.electedRound) {
      this.log.push(`elect (not due, round ${info.round})`);
      return this.expectRevert(this.election.elect(), "ElectionNotDue", [
        info.round,
        info.start + info.length,
      ]);
    }
    this.log.push(`elect round ${info.round}`);
    const previous = {
      operators: await this.election.activeValidators(),
      signers: await this.election.getValidators(),
    };
    const replay = this.random() < 0.15 ? await ethers.provider.send("evm_snapshot", []) : undefined;
    const tx = await this.election.connect(this.pick(this.world.strangers)).elect();
    const receipt = (await tx.wait())!;
    const block = BigInt(receipt.blockNumber);

    // rewards of the outgoing set
    this.recogniseFees();
    this.model.periodToken += this.model.uncollectedDelta;
    this.model.uncollectedDelta = 0n;
    const seats = BigInt(previous.operators.length);
    const perNative = this.model.periodNative / seats;
    const perToken = this.model.periodToken / seats;
    this.model.periodNative -= perNative * seats;
    this.model.periodToken -= perToken * seats;
    for (const op of previous.operators) {
      const owed = this.model.owed.get(op) ?? { nativeWei: 0n, tokenWei: 0n };
      this.model.owed.set(op, { nativeWei: owed.nativeWei + perNative, tokenWei: owed.tokenWei + perToken });
    }
    // non-revealers of the beacon round are jailed (or the pool refuses and the election says so)
    for (const op of previous.operators) {
      const c = this.model.commits.get(op);
      if (c && c.round === this.model.electedRound && !c.revealed) {
        const registered = await this.world.registry.isCandidate(op, { blockTag: Number(block) - 1 });
        const event = registered ? "NonRevealerJailed" : "JailFailed";
        await expect(tx)
          .to.emit(this.election, event)
          .withArgs(this.model.electedRound, op, block + BigInt(JAIL_BLOCKS));
      }
    }
    // the seed
    const lastBlock = info.start - 1n;
    const hash = block - lastBlock > 256n ? ZERO_HASH : await blockHash(lastBlock);
    const seed = deriveSeed(this.model.seed, this.model.mix, hash, info.round);
    expect(await this.election.seed()).to.equal(seed);
    this.model.seed = seed;
    this.model.mix = REVEAL_MIX_START;
    this.model.electedRound = info.round;

    // the set: the model's outcome from the pool as the election read it, and the model's heartbeat marks
    const [operators, signers, stakes] = await this.world.registry.electableCandidates({
      blockTag: Number(block),
    });
    const candidates: ModelCandidate[] = operators.map((operator, i) => {
      const marks = this.model.marks.get(operator) ?? { last: 0, previous: 0 };
      return {
        operator,
        signer: signers[i],
        stake: stakes[i],
        lastMark: marks.last,
        previousMark: marks.previous,
      };
    });
    const outcome = electionOutcome(
      candidates,
      info.round,
      this.model.maxCandidates,
      this.model.validatorCount,
      seed,
    );
    if (outcome.installed) {
      await expect(tx).to.emit(this.election, "ValidatorsElected");
      expect(await this.election.activeValidators()).to.deep.equal(outcome.operators);
      expect(await this.election.getValidators()).to.deep.equal(outcome.signers);
      // min(k, eligible) distinct members, each eligible (live, in the pool, unjailed)
      const eligible = eligibleCandidates(candidates, info.round, this.model.maxCandidates).map(
        (c) => c.operator,
      );
      expect(outcome.operators.length).to.equal(Math.min(this.model.validatorCount, eligible.length));
      for (const o of outcome.operators) expect(eligible).to.include(o);
      this.stats.installed++;
    } else {
      await expect(tx).to.emit(this.election, "PreviousSetKept");
      this.stats.kept++;
      expect(await this.election.activeValidators()).to.deep.equal(previous.operators);
      expect(await this.election.getValidators()).to.deep.equal(previous.signers);
    }
    if (replay) {
      // same state, same seed: the same set, whoever calls
      const elected = await this.election.getValidators();
      await ethers.provider.send("evm_revert", [replay]);
      await this.election.connect(this.world.admin).elect();
      expect(await this.election.getValidators()).to.deep.equal(elected);
    }
  }

  async changeStake() {
    const registered = await this.registeredOperators();
    if (registered.length === 0) return this.register();
    const operator = this.pick(registered);
    const stake = this.random() < 0.1 ? 0n : BigInt(1 + Math.floor(this.random() * 500)) * 1_000n * ETM;
    this.log.push(`stake ${operator} = ${stake}`);
    await this.world.registry.setStake(operator, stake);
  }

  async poolJail() {
    const registered = await this.registeredOperators();
    if (registered.length === 0) return this.register();
    const operator = this.pick(registered);
    const until = (await this.nextBlock()) + BigInt(Math.floor(this.random() * ROUND * 2));
    this.log.push(`pool jails ${operator} until ${until}`);
    await this.world.registry.setJailedUntil(operator, until);
  }

  async register(): Promise<void> {
    const registered = new Set(await this.registeredOperators());
    const free = this.world.operators
      .map((o, i) => [o, i] as const)
      .filter(([o]) => !registered.has(o.address));
    if (free.length === 0) return this.deregister();
    const [operator, i] = this.pick(free);
    this.log.push(`register ${operator.address}`);
    await this.world.registry.addCandidate(
      operator.address,
      this.world.signers[i].address,
      BigInt(1 + Math.floor(this.random() * 300)) * 1_000n * ETM,
    );
  }

  async deregister(): Promise<void> {
    const registered = await this.registeredOperators();
    if (registered.length <= 2) return this.register();
    const operator = this.pick(registered);
    this.log.push(`deregister ${operator}`);
    await this.world.registry.removeCandidate(operator);
  }

  async fees() {
    const amount =
      BigInt(Math.floor(this.random() * 1e6)) * 10n ** 12n + BigInt(Math.floor(this.random() * 1000));
    this.log.push(`fees ${amount}`);
    const address = await this.election.getAddress();
    await setBalance(address, (await ethers.provider.getBalance(address)) + amount);
    this.model.unrecognisedFees += amount;
  }

  async delta() {
    const amount = BigInt(Math.floor(this.random() * 1e6)) * 10n ** 12n + 3n;
    this.log.push(`delta ${amount}`);
    await this.world.registry.fundValidatorRewards(amount);
    this.model.uncollectedDelta += amount;
  }

  async claim() {
    const everyone = [
      ...this.world.genesis.map((g) => g.address),
      ...this.world.operators.map((o) => o.address),
    ];
    const owedSome = everyone.filter((a) => {
      const o = this.model.owed.get(a);
      return o !== undefined && (o.nativeWei > 0n || o.tokenWei > 0n);
    });
    const operator = this.random() < 0.75 && owedSome.length > 0 ? this.pick(owedSome) : this.pick(everyone);
    const owed = this.model.owed.get(operator) ?? { nativeWei: 0n, tokenWei: 0n };
    const tx = this.election.connect(this.senderFor(operator, false)).claim();
    this.log.push(`claim ${operator}`);
    if (owed.nativeWei === 0n && owed.tokenWei === 0n)
      return this.expectRevert(tx, "NothingToClaim", [operator]);
    await expect(tx).to.emit(this.election, "Claimed").withArgs(operator, owed.nativeWei, owed.tokenWei);
    this.model.owed.set(operator, { nativeWei: 0n, tokenWei: 0n });
    this.stats.claims++;
  }

  async releaseTreasury() {
    this.recogniseFees();
    const owed = this.model.treasuryOwed;
    this.log.push(`release treasury ${owed}`);
    const tx = this.election.releaseTreasuryFees();
    if (owed === 0n) return this.expectRevert(tx, "NothingToRelease");
    await expect(tx)
      .to.emit(this.election, "TreasuryFeesReleased")
      .withArgs(this.world.treasury.address, owed);
    this.model.treasuryOwed = 0n;
  }

  async parameters() {
    const choice = this.random();
    if (choice < 0.4) {
      const count = 4 + Math.floor(this.random() * 4);
      this.log.push(`validatorCount ${count}`);
      if (count > this.model.maxCandidates)
        return this.expectRevert(this.election.setValidatorCount(count), "ValidatorCountOutOfRange", [
          count,
          4,
          this.model.maxCandidates,
        ]);
      await this.election.setValidatorCount(count);
      this.model.validatorCount = count;
    } else if (choice < 0.8) {
      const cap = 4 + Math.floor(this.random() * 8);
      this.log.push(`maxCandidates ${cap}`);
      if (cap < this.model.validatorCount)
        return this.expectRevert(this.election.setMaxCandidates(cap), "MaxCandidatesOutOfRange", [
          cap,
          this.model.validatorCount,
          2000,
        ]);
      await this.election.setMaxCandidates(cap);
      this.model.maxCandidates = cap;
    } else {
      const share = this.pick([0n, WAD / 4n, WAD / 2n, WAD]);
      this.log.push(`feeShare ${share}`);
      await this.election.setFeeShare(share);
      this.recogniseFees();
      this.model.feeShare = share;
    }
  }

  recogniseFees() {
    const fees = this.model.unrecognisedFees;
    const share = (fees * this.model.feeShare) / WAD;
    this.model.periodNative += share;
    this.model.treasuryOwed += fees - share;
    this.model.unrecognisedFees = 0n;
  }

  async registeredOperators(): Promise<string[]> {
    const out: string[] = [];
    for (const o of this.world.operators)
      if (await this.world.registry.isCandidate(o.address)) out.push(o.address);
    return out;
  }

  // ------------------------------------------------------------ invariants

  async checkInvariants() {
    const { election, token } = this.world;
    const signers = await election.getValidators();
    const operators = await election.activeValidators();
    expect(signers.length, "getValidators() is never empty").to.be.greaterThan(0);
    expect(new Set(signers).size, "signers are distinct").to.equal(signers.length);
    expect(signers).to.not.include(ethers.ZeroAddress);
    expect(operators.length).to.equal(signers.length);
    expect(new Set(operators).size, "operators are distinct").to.equal(operators.length);
    for (const o of operators) expect(await election.isActiveValidator(o)).to.equal(true);
    expect(await election.seed()).to.equal(this.model.seed);
    expect(await election.revealMix()).to.equal(this.model.mix);
    expect(await election.electedRound()).to.equal(BigInt(this.model.electedRound));
    for (const [operator, marks] of this.model.marks) {
      const [ever, last, hasPrevious, previous] = await election.heartbeatOf(operator);
      expect([ever ? Number(last) + 1 : 0, hasPrevious ? Number(previous) + 1 : 0]).to.deep.equal([
        marks.last,
        marks.previous,
      ]);
    }
    // solvency: balances = owed + treasury + period pools + not yet recognised, exactly
    let owedNative = 0n;
    let owedToken = 0n;
    for (const [operator, owed] of this.model.owed) {
      expect(await election.rewardsOf(operator)).to.deep.equal([owed.nativeWei, owed.tokenWei]);
      owedNative += owed.nativeWei;
      owedToken += owed.tokenWei;
    }
    const address = await election.getAddress();
    expect(await ethers.provider.getBalance(address)).to.equal(
      owedNative + this.model.treasuryOwed + this.model.periodNative + this.model.unrecognisedFees,
    );
    expect(await token.balanceOf(address)).to.equal(owedToken + this.model.periodToken);
    expect(await election.unrecognisedFees()).to.equal(this.model.unrecognisedFees);
  }
}

/** Every sequence starts from this same state (a loadFixture snapshot). */
async function propertyFixture() {
  return deployWorldWith({ validatorCount: 4, maxCandidates: 8 }, 6);
}

async function runSequence(seed: number, ops: number) {
  const random = rng(seed);
  const world = await loadFixture(propertyFixture);
  const model: Model = {
    seed: await world.election.seed(),
    mix: REVEAL_MIX_START,
    electedRound: 0,
    marks: new Map(),
    commits: new Map(),
    owed: new Map(),
    periodNative: 0n,
    periodToken: 0n,
    treasuryOwed: 0n,
    unrecognisedFees: 0n,
    uncollectedDelta: 0n,
    feeShare: WAD / 2n,
    validatorCount: 4,
    maxCandidates: 8,
  };
  const sequence = new Sequence(world, random, model);
  const operations: [number, () => Promise<unknown>][] = [
    [12, () => sequence.protocolRound()],
    [5, () => sequence.heartbeat()],
    [8, () => sequence.heartbeatBurst()],
    [10, () => sequence.commit()],
    [16, () => sequence.reveal()],
    [8, () => sequence.mine()],
    [9, () => sequence.elect()],
    [6, () => sequence.changeStake()],
    [3, () => sequence.poolJail()],
    [3, () => sequence.register()],
    [2, () => sequence.deregister()],
    [6, () => sequence.fees()],
    [4, () => sequence.delta()],
    [6, () => sequence.claim()],
    [3, () => sequence.releaseTreasury()],
    [3, () => sequence.parameters()],
  ];
  const totalWeight = operations.reduce((a, [w]) => a + w, 0);
  for (let step = 0; step < ops; step++) {
    try {
      let roll = random() * totalWeight;
      const [, operation] = operations.find(([w]) => (roll -= w) < 0) ?? operations[0];
      await operation();
      await sequence.checkInvariants();
    } catch (error) {
      const recent = sequence.log.slice(-12).join("\n        ");
      console.error(
        `\n      Property sequence failed: seed ${seed}, step ${step}. Replay with ETM_PROPERTY_SEED=${seed}.\n      Last operations:\n        ${recent}\n`,
      );
      throw error;
    }
  }
  return sequence;
}

describe("Election properties (seeded random sequences)", () => {
  const seeds = FIXED_SEED
    ? [Number(FIXED_SEED)]
    : Array.from({ length: Math.max(1, Math.ceil(TOTAL_OPS / OPS_PER_SEQUENCE)) }, (_, i) => 0x5eed0000 + i);
  for (const seed of seeds) {
    it(`sequence ${seed}: ${OPS_PER_SEQUENCE} operations keep every invariant`, async function () {
      this.timeout(0);
      const sequence = await runSequence(seed, FIXED_SEED ? TOTAL_OPS : OPS_PER_SEQUENCE);
      console.log(`      ${JSON.stringify(sequence.stats)}`);
      // the sequence exercised elections and the beacon
      expect(sequence.stats.installed + sequence.stats.kept).to.be.greaterThan(0);
    });
  }
});
