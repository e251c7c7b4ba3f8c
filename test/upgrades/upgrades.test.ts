/**
 * Core v2's upgrade story: the pool, its voting-units module and the election are UUPS proxies whose
 * implementations OpenZeppelin's upgrades tooling validates (storage layout, initializers, unsafe
 * operations), and whose upgrade right is the timelock's after the hand-over: a full governance
 * proposal upgrades a live deployment and every balance, position, unbonding entry, vote and the
 * validator set survive it.
 */
import { expect } from "chai";
import { ethers, upgrades } from "hardhat";
import { deploySystem } from "../../scripts/deploy";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  deployElectionImplementation,
  deployElectionLibraries,
  deployPoolImplementation,
  deployPoolLibraries,
} from "../../scripts/deploy/proxies";
import { inventoryRoles, governedHoldingProblems } from "../../scripts/lib/roles";
import {
  ETMToken__factory,
  StakeVotesV2Mock__factory,
  StakingPoolV2Mock__factory,
  ValidatorElectionV2Mock__factory,
} from "../../typechain-types";
import {
  ETM,
  GOVERNED_OPTIONS,
  execute,
  governedFixture,
  passAndExecute,
  passAndQueue,
  type GovernedFixture,
} from "../governance/governanceFixture";

/** Link maps in the short form `getContractFactory` takes. */
async function shortLinks(deployer: HardhatEthersSigner) {
  const pool = await deployPoolLibraries(deployer);
  const election = await deployElectionLibraries(deployer);
  const short = (links: object): Record<string, string> =>
    Object.fromEntries(
      Object.entries(links as Record<string, string>).map(([key, address]) => [key.split(":")[1]!, address]),
    );
  // getContractFactory refuses libraries a contract does not link: the implementation links two of
  // the pool's five, its extension all of them.
  const { ValidatorLogic, UnbondingLogic } = short(pool);
  return {
    pool: { ValidatorLogic: ValidatorLogic!, UnbondingLogic: UnbondingLogic! },
    extension: short(pool),
    election: short(election),
  };
}

/**
 * Validation options for a UUPS implementation with constructor arguments. The tooling encodes
 * `constructorArgs` into the bytecode it checks (getDeployData), though its option types omit them.
 */
function uups(constructorArgs: unknown[]) {
  return withArgs("uups", constructorArgs);
}

/** Validation options of `kind` with constructor arguments (see `uups`). */
function withArgs(kind: "uups" | "transparent", constructorArgs: unknown[]) {
  return { kind, constructorArgs };
}

/** Everything a staker or validator owns that does not change with the block number alone. */
async function holdings(f: GovernedFixture) {
  const { token, pool, votes, election } = f.system;
  const people = [f.deployer, f.operator, f.alice, f.bob, f.carol, f.dave, f.eve];
  const contracts = [
    await pool.getAddress(),
    await election.getAddress(),
    await f.system.timelock.getAddress(),
  ];
  const positions = [];
  for (const who of people) {
    positions.push({
      account: who.address,
      balanceWei: await token.balanceOf(who.address),
      stakeWei: await pool.stakeOf(who.address, f.operator.address),
      votes: await votes.getVotes(who.address),
      votingUnitsWei: await votes.votingUnitsOf(who.address),
      delegatee: await votes.delegates(who.address),
      unbonding: (await pool.unbondingOf(who.address)).map((list) => [...list]),
    });
  }
  return {
    positions,
    contractBalancesWei: await Promise.all(contracts.map((a) => token.balanceOf(a))),
    totalStakedWei: await pool.totalStaked(),
    validator: [...(await pool.validatorInfo(f.operator.address))],
    candidates: await pool.candidates(),
    schedule: (await pool.inflationSchedule()).map((entry) => [...entry]),
    startBlock: await pool.startBlock(),
    validators: await election.getValidators(),
    activeOperators: await election.activeValidators(),
    activeSetId: await election.activeSetId(),
    seed: await election.seed(),
    round: await election.currentRound(),
    votes: await votes.getAddress(),
  };
}

/** The governed fixture plus an unbonding entry, pending rewards and a commission owed. */
async function livelyGovernedFixture() {
  const f = await governedFixture();
  const { pool } = f.system;
  await mine(20);
  await (await pool.connect(f.bob).unstake(f.operator.address, 5_000n * ETM)).wait();
  await (await pool.connect(f.carol).claim(f.operator.address)).wait();
  await mine(5);
  return f;
}

describe("Upgrades (core v2)", () => {
  describe("OpenZeppelin's upgrades tooling", () => {
    it("validates the pool, its voting-units module and the election as UUPS implementations", async () => {
      const [deployer] = await ethers.getSigners();
      const links = await shortLinks(deployer);
      // Constructor arguments only shape the bytecode the tooling hashes; any addresses do.
      await upgrades.validateImplementation(
        await ethers.getContractFactory("StakingPool", { libraries: links.pool }),
        uups([deployer.address]),
      );
      // The extension runs on the proxy's storage too (by the implementation's DELEGATECALL): the same
      // checks of layout, constructor and unsafe operations, without the UUPS entry points it lacks.
      await upgrades.validateImplementation(
        await ethers.getContractFactory("StakingPoolExtension", { libraries: links.extension }),
        withArgs("transparent", [deployer.address]),
      );
      await upgrades.validateImplementation(
        await ethers.getContractFactory("ValidatorElection", { libraries: links.election }),
        uups([deployer.address, deployer.address]),
      );
      await upgrades.validateImplementation(await ethers.getContractFactory("StakeVotes"), { kind: "uups" });
    });

    it("accepts each next version as a safe upgrade of the current one", async () => {
      const [deployer] = await ethers.getSigners();
      const links = await shortLinks(deployer);
      const pair = async (
        from: string,
        to: string,
        constructorArgs: string[],
        libraries?: Record<string, string>,
      ) =>
        upgrades.validateUpgrade(
          await ethers.getContractFactory(from, { libraries }),
          await ethers.getContractFactory(to, { libraries }),
          uups(constructorArgs),
        );
      await pair("StakingPool", "StakingPoolV2Mock", [deployer.address], links.pool);
      await pair(
        "ValidatorElection",
        "ValidatorElectionV2Mock",
        [deployer.address, deployer.address],
        links.election,
      );
      await pair("StakeVotes", "StakeVotesV2Mock", []);
    });

    it("refuses an upgrade that inserts a field into a namespaced layout", async () => {
      await expect(
        upgrades.validateUpgrade(
          await ethers.getContractFactory("NamespacedLayoutV1Mock"),
          await ethers.getContractFactory("NamespacedLayoutInsertedMock"),
          { kind: "uups" },
        ),
      ).to.be.rejectedWith(/etm\.test\.Layout|insertedField|storage layout/i);
    });

    it("stores the pool at its ERC-7201 location", async () => {
      const { system } = await loadFixture(governedFixture);
      const location =
        BigInt(
          ethers.keccak256(
            ethers.AbiCoder.defaultAbiCoder().encode(
              ["uint256"],
              [BigInt(ethers.id("etm.storage.StakingPool")) - 1n],
            ),
          ),
        ) & ~0xffn;
      // Layout field 1 (`totals`): totalStakedWei in the low 128 bits.
      const totals = BigInt(await ethers.provider.getStorage(await system.pool.getAddress(), location + 1n));
      expect(totals & ((1n << 128n) - 1n)).to.equal(await system.pool.totalStaked());
      expect(totals).to.not.equal(0n);
    });
  });

  describe("through governance", () => {
    it("a proposal upgrades the pool, the votes module and the election; every holding and the set survive", async () => {
      const f = await loadFixture(livelyGovernedFixture);
      const { pool, votes, election, governor } = f.system;
      const [deployer] = await ethers.getSigners();
      const links = await shortLinks(deployer);
      const tokenAddress = await f.system.token.getAddress();
      const poolAddress = await pool.getAddress();
      const nextExtension = await (
        await ethers.getContractFactory("StakingPoolExtension", { libraries: links.extension })
      ).deploy(tokenAddress);
      const nextPool = await (
        await ethers.getContractFactory("StakingPoolV2Mock", { libraries: links.pool })
      ).deploy(await nextExtension.getAddress());
      const nextElection = await (
        await ethers.getContractFactory("ValidatorElectionV2Mock", { libraries: links.election })
      ).deploy(poolAddress, tokenAddress);
      const nextVotes = await new StakeVotesV2Mock__factory(deployer).deploy();
      const calls = [
        [pool, await nextPool.getAddress()],
        [votes, await nextVotes.getAddress()],
        [election, await nextElection.getAddress()],
      ] as const;
      const proposal = await passAndQueue(
        f,
        calls.map(([proxy, implementation]) => ({
          target: proxy.target as string,
          value: 0n,
          calldata: proxy.interface.encodeFunctionData("upgradeToAndCall", [implementation, "0x"]),
          summary: `upgrade ${proxy.target as string} to ${implementation}`,
        })),
        "upgrade the pool, its votes module and the election to v2",
      );

      const before = await holdings(f);
      const receipt = await execute(governor, proposal);
      const after = await holdings(f);
      expect(after).to.deep.equal(before);

      for (const [proxy, implementation] of calls) {
        expect(await upgrades.erc1967.getImplementationAddress(proxy.target as string)).to.equal(
          implementation,
        );
        const upgraded = receipt.logs.some(
          (log) =>
            log.address === proxy.target &&
            log.topics[0] === ethers.id("Upgraded(address)") &&
            ethers.getAddress(ethers.dataSlice(log.topics[1]!, 12)) === implementation,
        );
        expect(upgraded, `${proxy.target as string} emitted Upgraded(${implementation})`).to.equal(true);
      }
      expect(await StakingPoolV2Mock__factory.connect(poolAddress, deployer).version()).to.equal(
        "pool v2 (test)",
      );
      expect(
        await ValidatorElectionV2Mock__factory.connect(election.target as string, deployer).version(),
      ).to.equal("election v2 (test)");
      expect(await StakeVotesV2Mock__factory.connect(votes.target as string, deployer).version()).to.equal(
        "votes v2 (test)",
      );

      // The upgraded system keeps working: rewards accrue and are paid, unbonding matures, stake moves.
      const pending = await pool.pendingReward(f.alice.address, f.operator.address);
      expect(pending).to.be.greaterThan(0n);
      await expect(pool.connect(f.alice).claim(f.operator.address)).to.emit(pool, "RewardPaid");
      await mine(GOVERNED_OPTIONS.unbondingBlocks);
      await expect(pool.connect(f.bob).withdraw())
        .to.emit(pool, "Withdrawn")
        .withArgs(f.bob.address, 5_000n * ETM, 1n);
      await expect(pool.connect(f.carol).unstake(f.operator.address, 500n * ETM)).to.emit(pool, "Unstaked");
      expect(await votes.getVotes(f.carol.address)).to.equal(0n);

      // Still nobody but the timelock holds an upgrade right (or any other admin role).
      const report = await inventoryRoles(ethers.provider, {
        ...f.addresses,
        votes: votes.target as string,
        evidence: await f.system.evidence.getAddress(),
      });
      expect(governedHoldingProblems(report)).to.deep.equal([]);
    });

    it("etm:propose's upgradePool and upgradeElection settings pass and upgrade (the CLI path)", async () => {
      const f = await loadFixture(governedFixture);
      const { pool, election } = f.system;
      const [deployer] = await ethers.getSigners();
      const tokenAddress = await f.system.token.getAddress();
      const nextPool = await deployPoolImplementation(deployer, tokenAddress);
      const nextElection = await deployElectionImplementation(
        deployer,
        await pool.getAddress(),
        tokenAddress,
      );
      const { receipt } = await passAndExecute(f, [
        `upgradePool=${nextPool}`,
        `upgradeElection=${nextElection}`,
      ]);
      expect(receipt.status).to.equal(1);
      // the election's upgrade call republished its round grid to the (already upgraded) pool
      const gridSet = receipt.logs.filter(
        (log) => log.address === pool.target && pool.interface.parseLog(log)?.name === "RoundGridSet",
      );
      expect(gridSet).to.have.length(1);
      expect(await upgrades.erc1967.getImplementationAddress(await pool.getAddress())).to.equal(nextPool);
      expect(await upgrades.erc1967.getImplementationAddress(await election.getAddress())).to.equal(
        nextElection,
      );
    });

    it("nobody else can upgrade: an account, the governor itself, or the deployer after the hand-over", async () => {
      const f = await loadFixture(governedFixture);
      const { pool, votes, election, governor } = f.system;
      const [deployer] = await ethers.getSigners();
      const implementation = await deployPoolImplementation(deployer, await f.system.token.getAddress());
      const upgraderRole = await pool.UPGRADER_ROLE();
      for (const who of [deployer, f.alice]) {
        await expect(pool.connect(who).upgradeToAndCall(implementation, "0x"))
          .to.be.revertedWithCustomError(pool, "AccessControlUnauthorizedAccount")
          .withArgs(who.address, upgraderRole);
        await expect(election.connect(who).upgradeToAndCall(implementation, "0x"))
          .to.be.revertedWithCustomError(election, "AccessControlUnauthorizedAccount")
          .withArgs(who.address, upgraderRole);
        await expect(votes.connect(who).upgradeToAndCall(implementation, "0x"))
          .to.be.revertedWithCustomError(votes, "NotUpgrader")
          .withArgs(who.address);
      }
      expect(await pool.hasRole(upgraderRole, await governor.getAddress())).to.equal(false);
      expect(await pool.hasRole(upgraderRole, await f.system.timelock.getAddress())).to.equal(true);
      expect(await election.hasRole(upgraderRole, await f.system.timelock.getAddress())).to.equal(true);
    });
  });

  describe("an implementation built for another system is refused", () => {
    it("the pool refuses an implementation of another token; the election one of another pool", async () => {
      const [deployer] = await ethers.getSigners();
      const system = await deploySystem({ initialValidators: [deployer.address] });
      const otherToken = await new ETMToken__factory(deployer).deploy(
        deployer.address,
        deployer.address,
        ETM,
      );
      const wrong = await deployPoolImplementation(deployer, await otherToken.getAddress());
      await expect(system.pool.upgradeToAndCall(wrong, "0x"))
        .to.be.revertedWithCustomError(system.pool, "UpgradeMismatch")
        .withArgs(wrong, ethers.encodeBytes32String("token"));
      const links = await shortLinks(deployer);
      const electionFactory = await ethers.getContractFactory("ValidatorElection", {
        libraries: links.election,
      });
      const otherPool = await electionFactory.deploy(
        await otherToken.getAddress(),
        await system.token.getAddress(),
      );
      await expect(system.election.upgradeToAndCall(await otherPool.getAddress(), "0x"))
        .to.be.revertedWithCustomError(system.election, "UpgradeMismatch")
        .withArgs(await otherPool.getAddress(), ethers.encodeBytes32String("registry"));
      const otherReward = await electionFactory.deploy(
        await system.pool.getAddress(),
        await otherToken.getAddress(),
      );
      await expect(system.election.upgradeToAndCall(await otherReward.getAddress(), "0x"))
        .to.be.revertedWithCustomError(system.election, "UpgradeMismatch")
        .withArgs(await otherReward.getAddress(), ethers.encodeBytes32String("rewardToken"));
      // The same code for the same system is accepted, and nothing else changes.
      const same = await deployPoolImplementation(deployer, await system.token.getAddress());
      await expect(system.pool.upgradeToAndCall(same, "0x")).to.emit(system.pool, "Upgraded").withArgs(same);
      expect(await upgrades.erc1967.getImplementationAddress(await system.pool.getAddress())).to.equal(same);
    });
  });
});
