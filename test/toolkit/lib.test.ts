/**
 * lib/: the rules the tasks and the dApp share. Every custom error of every contract has a sentence
 * that writes its values in ETM, percent and blocks; the constants and enum orders lib/ holds agree
 * with the deployed contracts; amounts parse one way everywhere.
 */
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ErrorFragment, Interface, type InterfaceAbi } from "ethers";
import { ABIS } from "../../lib/abis";
import { BLOCKS_PER_YEAR, WHOLE_POSITION } from "../../lib/constants";
import { DUST_STAKE_DIVISOR } from "../../lib/poolAccounting";
import { decodeRevert } from "../../lib/errors/decode";
import { SENTENCES } from "../../lib/errors/sentences";
import { POOL_PARAMETERS, poolParameterId } from "../../lib/poolParameters";
import { InputError, parseEtm, parsePercentToWad } from "../../lib/units";
import { deploySystem } from "../../scripts/deploy";
import { ELECTION_LIMITS } from "../../scripts/deploy/election";
import { POOL_LIMITS } from "../../scripts/lib/deployParameters";
import { ETM } from "../shared/units";

/** Every error fragment of every contract, each signature once. */
function allErrors(): ErrorFragment[] {
  const bySignature = new Map<string, ErrorFragment>();
  for (const abi of Object.values(ABIS) as InterfaceAbi[]) {
    for (const fragment of new Interface(abi).fragments) {
      if (ErrorFragment.isFragment(fragment)) bySignature.set(fragment.format("sighash"), fragment);
    }
  }
  return [...bySignature.values()];
}

/** A sample value for each parameter type. */
function sample(type: string): unknown {
  if (type === "address") return "0x00000000000000000000000000000000000000ab";
  if (type === "bool") return true;
  if (type === "string") return "x";
  if (type.startsWith("bytes")) return `0x${"11".repeat(type === "bytes" ? 4 : Number(type.slice(5)))}`;
  const bits = /^u?int(\d*)$/.exec(type)?.[1];
  if (bits && Number(bits) < 96) return 3n; // an enum, a small count
  return 1_234_500_000_000_000_000_000n; // 1,234.5 ETM as wei; 123,450% as wad
}

describe("lib: the toolkit's shared rules", () => {
  it("has a sentence for every custom error of every contract (a new error fails here)", () => {
    const missing = allErrors()
      .map((f) => f.name)
      .filter((name) => !(name in SENTENCES));
    expect(missing).to.deep.equal([]);
  });

  it("writes every error's values by their unit: wei as ETM, wad as percent, never raw", () => {
    for (const fragment of allErrors()) {
      const data = new Interface([fragment]).encodeErrorResult(
        fragment,
        fragment.inputs.map((input) => sample(input.type)),
      );
      const decoded = decodeRevert({ data }, "stake");
      expect(decoded?.name, fragment.format()).to.equal(fragment.name);
      for (const input of fragment.inputs) {
        if (/Wei$/.test(input.name)) expect(decoded!.sentence, fragment.format()).to.include("1,234.5 ETM");
        if (/Wad$/.test(input.name)) expect(decoded!.sentence, fragment.format()).to.include("123450.00%");
        if (/(Wei|Wad)$/.test(input.name))
          expect(decoded!.sentence, fragment.format()).to.not.include("1234500000000000000000");
      }
    }
  });

  it("picks the hint by the action tried", () => {
    const iface = new Interface(ABIS.pool);
    const data = iface.encodeErrorResult("PositionBelowMinimum", [
      "0x00000000000000000000000000000000000000ab",
      "0x00000000000000000000000000000000000000cd",
      ETM / 2n,
      ETM,
    ]);
    expect(decodeRevert({ data }, "stake")!.sentence).to.match(
      /; stake at least 1 ETM in all at this validator$/,
    );
    expect(decodeRevert({ data }, "unstake")!.sentence).to.match(
      /; unstake all of it or leave at least the minimum$/,
    );
  });

  it("says an InsufficientStake of the whole position (type(uint256).max) as nothing staked, not as a huge amount", () => {
    const iface = new Interface(ABIS.pool);
    const [account, validator] = [
      "0x00000000000000000000000000000000000000ab",
      "0x00000000000000000000000000000000000000cD", // as decoded: checksummed
    ];
    const whole = iface.encodeErrorResult("InsufficientStake", [account, validator, 0n, WHOLE_POSITION]);
    expect(decodeRevert({ data: whole }, "unstake")!.sentence).to.equal(
      `you have nothing staked at ${validator}`,
    );
    const some = iface.encodeErrorResult("InsufficientStake", [account, validator, ETM, 2n * ETM]);
    expect(decodeRevert({ data: some }, "unstake")!.sentence).to.equal(
      `you have 1 ETM staked at ${validator}, less than the 2 ETM asked`,
    );
  });

  async function deployed() {
    return deploySystem({ minStake: 2n * ETM, minSelfStake: 3n * ETM, unbondingBlocks: 44, jailBlocks: 55 });
  }

  it("holds the pool's BLOCKS_PER_YEAR, DUST_STAKE_DIVISOR and the order of its Parameter enum", async () => {
    const { pool, lens, options } = await loadFixture(deployed);
    expect(await lens.BLOCKS_PER_YEAR()).to.equal(BigInt(BLOCKS_PER_YEAR));
    expect(await lens.DUST_STAKE_DIVISOR()).to.equal(DUST_STAKE_DIVISOR);
    const expected: Record<(typeof POOL_PARAMETERS)[number], bigint> = {
      delta: options.delta,
      minStake: 2n * ETM,
      minSelfStake: 3n * ETM,
      unbondingBlocks: 44n,
      jailBlocks: 55n,
      commissionDelayBlocks: BigInt(options.commissionDelayBlocks),
      maxCommissionChange: options.maxCommissionChange,
      candidateCap: BigInt(options.candidateCap),
    };
    for (const name of POOL_PARAMETERS) {
      expect(await pool.parameter(poolParameterId(name)), name).to.equal(expected[name]);
    }
  });

  it("the deploy file's early range checks agree with the contracts' public constants", async () => {
    const { lens, election } = await loadFixture(deployed);
    expect(BigInt(POOL_LIMITS.maxInflationPercent) * 10n ** 16n).to.equal(await lens.MAX_INFLATION());
    expect(BigInt(POOL_LIMITS.maxDeltaPercent) * 10n ** 16n).to.equal(await lens.MAX_DELTA());
    expect(BigInt(POOL_LIMITS.maxCandidateCap)).to.equal(await lens.MAX_CANDIDATE_CAP());
    expect(BigInt(POOL_LIMITS.maxDurationBlocks)).to.equal(await lens.BLOCKS_PER_YEAR());
    expect(BigInt(ELECTION_LIMITS.minElected)).to.equal(await election.MIN_ELECTED());
    expect(BigInt(ELECTION_LIMITS.maxValidatorCount)).to.equal(await election.MAX_VALIDATOR_COUNT());
    expect(BigInt(ELECTION_LIMITS.minRoundLength)).to.equal(await election.MIN_ROUND_LENGTH());
    expect(BigInt(ELECTION_LIMITS.maxRoundLength)).to.equal(await election.MAX_ROUND_LENGTH());
    expect(BigInt(ELECTION_LIMITS.maxCandidateCap)).to.equal(await election.MAX_CANDIDATE_CAP());
    expect(BigInt(ELECTION_LIMITS.maxJailBlocks)).to.equal(await election.MAX_JAIL_BLOCKS());
  });

  it("parses amounts one way: thousands grouped by commas or underscores, never an ambiguous comma", () => {
    expect(parseEtm("1,000.5")).to.equal(10_005n * 10n ** 17n);
    expect(parseEtm("1_000.5")).to.equal(10_005n * 10n ** 17n);
    expect(() => parseEtm("1,5")).to.throw(InputError, '"1,5" is not an amount of ETM');
    expect(() => parseEtm("1.5x", { label: "--amount" })).to.throw(
      InputError,
      '--amount "1.5x" is not an amount of ETM',
    );
    expect(() => parseEtm("0", { label: "--amount" })).to.throw(
      InputError,
      "--amount must be more than 0 ETM.",
    );
    expect(parseEtm("0", { allowZero: true })).to.equal(0n);
    expect(parsePercentToWad("7.5%")).to.equal(75n * 10n ** 15n);
  });
});
