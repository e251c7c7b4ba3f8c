/**
 * The governance tasks against the in-process chain: etm:roles, etm:propose, etm:proposals, etm:vote,
 * etm:queue and etm:execute take a proposal through its life, and refuse bad input with a message
 * that names the problem and the fix, sending nothing.
 */
import { expect } from "chai";
import fs from "node:fs";
import hre from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { deploySystem } from "../../scripts/deploy";
import { deploymentPath } from "../../config/deployments";
import type { RoleReport } from "../../scripts/lib/roles";
import { recordHardhatDeployment } from "../shared/deployments";
import { ETM, GOVERNED_OPTIONS, governedFixture } from "../governance/governanceFixture";
import { WAD } from "../shared/units";

// Accounts: 0 deployer, 1 operator, 2 alice, 3 bob, 4 carol (below the threshold), 6 eve (no stake).

async function recordedGovernedFixture() {
  const f = await governedFixture();
  await recordHardhatDeployment(f.system, f.deployer.address);
  return f;
}

interface Row {
  id: bigint;
  state: string;
  forVotes: bigint;
  quorum: bigint;
}

describe("Toolkit: governance tasks", () => {
  after(() => fs.rmSync(deploymentPath("hardhat"), { force: true }));

  it("propose → proposals → vote → queue → execute: the change takes effect", async () => {
    const f = await loadFixture(recordedGovernedFixture);
    const { governor, pool } = f.system;
    const id = (await hre.run("etm:propose", {
      set: "inflation:2=0.08, delta=5%",
      description: "Lower year-2 inflation; pay the active set 5%",
      account: "2",
    })) as bigint;
    let [row] = (await hre.run("etm:proposals", { id: id.toString() })) as Row[];
    expect(row).to.include({ id, state: "Pending", forVotes: 0n });
    await mine(GOVERNED_OPTIONS.votingDelay + 1);
    await hre.run("etm:vote", { id: id.toString(), support: "for", account: "2" });
    await hre.run("etm:vote", {
      id: id.toString().slice(0, 8),
      support: "Abstain",
      reason: "fine",
      account: "3",
    });
    [row] = (await hre.run("etm:proposals", {})) as Row[];
    expect(row).to.include({ state: "Active", forVotes: 100_000n * ETM });
    expect(row.quorum).to.equal(((await pool.totalStaked()) * GOVERNED_OPTIONS.quorum) / WAD);
    const [, , abstain] = await governor.proposalVotes(id);
    expect(abstain).to.equal(50_000n * ETM);
    await mine(GOVERNED_OPTIONS.votingPeriod);
    await hre.run("etm:queue", { id: id.toString() });
    expect(await governor.state(id)).to.equal(5n); // Queued
    await time.increase(GOVERNED_OPTIONS.timelockDelay);
    await hre.run("etm:execute", { id: id.toString(), account: "6" }); // anyone may execute
    expect(await governor.state(id)).to.equal(7n); // Executed
    expect(await pool.inflationRate(2)).to.equal(8n * 10n ** 16n);
    expect(await pool.parameter(0)).to.equal(WAD / 20n);
  });

  /** Proposes through etm:propose, votes for (alice, bob), queues and executes through the tasks. */
  async function throughTheTasks(set: string, extra: Record<string, unknown> = {}): Promise<bigint> {
    const id = (await hre.run("etm:propose", { set, description: set, account: "2", ...extra })) as bigint;
    await mine(GOVERNED_OPTIONS.votingDelay + 1);
    for (const account of ["2", "3"])
      await hre.run("etm:vote", { id: id.toString(), support: "for", account });
    await mine(GOVERNED_OPTIONS.votingPeriod);
    await hre.run("etm:queue", { id: id.toString() });
    await time.increase(GOVERNED_OPTIONS.timelockDelay);
    await hre.run("etm:execute", { id: id.toString() });
    return id;
  }

  it("the governor's own settings and the timelock's delay, several in one proposal", async () => {
    const f = await loadFixture(recordedGovernedFixture);
    const { governor, timelock } = f.system;
    await throughTheTasks(
      "votingDelay=10, votingPeriod=99, quorum=10%, proposalThreshold=5000, timelockDelay=900",
    );
    expect(await governor.votingDelay()).to.equal(10n);
    expect(await governor.votingPeriod()).to.equal(99n);
    expect(await governor["quorumNumerator()"]()).to.equal(WAD / 10n);
    expect(await governor.proposalThreshold()).to.equal(5_000n * ETM);
    expect(await timelock.getMinDelay()).to.equal(900n);
  });

  it("changes that depend on each other: refused by the lone dry run, proposed with --skip-check, applied in order", async () => {
    const f = await loadFixture(recordedGovernedFixture);
    const set = "minSelfStake=30000, minStake=20000";
    await expect(hre.run("etm:propose", { set, description: "raise both", account: "2" })).to.be.rejectedWith(
      /^etm:propose: pool\.setParameter\(1, 20000000000000000000000\) {2}\[minStake=20000\] would be refused when executed: minStake 20,000 ETM is outside 0\.000000000000000001 ETM\.\.10,000 ETM \(ParameterOutOfRange\) \(tried alone against today's state; if an earlier change of this proposal makes it valid, pass --skip-check\)$/,
    );
    await throughTheTasks(set, { skipCheck: true });
    expect(await f.system.pool.parameter(2)).to.equal(30_000n * ETM);
    expect(await f.system.pool.parameter(1)).to.equal(20_000n * ETM);
  });

  it("payNative: the treasury pays out native fees it holds", async () => {
    const f = await loadFixture(recordedGovernedFixture);
    await (await f.deployer.sendTransaction({ to: f.addresses.timelock, value: 2n * ETM })).wait();
    const before = await hre.ethers.provider.getBalance(f.eve.address);
    await throughTheTasks(`payNative:${f.eve.address}=1.5`);
    expect(await hre.ethers.provider.getBalance(f.eve.address)).to.equal(before + 15n * 10n ** 17n);
    expect(await hre.ethers.provider.getBalance(f.addresses.timelock)).to.equal(5n * 10n ** 17n);
  });

  it("each step refuses the wrong moment with the next step to take, sending nothing", async () => {
    const f = await loadFixture(recordedGovernedFixture);
    const id = (
      (await hre.run("etm:propose", { set: "delta=0.01", description: "d", account: "2" })) as bigint
    ).toString();
    const nonce = await hre.ethers.provider.getTransactionCount(f.alice.address);
    await expect(hre.run("etm:vote", { id, support: "for", account: "2" })).to.be.rejectedWith(
      new RegExp(
        `^etm:vote: proposal ${id} is not open yet: voting opens at block \\d+ \\(in \\d+ blocks, ~\\d+ s\\)$`,
      ),
    );
    await expect(hre.run("etm:queue", { id })).to.be.rejectedWith(
      `etm:queue: proposal ${id} is Pending: only a proposal that passed (Succeeded) can be queued; wait until voting closes (etm:proposals)`,
    );
    await mine(GOVERNED_OPTIONS.votingDelay + 1);
    await hre.run("etm:vote", { id, support: "for", account: "2" });
    await expect(hre.run("etm:vote", { id, support: "against", account: "2" })).to.be.rejectedWith(
      `etm:vote: ${f.alice.address} has already voted on proposal ${id}; a vote cannot be changed`,
    );
    await expect(hre.run("etm:vote", { id, support: "for", account: "6" })).to.be.rejectedWith(
      /^etm:vote: 0x[0-9a-fA-F]{40} had no voting power when the voting power for proposal \d+ was fixed \(end of block \d+\): votes count from stake bonded and delegated/,
    );
    await expect(hre.run("etm:vote", { id, support: "yes", account: "3" })).to.be.rejectedWith(
      `etm:vote: --support "yes" is not a choice: give for, against or abstain`,
    );
    await expect(hre.run("etm:execute", { id })).to.be.rejectedWith(
      `etm:execute: proposal ${id} is Active: only a queued proposal can be executed`,
    );
    await mine(GOVERNED_OPTIONS.votingPeriod);
    await expect(hre.run("etm:execute", { id })).to.be.rejectedWith(
      `etm:execute: proposal ${id} is Succeeded: only a queued proposal can be executed; queue it first (etm:queue)`,
    );
    await hre.run("etm:queue", { id });
    await expect(hre.run("etm:execute", { id })).to.be.rejectedWith(
      new RegExp(
        `^etm:execute: proposal ${id} is in the timelock until .*Z \\(\\d+ min( \\d+ s)? from now\\); execute it then$`,
      ),
    );
    await expect(hre.run("etm:vote", { id, support: "for", account: "3" })).to.be.rejectedWith(
      `etm:vote: proposal ${id} is Queued: voting is closed`,
    );
    // Only alice's one vote and the deployer's queue were sent.
    expect(await hre.ethers.provider.getTransactionCount(f.alice.address)).to.equal(nonce + 1);
  });

  it("etm:propose refuses bad changes before sending, with the contract's own error for out-of-range values", async () => {
    const f = await loadFixture(recordedGovernedFixture);
    await mine(2_100); // so that block 1 is older than the 2,000-block unbonding period (the evidence window)
    const cases: [Record<string, string>, string | RegExp][] = [
      [
        { set: "colour=blue" },
        /^etm:propose: --set colour=blue: unknown parameter "colour"; use one of inflation, delta, minStake/,
      ],
      [
        { set: "delta=5" },
        "etm:propose: --set delta=5: 5 is above 1 (100%); write a fraction like 0.05 or a percentage like 5%",
      ],
      [
        { set: "inflation=0.05" },
        /^etm:propose: --set inflation=0.05: inflation needs a year: inflation:<year>=<rate>/,
      ],
      [{ set: "delta:3=0.05" }, 'etm:propose: --set delta:3=0.05: delta takes no ":3"; write delta=<value>'],
      [{ set: "minStake=1.0000000000000000001" }, /has 19 decimals; at most 18 are allowed/],
      [{ set: "treasury=0x1234" }, /"0x1234" is not an address; write 0x followed by 40 hex digits/],
      [{ set: "feeShare=150%" }, "etm:propose: --set feeShare=150%: 150% is above 100%"],
      [
        { set: "votingPeriod=0" },
        "etm:propose: --set votingPeriod=0: votingPeriod must be from 1 to 4294967295 blocks",
      ],
      [
        { set: "voteExtension=31" },
        /^etm:propose: governor\.setLateQuorumVoteExtension\(31\) {2}\[voteExtension=31\]: the extension must be at most the voting period \(30 blocks\)/,
      ],
      [
        { set: "timelockDelay=5836" },
        "etm:propose: after this proposal the unbonding period would be 2,000 blocks, not longer than the slowest path " +
          "of a slashing proposal, 2,000 blocks (votingDelay 4 + votingPeriod 30 + voteExtension 10 + timelockDelay 5836 s " +
          "= 1946 blocks + slashMargin 10): stake could leave before a slash, so its execution would fail " +
          "(UnbondingShorterThanSlashPath). Add unbondingBlocks=2001 (or more) to the proposal, or shorten the " +
          "governance durations (docs/governance.md)",
      ],
      [
        { set: "votingPeriod=1760, voteExtension=26" },
        /^etm:propose: after this proposal the unbonding period would be 2,000 blocks, not longer than the slowest path of a slashing proposal, 2,000 blocks \(votingDelay 4 \+ votingPeriod 1760 \+ voteExtension 26 /,
      ],
      [
        { set: "unbondingBlocks=254" },
        /^etm:propose: after this proposal the unbonding period would be 254 blocks, not longer than the slowest path of a slashing proposal, 254 blocks .*Add unbondingBlocks=255 \(or more\)/,
      ],
      [
        { set: "validatorCount=four" },
        `etm:propose: --set validatorCount=four: "four" is not a whole number`,
      ],
      [
        { set: "delta=0.6" },
        /^etm:propose: pool\.setParameter\(0, 600000000000000000\) {2}\[delta=0\.6\] would be refused when executed: delta 60\.00% is outside 0\.00%\.\.50\.00% \(ParameterOutOfRange\)$/,
      ],
      [
        { set: "inflation:0=0.05" },
        /would be refused when executed: year 0 of the inflation schedule has begun \(the current year is 0\); only later years can change \(YearNotInFuture\)$/,
      ],
      [
        { set: "validatorCount=3" },
        /would be refused when executed: a validator count of 3 is outside 4\.\.100 \(ValidatorCountOutOfRange\)$/,
      ],
      [
        { set: `slash:${f.alice.address}=0.1` },
        /^etm:propose: --set slash:0x[0-9a-fA-F]{40}=0\.1: slash needs the infraction's block number after the validator: slash:<validator>@<block>=<fraction>/,
      ],
      [
        { set: `slash:${f.alice.address}@soon=0.1` },
        /slash needs the infraction's block number after the validator/,
      ],
      [
        { set: `slash:${f.operator.address}@99999999=0.1` },
        /would be refused when executed: the infraction block 99999999 is after the current block \d+; name the block it happened in \(InfractionInFuture\)$/,
      ],
      [
        { set: `slash:${f.operator.address}@1=0.1` },
        /^etm:propose: pool\.slash\(.*: the infraction at block 1 leaves the evidence window \(unbondingBlocks 2,000\) after block 2,000, before this proposal can surely execute \(block [\d,]+: votingDelay 4 \+ votingPeriod 30 .*InfractionTooOld\)\. Propose a slash within slashMargin blocks of the infraction/,
      ],
      [{ set: "" }, "etm:propose: no --set given: name at least one change, e.g. --set delta=0.05"],
      [
        { set: "delta=0.05", description: "  " },
        "etm:propose: --description is empty: say what the change does and why",
      ],
      [
        { set: "delta=0.05", account: "4" },
        /^etm:propose: 0x[0-9a-fA-F]{40} has 500 ETM of voting power, below the proposal threshold of 1,000 ETM: bond stake and delegate/,
      ],
    ];
    const nonces = await Promise.all(
      [f.alice, f.carol].map((s) => hre.ethers.provider.getTransactionCount(s.address)),
    );
    for (const [args, expected] of cases)
      await expect(
        hre.run("etm:propose", { description: "x", account: "2", ...args }),
        JSON.stringify(args),
      ).to.be.rejectedWith(expected);
    expect(
      await Promise.all([f.alice, f.carol].map((s) => hre.ethers.provider.getTransactionCount(s.address))),
    ).to.deep.equal(nonces);
  });

  it("etm:proposals and etm:vote: unknown or malformed ids", async () => {
    await loadFixture(recordedGovernedFixture);
    await expect(hre.run("etm:proposals", { id: "12345" })).to.be.rejectedWith(
      `etm:proposals: no proposal 12345 on network "hardhat": list them with \`npx hardhat etm:proposals --network hardhat\``,
    );
    await expect(hre.run("etm:vote", { id: "abc", support: "for" })).to.be.rejectedWith(
      `etm:vote: --id "abc" is not a proposal id: give the number \`etm:proposals\` prints`,
    );
    expect(await hre.run("etm:proposals", {})).to.deep.equal([]);
  });

  it("etm:roles: none held by an account after the hand-over; --strict fails on a system with an admin account", async () => {
    await loadFixture(recordedGovernedFixture);
    const governed = (await hre.run("etm:roles", { strict: true })) as RoleReport;
    expect(governed.accountHoldings).to.deep.equal([]);
    // token admin + minter, 7 pool (the evidence contract's SLASHER_ROLE), 3 election, 2 evidence, 4 timelock, governor
    expect(governed.holdings.length).to.equal(19);
    const [deployer] = await hre.ethers.getSigners();
    const plain = await deploySystem();
    await recordHardhatDeployment(plain, deployer.address);
    const report = (await hre.run("etm:roles", { strict: false })) as RoleReport;
    expect(report.accountHoldings.map((h) => `${h.contract}.${h.role}`).sort()).to.deep.equal(
      [
        "election.DEFAULT_ADMIN_ROLE",
        "election.PARAMETER_ROLE",
        "election.UPGRADER_ROLE",
        "evidence.DEFAULT_ADMIN_ROLE",
        "evidence.PARAMETER_ROLE",
        "pool.DEFAULT_ADMIN_ROLE",
        "pool.PARAMETER_ROLE",
        "pool.SLASHER_ROLE",
        "pool.UPGRADER_ROLE",
      ].sort(),
    );
    expect(report.accountHoldings.every((h) => h.holder === deployer.address)).to.equal(true);
    await expect(hre.run("etm:roles", { strict: true })).to.be.rejectedWith(
      "etm:roles: 9 role(s) held by externally owned accounts (--strict)",
    );
    await expect(hre.run("etm:proposals", {})).to.be.rejectedWith(
      /^etm:proposals: the system on network "hardhat" was deployed without governance .* Deploy with governance/,
    );
  });
});
