/**
 * The on-chain half of the halt runbook (docs/besu.md, "Recovering a halted chain"): a seated set
 * keeps being returned by getValidators() until an election replaces it, so a halted chain cannot
 * heal itself; once blocks resume (in Besu, under a recovery set), jailing the silent validators and
 * electing seats a set without them.
 */
import { expect } from "chai";
import { loadFixture, mine } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import {
  blockNumber,
  electAndVerify,
  heartbeats,
  roundInfo,
  tenCandidatesFixture,
  toNextRound,
} from "../election/fixtures";

describe("sim: recovering a halted chain, the on-chain half", () => {
  it("keeps the halting set until an election, and the election after the jails seats none of the silent", async () => {
    const world = await loadFixture(tenCandidatesFixture);
    const { election, registry, operators } = world;
    await heartbeats(election, operators);
    const { outcome } = await electAndVerify(world);
    expect(outcome.installed).to.equal(true);
    if (!outcome.installed) return;
    const haltingSigners = [...(await election.getValidators())];
    const silent = outcome.operators.slice(0, 2);

    // No elect(): whatever blocks pass, even past the round's end, the set Besu reads stays the same.
    const { round } = await roundInfo(election);
    await toNextRound(election);
    await mine(3);
    expect(await election.currentRound()).to.equal(round + 1n);
    expect([...(await election.getValidators())]).to.deep.equal(haltingSigners);

    // Governance jails the silent validators (the mock pool's stand-in for slash + jail).
    const jailUntil = (await blockNumber()) + 100_000n;
    for (const operator of silent) await registry.setJailedUntil(operator, jailUntil);
    await heartbeats(election, operators);
    await toNextRound(election);
    await mine(1);
    const before = [...(await election.getValidators())];
    expect(before).to.deep.equal(haltingSigners);
    const { outcome: recovered } = await electAndVerify(world, { now: true });
    expect(recovered.installed).to.equal(true);
    if (!recovered.installed) return;
    for (const operator of silent) expect(recovered.operators).to.not.include(operator);
    expect([...(await election.getValidators())]).to.deep.equal(recovered.signers);
    expect(recovered.signers).to.not.deep.equal(haltingSigners);
  });
});
