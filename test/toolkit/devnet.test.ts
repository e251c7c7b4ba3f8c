/**
 * End to end: the devnet of `npm start`, in process. The same code as scripts/devnet/run.ts deploys
 * and seeds the system (setUpDevnet: the devnet's options, 30 candidates, 49 delegators) and keeps
 * it running (Keeper.onBlock once per block, its transactions mined in the next block, as on the
 * 3-second node), for four elections. Then: an election happened every round and installed a new,
 * shuffled set of 21 registered candidates; every candidate sent a heartbeat every round; the active
 * set committed and revealed the beacon and the next seed mixed those reveals; the emission was
 * minted every block, exactly; and every staker's and operator's reward grew.
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { HardhatNetworkHDAccountsConfig } from "hardhat/types";
import { HDNodeWallet, toQuantity } from "ethers";
import { DEVNET_CANDIDATES, DEVNET_OPTIONS, setUpDevnet } from "../../scripts/devnet/setup";
import { devnetActors } from "../../scripts/devnet/seed";
import { Keeper } from "../../scripts/devnet/keeper";
import { DEFAULT_OPTIONS } from "../../scripts/deploy";
import { compoundedMint, ratePerBlockRay } from "../../lib/poolAccounting";
import { REVEAL_MIX_START } from "../model/election";

/** The devnet node's accounts and their balance (hardhat.config.ts with ETM_DEVNET=1). */
const DEVNET_ACCOUNTS = 80;
const DEVNET_BALANCE_WEI = 10n ** 24n;
/** Elections after the first one; each installs a set. */
const ELECTIONS_AFTER_FIRST = 3;
const ROUND_LENGTH = BigInt(DEVNET_OPTIONS.roundLength!);
const SEATS = DEFAULT_OPTIONS.validatorCount;

/**
 * The devnet node's 80 accounts: the test network's own 20, then the next 60 of the same mnemonic,
 * impersonated, every one funded as the devnet funds them.
 */
async function devnetSigners() {
  const signers = await hre.ethers.getSigners();
  const hd = hre.network.config.accounts as HardhatNetworkHDAccountsConfig;
  const root = HDNodeWallet.fromPhrase(hd.mnemonic, hd.passphrase, hd.path);
  if (root.deriveChild(hd.initialIndex).address !== signers[0].address)
    throw new Error("the test network's accounts are not the HD accounts this test derives");
  for (let i = signers.length; i < DEVNET_ACCOUNTS; i++) {
    signers.push(await hre.ethers.getImpersonatedSigner(root.deriveChild(hd.initialIndex + i).address));
  }
  for (const signer of signers) {
    await hre.network.provider.send("hardhat_setBalance", [signer.address, toQuantity(DEVNET_BALANCE_WEI)]);
  }
  return signers;
}

async function devnetFixture() {
  const actors = devnetActors(await devnetSigners(), DEVNET_CANDIDATES);
  const { system, positions } = await setUpDevnet(actors);
  return { ...system, actors, positions };
}

type Devnet = Awaited<ReturnType<typeof devnetFixture>>;

/** Every (account, validator) position the seed opened, from its Staked events. */
async function seededPositions(devnet: Devnet): Promise<{ account: string; validator: string }[]> {
  const events = await devnet.pool.queryFilter(devnet.pool.filters.Staked());
  const keys = new Set(events.map((e) => `${e.args.account},${e.args.validator}`));
  return [...keys].map((key) => {
    const [account, validator] = key.split(",");
    return { account, validator };
  });
}

/** The rewards the test expects to grow, read at the latest block. */
async function rewardsNow(devnet: Devnet, positions: { account: string; validator: string }[]) {
  const operators = devnet.actors.operators.map((o) => o.address);
  return {
    rewardPerToken: await devnet.pool.rewardPerToken(),
    supply: await devnet.token.totalSupply(),
    positions: await Promise.all(positions.map((p) => devnet.pool.pendingReward(p.account, p.validator))),
    commissions: await Promise.all(operators.map((o) => devnet.pool.pendingCommission(o))),
  };
}

/**
 * Runs the keeper as run.ts does (onBlock for the latest block; its transactions go into the next
 * block) until the election of the round `ELECTIONS_AFTER_FIRST` rounds after the first election
 * has been mined, or for at most `ELECTIONS_AFTER_FIRST + 2` rounds (so that a keeper that does not
 * elect fails the assertions rather than hanging). Returns the first election's round, if any, and
 * the keeper's warnings.
 */
async function runKeeper(devnet: Devnet): Promise<{ firstElectedRound?: bigint; warnings: string[] }> {
  const warnings: string[] = [];
  const keeper = new Keeper(devnet, devnet.actors, (line) => warnings.push(line));
  const limit = (BigInt(ELECTIONS_AFTER_FIRST) + 2n) * ROUND_LENGTH;
  let firstElectedRound: bigint | undefined;
  await hre.network.provider.send("evm_setAutomine", [false]);
  try {
    for (let blocks = 0n; blocks < limit; blocks++) {
      await keeper.onBlock(BigInt(await hre.ethers.provider.getBlockNumber()));
      await mine();
      const electedRound = await devnet.election.electedRound();
      if (firstElectedRound === undefined && electedRound !== 0n) firstElectedRound = electedRound;
      if (electedRound === (firstElectedRound ?? 0n) + BigInt(ELECTIONS_AFTER_FIRST)) break;
    }
  } finally {
    await hre.network.provider.send("evm_setAutomine", [true]);
  }
  return { firstElectedRound, warnings };
}

/** The operators of `events` (Heartbeat, Committed, Revealed) by round, each round's sorted. */
function operatorsByRound(events: { args: { round: bigint; operator: string } }[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const { args } of events) {
    const round = Number(args.round);
    groups.set(round, [...(groups.get(round) ?? []), args.operator].sort());
  }
  return groups;
}

describe("Devnet end to end: npm start's setup and keeper for four elections", function () {
  let devnet: Devnet;
  let startBlock: number;
  let endBlock: number;
  let startRound: bigint;
  let firstRound: bigint;
  let warnings: string[];
  let positions: { account: string; validator: string }[];
  let rewardsBefore: Awaited<ReturnType<typeof rewardsNow>>;
  let rewardsAfter: Awaited<ReturnType<typeof rewardsNow>>;
  const inRun = (event: { blockNumber: number }) =>
    event.blockNumber > startBlock && event.blockNumber <= endBlock;

  // The setup sends about 330 transactions; the run mines about 110 blocks of keeper transactions.
  this.timeout(240_000);

  before(async () => {
    devnet = await loadFixture(devnetFixture);
    positions = await seededPositions(devnet);
    startBlock = await hre.ethers.provider.getBlockNumber();
    startRound = await devnet.election.currentRound();
    rewardsBefore = await rewardsNow(devnet, positions);
    const run = await runKeeper(devnet);
    // Without any election, the assertions below compare with the round the first one was due in.
    firstRound = run.firstElectedRound ?? startRound;
    warnings = run.warnings;
    endBlock = await hre.ethers.provider.getBlockNumber();
    rewardsAfter = await rewardsNow(devnet, positions);
  });

  it("starts from the real seed: 30 candidates, 49 delegators, a position per stake", async () => {
    expect(devnet.actors.operators).to.have.length(30);
    expect(devnet.actors.delegators).to.have.length(49);
    expect(await devnet.pool.candidateCount()).to.equal(30n);
    expect(positions.length).to.be.greaterThan(30 + 49 - 1);
    expect(devnet.positions).to.be.at.least(positions.length);
  });

  it("leaves no account an allowance: a user who imports a devnet account sees the approve step", async () => {
    const poolAddress = await devnet.pool.getAddress();
    for (const account of [...devnet.actors.operators, ...devnet.actors.delegators]) {
      expect(await devnet.token.allowance(account.address, poolAddress), account.address).to.equal(0n);
    }
  });

  it("is governed: no account holds a role, and every candidate votes with its self-stake", async () => {
    const { inventoryRoles } = await import("../../scripts/lib/roles");
    const addresses = {
      token: await devnet.token.getAddress(),
      pool: await devnet.pool.getAddress(),
      votes: await devnet.votes.getAddress(),
      election: await devnet.election.getAddress(),
      governor: await devnet.governor!.getAddress(),
      timelock: await devnet.timelock!.getAddress(),
    };
    const report = await inventoryRoles(hre.ethers.provider, addresses);
    expect(report.accountHoldings).to.deep.equal([]);
    expect(await devnet.pool.treasury()).to.equal(addresses.timelock);
    expect(await devnet.governor!.votingPeriod()).to.equal(BigInt(DEVNET_OPTIONS.votingPeriod!));
    for (const operator of devnet.actors.operators) {
      const units = await devnet.votes.votingUnitsOf(operator.address);
      expect(units).to.be.greaterThanOrEqual(DEVNET_OPTIONS.minSelfStake!);
      expect(await devnet.votes.getVotes(operator.address)).to.equal(units);
    }
  });

  it("every keeper transaction was mined and succeeded", async () => {
    // Hardhat's signers send with a fixed gas limit, without estimating: a refused transaction is
    // not reported when sent (the keeper's warnings) but mined as reverted; the receipts show it.
    expect(warnings).to.deep.equal([]);
    const pending = await hre.network.provider.send("eth_getBlockByNumber", ["pending", false]);
    expect(pending.transactions).to.deep.equal([]);
    const failed: string[] = [];
    let mined = 0;
    for (let number = startBlock + 1; number <= endBlock; number++) {
      const block = (await hre.ethers.provider.getBlock(number))!;
      for (const hash of block.transactions) {
        mined++;
        const receipt = (await hre.ethers.provider.getTransactionReceipt(hash))!;
        if (receipt.status !== 1) failed.push(`${hash} in block ${number}`);
      }
    }
    expect(failed).to.deep.equal([]);
    // The keeper's transactions, and nothing else: an accrue in every block, an election and 30
    // heartbeats a round (none yet in the last round), 21 commits and 21 reveals a beacon round.
    const accrues = endBlock - startBlock;
    const heartbeats = ELECTIONS_AFTER_FIRST * DEVNET_CANDIDATES;
    const beacon = (ELECTIONS_AFTER_FIRST - 1) * 2 * SEATS;
    expect(mined).to.equal(accrues + (ELECTIONS_AFTER_FIRST + 1) + heartbeats + beacon);
  });

  it("elects every round: the first keeps the genesis set (no heartbeats yet), each later one installs a new shuffled set of 21 candidates", async () => {
    const { election, pool } = devnet;
    const kept = (await election.queryFilter(election.filters.PreviousSetKept())).filter(inRun);
    const elected = (await election.queryFilter(election.filters.ValidatorsElected())).filter(inRun);
    // The first election runs in the round the keeper starts in (or the next, at a round's last block).
    expect(firstRound - startRound).to.be.within(0n, 1n);
    expect(kept.map((e) => [e.args.round, e.args.eligibleCount])).to.deep.equal([[firstRound, 0n]]);
    const rounds = Array.from({ length: ELECTIONS_AFTER_FIRST }, (_, i) => firstRound + 1n + BigInt(i));
    expect(elected.map((e) => e.args.round)).to.deep.equal(rounds);
    expect(await election.currentRound()).to.equal(firstRound + BigInt(ELECTIONS_AFTER_FIRST));
    expect(await election.electedRound()).to.equal(firstRound + BigInt(ELECTIONS_AFTER_FIRST));

    const candidates = new Set(await pool.candidates());
    let previous = [...(await election.activeValidators({ blockTag: startBlock }))];
    let previousSetId = await election.activeSetId({ blockTag: startBlock });
    for (const event of elected) {
      const operators = [...event.args.operators];
      expect(operators).to.have.length(SEATS);
      expect(new Set(operators).size).to.equal(SEATS);
      for (const operator of operators) expect(candidates.has(operator), operator).to.equal(true);
      const signers = await Promise.all(operators.map((o) => pool.signerOf(o)));
      expect([...event.args.signers]).to.deep.equal(signers);
      expect(event.args.candidates).to.equal(30n);
      expect(event.args.skippedOffline).to.equal(0n); // every candidate sent its heartbeat
      expect(event.args.setId).to.equal(previousSetId + 1n);
      expect(operators).to.not.deep.equal(previous); // another draw, or at least another order
      previous = operators;
      previousSetId = event.args.setId;
    }
    expect([...(await election.activeValidators())]).to.deep.equal(previous);
    expect([...(await election.getValidators())]).to.deep.equal([
      ...elected[elected.length - 1].args.signers,
    ]);
  });

  it("every candidate sends one heartbeat a round", async () => {
    const { election } = devnet;
    const events = (await election.queryFilter(election.filters.Heartbeat())).filter(inRun);
    const operators = devnet.actors.operators.map((o) => o.address).sort();
    // Rounds whose heartbeats the run covers: from the first election's round to the one before the last.
    const heartbeats = operatorsByRound(events);
    const rounds = Array.from({ length: ELECTIONS_AFTER_FIRST }, (_, i) => Number(firstRound) + i);
    expect([...heartbeats.keys()]).to.deep.equal(rounds);
    for (const round of rounds) expect(heartbeats.get(round), `round ${round}`).to.deep.equal(operators);
    for (const operator of operators) {
      const [ever, last] = await election.heartbeatOf(operator);
      expect([ever, last]).to.deep.equal([true, firstRound + BigInt(ELECTIONS_AFTER_FIRST) - 1n]);
    }
  });

  it("the active set commits in the first half of each round and reveals in the second; the next seed mixes every reveal", async () => {
    const { election, pool } = devnet;
    const committed = (await election.queryFilter(election.filters.Committed())).filter(inRun);
    const revealed = (await election.queryFilter(election.filters.Revealed())).filter(inRun);
    const seeds = (await election.queryFilter(election.filters.SeedDerived())).filter(inRun);
    const elected = (await election.queryFilter(election.filters.ValidatorsElected())).filter(inRun);
    const commits = operatorsByRound(committed);
    const reveals = operatorsByRound(revealed);
    // The genesis set (placeholder signers) has no keys; each elected set takes part in its round's beacon.
    const beaconRounds = elected.slice(0, -1).map((e) => Number(e.args.round));
    expect([...commits.keys()]).to.deep.equal(beaconRounds);
    expect([...reveals.keys()]).to.deep.equal(beaconRounds);
    for (const [i, round] of beaconRounds.entries()) {
      const set = [...elected[i].args.operators].sort();
      expect(commits.get(round), `commits of round ${round}`).to.deep.equal(set);
      expect(reveals.get(round), `reveals of round ${round}`).to.deep.equal(set);
      const [, roundStart, , revealFrom] = await election.roundInfo({ blockTag: elected[i].blockNumber });
      for (const e of committed.filter((c) => Number(c.args.round) === round))
        expect(BigInt(e.blockNumber)).to.be.lessThan(revealFrom);
      for (const e of revealed.filter((r) => Number(r.args.round) === round))
        expect(BigInt(e.blockNumber)).to.be.within(revealFrom, roundStart + ROUND_LENGTH - 1n);
      // The election that closes the beacon round derives its seed from all 21 reveals.
      const seed = seeds.find((s) => s.args.round === BigInt(round) + 1n);
      expect(seed, `seed of round ${round + 1}`).to.not.equal(undefined);
      expect(seed!.args.beaconRound).to.equal(BigInt(round));
      expect(seed!.args.revealCount).to.equal(BigInt(SEATS));
      expect(seed!.args.revealMix).to.not.equal(REVEAL_MIX_START);
    }
    expect((await election.queryFilter(election.filters.NonRevealerJailed())).filter(inRun)).to.deep.equal(
      [],
    );
    for (const operator of elected[elected.length - 1].args.operators)
      expect(await pool.isJailed(operator)).to.equal(false);
  });

  it("mints the emission every block, exactly, and every staker's and operator's reward grows", async () => {
    const { pool, token } = devnet;
    const accrued = (await pool.queryFilter(pool.filters.Accrued())).filter(inRun);
    const rate = ratePerBlockRay(DEFAULT_OPTIONS.initialInflation);
    // Every block of the run is accrued, once, in order (the keeper accrues in every block).
    expect(accrued.map((e) => e.blockNumber)).to.deep.equal(
      Array.from({ length: endBlock - startBlock }, (_, i) => startBlock + 1 + i),
    );
    let minted = 0n;
    for (const [i, e] of accrued.entries()) {
      if (i > 0) expect(e.args.fromBlock).to.equal(accrued[i - 1].args.toBlock);
      expect(e.args.toBlock).to.equal(BigInt(e.blockNumber));
      const supply = await token.totalSupply({ blockTag: e.blockNumber - 1 });
      expect(e.args.mintedWei).to.equal(compoundedMint(supply, rate, e.args.toBlock - e.args.fromBlock));
      minted += e.args.mintedWei;
    }
    expect(rewardsAfter.supply - rewardsBefore.supply).to.equal(minted);
    expect(minted).to.be.greaterThan(0n);
    expect(rewardsAfter.rewardPerToken).to.be.greaterThan(rewardsBefore.rewardPerToken);

    const operators = devnet.actors.operators.map((o) => o.address);
    const delegators = new Set(devnet.actors.delegators.map((d) => d.address));
    // Every position the seed opened, the operators' own and the delegators', earns in every block.
    expect(positions.filter((p) => delegators.has(p.account)).length).to.be.greaterThan(48);
    expect(positions.filter((p) => p.account === p.validator).length).to.equal(30);
    positions.forEach((p, i) =>
      expect(rewardsAfter.positions[i], `${p.account} at ${p.validator}`).to.be.greaterThan(
        rewardsBefore.positions[i],
      ),
    );
    // An operator earns its commission on its validator's whole reward; at 0% it earns none.
    for (const [i, operator] of operators.entries()) {
      const { commissionWad } = await pool.validatorInfo(operator);
      if (commissionWad > 0n)
        expect(rewardsAfter.commissions[i], operator).to.be.greaterThan(rewardsBefore.commissions[i]);
      else expect(rewardsAfter.commissions[i], operator).to.equal(rewardsBefore.commissions[i]);
    }
  });
});
