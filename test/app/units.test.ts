/** The dApp's amount and percent parsing and formatting (app/src/units.ts), exactly at the edges. */
import { expect } from "chai";
import {
  formatDuration,
  formatEtm,
  formatPercent,
  InputError,
  parseEtm,
  parsePercent,
} from "../../app/src/units";

describe("dApp units", function () {
  describe("parseEtm", function () {
    it("reads whole and decimal ETM into wei, to the last of 18 decimals", function () {
      expect(parseEtm("100")).to.equal(100n * 10n ** 18n);
      expect(parseEtm(" 1000.5 ")).to.equal(10005n * 10n ** 17n);
      expect(parseEtm("1,000.5")).to.equal(10005n * 10n ** 17n);
      expect(parseEtm("0.000000000000000001")).to.equal(1n);
      expect(parseEtm("1.123456789012345678")).to.equal(1123456789012345678n);
    });

    it("refuses 19 decimals, zero and what is not a number, with the message the page shows", function () {
      expect(() => parseEtm("1.1234567890123456789")).to.throw(
        InputError,
        '"1.1234567890123456789" has 19 decimals; ETM has 18. Round it to at most 18 decimals.',
      );
      expect(() => parseEtm("0.0")).to.throw(InputError, "the amount must be more than 0 ETM.");
      for (const text of ["", "-1", "1e18", "abc", "1.2.3", ".5", "0x10"]) {
        expect(() => parseEtm(text), text).to.throw(InputError, "is not an amount of ETM");
      }
    });
  });

  describe("parsePercent", function () {
    it("reads percent into wad and refuses more than 100% or 16 decimals", function () {
      expect(parsePercent("5")).to.equal(5n * 10n ** 16n);
      expect(parsePercent("7.5%")).to.equal(75n * 10n ** 15n);
      expect(parsePercent("100")).to.equal(10n ** 18n);
      expect(() => parsePercent("100.0000000000000001")).to.throw(InputError, "above 100%");
      expect(() => parsePercent("1.00000000000000001")).to.throw(InputError, "more than 16 decimals");
      expect(() => parsePercent("five")).to.throw(InputError, "is not a percentage");
    });
  });

  describe("formatting", function () {
    it("formats wei with thousands separators, cutting (not rounding) extra decimals", function () {
      expect(formatEtm(10005n * 10n ** 17n, 18)).to.equal("1,000.5");
      expect(formatEtm(1999999n * 10n ** 12n, 2)).to.equal("1.99");
      expect(formatEtm(1n)).to.equal("0.0001");
      expect(formatEtm(0n)).to.equal("0");
      expect(formatEtm(-15n * 10n ** 17n)).to.equal("-1.5");
    });

    it("formats wad as percent, and the pool's 'nothing staked' APY as infinite", function () {
      expect(formatPercent(3238n * 10n ** 14n)).to.equal("32.38%");
      expect(formatPercent(2n ** 256n - 1n)).to.equal("∞ (nothing staked)");
    });

    it("says durations approximately", function () {
      expect(formatDuration(0)).to.equal("now");
      expect(formatDuration(36)).to.equal("~36 s");
      expect(formatDuration(600)).to.equal("~10 min");
      expect(formatDuration(3 * 3600 + 300)).to.equal("~3 h 5 min");
      expect(formatDuration(5 * 86400)).to.equal("~5 days");
    });
  });
});
