import { expect } from "chai";
import {
  BLOCKS_PER_YEAR,
  emissionSegments,
  estimatedApy,
  InflationSchedule,
  marginalRewardPerTokenPerBlock,
  mintedEtmOver,
  perBlockRate,
} from "../../sim/emission";

const n = BLOCKS_PER_YEAR;

/** Mints block by block: `B += B * i_n` with the rate of each block's year. */
function mintBlockByBlock(
  schedule: InflationSchedule,
  supplyEtm: number,
  fromBlock: number,
  toBlock: number,
) {
  let supply = supplyEtm;
  for (let block = fromBlock; block < toBlock; block++)
    supply += supply * perBlockRate(schedule.annualRateAtBlock(block));
  return supply;
}

describe("sim/emission (floating point)", () => {
  it("has 10,512,000 blocks a year", () => {
    expect(BLOCKS_PER_YEAR).to.equal(10_512_000);
  });

  /** `(1 + ln(1+i)/n)^n`, computed to 60 digits with Python's decimal module. */
  const yearGrowth: Array<[number, number]> = [
    [0.1, 1.099999999524713025627489],
    [0.05, 1.049999999881111866543544],
    [0.02, 1.019999999980974746561931],
    [0, 1],
  ];
  for (const [rate, growth] of yearGrowth) {
    it(`one year at ${rate * 100}% multiplies the supply by (1 + ln(1+i)/n)^n, within 1e-9 of 1 + i`, () => {
      const schedule = new InflationSchedule([{ year: 0, annualRate: rate }]);
      const simulated = 1 + mintedEtmOver(schedule, 1, 0, n);
      expect(simulated).to.be.closeTo(growth, 1e-14);
      expect(simulated).to.be.closeTo(1 + rate, 1e-9);
    });
  }

  it("the closed form over a year equals minting block by block", () => {
    const schedule = new InflationSchedule([{ year: 0, annualRate: 0.1 }]);
    const closedForm = 1e9 + mintedEtmOver(schedule, 1e9, 0, n);
    const stepped = mintBlockByBlock(schedule, 1e9, 0, n);
    expect(Math.abs(closedForm / stepped - 1)).to.be.below(1e-9);
  });

  it("splits at the year boundary and compounds each year at its own rate", () => {
    const schedule = new InflationSchedule([
      { year: 0, annualRate: 0.1 },
      { year: 1, annualRate: 0.02 },
    ]);
    const from = n - 30_000;
    const to = n + 50_000;
    expect(emissionSegments(schedule, from, to)).to.deep.equal([
      { fromBlock: from, toBlock: n, year: 0, perBlockRate: Math.log1p(0.1) / n },
      { fromBlock: n, toBlock: to, year: 1, perBlockRate: Math.log1p(0.02) / n },
    ]);
    const closedForm = 1e9 + mintedEtmOver(schedule, 1e9, from, to);
    const expected =
      1e9 * Math.exp(30_000 * Math.log1p(Math.log1p(0.1) / n) + 50_000 * Math.log1p(Math.log1p(0.02) / n));
    expect(Math.abs(closedForm / expected - 1)).to.be.below(1e-13);
    // Simple (not compound) interest or one rate for both years would be off by more than 1e-9.
    expect(Math.abs(closedForm / mintBlockByBlock(schedule, 1e9, from, to) - 1)).to.be.below(1e-12);
  });

  it("a year with no rate uses the last one set before it", () => {
    const schedule = new InflationSchedule([
      { year: 2, annualRate: 0.03 },
      { year: 0, annualRate: 0.1 },
    ]);
    expect([0, 1, 2, 3, 9].map((year) => schedule.annualRateForYear(year))).to.deep.equal([
      0.1, 0.1, 0.03, 0.03, 0.03,
    ]);
    expect(schedule.annualRateAtBlock(2 * n - 1)).to.equal(0.1);
    expect(schedule.annualRateAtBlock(2 * n)).to.equal(0.03);
    expect(() => new InflationSchedule([{ year: 1, annualRate: 0.1 }])).to.throw(/year 0/);
  });

  it("the marginal reward is B * i_n * (1 - delta) / S and its APY estimate is (1+i)^((1-delta)B/S) - 1", () => {
    const r = marginalRewardPerTokenPerBlock(0.1, 1e9, 4e8, 0.2);
    expect(r).to.be.closeTo((1e9 * (Math.log1p(0.1) / n) * 0.8) / 4e8, 1e-22);
    expect(estimatedApy(0.1, 1e9, 4e8, 0.2)).to.be.closeTo(1.1 ** ((0.8 * 1e9) / 4e8) - 1, 1e-12);
    // It is the per-block reward compounded over a year while B/S stays put.
    expect(estimatedApy(0.1, 1e9, 4e8, 0.2)).to.be.closeTo((1 + r) ** n - 1, 1e-6);
    // Everyone staked and no delta: stakers get exactly the inflation; commission scales the exponent.
    expect(estimatedApy(0.1, 1e9, 1e9, 0)).to.be.closeTo(0.1, 1e-15);
    expect(estimatedApy(0.1, 1e9, 5e8, 0, 0.5)).to.be.closeTo(0.1, 1e-15);
    expect(estimatedApy(0.1, 1e9, 0, 0)).to.equal(Infinity);
  });
});
