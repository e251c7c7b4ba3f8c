/**
 * Several rounds end to end with the mock pool: stake changes, heartbeats (operators and signers),
 * commit and reveal by each round's active set, a withheld reveal and its jail, a slash-jail and a
 * deregistration in the pool, fees and delta-share payouts, and claims. Every election is checked
 * against the model; every credit against a ledger kept here.
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, setBalance } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Wallet } from "ethers";
import { commitmentOf, revealContribution, xor32, REVEAL_MIX_START } from "../model/election";
import {
  ETM,
  JAIL_BLOCKS,
  WAD,
  tenCandidatesFixture,
  electAndVerify,
  toRevealPhase,
  secretOf,
  roundInfo,
} from "./fixtures";

const { ethers } = hre;

describe("Election integration: several rounds end to end", () => {
  it("runs eight rounds: draws match the model, non-revealers are jailed, fees and delta reach the right sets", async () => {
    const world = await loadFixture(tenCandidatesFixture);
    const { election, registry, token, operators, signers, genesis } = world;
    const electionAddress = await election.getAddress();
    const byAddress = new Map<string, HardhatEthersSigner | Wallet>();
    for (const g of genesis) byAddress.set(g.address, g);
    operators.forEach((o, i) => {
      byAddress.set(o.address, o);
      byAddress.set(signers[i].address, signers[i]);
    });
    const signerOf = new Map(operators.map((o, i) => [o.address, signers[i]]));

    // the ledger the test keeps: rewards owed per operator, and the period pools with carried remainders
    const owedNative = new Map<string, bigint>();
    const owedToken = new Map<string, bigint>();
    let periodNative = 0n;
    let periodToken = 0n;
    let treasuryOwed = 0n;
    const feeShare = WAD / 2n;

    const offline = new Set<string>([operators[7].address]); // never sends a heartbeat
    let withholder: string | undefined;
    let jailedByElection: string | undefined;

    for (let round = 0; round < 8; round++) {
      const active = await election.activeValidators();
      const { round: now } = await roundInfo(election);
      // 1. the active set commits (operators and signers alternately); one withholds in round 3
      for (const [i, op] of active.entries()) {
        const sender = i % 2 === 0 || !signerOf.has(op) ? byAddress.get(op)! : signerOf.get(op)!;
        await election.connect(sender).commit(commitmentOf(op, now, secretOf(`${round}-${op}`)));
      }
      // 2. the pool changes: stakes move, operator 2 is slashed-and-jailed in round 2, operator 5 leaves in round 5
      await registry.setStake(operators[round % 10].address, BigInt(50_000 + 37_000 * round) * ETM);
      if (round === 2)
        await registry.setJailedUntil(
          operators[2].address,
          (await ethers.provider.getBlockNumber()) + 5 * 60,
        );
      if (round === 5) await registry.removeCandidate(operators[5].address);
      // 3. reveal phase: everyone reveals except the withholder of round 3
      await toRevealPhase(election);
      let mix = REVEAL_MIX_START;
      for (const op of active) {
        if (round === 3 && op === active[0]) {
          withholder = op;
          continue;
        }
        const secret = secretOf(`${round}-${op}`);
        await election.connect(byAddress.get(op)!).reveal(secret);
        mix = xor32(mix, revealContribution(op, secret));
      }
      expect(await election.revealMix()).to.equal(mix);
      // 4. heartbeats: signers for even operators, operators for odd ones
      for (const [i, o] of operators.entries()) {
        if (offline.has(o.address) || (round >= 5 && i === 5)) continue;
        await election.connect(i % 2 === 0 ? signers[i] : o).heartbeat();
      }
      // 5. fees and the delta share arrive while `active` is the set
      const fees = BigInt(round + 1) * ETM + BigInt(round);
      await setBalance(electionAddress, (await ethers.provider.getBalance(electionAddress)) + fees);
      const delta = BigInt(round + 1) * 1_000n * ETM + 7n;
      await registry.fundValidatorRewards(delta);
      const activeShare = (fees * feeShare) / WAD;
      periodNative += activeShare;
      treasuryOwed += fees - activeShare;
      periodToken += delta;

      // 6. the election, checked against the model
      const { tx, outcome } = await electAndVerify(world);
      const perNative = periodNative / BigInt(active.length);
      const perToken = periodToken / BigInt(active.length);
      periodNative -= perNative * BigInt(active.length);
      periodToken -= perToken * BigInt(active.length);
      for (const op of active) {
        owedNative.set(op, (owedNative.get(op) ?? 0n) + perNative);
        owedToken.set(op, (owedToken.get(op) ?? 0n) + perToken);
      }
      if (round === 3) {
        const receipt = (await tx.wait())!;
        await expect(tx)
          .to.emit(election, "NonRevealerJailed")
          .withArgs(now, withholder, receipt.blockNumber + JAIL_BLOCKS);
        jailedByElection = withholder;
        expect(await registry.isJailed(withholder!)).to.equal(true);
      }
      if (outcome.installed) {
        expect(outcome.operators).to.not.include(operators[7].address); // offline
        if (round === 2) expect(outcome.operators).to.not.include(operators[2].address); // jailed by the pool
        if (round >= 5) expect(outcome.operators).to.not.include(operators[5].address); // deregistered
        if (round === 3) expect(outcome.operators).to.not.include(jailedByElection);
      }
      for (const op of active) {
        expect(await election.rewardsOf(op)).to.deep.equal([owedNative.get(op), owedToken.get(op)]);
      }
      expect(await election.currentPeriodRewards()).to.deep.equal([periodNative, periodToken]);
      expect(await election.treasuryFeesOwed()).to.equal(treasuryOwed);
      const getValidators = await election.getValidators();
      expect(getValidators.length).to.be.greaterThanOrEqual(4);
      expect(new Set(getValidators).size).to.equal(getValidators.length);
    }
    expect(jailedByElection).to.not.equal(undefined);

    // 7. everyone claims exactly what the ledger says; the treasury takes its share
    for (const [op, nativeWei] of owedNative) {
      const tokenWei = owedToken.get(op)!;
      if (nativeWei === 0n && tokenWei === 0n) continue;
      const claimant = byAddress.get(op)! as HardhatEthersSigner;
      const tx = election.connect(claimant).claim();
      await expect(tx).to.changeTokenBalance(token, claimant, tokenWei);
      await expect(tx).to.changeEtherBalance(claimant, nativeWei);
    }
    await expect(election.releaseTreasuryFees()).to.changeEtherBalance(world.treasury, treasuryOwed);
    // what stays is exactly the carried remainders (a few wei)
    expect(await ethers.provider.getBalance(electionAddress)).to.equal(periodNative);
    expect(await token.balanceOf(electionAddress)).to.equal(periodToken);
    expect(periodNative).to.be.lessThan(10n);
    expect(periodToken).to.be.lessThan(10n);
  });
});
