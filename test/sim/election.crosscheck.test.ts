import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { keccak256, toUtf8Bytes } from "ethers";
import { drawExact, electExact, shuffleSeedOf } from "../../sim/election/exactElection";
import { sampleWithoutReplacement, shuffle, shuffleSeed } from "../model/election";
import {
  electAndVerify,
  heartbeats,
  samplingHarnessFixture,
  tenCandidatesFixture,
} from "../election/fixtures";
import { rng } from "../election/fixtures";
import { ETM } from "../shared/units";

const seedOf = (label: string | number) => keccak256(toUtf8Bytes(`sim-election-${label}`));

describe("sim/election: the simulator's election against the contract, seat by seat", () => {
  it("draws and shuffles as WeightedSampling and Shuffle do on chain (3 sizes × 12 seeds)", async () => {
    const harness = await loadFixture(samplingHarnessFixture);
    const random = rng(19);
    let seats = 0;
    for (const [candidates, count] of [
      [6, 4],
      [40, 21],
      [120, 21],
    ]) {
      const stakesWei = Array.from(
        { length: candidates },
        () => BigInt(Math.floor(random() * 1e6) + 1) * ETM + BigInt(Math.floor(random() * 1e9)),
      );
      for (let s = 0; s < 12; s++) {
        const seed = seedOf(`${candidates}-${s}`);
        const drawn = (await harness.sample(stakesWei, count, seed)).map(Number);
        expect(
          drawExact(stakesWei, count, seed),
          `draw, ${candidates} candidates, seed ${seed}`,
        ).to.deep.equal(drawn);
        const shuffled = (await harness.shuffle(drawn, shuffleSeedOf(seed))).map(Number);
        expect(
          electExact(stakesWei, count, seed),
          `set, ${candidates} candidates, seed ${seed}`,
        ).to.deep.equal(shuffled);
        seats += shuffled.length;
      }
    }
    expect(seats).to.equal(12 * (4 + 21 + 21));
  });

  it("seats the same operators, in the same order, as ValidatorElection.elect() over five rounds", async () => {
    const world = await loadFixture(tenCandidatesFixture);
    const { election, registry, operators } = world;
    for (let round = 0; round < 5; round++) {
      await heartbeats(election, operators);
      const { seed, outcome } = await electAndVerify(world);
      expect(outcome.installed).to.equal(true);
      const [candidateOperators, , stakes] = await registry.electableCandidates();
      const seated = electExact([...stakes], Number(await election.validatorCount()), seed).map(
        (i) => candidateOperators[i],
      );
      expect(seated, `round ${round + 1}`).to.deep.equal([...(await election.activeValidators())]);
    }
  });

  it("agrees with the independent model in test/model/election.ts (linear scan) on 200 random cases", () => {
    const random = rng(23);
    for (let c = 0; c < 200; c++) {
      const n = 1 + Math.floor(random() * 60);
      const stakes = Array.from({ length: n }, () =>
        random() < 0.1 ? 0n : BigInt(Math.floor(random() * 1e12)),
      );
      const count = 1 + Math.floor(random() * 30);
      const seed = seedOf(`model-${c}`);
      const drawn = sampleWithoutReplacement(stakes, count, seed);
      expect(drawExact(stakes, count, seed)).to.deep.equal(drawn);
      expect(electExact(stakes, count, seed)).to.deep.equal(shuffle(drawn, shuffleSeed(seed)));
    }
  });
});
