import { expect } from "chai";
import { atLeastOnce, electionsPer } from "../../sim/capture/periods";
import { bestOfDistribution, captureWithGrinding } from "../../sim/capture/grinding";
import { monteCarloSeatCounts, tailEstimate, wilsonInterval } from "../../sim/capture/monteCarlo";
import { candidateStakes, honestShares } from "../../sim/capture/populations";
import { binomialTail, seatDistribution, tailProbability } from "../../sim/capture/seatDistribution";
import { candidateSplits } from "../../sim/capture/splitSearch";
import { crossCheck, stakeNakamoto } from "../../sim/capture/table";
import { captureThresholds, qbftQuorumSeats } from "../../sim/capture/thresholds";
import { seatedNakamoto, topNSeats, topNShareNeeded } from "../../sim/capture/topN";

/**
 * Every ordered draw sequence of `count` distinct candidates, each draw proportional to the stake
 * left: the distribution of the coalition's seats by brute force (independent of the programme).
 */
function enumerateSeats(stakes: readonly number[], isCoalition: readonly boolean[], count: number): number[] {
  const distribution = new Array<number>(count + 1).fill(0);
  const taken = stakes.map(() => false);
  const visit = (depth: number, probability: number, seats: number, left: number) => {
    if (depth === count || left <= 0) {
      distribution[seats] += probability;
      return;
    }
    stakes.forEach((stake, i) => {
      if (taken[i] || stake === 0) return;
      taken[i] = true;
      visit(depth + 1, (probability * stake) / left, seats + (isCoalition[i] ? 1 : 0), left - stake);
      taken[i] = false;
    });
  };
  visit(
    0,
    1,
    0,
    stakes.reduce((a, b) => a + b, 0),
  );
  return distribution;
}

describe("sim/capture: the election's capture odds", () => {
  describe("QBFT thresholds", () => {
    it("are Besu's: q = ceil(2n/3), halt n − q + 1, control q, equivocate 2q − n", () => {
      expect(captureThresholds(21)).to.deep.equal({
        validatorCount: 21,
        quorumSeats: 14,
        haltSeats: 8,
        controlSeats: 14,
        equivocateSeats: 7,
      });
      expect(captureThresholds(31)).to.include({ haltSeats: 11, controlSeats: 21, equivocateSeats: 11 });
      expect(captureThresholds(101)).to.include({ quorumSeats: 68, haltSeats: 34, equivocateSeats: 35 });
      for (let n = 1; n <= 300; n++) {
        const q = qbftQuorumSeats(n);
        expect(3 * q >= 2 * n && 3 * (q - 1) < 2 * n, `n = ${n}`).to.equal(true);
      }
    });
  });

  describe("the exact programme", () => {
    it("matches a case computed by hand: 1/2 against two of 1/4, two seats: P(no coalition seat) = 1/6", () => {
      const d = seatDistribution({
        validatorCount: 2,
        coalitionShare: 0.5,
        coalitionCandidates: 1,
        honestCandidates: 2,
      });
      expect(d[0]).to.be.closeTo(1 / 6, 1e-15);
      expect(d[1]).to.be.closeTo(5 / 6, 1e-15);
      expect(d[2]).to.equal(0);
    });

    it("matches enumeration of every draw sequence for small populations", () => {
      for (const [n, m, H, f] of [
        [4, 2, 4, 0.3],
        [4, 3, 3, 0.45],
        [5, 5, 3, 0.2],
        [3, 1, 5, 0.6],
        [6, 4, 4, 0.35],
      ]) {
        const exact = seatDistribution({
          validatorCount: n,
          coalitionShare: f,
          coalitionCandidates: m,
          honestCandidates: H,
        });
        const { stakes, isCoalition } = candidateStakes(f, m, honestShares("equal", H));
        const enumerated = enumerateSeats(stakes, isCoalition, n);
        enumerated.forEach((p, x) =>
          expect(exact[x], `n=${n} m=${m} H=${H} f=${f} x=${x}`).to.be.closeTo(p, 1e-13),
        );
      }
    });

    it("is Binomial(n, f) in the double limit, and tends to it as the candidates multiply", () => {
      for (const f of [0.05, 0.2, 0.4]) {
        const limit = seatDistribution({
          validatorCount: 21,
          coalitionShare: f,
          coalitionCandidates: Infinity,
          honestCandidates: Infinity,
        });
        const many = seatDistribution({
          validatorCount: 21,
          coalitionShare: f,
          coalitionCandidates: 1e7,
          honestCandidates: 1e7,
        });
        for (const seats of [7, 8, 14]) {
          const binomial = binomialTail(21, f, seats);
          expect(tailProbability(limit, seats)).to.be.closeTo(binomial, binomial * 1e-12);
          expect(tailProbability(many, seats)).to.be.closeTo(binomial, binomial * 1e-4);
        }
      }
    });

    it("gives the coalition more seats the finer it splits (so its best split is the limit)", () => {
      for (const f of [0.05, 0.15, 0.3, 0.5]) {
        for (const H of [30, 100]) {
          let previous = [0, 0, 0];
          for (const m of candidateSplits(21)) {
            const d = seatDistribution({
              validatorCount: 21,
              coalitionShare: f,
              coalitionCandidates: m,
              honestCandidates: H,
            });
            const tails = [7, 8, 14].map((t) => tailProbability(d, t));
            tails.forEach((p, k) =>
              expect(p, `f=${f} H=${H} m=${m}`).to.be.at.least(previous[k] * (1 - 1e-12)),
            );
            previous = tails;
          }
        }
      }
    });
  });

  describe("Monte Carlo", () => {
    it("agrees with enumeration on a population of unequal (Zipf) stakes, and rejects a wrong law", () => {
      const { stakes, isCoalition } = candidateStakes(0.3, 3, honestShares("zipf", 5));
      const exact = enumerateSeats(stakes, isCoalition, 4);
      const counts = monteCarloSeatCounts({ stakes, isCoalition }, 4, 40_000, 11);
      const z = 3.2905267314919255; // 99.9%
      for (let seats = 1; seats <= 4; seats++) {
        const estimate = tailEstimate(counts, seats, z);
        const truth = exact.slice(seats).reduce((a, b) => a + b, 0);
        expect(truth, `seats >= ${seats}`).to.be.within(estimate.low, estimate.high);
      }
      // Drawing with replacement (Binomial(4, 0.3)) is a different law: the test sees it.
      const wrong = binomialTail(4, 0.3, 2);
      const estimate = tailEstimate(counts, 2, z);
      expect(wrong < estimate.low || wrong > estimate.high).to.equal(true);
    });

    it("agrees with the exact programme at 99.9% on the reference population (coalition in 200 candidates)", () => {
      for (const f of [0.1, 0.2, 0.35]) {
        for (const check of crossCheck(21, f, 100, 20_000, 5)) {
          expect(check.agrees, JSON.stringify(check)).to.equal(true);
        }
      }
    });

    it("Wilson intervals: exact bounds at 0 and at every hit, and the textbook value in between", () => {
      expect(wilsonInterval(0, 1000)).to.include({ estimate: 0, low: 0 });
      expect(wilsonInterval(1000, 1000)).to.include({ estimate: 1, high: 1 });
      const mid = wilsonInterval(50, 100);
      expect(mid.low).to.be.closeTo(0.4038, 1e-4);
      expect(mid.high).to.be.closeTo(0.5962, 1e-4);
    });
  });

  describe("periods and grinding", () => {
    it("at least once in R elections keeps the digits of tiny odds", () => {
      expect(atLeastOnce(1e-20, 365)).to.be.closeTo(3.65e-18, 1e-30);
      expect(atLeastOnce(0.5, 3)).to.be.closeTo(0.875, 1e-15);
      expect(electionsPer(10_512_000, 28_800)).to.equal(365);
      expect(electionsPer(10_512_000, 1_200)).to.equal(8_760);
    });

    it("the best of k draws has P(max <= y) = F(y)^k", () => {
      const d = seatDistribution({
        validatorCount: 21,
        coalitionShare: 0.2,
        coalitionCandidates: Infinity,
        honestCandidates: 100,
      });
      const best = bestOfDistribution(d, 3);
      let cdf = 0;
      let bestCdf = 0;
      for (let y = 0; y <= 21; y++) {
        cdf += d[y];
        bestCdf += best[y];
        expect(bestCdf).to.be.closeTo(Math.min(1, cdf) ** 3, 1e-12);
      }
    });

    it("without grinding the chain is exactly 1 − (1 − p)^R; grinding only raises it", () => {
      const d = seatDistribution({
        validatorCount: 21,
        coalitionShare: 0.1,
        coalitionCandidates: Infinity,
        honestCandidates: 100,
      });
      const p = tailProbability(d, 8);
      expect(captureWithGrinding(d, 8, 1, 365)).to.be.closeTo(atLeastOnce(p, 365), 1e-13);
      const ground = captureWithGrinding(d, 8, 1_000, 365);
      expect(ground).to.be.above(atLeastOnce(p, 365) + 0.5);
      expect(captureWithGrinding(d, 8, 1_000_000, 365)).to.be.at.least(ground);
    });
  });

  describe("top-N election and the Nakamoto coefficient", () => {
    it("top-N seats follow from the honest ranking: 10% against 100 equal honest candidates takes 11 of 21", () => {
      const equal = honestShares("equal", 100);
      // s pieces of 10%/s outrank an honest 0.9% exactly when s < 11.1
      expect(topNSeats(21, 0.1, equal)).to.equal(11);
      expect(topNShareNeeded(21, 8, equal)).to.be.closeTo(0.08 / 1.08, 1e-15);
      expect(topNSeats(21, 0.08 / 1.08 - 1e-9, equal)).to.equal(7);
      expect(topNSeats(21, 0.08 / 1.08 + 1e-9, equal)).to.equal(8);
    });

    it("the seated Nakamoto coefficient and the stake's", () => {
      expect(seatedNakamoto(8, 8)).to.equal(1);
      expect(seatedNakamoto(3, 8)).to.equal(6);
      expect(seatedNakamoto(0, 8)).to.equal(9);
      // 100 equal honest candidates of 0.95% each next to 5%: 5% + 30 of them > 1/3
      expect(stakeNakamoto(0.05, honestShares("equal", 100))).to.equal(31);
      expect(stakeNakamoto(0.34, honestShares("equal", 100))).to.equal(1);
    });
  });
});
