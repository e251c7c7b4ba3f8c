/**
 * Every kind of parameter change governance can make goes through the whole life of a proposal
 * (propose, vote, queue, timelock delay, execute) and its effect is read back from the contract; pool
 * changes are accrued at the old value up to the block of the change.
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { encodeBytes32String } from "ethers";
import type { ContractTransactionReceipt, Log } from "ethers";
import {
  ETM,
  GOVERNED_OPTIONS,
  governedFixture,
  passAndExecute,
  type GovernedFixture,
} from "./governanceFixture";
import { WAD } from "../shared/units";
import { nextBlock } from "../shared/poolHelpers";

/** The pool's Accrued events in `receipt`. */
function accruals(f: GovernedFixture, receipt: ContractTransactionReceipt) {
  const pool = f.system.pool;
  return receipt.logs
    .filter((log: Log) => log.address.toLowerCase() === f.addresses.pool.toLowerCase())
    .map((log) => pool.interface.parseLog(log))
    .filter((parsed) => parsed?.name === "Accrued")
    .map((parsed) => parsed!.args);
}

interface Case {
  set: string;
  /** Reads the effect back; runs after execution. */
  check(f: GovernedFixture): Promise<void>;
  /** The change accrues the pool first (every pool parameter). */
  accrues?: boolean;
}

const newAddress = "0x00000000000000000000000000000000000000A1";

const CASES: Case[] = [
  {
    set: "inflation:1=0.08",
    accrues: true,
    check: async (f) => {
      expect(await f.system.pool.inflationRate(1)).to.equal(8n * 10n ** 16n);
    },
  },
  {
    set: "delta=5%",
    accrues: true,
    check: async (f) => {
      expect(await f.system.pool.parameter(0)).to.equal(WAD / 20n);
    },
  },
  {
    set: "minStake=2.5",
    accrues: true,
    check: async (f) => {
      expect(await f.system.pool.parameter(1)).to.equal(25n * 10n ** 17n);
    },
  },
  {
    set: "minSelfStake=20000",
    accrues: true,
    check: async (f) => {
      expect(await f.system.pool.parameter(2)).to.equal(20_000n * ETM);
    },
  },
  {
    set: "unbondingBlocks=3000",
    accrues: true,
    check: async (f) => {
      expect(await f.system.pool.parameter(3)).to.equal(3_000n);
    },
  },
  {
    set: "jailBlocks=77",
    accrues: true,
    check: async (f) => {
      expect(await f.system.pool.parameter(4)).to.equal(77n);
    },
  },
  {
    set: "commissionDelayBlocks=9",
    accrues: true,
    check: async (f) => {
      expect(await f.system.pool.parameter(5)).to.equal(9n);
    },
  },
  {
    set: "maxCommissionChange=0.02",
    accrues: true,
    check: async (f) => {
      expect(await f.system.pool.parameter(6)).to.equal(WAD / 50n);
    },
  },
  {
    set: "candidateCap=50",
    accrues: true,
    check: async (f) => {
      expect(await f.system.pool.parameter(7)).to.equal(50n);
    },
  },
  {
    set: `treasury=${newAddress}`,
    accrues: true,
    check: async (f) => {
      expect(await f.system.pool.treasury()).to.equal(newAddress);
      expect(await f.system.election.treasury()).to.equal(newAddress);
    },
  },
  {
    set: `slasher=${newAddress}`,
    check: async (f) => {
      expect(await f.system.pool.hasRole(await f.system.pool.SLASHER_ROLE(), newAddress)).to.equal(true);
    },
  },
  {
    set: "validatorCount=7",
    check: async (f) => {
      expect(await f.system.election.validatorCount()).to.equal(7n);
    },
  },
  {
    set: "maxCandidates=300",
    check: async (f) => {
      expect(await f.system.election.maxCandidates()).to.equal(300n);
    },
  },
  {
    set: "feeShare=25%",
    check: async (f) => {
      expect(await f.system.election.feeShare()).to.equal(WAD / 4n);
    },
  },
  {
    set: "nonRevealJailBlocks=1234",
    check: async (f) => {
      expect(await f.system.election.nonRevealJailBlocks()).to.equal(1234n);
    },
  },
  {
    set: "votingDelay=10",
    check: async (f) => {
      expect(await f.system.governor.votingDelay()).to.equal(10n);
    },
  },
  {
    set: "votingPeriod=99",
    check: async (f) => {
      expect(await f.system.governor.votingPeriod()).to.equal(99n);
    },
  },
  {
    set: "proposalThreshold=5000",
    check: async (f) => {
      expect(await f.system.governor.proposalThreshold()).to.equal(5_000n * ETM);
    },
  },
  {
    set: "quorum=0.1",
    check: async (f) => {
      expect(await f.system.governor["quorumNumerator()"]()).to.equal(WAD / 10n);
    },
  },
  {
    set: "voteExtension=20",
    check: async (f) => {
      expect(await f.system.governor.lateQuorumVoteExtension()).to.equal(20n);
    },
  },
  {
    set: "timelockDelay=3600",
    check: async (f) => {
      expect(await f.system.timelock.getMinDelay()).to.equal(3600n);
    },
  },
];

describe("Governance: the life of a proposal, for each kind of change", () => {
  for (const c of CASES) {
    it(`${c.set}: proposed, voted, queued, delayed, executed, in effect`, async () => {
      const f = await loadFixture(governedFixture);
      const { receipt } = await passAndExecute(f, [c.set]);
      await c.check(f);
      const accrued = accruals(f, receipt);
      if (c.accrues) {
        // The pool accrued up to the change's own block before applying it.
        expect(accrued.length).to.equal(1);
        expect(accrued[0].toBlock).to.equal(BigInt(receipt.blockNumber));
      } else expect(accrued.length).to.equal(0);
    });
  }

  it("delta: the active set's share is zero up to the change and exactly delta after it", async () => {
    const f = await loadFixture(governedFixture);
    const { receipt } = await passAndExecute(f, ["delta=0.1"]);
    const [upToChange] = accruals(f, receipt);
    expect(upToChange.mintedWei).to.be.greaterThan(0n);
    expect(upToChange.toValidatorsWei).to.equal(0n); // the old delta, 0, up to the change's block
    await mine(10);
    const after = await (await f.system.pool.accrue()).wait();
    const [next] = accruals(f, after!);
    expect(next.fromBlock).to.equal(BigInt(receipt.blockNumber));
    expect(next.toValidatorsWei).to.equal((next.mintedWei * WAD) / 10n / WAD);
  });

  it("roundLength: scheduled from the next round on", async () => {
    const f = await loadFixture(governedFixture);
    const { election } = f.system;
    const before = await election.roundLength();
    await passAndExecute(f, ["roundLength=50"]);
    expect(await election.roundLength()).to.equal(before); // this round keeps its length
    expect((await election.pendingRoundLength()).lengthBlocks).to.equal(50n);
    const [round, startBlock, lengthBlocks] = await election.roundInfo();
    await mine(startBlock + lengthBlocks - BigInt(await hre.ethers.provider.getBlockNumber()));
    expect(await election.currentRound()).to.equal(round + 1n);
    expect(await election.roundLength()).to.equal(50n);
  });

  it("slash:<validator>@<block>: governance slashes and jails a validator for an infraction, burning the stake", async () => {
    const f = await loadFixture(governedFixture);
    const { pool, token } = f.system;
    const stakeBefore = await pool.validatorStake(f.operator.address);
    const supplyBefore = await token.totalSupply();
    const infraction = BigInt(await hre.ethers.provider.getBlockNumber());
    const { receipt } = await passAndExecute(f, [`slash:${f.operator.address}@${infraction}=0.1`]);
    const slashed = receipt.logs
      .map((log) => (log.address === f.addresses.pool ? pool.interface.parseLog(log) : null))
      .find((parsed) => parsed?.name === "Slashed");
    expect(slashed?.args.reason).to.equal(encodeBytes32String("governance"));
    expect(slashed?.args.infractionBlock).to.equal(infraction);
    expect(await pool.validatorStake(f.operator.address)).to.equal(stakeBefore - stakeBefore / 10n);
    expect(await token.totalSupply()).to.be.lessThan(supplyBefore); // the burn outweighs the blocks' mint
  });

  it("pay:<recipient>: the treasury (the timelock) pays ETM it received", async () => {
    const f = await loadFixture(governedFixture);
    const { token } = f.system;
    await (await token.transfer(f.addresses.timelock, 1_000n * ETM)).wait();
    // The timelock also holds the emission of the blocks before anything was staked (it is the treasury).
    const treasuryBefore = await token.balanceOf(f.addresses.timelock);
    await passAndExecute(f, [`pay:${f.eve.address}=250.5`]);
    expect(await token.balanceOf(f.eve.address)).to.equal(2505n * 10n ** 17n);
    expect(await token.balanceOf(f.addresses.timelock)).to.equal(treasuryBefore - 2505n * 10n ** 17n);
  });

  it("revokeSlasher: a granted slasher loses the role again", async () => {
    const f = await loadFixture(governedFixture);
    const { pool } = f.system;
    await passAndExecute(f, [`slasher=${f.eve.address}`]);
    await (
      await pool
        .connect(f.eve)
        .slash(f.operator.address, WAD / 100n, await nextBlock(), encodeBytes32String("evidence"))
    ).wait();
    await passAndExecute(f, [`revokeSlasher=${f.eve.address}`]);
    await expect(
      pool.connect(f.eve).slash(f.operator.address, 1n, await nextBlock(), encodeBytes32String("x")),
    )
      .to.be.revertedWithCustomError(pool, "AccessControlUnauthorizedAccount")
      .withArgs(f.eve.address, await pool.SLASHER_ROLE());
  });

  it("several changes in one proposal apply together, in order", async () => {
    const f = await loadFixture(governedFixture);
    await passAndExecute(f, ["inflation:2=0.08", "delta=0.05", "validatorCount=5"]);
    expect(await f.system.pool.inflationRate(2)).to.equal(8n * 10n ** 16n);
    expect(await f.system.pool.parameter(0)).to.equal(WAD / 20n);
    expect(await f.system.election.validatorCount()).to.equal(5n);
  });

  it("the timelock delay set by GOVERNED_OPTIONS is the one deployed", async () => {
    const f = await loadFixture(governedFixture);
    expect(await f.system.timelock.getMinDelay()).to.equal(BigInt(GOVERNED_OPTIONS.timelockDelay));
  });
});
