import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, setBalance } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ElectionCaller__factory } from "../../typechain-types";
import type { ElectionCaller, ValidatorElection } from "../../typechain-types";
import {
  ETM,
  WAD,
  electionFixture,
  deployWorldWith,
  heartbeats,
  toNextRound,
  electNext,
  type ElectionWorld,
} from "./fixtures";

const { ethers } = hre;

/** Adds `amountWei` to the election's balance the way Besu credits fees: no call, no event. */
async function creditFees(election: ValidatorElection, amountWei: bigint) {
  const address = await election.getAddress();
  await setBalance(address, (await ethers.provider.getBalance(address)) + amountWei);
}

/** The native ledger adds up: balance = unrecognised + treasury owed + period pool + credited rewards. */
async function expectNativeLedger(world: ElectionWorld, accounts: string[]) {
  const { election } = world;
  const balance = await ethers.provider.getBalance(await election.getAddress());
  let credited = 0n;
  for (const a of accounts) credited += (await election.rewardsOf(a))[0];
  const [periodNative] = await election.currentPeriodRewards();
  const treasury = await election.treasuryFeesOwed();
  // currentPeriodRewards and treasuryFeesOwed include the unrecognised fees' split
  expect(credited + periodNative + treasury).to.equal(balance);
}

describe("ValidatorElection: rewards for the active set", () => {
  const FEES = 10n * ETM + 3n; // in wei of the native coin

  it("recognises fees by balance difference, splits them at the fee share, credits each seat at the next election", async () => {
    const world = await loadFixture(electionFixture);
    const { election, genesis } = world;
    await creditFees(election, FEES);
    const activeShare = FEES / 2n;
    const treasuryShare = FEES - activeShare;
    expect(await election.unrecognisedFees()).to.equal(FEES);
    expect(await election.treasuryFeesOwed()).to.equal(treasuryShare);
    expect(await election.currentPeriodRewards()).to.deep.equal([activeShare, 0n]);
    const perSeat = activeShare / 4n;
    const tx = await electNext(election);
    await expect(tx).to.emit(election, "FeesRecognised").withArgs(FEES, activeShare, treasuryShare);
    await expect(tx).to.emit(election, "RewardsDistributed").withArgs(1, 4, perSeat, 0);
    for (const g of genesis) expect(await election.rewardsOf(g.address)).to.deep.equal([perSeat, 0n]);
    expect(await election.unrecognisedFees()).to.equal(0n);
    expect(await election.currentPeriodRewards()).to.deep.equal([activeShare - perSeat * 4n, 0n]); // remainder carried
    await expectNativeLedger(
      world,
      genesis.map((g) => g.address),
    );
  });

  it("collects the pool's delta share at the election and splits it the same way", async () => {
    const world = await loadFixture(electionFixture);
    const { election, registry, genesis } = world;
    await registry.fundValidatorRewards(1_000n * ETM + 2n);
    expect(await registry.validatorRewardsOwed()).to.equal(1_000n * ETM + 2n);
    const tx = await electNext(election);
    await expect(tx)
      .to.emit(election, "ValidatorRewardsReceived")
      .withArgs(1_000n * ETM + 2n);
    await expect(tx)
      .to.emit(election, "RewardsDistributed")
      .withArgs(1, 4, 0, 250n * ETM);
    for (const g of genesis) expect(await election.rewardsOf(g.address)).to.deep.equal([0n, 250n * ETM]);
    expect(await registry.validatorRewardsOwed()).to.equal(0n);
    expect((await election.currentPeriodRewards())[1]).to.equal(2n);
  });

  it("counts ETM sent to the contract directly as delta share, and native coins sent directly as fees", async () => {
    const world = await loadFixture(electionFixture);
    const { election, token, admin } = world;
    await token.transfer(await election.getAddress(), 40n);
    await admin.sendTransaction({ to: await election.getAddress(), value: 80n });
    expect(await election.currentPeriodRewards()).to.deep.equal([40n, 40n]);
    await expect(electNext(election)).to.emit(election, "RewardsDistributed").withArgs(1, 4, 10, 10);
  });

  it("pays what arrived while a set was active to that set only", async () => {
    const world = await loadFixture(electionFixture);
    const { election, genesis, operators } = world;
    await heartbeats(election, operators.slice(0, 6));
    await creditFees(election, 8n * ETM); // while the genesis set is active
    await electNext(election);
    const newSet = await election.activeValidators();
    await creditFees(election, 16n * ETM); // while the new set is active
    await heartbeats(election, operators.slice(0, 6));
    await electNext(election);
    for (const g of genesis) expect((await election.rewardsOf(g.address))[0]).to.equal(1n * ETM);
    for (const o of newSet) expect((await election.rewardsOf(o))[0]).to.equal(2n * ETM);
    await expectNativeLedger(world, [...genesis.map((g) => g.address), ...operators.map((o) => o.address)]);
  });

  describe("claim", () => {
    async function creditedFixture() {
      const world = await electionFixture();
      await creditFees(world.election, FEES);
      await world.registry.fundValidatorRewards(400n * ETM);
      await electNext(world.election);
      return world;
    }

    it("pays native fees and ETM in one call, then nothing is left", async () => {
      const world = await loadFixture(creditedFixture);
      const { election, token, genesis } = world;
      const [nativeWei, tokenWei] = await election.rewardsOf(genesis[0].address);
      expect(nativeWei).to.equal(FEES / 2n / 4n);
      expect(tokenWei).to.equal(100n * ETM);
      const returned = await election.connect(genesis[0]).claim.staticCall();
      expect(returned).to.deep.equal([nativeWei, tokenWei]);
      const tx = election.connect(genesis[0]).claim();
      await expect(tx).to.emit(election, "Claimed").withArgs(genesis[0].address, nativeWei, tokenWei);
      await expect(tx).to.changeEtherBalances([genesis[0], election], [nativeWei, -nativeWei]);
      await expect(tx).to.changeTokenBalances(token, [genesis[0], election], [tokenWei, -tokenWei]);
      expect(await election.rewardsOf(genesis[0].address)).to.deep.equal([0n, 0n]);
      await expect(election.connect(genesis[0]).claim())
        .to.be.revertedWithCustomError(election, "NothingToClaim")
        .withArgs(genesis[0].address);
      // claiming does not turn the paid-out coins into "new fees"
      expect(await election.unrecognisedFees()).to.equal(0n);
      await expectNativeLedger(
        world,
        genesis.map((g) => g.address),
      );
    });

    it("pays only the token when there are no fees, and only fees when there is no token", async () => {
      const world = await loadFixture(electionFixture);
      const { election, registry, genesis } = world;
      await registry.fundValidatorRewards(4n);
      await electNext(election);
      await expect(election.connect(genesis[1]).claim())
        .to.emit(election, "Claimed")
        .withArgs(genesis[1].address, 0, 1);
      await creditFees(election, 8n);
      await heartbeats(election, []);
      await electNext(election); // nobody live: the genesis set is kept and credited again
      await expect(election.connect(genesis[1]).claim())
        .to.emit(election, "Claimed")
        .withArgs(genesis[1].address, 1, 0);
    });

    it("rejects a caller with nothing to claim", async () => {
      const { election, strangers } = await loadFixture(creditedFixture);
      await expect(election.connect(strangers[0]).claim())
        .to.be.revertedWithCustomError(election, "NothingToClaim")
        .withArgs(strangers[0].address);
    });
  });

  describe("contract operators", () => {
    async function callerFixture() {
      const [admin] = await ethers.getSigners();
      const caller = (await new ElectionCaller__factory(admin).deploy()) as ElectionCaller;
      const accounts = await ethers.getSigners();
      const world = await deployWorldWith({
        initialValidators: [
          await caller.getAddress(),
          accounts[3].address,
          accounts[4].address,
          accounts[5].address,
        ],
      });
      await caller.setElection(await world.election.getAddress());
      await creditFees(world.election, 4n * ETM);
      await world.registry.fundValidatorRewards(4n * ETM);
      await electNext(world.election);
      return { ...world, caller };
    }

    it("a receiver that refuses the coins makes the claim revert, and nothing changes", async () => {
      const { election, caller } = await loadFixture(callerFixture);
      await caller.setMode(1); // Reject
      const owed = await election.rewardsOf(await caller.getAddress());
      await expect(caller.claim())
        .to.be.revertedWithCustomError(election, "NativeTransferFailed")
        .withArgs(await caller.getAddress(), owed[0]);
      expect(await election.rewardsOf(await caller.getAddress())).to.deep.equal(owed);
      await caller.setMode(0);
      await expect(caller.claim()).to.emit(election, "Claimed");
    });

    it("cannot re-enter claim while being paid", async () => {
      const { election, caller, token } = await loadFixture(callerFixture);
      await caller.setMode(2); // Reenter
      const [nativeWei, tokenWei] = await election.rewardsOf(await caller.getAddress());
      await expect(caller.claim()).to.changeEtherBalance(caller, nativeWei);
      const selector = election.interface.getError("ReentrancyGuardReentrantCall")!.selector;
      expect(await caller.reentryError()).to.equal(selector);
      expect(await caller.payments()).to.equal(1n);
      expect(await token.balanceOf(await caller.getAddress())).to.equal(tokenWei);
      expect(await election.rewardsOf(await caller.getAddress())).to.deep.equal([0n, 0n]);
    });

    it("cannot re-enter releaseTreasuryFees while the treasury is being paid", async () => {
      const { election, caller } = await loadFixture(callerFixture);
      await election.setTreasury(await caller.getAddress());
      await caller.setMode(3); // ReenterRelease
      await creditFees(election, 10n);
      const owed = await election.treasuryFeesOwed();
      await expect(election.releaseTreasuryFees()).to.changeEtherBalance(caller, owed);
      const selector = election.interface.getError("ReentrancyGuardReentrantCall")!.selector;
      expect(await caller.reentryError()).to.equal(selector);
      expect(await election.treasuryFeesOwed()).to.equal(0n);
    });

    it("a contract operator can heartbeat, commit and reveal through its own calls", async () => {
      const { election, caller, registry, operators } = await loadFixture(callerFixture);
      await registry.addCandidate(await caller.getAddress(), operators[9].address, 1n);
      await expect(caller.heartbeat()).to.emit(election, "Heartbeat");
      await expect(caller.commit(ethers.ZeroHash)).to.be.revertedWithCustomError(election, "ZeroCommitment");
      await expect(caller.reveal(ethers.ZeroHash)).to.be.revertedWithCustomError(
        election,
        "OutsideRevealPhase",
      );
    });
  });

  describe("treasury", () => {
    it("releases the treasury's share to the treasury, recognising new fees first", async () => {
      const world = await loadFixture(electionFixture);
      const { election, treasury, strangers } = world;
      await creditFees(election, FEES);
      const owed = FEES - FEES / 2n;
      expect(await election.releaseTreasuryFees.staticCall()).to.equal(owed);
      const tx = election.connect(strangers[0]).releaseTreasuryFees();
      await expect(tx).to.emit(election, "TreasuryFeesReleased").withArgs(treasury.address, owed);
      await expect(tx).to.changeEtherBalance(treasury, owed);
      await expect(election.releaseTreasuryFees()).to.be.revertedWithCustomError(
        election,
        "NothingToRelease",
      );
      expect(await election.currentPeriodRewards()).to.deep.equal([FEES / 2n, 0n]);
      await expectNativeLedger(world, []);
    });

    it("pays the current treasury, and a refusing treasury makes the release revert", async () => {
      const world = await loadFixture(electionFixture);
      const { election, admin, strangers } = world;
      await creditFees(election, 10n);
      const caller = await new ElectionCaller__factory(admin).deploy();
      await caller.setMode(1);
      await election.setTreasury(await caller.getAddress());
      await expect(election.releaseTreasuryFees())
        .to.be.revertedWithCustomError(election, "NativeTransferFailed")
        .withArgs(await caller.getAddress(), 5n);
      expect(await election.treasuryFeesOwed()).to.equal(5n);
      await election.setTreasury(strangers[1].address);
      await expect(election.releaseTreasuryFees()).to.changeEtherBalance(strangers[1], 5n);
    });

    it("a fee-share change first splits what arrived at the old share", async () => {
      const world = await loadFixture(electionFixture);
      const { election } = world;
      await creditFees(election, 100n);
      await expect(election.setFeeShare(WAD)).to.emit(election, "FeesRecognised").withArgs(100, 50, 50);
      await creditFees(election, 100n);
      expect(await election.treasuryFeesOwed()).to.equal(50n);
      expect(await election.currentPeriodRewards()).to.deep.equal([150n, 0n]);
      await expect(election.setFeeShare(0)).to.emit(election, "FeesRecognised").withArgs(100, 100, 0);
      // with nothing new, a change recognises nothing
      await expect(election.setFeeShare(WAD / 4n)).not.to.emit(election, "FeesRecognised");
    });
  });

  it("a pool calling back into elect() while handing over the delta share is refused", async () => {
    const world = await loadFixture(electionFixture);
    const { election, registry } = world;
    await registry.setReenterOnCollect(true);
    await registry.fundValidatorRewards(8n);
    await expect(electNext(election)).to.emit(election, "ValidatorRewardsReceived").withArgs(8);
    const selector = election.interface.getError("ReentrancyGuardReentrantCall")!.selector;
    expect(await registry.reentryError()).to.equal(selector);
    expect(await election.electedRound()).to.equal(1n);
  });

  it("goes on electing when the pool refuses to hand over the delta share, and collects it later", async () => {
    const world = await loadFixture(electionFixture);
    const { election, registry, genesis } = world;
    await registry.fundValidatorRewards(8n);
    await registry.setFailures(false, true, 0);
    const tx = await electNext(election);
    await expect(tx).to.emit(election, "ValidatorRewardsCollectFailed");
    await expect(tx).to.emit(election, "RewardsDistributed").withArgs(1, 4, 0, 0);
    expect(await registry.validatorRewardsOwed()).to.equal(8n);
    await registry.setFailures(false, false, 0);
    await toNextRound(election);
    await expect(election.elect()).to.emit(election, "ValidatorRewardsReceived").withArgs(8);
    for (const g of genesis) expect((await election.rewardsOf(g.address))[1]).to.equal(2n);
  });
});
