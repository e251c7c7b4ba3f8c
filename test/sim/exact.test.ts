import { expect } from "chai";
import { BLOCKS_PER_YEAR_BIG, exactEmission, ExactInflationSchedule } from "../../sim/exactEmission";
import { ExactStakingLedger } from "../../sim/exactLedger";
import { exactLedgerFor, replayExact, toExactActions, toWad, toWei } from "../../sim/exactReplay";
import { lnOnePlusWadE36, RAY, ratePerBlockRay, rpow, WAD } from "../../lib/poolAccounting";
import { simulate } from "../../sim/simulate";
import { runPath } from "../../sim/ensemble/path";
import { smallScenario, smallScenarioJson } from "../shared/simScenarios";
import { ETM } from "../shared/units";

const n = BLOCKS_PER_YEAR_BIG;
const abs = (x: bigint) => (x < 0n ? -x : x);

/** References computed to 80 digits with Python's decimal module, truncated. */
const LN_RAY: Array<[bigint, bigint, bigint]> = [
  // rate (wad), ln(1 + rate) * 1e27, ln(1 + rate) * 1e27 / n
  [10n ** 17n, 95310179804324860043952123n, 9066797926591025498n],
  [5n * 10n ** 16n, 48790164169432003065374404n, 4641377869999239256n],
  [2n * 10n ** 16n, 19802627296179713026029066n, 1883811576881631756n],
  [10n ** 18n, 693147180559945309417232121n, 65938658729066334609n],
  [0n, 0n, 0n],
];

describe("sim exact path (integers, as the contracts round)", () => {
  describe("ray math", () => {
    for (const [rateWad, lnRay, perBlockRay] of LN_RAY) {
      it(`ln(1 + ${rateWad} wad) and the per-block rate are exact to 27 digits`, () => {
        // The pool's 36-digit logarithm, truncated to ray, and its per-block rate (what the exact path uses).
        expect(lnOnePlusWadE36(rateWad) / 10n ** 9n).to.equal(lnRay);
        expect(ratePerBlockRay(rateWad)).to.equal(perBlockRay);
      });
    }

    it("rpow is MakerDAO's: by squaring, each product rounded half up", () => {
      expect(rpow(15n, 3n, 10n)).to.equal(35n); // 1.5 -> 2.3 (2.25 rounded) -> 1.5 * 2.3 = 3.45 -> 3.5
      expect(rpow(15n, 2n, 10n)).to.equal(23n);
      expect(rpow(RAY + 123n, 0n)).to.equal(RAY);
      expect(rpow(RAY + 123n, 1n)).to.equal(RAY + 123n);
      expect(rpow(RAY, 10n ** 9n)).to.equal(RAY);
      expect(rpow(0n, 0n)).to.equal(RAY);
      expect(rpow(0n, 5n)).to.equal(0n);
      expect(rpow(2n * RAY, 10n)).to.equal(1024n * RAY);
    });

    it("a year at 10%: (1 + i_n)^n within 1e-18 of the exact power and within 1e-9 of 1.1", () => {
      const growth = rpow(RAY + 9066797926591025498n, n);
      expect(abs(growth - 1099999999524713025617615581n)).to.be.below(10n ** 9n);
      expect(abs(growth - (11n * RAY) / 10n)).to.be.below(10n ** 18n);
    });
  });

  describe("exactEmission", () => {
    const schedule = new ExactInflationSchedule(toWad(0.1));
    schedule.setRate(1n, toWad(0.02));
    const start = 1_000n;

    it("mints 10% of the supply over year 0, within 1e-9", () => {
      const supply = 10n ** 9n * ETM;
      const { mintedWei, segments } = exactEmission(schedule, start, supply, start, start + n);
      expect(segments).to.have.length(1);
      expect(abs(mintedWei - supply / 10n)).to.be.below(supply / 10n ** 9n);
    });

    it("splits at the year boundary, compounding each year at its own rate; nothing before startBlock", () => {
      const supply = 10n ** 9n * ETM;
      const { mintedWei, segments } = exactEmission(
        schedule,
        start,
        supply,
        start + n - 30_000n - 500n,
        start + n + 50_000n,
      );
      expect(segments.map((s) => [s.year, s.blocks, s.perBlockRateRay])).to.deep.equal([
        [0n, 30_500n, 9066797926591025498n],
        [1n, 50_000n, 1883811576881631756n],
      ]);
      expect(segments[0].mintedWei + segments[1].mintedWei).to.equal(mintedWei);
      const beforeStart = exactEmission(schedule, start, supply, 0n, start + 30_000n);
      expect(beforeStart.segments.map((s) => s.blocks)).to.deep.equal([30_000n]);
      // Against the product of powers computed to 80 digits (30,000 blocks of year 0, 50,000 of year 1).
      const exact = exactEmission(schedule, start, supply, start + n - 30_000n, start + n + 50_000n);
      const expected = 1_000366261572716617054298265n; // 1e9 ETM * 1.000366261572716617054298265...
      expect(abs(supply + exact.mintedWei - expected)).to.be.below(10n ** 10n);
    });

    it("a year with no rate uses the last one set before it", () => {
      const rates = new ExactInflationSchedule(toWad(0.1));
      rates.setRate(3n, toWad(0.04));
      expect([0n, 2n, 3n, 8n].map((year) => rates.rateWadForYear(year))).to.deep.equal([
        toWad(0.1),
        toWad(0.1),
        toWad(0.04),
        toWad(0.04),
      ]);
    });
  });

  describe("ExactStakingLedger", () => {
    const start = 100n;
    const newLedger = (deltaWad = 0n) =>
      new ExactStakingLedger({
        startBlock: start,
        initialSupplyWei: 10n ** 9n * ETM,
        initialRateWad: toWad(0.1),
        deltaWad,
      });

    it("gives the treasury the mint while nothing (or only dust) is staked, and stakers everything after", () => {
      const ledger = newLedger();
      ledger.accrue(start + 28_800n);
      const mintedWhileEmpty = ledger.totalSupplyWei - 10n ** 9n * ETM;
      expect(mintedWhileEmpty).to.be.above(0n);
      expect(ledger.treasuryWei).to.equal(mintedWhileEmpty);
      // 1,000 ETM of a supply above 1e9 ETM is under a millionth: dust, as the pool counts it.
      ledger.registerValidator(start + 28_800n, "v", 0n, 1_000n * ETM);
      ledger.accrue(start + 2n * 28_800n);
      const mintedWhileDust = ledger.totalSupplyWei - 10n ** 9n * ETM;
      expect(ledger.treasuryWei).to.equal(mintedWhileDust);
      expect(ledger.pendingReward(start + 2n * 28_800n, "v", "v")).to.equal(0n);
      ledger.stake(start + 2n * 28_800n, "v", "v", 9_000n * ETM);
      ledger.accrue(start + 3n * 28_800n);
      expect(ledger.treasuryWei).to.equal(mintedWhileDust);
      const reward = ledger.claim(start + 3n * 28_800n, "v", "v");
      const mintedAfter = ledger.totalSupplyWei - 10n ** 9n * ETM - mintedWhileDust;
      expect(mintedAfter - reward).to.be.within(0n, 2n); // rounding favours the pool, by wei
    });

    it("splits delta to the validators, pays stakers pro rata, commission to the validator", () => {
      const ledger = newLedger(toWad(0.25));
      ledger.registerValidator(start, "v", toWad(0.1), 1_000n * ETM);
      ledger.stake(start, "alice", "v", 1_000n * ETM);
      ledger.stake(start, "bob", "v", 3_000n * ETM);
      const end = start + 100_000n;
      const minted = ledger.supplyAt(end) - 10n ** 9n * ETM;
      const alice = ledger.claim(end, "alice", "v");
      const bob = ledger.claim(end, "bob", "v");
      const self = ledger.pendingReward(end, "v", "v");
      const commission = ledger.pendingCommission(end, "v");
      // A validator claiming from itself takes its self-stake's reward and its commission, as the pool pays.
      expect(ledger.claim(end, "v", "v")).to.equal(self + commission);
      expect(ledger.pendingCommission(end, "v")).to.equal(0n);
      expect(ledger.validatorsDirectWei).to.equal((minted * toWad(0.25)) / WAD);
      const stakersShare = minted - ledger.validatorsDirectWei;
      expect(abs(bob - 3n * alice)).to.be.below(4n);
      expect(abs(self - alice)).to.be.below(2n);
      // Commission: 10% of the delegators' and the self-stake's gross reward.
      expect(abs(commission * 9n - (alice + bob + self))).to.be.below(20n);
      const paid = alice + bob + self + commission;
      expect(paid <= stakersShare, "never pays more than the stakers' share").to.equal(true);
      expect(stakersShare - paid).to.be.below(10n);
    });

    it("views do not change later results (they settle nothing)", () => {
      const run = (peek: boolean) => {
        const ledger = newLedger(toWad(0.1));
        ledger.registerValidator(start, "v", toWad(0.07), 777n * ETM);
        ledger.stake(start + 10n, "alice", "v", 1_234n * ETM);
        for (let block = start + 11n; block < start + 5_000n; block += 333n) {
          if (peek) {
            ledger.pendingReward(block, "alice", "v");
            ledger.pendingCommission(block, "v");
            ledger.supplyAt(block);
            ledger.rewardPerTokenAt(block);
          }
          if (block % 3n === 0n) ledger.stake(block, "bob", "v", 5n * ETM);
        }
        const end = start + 9_000n;
        return [
          ledger.pendingReward(end, "alice", "v"),
          ledger.claim(end, "alice", "v"),
          ledger.claim(end, "bob", "v"),
        ];
      };
      const [pending, claimed] = run(true);
      expect(pending).to.equal(claimed);
      expect(run(true)).to.deep.equal(run(false));
    });

    it("settles as the pool does: stake and unstake pay the pending reward; withdraw does not accrue", () => {
      const ledger = new ExactStakingLedger({
        startBlock: start,
        initialSupplyWei: 10n ** 9n * ETM,
        initialRateWad: toWad(0.1),
        deltaWad: 0n,
        unbondingBlocks: 50n,
      });
      ledger.registerValidator(start, "v", toWad(0.1), 1_000n * ETM);
      ledger.stake(start, "alice", "v", 1_000n * ETM);
      const pending = ledger.pendingReward(start + 100n, "alice", "v");
      expect(pending).to.be.above(0n);
      expect(ledger.stake(start + 100n, "alice", "v", 10n * ETM)).to.equal(pending);
      expect(ledger.pendingReward(start + 100n, "alice", "v")).to.equal(0n);
      const unstaked = ledger.unstake(start + 200n, "alice", "v", 500n * ETM);
      expect(unstaked.rewardWei).to.be.above(0n);
      expect(unstaked.maturityBlock).to.equal(start + 250n);
      expect(ledger.rewardPaid("alice", "v")).to.equal(pending + unstaked.rewardWei);
      expect(ledger.stakeOf("alice", "v")).to.equal(510n * ETM);
      expect(() => ledger.withdraw(start + 249n, "alice")).to.throw(/nothing to withdraw/);
      expect(ledger.withdraw(start + 300n, "alice")).to.equal(500n * ETM);
      expect(ledger.lastAccrualBlock).to.equal(start + 200n);
    });

    it("refuses an inflation rate for the current or a past year, and unstaking more than is staked", () => {
      const ledger = newLedger();
      expect(() => ledger.setInflationRate(start + n + 5n, 1n, toWad(0.05))).to.throw(
        /current or a past year/,
      );
      ledger.setInflationRate(start + n + 5n, 2n, toWad(0.05));
      expect(ledger.schedule.rateWadForYear(2n)).to.equal(toWad(0.05));
      ledger.registerValidator(start + n + 5n, "v", 0n, ETM);
      expect(() => ledger.unstake(start + n + 6n, "v", "v", 2n * ETM)).to.throw(/unstakes/);
      expect(ledger.unstake(start + n + 6n, "v", "v", "all").amountWei).to.equal(ETM);
    });

    it("auto-compounding: a class position has no reward, grows at each settlement, stakeOfAt previews it, views change nothing", () => {
      const ledger = newLedger(toWad(0.1));
      ledger.registerValidator(start, "v", toWad(0.1), 100_000n * ETM);
      expect(ledger.setCompounding(start, "a", "v", true)).to.deep.equal({ rewardWei: 0n, valueWei: 0n });
      ledger.stake(start, "a", "v", 50_000n * ETM);
      ledger.stake(start, "b", "v", 50_000n * ETM);
      expect(ledger.isCompounding("a", "v")).to.equal(true);
      expect(() => ledger.setCompounding(start + 1n, "a", "v", true)).to.throw(/compounding already/);
      expect(() => ledger.setCompounding(start + 1n, "v", "v", true)).to.throw(/self-stake/);

      const block = start + 1_000n;
      const preview = ledger.stakeOfAt(block, "a", "v");
      const pendingB = ledger.pendingReward(block, "b", "v");
      expect(ledger.pendingReward(block, "a", "v")).to.equal(0n);
      // The class earns what a paying position of the same size earns (a wei of rounding aside).
      expect(abs(preview - 50_000n * ETM - pendingB)).to.be.at.most(2n);
      // Views settle nothing: the stored value is still the stake, and the history is untouched.
      expect(ledger.stakeOf("a", "v")).to.equal(50_000n * ETM);
      expect(ledger.classCompounded("v")).to.equal(0n);
      const bonded = ledger.settleValidator(block, "v");
      expect(bonded).to.be.above(0n);
      expect(ledger.classCompounded("v")).to.equal(bonded);
      expect(ledger.stakeOf("a", "v")).to.equal(preview);
      expect(ledger.stakeOfAt(block, "a", "v")).to.equal(preview);
      expect(ledger.settleValidator(block, "v"), "once a block").to.equal(0n);
      expect(() => ledger.claim(block, "a", "v")).to.throw(/nothing to claim/);

      // A partial unstake, then all of it; the switch back pays out again.
      ledger.unstake(block + 10n, "a", "v", 10_000n * ETM);
      const exit = ledger.unstake(block + 20n, "a", "v", "all");
      expect(exit.rewardWei).to.equal(0n);
      expect(ledger.stakeOf("a", "v")).to.equal(0n);
      expect(ledger.setCompounding(block + 30n, "a", "v", false).valueWei).to.equal(0n);
      ledger.stake(block + 30n, "a", "v", ETM);
      expect(ledger.pendingReward(block + 500n, "a", "v")).to.be.above(0n);
    });
  });

  describe("replaying a simulation on the exact ledger", () => {
    it("converts amounts to wei and fractions to wad from their 15 significant digits", () => {
      expect(toWad(0.1)).to.equal(10n ** 17n);
      expect(toWad(0.07)).to.equal(7n * 10n ** 16n);
      expect(toWei(1234.5)).to.equal(12345n * 10n ** 17n);
      expect(toWei(1e21)).to.equal(10n ** 39n);
      expect(toWei(1.5e-7)).to.equal(15n * 10n ** 10n);
    });

    it("the floating-point trajectory matches the integer one: supply, stake, every agent's reward", () => {
      const scenario = smallScenario({ delta: 0.1 });
      const result = simulate(scenario, { recordActions: true });
      const startBlock = 5_000n;
      const ledger = exactLedgerFor(scenario, startBlock);
      const actions = toExactActions(result.actions, startBlock);
      replayExact(ledger, actions);
      const endBlock = startBlock + BigInt(scenario.blocks);
      ledger.accrue(endBlock);
      const last = result.rows[result.rows.length - 1];
      const etm = (wei: bigint) => Number(wei) / 1e18;
      const close = (actual: number, expected: number, relative: number) =>
        expect(Math.abs(actual - expected)).to.be.at.most(relative * Math.abs(expected) + 1e-9);

      close(etm(ledger.totalSupplyWei), last.supplyEtm, 1e-12);
      close(etm(ledger.totalStakedWei), last.stakedEtm, 1e-12);
      expect(ledger.treasuryWei).to.equal(0n);
      close(etm(ledger.validatorsDirectWei), 0.1 * (last.supplyEtm - scenario.initialSupplyEtm), 1e-9);
      for (const agent of result.agents) {
        const validator = result.validators[agent.validatorIndex].id;
        // Paid out (by claim, compound, and the stakes and unstakes that settle it) and still pending.
        const exactRewardWei =
          ledger.rewardPaid(agent.id, validator) + ledger.pendingReward(endBlock, agent.id, validator);
        close(etm(exactRewardWei), agent.rewardsEarnedEtm, 1e-12);
      }
      // The ledger's self-stake pays commission to its own validator; the total is the same.
      for (const validator of result.validators) {
        const exactWei =
          ledger.pendingCommission(endBlock, validator.id) +
          ledger.pendingReward(endBlock, validator.id, validator.id);
        close(etm(exactWei), validator.commissionEtm + validator.selfStakeRewardsEtm, 1e-12);
        expect(ledger.pendingCommission(endBlock, validator.id)).to.be.above(0n);
      }
    });

    it("with auto-compounding agents: the class bonds what the float path compounds, within 1e-12", () => {
      const json = smallScenarioJson();
      const scenario = smallScenario({
        delta: 0.1,
        populations: [
          ...(json.populations as unknown[]),
          {
            name: "vault",
            count: 3,
            holdingsPerAgentEtm: 500_000,
            initialStakedFraction: 0.2,
            alternativeYield: 0.15,
            alternativeYieldSpread: 0.1,
            thresholdYield: 0.002,
            reactionSpeed: 0.3,
            autoCompound: true,
          },
        ],
      });
      const result = simulate(scenario, { recordActions: true });
      const startBlock = 5_000n;
      const ledger = exactLedgerFor(scenario, startBlock);
      const actions = toExactActions(result.actions, startBlock);
      const outcomes = replayExact(ledger, actions).outcomes;
      const endBlock = startBlock + BigInt(scenario.blocks);
      ledger.accrue(endBlock);
      const etm = (wei: bigint) => Number(wei) / 1e18;
      const close = (actual: number, expected: number, relative: number) =>
        expect(Math.abs(actual - expected)).to.be.at.most(relative * Math.abs(expected) + 1e-9);
      const last = result.rows[result.rows.length - 1];
      close(etm(ledger.totalSupplyWei), last.supplyEtm, 1e-12);
      close(etm(ledger.totalStakedWei), last.stakedEtm, 1e-12);
      expect(actions.filter((a) => a.kind === "settleValidator").length).to.be.above(0);
      expect(outcomes.reduce((sum, o) => sum + o.classCompoundedWei, 0n)).to.equal(ledger.classCompoundedWei);
      const netStaked = new Map<string, bigint>();
      actions.forEach((action, index) => {
        if (action.kind !== "stake" && action.kind !== "unstake") return;
        const amount = action.kind === "stake" ? action.amountWei : -outcomes[index].amountWei;
        netStaked.set(action.account, (netStaked.get(action.account) ?? 0n) + amount);
      });
      const compounders = result.agents.filter((agent) => agent.autoCompound);
      expect(compounders).to.have.length(3);
      for (const agent of compounders) {
        const validator = result.validators[agent.validatorIndex].id;
        expect(ledger.isCompounding(agent.id, validator)).to.equal(true);
        expect(ledger.rewardPaid(agent.id, validator)).to.equal(0n);
        const gainWei = ledger.stakeOfAt(endBlock, agent.id, validator) - netStaked.get(agent.id)!;
        close(etm(gainWei), agent.rewardsEarnedEtm, 1e-12);
        close(etm(ledger.stakeOfAt(endBlock, agent.id, validator)), agent.stakedEtm, 1e-12);
      }
      // Ensembles do not model it: refused, not played differently.
      expect(() => runPath(scenario, 1, scenario.stochastic)).to.throw(/autoCompound/);
    });
  });
});
