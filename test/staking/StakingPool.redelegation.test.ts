/**
 * Redelegation (issue 15, item 3): bonded stake moves from one validator to another at once, and stays
 * slashable for the source's infractions before the move for the unbonding period (follow the stake).
 * validatorsFixture: op0 has 1,000 ETM of self-stake, alice 500 and bob 300 delegated (1,800 bonded);
 * op1 3,000 (2,000 self-stake, carol 1,000). Unbonding 100 blocks, minimum position 1 ETM.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import { toRedelegationView } from "../../lib/actions/redelegation";
import { MAX_REDELEGATIONS as MAX_REDELEGATIONS_PER_ACCOUNT } from "../../lib/constants";
import { ETM, WAD, validatorsFixture } from "../shared/fixtures";
import { blockOf, expectRevertNoChange, observed, Parameter } from "../shared/poolHelpers";

const REASON = ethers.encodeBytes32String("downtime");
const SLASH_EPOCH_BLOCKS = 28_800n;
const UNBONDING_BLOCKS = 100n;
const MAX_REDELEGATIONS = BigInt(MAX_REDELEGATIONS_PER_ACCOUNT);

type Ctx = Awaited<ReturnType<typeof validatorsFixture>>;

/** `account`'s redelegations as plain objects. */
async function redelegationsOf(ctx: Ctx, account: string) {
  return (await ctx.pool.redelegationsOf(account)).map(toRedelegationView);
}

/** The block of the latest transaction: an infraction "now", before what comes next. */
async function latestBlock(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber());
}

/** The Slashed event's burned amounts of `tx`. */
async function slashedBy(ctx: Ctx, tx: ContractTransactionResponse) {
  const receipt = (await tx.wait())!;
  const event = receipt.logs
    .map((log) => ctx.pool.interface.parseLog(log))
    .find((parsed) => parsed?.name === "Slashed")!;
  return { bonded: event.args.bondedBurnedWei as bigint, unbonding: event.args.unbondingBurnedWei as bigint };
}

describe("StakingPool: redelegation", () => {
  describe("moving stake", () => {
    it("moves bonded stake at once: out of the source, into the destination; total stake and votes unchanged", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, votes, op0, op1, alice } = ctx;
      await votes.connect(alice).delegate(alice.address);
      const totalBefore = await pool.totalStaked();
      const votesBefore = await votes.getVotes(alice.address);
      const tx = await pool.connect(alice).redelegate(op0.address, op1.address, 200n * ETM);
      const block = await blockOf(tx);
      await expect(tx)
        .to.emit(pool, "Redelegated")
        .withArgs(alice.address, op0.address, op1.address, 200n * ETM, block + UNBONDING_BLOCKS);
      await expect(tx)
        .to.emit(pool, "RewardPaid")
        .withArgs(alice.address, op0.address, (x: bigint) => x > 0n);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(300n * ETM);
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(200n * ETM);
      expect(await pool.validatorStake(op0.address)).to.equal(1_600n * ETM);
      expect(await pool.validatorStake(op1.address)).to.equal(3_200n * ETM);
      expect(await pool.totalStaked()).to.equal(totalBefore);
      expect(await votes.getVotes(alice.address)).to.equal(votesBefore);
      expect(await pool.positionsOf(alice.address)).to.deep.equal([op0.address, op1.address]);
      expect(await redelegationsOf(ctx, alice.address)).to.deep.equal([
        {
          source: op0.address,
          destination: op1.address,
          amountWei: 200n * ETM,
          slashableWei: 200n * ETM,
          owedWei: 0n,
          maturityBlock: block + UNBONDING_BLOCKS,
        },
      ]);
    });

    it("two moves in one block: the second pays no reward (both positions were settled by the first)", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, op0, op1, alice } = ctx;
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const first = await pool.connect(alice).redelegate(op0.address, op1.address, 100n * ETM);
        const second = await pool.connect(alice).redelegate(op0.address, op1.address, 100n * ETM);
        await mine(1);
        const [a, b] = [(await first.wait())!, (await second.wait())!];
        expect(a.blockNumber).to.equal(b.blockNumber);
        const rewards = (receipt: typeof a) =>
          receipt.logs.filter((log) => pool.interface.parseLog(log)?.name === "RewardPaid").length;
        expect(rewards(a), "the first pays the source's reward").to.equal(1);
        expect(rewards(b), "the second pays nothing").to.equal(0);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(200n * ETM);
      const entries = await redelegationsOf(ctx, alice.address);
      expect(entries.map((e) => e.amountWei)).to.deep.equal([100n * ETM, 100n * ETM]);
    });

    it("a full move closes the source position", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, op0, op1, alice } = ctx;
      await pool.connect(alice).redelegate(op0.address, op1.address, 500n * ETM);
      expect(await pool.stakeOf(alice.address, op0.address)).to.equal(0n);
      expect(await pool.positionsOf(alice.address)).to.deep.equal([op1.address]);
    });
  });

  describe("bad input: a clear error, nothing changes", () => {
    it("zero, the same validator twice, one's own validator as destination, an unknown validator", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, op0, op1, alice, outsider } = ctx;
      const seen = observed(ctx);
      await pool.connect(op1).stake(op0.address, 10n * ETM);
      const cases: [() => Promise<unknown>, string, unknown[]][] = [
        [() => pool.connect(alice).redelegate(op0.address, op1.address, 0n), "ZeroAmount", []],
        [
          () => pool.connect(alice).redelegate(op0.address, op0.address, ETM),
          "InvalidRedelegation",
          [op0.address, op0.address],
        ],
        [
          () => pool.connect(op1).redelegate(op0.address, op1.address, ETM),
          "InvalidRedelegation",
          [op0.address, op1.address],
        ],
        [
          () => pool.connect(alice).redelegate(outsider.address, op1.address, ETM),
          "UnknownValidator",
          [outsider.address],
        ],
        [
          () => pool.connect(alice).redelegate(op0.address, outsider.address, ETM),
          "UnknownValidator",
          [outsider.address],
        ],
      ];
      for (const [call, error, args] of cases) await expectRevertNoChange(ctx, seen, call, pool, error, args);
    });

    it("more than the position, a remainder below the minimum, a jailed destination", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice } = ctx;
      const seen = observed(ctx);
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(alice).redelegate(op0.address, op1.address, 501n * ETM),
        pool,
        "InsufficientStake",
        [alice.address, op0.address, 500n * ETM, 501n * ETM],
      );
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(alice).redelegate(op0.address, op1.address, 499n * ETM + ETM / 2n),
        pool,
        "PositionBelowMinimum",
        [alice.address, op0.address, ETM / 2n, ETM],
      );
      const slash = await pool.connect(admin).slash(op1.address, WAD / 100n, await latestBlock(), REASON);
      const jailedUntil = (await blockOf(slash)) + 200n;
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(alice).redelegate(op0.address, op1.address, ETM),
        pool,
        "ValidatorJailed",
        [op1.address, jailedUntil],
      );
    });

    it(`at most ${MAX_REDELEGATIONS} maturing at once; the oldest matured frees a place`, async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, op0, op1, alice } = ctx;
      for (let i = 0n; i < MAX_REDELEGATIONS; ++i)
        await pool.connect(alice).redelegate(op0.address, op1.address, ETM);
      await expectRevertNoChange(
        ctx,
        observed(ctx),
        () => pool.connect(alice).redelegate(op0.address, op1.address, ETM),
        pool,
        "TooManyRedelegations",
        [alice.address, MAX_REDELEGATIONS],
      );
      const first = (await redelegationsOf(ctx, alice.address))[0]!.maturityBlock;
      await mine(first - (await latestBlock()) - 1n); // the next block is the first one's maturity
      await pool.connect(alice).redelegate(op0.address, op1.address, ETM);
      expect(await redelegationsOf(ctx, alice.address)).to.have.length(Number(MAX_REDELEGATIONS));
    });
  });

  describe("follow the stake: the moved stake pays for the source's earlier infractions", () => {
    it("a 50% slash of the source for an infraction before the move takes exactly half of the stake bonded then", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice, outsider } = ctx;
      const infraction = await latestBlock();
      await pool.connect(alice).redelegate(op0.address, op1.address, 500n * ETM);
      const tx = await pool.connect(admin).slash(op0.address, WAD / 2n, infraction, REASON);
      // The source's bonded part: half of the 1,300 still there; the 500 moved away pay through the lien.
      expect(await slashedBy(ctx, tx)).to.deep.equal({ bonded: 650n * ETM, unbonding: 0n });
      const [entry] = await redelegationsOf(ctx, alice.address);
      expect(entry).to.include({ amountWei: 500n * ETM, slashableWei: 250n * ETM, owedWei: 250n * ETM });
      // Anyone settles: the 250 are burned from alice's stake at op1; 650 + 250 = half of 1,800.
      const totalBefore = await pool.totalStaked();
      await expect(pool.connect(outsider).settleRedelegations(alice.address))
        .to.emit(pool, "RedelegationSlashed")
        .withArgs(alice.address, op0.address, op1.address, 250n * ETM);
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(250n * ETM);
      expect(await pool.validatorStake(op1.address)).to.equal(3_250n * ETM);
      expect(await pool.totalStaked()).to.equal(totalBefore - 250n * ETM);
      expect((await redelegationsOf(ctx, alice.address))[0]).to.include({
        slashableWei: 250n * ETM,
        owedWei: 0n,
      });
      // A second slash for the same past takes its fraction of what is left.
      await pool.connect(admin).slash(op0.address, WAD / 5n, infraction, REASON);
      expect((await redelegationsOf(ctx, alice.address))[0]).to.include({
        slashableWei: 200n * ETM,
        owedWei: 50n * ETM,
      });
    });

    it("the burn lowers the destination's voting units of the account", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, votes, admin, op0, op1, alice } = ctx;
      await votes.connect(alice).delegate(alice.address);
      const infraction = await latestBlock();
      await pool.connect(alice).redelegate(op0.address, op1.address, 400n * ETM);
      await pool.connect(admin).slash(op0.address, WAD / 4n, infraction, REASON);
      const before = await votes.getVotes(alice.address);
      await pool.settleRedelegations(alice.address);
      expect(await votes.getVotes(alice.address)).to.equal(before - 100n * ETM);
    });

    it("every unstake of the account settles first", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice } = ctx;
      const infraction = await latestBlock();
      await pool.connect(alice).redelegate(op0.address, op1.address, 200n * ETM);
      await pool.connect(alice).stake(op1.address, 100n * ETM);
      await pool.connect(admin).slash(op0.address, WAD / 2n, infraction, REASON);
      await expect(pool.connect(alice).unstake(op1.address, 50n * ETM))
        .to.emit(pool, "RedelegationSlashed")
        .withArgs(alice.address, op0.address, op1.address, 100n * ETM);
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(150n * ETM);
    });

    it("an infraction in a later slash epoch than the move does not touch the moved stake", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice } = ctx;
      await pool.connect(admin).setParameter(Parameter.UnbondingBlocks, 60_000n);
      // The move in the last block of a slash epoch, the infraction in the first of the next.
      const latest = await latestBlock();
      const lastOfEpoch = (latest / SLASH_EPOCH_BLOCKS + 1n) * SLASH_EPOCH_BLOCKS - 1n;
      await mine(lastOfEpoch - latest - 1n);
      const move = await blockOf(await pool.connect(alice).redelegate(op0.address, op1.address, 500n * ETM));
      expect(move).to.equal(lastOfEpoch);
      await mine(1);
      const infraction = await latestBlock();
      const tx = await pool.connect(admin).slash(op0.address, WAD / 2n, infraction, REASON);
      expect(await slashedBy(ctx, tx)).to.deep.equal({ bonded: 650n * ETM, unbonding: 0n });
      expect((await redelegationsOf(ctx, alice.address))[0]).to.include({
        slashableWei: 500n * ETM,
        owedWei: 0n,
      });
    });

    it("residual, as for unbonding: an infraction later in the move's own slash epoch also reaches it", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice } = ctx;
      await pool.connect(alice).redelegate(op0.address, op1.address, 500n * ETM);
      const infraction = await latestBlock(); // the move's own block: the stake had left before its end
      expect(infraction / SLASH_EPOCH_BLOCKS).to.equal((await latestBlock()) / SLASH_EPOCH_BLOCKS);
      await pool.connect(admin).slash(op0.address, WAD / 10n, infraction + 1n, REASON);
      expect((await redelegationsOf(ctx, alice.address))[0]).to.include({
        slashableWei: 450n * ETM,
        owedWei: 50n * ETM,
      });
    });

    it("two accounts in one lien bucket pay each for the slashes after its own move, to the wei", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice, bob } = ctx;
      const infraction = await latestBlock();
      await pool.connect(alice).redelegate(op0.address, op1.address, 200n * ETM);
      await pool.connect(admin).slash(op0.address, WAD / 10n, infraction, REASON);
      await pool.connect(bob).redelegate(op0.address, op1.address, 100n * ETM);
      await pool.connect(admin).slash(op0.address, WAD / 2n, infraction, REASON);
      const [a] = await redelegationsOf(ctx, alice.address);
      const [b] = await redelegationsOf(ctx, bob.address);
      // alice: 200 -> 180 -> 90; bob (after the first slash): 100 -> 50. Shares round down: within 1 wei.
      expect(a!.amountWei).to.equal(200n * ETM);
      expect(a!.slashableWei).to.be.within(90n * ETM - 1n, 90n * ETM);
      expect(b!.amountWei).to.be.within(100n * ETM - 1n, 100n * ETM);
      expect(b!.slashableWei).to.be.within(50n * ETM - 1n, 50n * ETM);
      expect(a!.owedWei).to.equal(a!.amountWei - a!.slashableWei);
      expect(b!.owedWei).to.equal(b!.amountWei - b!.slashableWei);
    });

    it("a 100% slash of the source takes all the moved stake at the destination", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice } = ctx;
      const infraction = await latestBlock();
      await pool.connect(alice).redelegate(op0.address, op1.address, 200n * ETM);
      await pool.connect(admin).slash(op0.address, WAD, infraction, REASON);
      await expect(pool.settleRedelegations(alice.address))
        .to.emit(pool, "RedelegationSlashed")
        .withArgs(alice.address, op0.address, op1.address, 200n * ETM);
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(0n);
      expect(await pool.positionsOf(alice.address)).to.deep.equal([op0.address]);
    });

    it("what the destination's own slash took first is not owed again later", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice } = ctx;
      const infraction = await latestBlock();
      await pool.connect(alice).redelegate(op0.address, op1.address, 200n * ETM);
      await mine(1); // op1's infraction after alice's stake arrived: hers pays its share
      await pool.connect(admin).slash(op1.address, WAD / 2n, await latestBlock(), REASON);
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(100n * ETM);
      await pool.connect(admin).slash(op0.address, WAD, infraction, REASON);
      await expect(pool.settleRedelegations(alice.address))
        .to.emit(pool, "RedelegationSlashed")
        .withArgs(alice.address, op0.address, op1.address, 100n * ETM);
      expect((await redelegationsOf(ctx, alice.address))[0]).to.include({ slashableWei: 0n, owedWei: 0n });
      // Stake bonded at op1 later is not taken for op0's past.
      await mine(300); // op1's jail ends
      await pool.connect(alice).stake(op1.address, 50n * ETM);
      await pool.settleRedelegations(alice.address);
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(50n * ETM);
    });
  });

  describe("the destination's fate", () => {
    it("a destination slashed to nothing first: the settlement burns nothing and the debt is not kept", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice } = ctx;
      const infraction = await latestBlock();
      await pool.connect(alice).redelegate(op0.address, op1.address, 200n * ETM);
      await mine(1);
      await pool.connect(admin).slash(op1.address, WAD, await latestBlock(), REASON);
      await pool.connect(admin).slash(op0.address, WAD / 2n, infraction, REASON);
      expect((await redelegationsOf(ctx, alice.address))[0]).to.include({
        slashableWei: 100n * ETM,
        owedWei: 100n * ETM,
      });
      await expect(pool.settleRedelegations(alice.address)).to.not.emit(pool, "RedelegationSlashed");
      expect((await redelegationsOf(ctx, alice.address))[0]).to.include({
        slashableWei: 100n * ETM,
        owedWei: 0n,
      });
      // Another slash of the source: owed again, nothing left to burn nor to pay (op1 earns nothing now).
      await pool.connect(admin).slash(op0.address, WAD / 2n, infraction, REASON);
      const settle = await pool.settleRedelegations(alice.address);
      await expect(settle).to.not.emit(pool, "RedelegationSlashed");
      await expect(settle).to.not.emit(pool, "RewardPaid");
      expect((await redelegationsOf(ctx, alice.address))[0]).to.include({
        slashableWei: 50n * ETM,
        owedWei: 0n,
      });
    });
  });

  describe("the lock: what is still slashable stays until it matures", () => {
    it("unstaking below the lock is refused, the excess leaves; after the maturity all of it may", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, op0, op1, alice } = ctx;
      const seen = observed(ctx);
      const maturity = await blockOf(
        await pool.connect(alice).redelegate(op0.address, op1.address, 300n * ETM),
      );
      await pool.connect(alice).stake(op1.address, 100n * ETM);
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(alice).unstake(op1.address, 150n * ETM),
        pool,
        "RedelegationLocked",
        [alice.address, op1.address, 300n * ETM, 250n * ETM],
      );
      await pool.connect(alice).unstake(op1.address, 100n * ETM);
      // No hop onward escapes: moving it on is refused as well.
      await expectRevertNoChange(
        ctx,
        seen,
        () => pool.connect(alice).redelegate(op1.address, op0.address, ETM),
        pool,
        "RedelegationLocked",
        [alice.address, op1.address, 300n * ETM, 299n * ETM],
      );
      await mine(maturity + UNBONDING_BLOCKS - (await latestBlock()) - 1n);
      await pool.connect(alice).unstake(op1.address, 300n * ETM);
      expect(await redelegationsOf(ctx, alice.address)).to.deep.equal([]);
    });

    it("after a slash the lock is what is left slashable", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice } = ctx;
      const infraction = await latestBlock();
      await pool.connect(alice).redelegate(op0.address, op1.address, 300n * ETM);
      await pool.connect(alice).stake(op1.address, 100n * ETM);
      await pool.connect(admin).slash(op0.address, WAD / 2n, infraction, REASON);
      // 150 burned at settlement; 250 left at op1, of which 150 are locked.
      await expect(pool.connect(alice).unstake(op1.address, 101n * ETM))
        .to.be.revertedWithCustomError(pool, "RedelegationLocked")
        .withArgs(alice.address, op1.address, 150n * ETM, 149n * ETM);
      await pool.connect(alice).unstake(op1.address, 100n * ETM);
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(150n * ETM);
    });

    it("matured entries are released: their liens leave the source's buckets", async () => {
      const ctx = await loadFixture(validatorsFixture);
      const { pool, admin, op0, op1, alice, outsider } = ctx;
      const infraction = await latestBlock();
      await pool.connect(alice).redelegate(op0.address, op1.address, 200n * ETM);
      await mine(UNBONDING_BLOCKS);
      await pool.connect(outsider).settleRedelegations(alice.address);
      expect(await redelegationsOf(ctx, alice.address)).to.deep.equal([]);
      // The infraction is out of the window now: nothing can reach the moved stake any more.
      await expect(
        pool.connect(admin).slash(op0.address, WAD / 2n, infraction, REASON),
      ).to.be.revertedWithCustomError(pool, "InfractionTooOld");
      expect(await pool.stakeOf(alice.address, op1.address)).to.equal(200n * ETM);
    });
  });
});
