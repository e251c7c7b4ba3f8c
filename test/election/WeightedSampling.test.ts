import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { keccak256, toUtf8Bytes } from "ethers";
import { sampleWithoutReplacement, shuffle, topThreshold } from "../model/election";
import { rng, samplingHarnessFixture } from "./fixtures";
import { ETM } from "../shared/units";
import { UNDER_COVERAGE } from "../shared/coverage";

function seedOf(label: string | number): string {
  return keccak256(toUtf8Bytes(`sampling-${label}`));
}

describe("WeightedSampling and Shuffle (libraries)", () => {
  describe("sampleWithoutReplacement", () => {
    it("matches the model (linear scan) for several sizes, counts and seeds", async () => {
      const harness = await loadFixture(samplingHarnessFixture);
      const random = rng(7);
      for (const n of [1, 2, 3, 5, 8, 21, 22, 64, 100, 257]) {
        const weights = Array.from({ length: n }, () => BigInt(Math.floor(random() * 1e6)) * ETM + 1n);
        for (const count of [1, 4, 21, n]) {
          for (let s = 0; s < 3; s++) {
            const seed = seedOf(`${n}-${count}-${s}`);
            const onChain = (await harness.sample(weights, count, seed)).map(Number);
            expect(onChain, `n=${n} count=${count} seed=${seed}`).to.deep.equal(
              sampleWithoutReplacement(weights, count, seed),
            );
          }
        }
      }
    });

    it("draws distinct indices, min(count, non-zero weights) of them, never a zero weight", async () => {
      const harness = await loadFixture(samplingHarnessFixture);
      const weights = [0n, 5n, 0n, 7n, 1n, 0n, 3n];
      for (let s = 0; s < 10; s++) {
        const drawn = (await harness.sample(weights, 10, seedOf(s))).map(Number);
        expect(drawn).to.have.length(4);
        expect(new Set(drawn).size).to.equal(4);
        expect([...drawn].sort()).to.deep.equal([1, 3, 4, 6]);
        const two = (await harness.sample(weights, 2, seedOf(s))).map(Number);
        expect(two).to.deep.equal(drawn.slice(0, 2));
      }
    });

    it("handles the empty array, all-zero weights and a count of zero", async () => {
      const harness = await loadFixture(samplingHarnessFixture);
      expect(await harness.sample([], 3, seedOf(0))).to.deep.equal([]);
      expect(await harness.sample([0n, 0n, 0n], 3, seedOf(0))).to.deep.equal([]);
      expect(await harness.sample([1n, 2n], 0, seedOf(0))).to.deep.equal([]);
      expect(await harness.sample([9n], 1, seedOf(0))).to.deep.equal([0n]);
    });

    it("a weight that dwarfs the others is drawn first (almost) always", async () => {
      const harness = await loadFixture(samplingHarnessFixture);
      const weights = [1n, 10n ** 30n, 1n, 1n];
      const seeds = Array.from({ length: 50 }, (_, i) => seedOf(`dwarf-${i}`));
      const firsts = await harness.firstDraws(weights, seeds);
      expect(firsts.every((f) => f === 1n)).to.equal(true);
    });

    it("reverts with the overflow panic when the weights sum past 2**256", async () => {
      const harness = await loadFixture(samplingHarnessFixture);
      const half = 2n ** 255n;
      await expect(harness.sample([half, half], 1, seedOf(0))).to.be.revertedWithPanic(0x11);
      expect(await harness.sample([half, half - 1n], 2, seedOf(0))).to.have.length(2);
    });

    it("costs O(log N) per draw after an O(N) build", async () => {
      const harness = await loadFixture(samplingHarnessFixture);
      const gas = async (n: number, count: number) =>
        Number(
          await harness.sampleGas(
            Array.from({ length: n }, (_, i) => BigInt(i + 1)),
            count,
            seedOf(n),
          ),
        );
      // under solidity-coverage every opcode is traced (and costs extra gas): a smaller N
      const n = UNDER_COVERAGE ? 250 : 1000;
      const build1000 = await gas(n, 0);
      const draws1000 = (await gas(n, 21)) - build1000;
      const build2000 = await gas(2 * n, 0);
      const draws2000 = (await gas(2 * n, 21)) - build2000;
      // doubling N adds one tree level per draw: draw cost grows by far less than 2x
      expect(draws2000).to.be.lessThan(draws1000 * 1.3);
      // the build is linear: doubling N roughly doubles it
      expect(build2000 / build1000).to.be.within(1.8, 2.3);
    });
  });

  describe("topThreshold", () => {
    it("matches the model on random values with many ties", async () => {
      const harness = await loadFixture(samplingHarnessFixture);
      const random = rng(11);
      for (let t = 0; t < 25; t++) {
        const n = 1 + Math.floor(random() * 60);
        const values = Array.from({ length: n }, () => BigInt(Math.floor(random() * 8)));
        const k = 1 + Math.floor(random() * n);
        const [threshold, quota] = await harness.topThreshold(values, k);
        const model = topThreshold(values, k);
        expect([threshold, Number(quota)], `values=${values} k=${k}`).to.deep.equal([
          model.threshold,
          model.quota,
        ]);
      }
    });

    it("keeps exactly k values: everything above the threshold plus the quota at it", async () => {
      const harness = await loadFixture(samplingHarnessFixture);
      const values = [5n, 9n, 5n, 1n, 9n, 5n, 7n];
      const [threshold, quota] = await harness.topThreshold(values, 4);
      expect(threshold).to.equal(5n);
      expect(quota).to.equal(1n); // 9, 9, 7 above, then the first 5
      const [t2, q2] = await harness.topThreshold(values, values.length);
      expect([t2, q2]).to.deep.equal([1n, 1n]);
    });
  });

  describe("Shuffle", () => {
    it("matches the model's Fisher–Yates for several sizes and seeds, and is a permutation", async () => {
      const harness = await loadFixture(samplingHarnessFixture);
      for (const n of [0, 1, 2, 3, 21, 100]) {
        const items = Array.from({ length: n }, (_, i) => BigInt(i * 3 + 1));
        for (let s = 0; s < 4; s++) {
          const seed = seedOf(`shuffle-${n}-${s}`);
          const onChain = await harness.shuffle(items, seed);
          expect(onChain).to.deep.equal(shuffle(items, seed));
          expect([...onChain].sort((a, b) => Number(a - b))).to.deep.equal(items);
        }
      }
    });

    it("moves items (a 21-item shuffle is not the identity for any of 20 seeds)", async () => {
      const harness = await loadFixture(samplingHarnessFixture);
      const items = Array.from({ length: 21 }, (_, i) => BigInt(i));
      for (let s = 0; s < 20; s++)
        expect(await harness.shuffle(items, seedOf(`id-${s}`))).to.not.deep.equal(items);
    });
  });
});
