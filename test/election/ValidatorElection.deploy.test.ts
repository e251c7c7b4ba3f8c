import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ZeroAddress, getAddress, keccak256, toUtf8Bytes, dataSlice } from "ethers";
import { resolveAddress, type AddressLike, type Signer } from "ethers";
import { ValidatorElection__factory } from "../../typechain-types";
import { deployElectionImplementation, deployElectionProxy } from "../../scripts/deploy/proxies";
import { upgrades } from "hardhat";
import type { IValidatorElection } from "../../typechain-types/contracts/election/ValidatorElection";
import {
  deployElection,
  resolveElectionOptions,
  checkElectionOptions,
  DEFAULT_ELECTION_OPTIONS,
  ELECTION_LIMITS,
} from "../../scripts/deploy/election";
import { initialSeed, REVEAL_MIX_START } from "../model/election";
/** Deploys an election (implementation and initialized proxy) as a factory would, for revert checks. */
function electionFactory(admin: Signer) {
  return {
    interface: ValidatorElection__factory.createInterface(),
    deploy: async (
      registry: AddressLike,
      token: AddressLike,
      config: IValidatorElection.ElectionConfigStruct,
    ) => deployElectionProxy(admin, await resolveAddress(registry), await resolveAddress(token), config),
  };
}
import { electionFixture, ROUND, JAIL_BLOCKS, WAD, blockHash, roundInfo, toNextRound } from "./fixtures";

const { ethers } = hre;
const PARAMETER_ROLE = keccak256(toUtf8Bytes("PARAMETER_ROLE"));
const DEFAULT_ADMIN_ROLE = "0x" + "00".repeat(32);

function addressOf(i: number): string {
  return getAddress(dataSlice(keccak256(toUtf8Bytes(`deploy-test-${i}`)), 12));
}

describe("ValidatorElection: deployment, parameters, access", () => {
  async function config(overrides: Partial<IValidatorElection.ElectionConfigStruct> = {}) {
    const [admin, treasury, g0, g1] = await ethers.getSigners();
    return {
      admin: admin.address,
      treasury: treasury.address,
      validatorCount: 4,
      roundLengthBlocks: ROUND,
      maxCandidates: 50,
      feeShareWad: WAD / 2n,
      nonRevealJailBlocks: JAIL_BLOCKS,
      initialValidators: [g0.address, g1.address],
      ...overrides,
    };
  }

  describe("constructor", () => {
    it("stores the parameters, the genesis set, round 0 at the deployment block and the deployment seed", async () => {
      const { election, registry, token, admin, treasury, genesis } = await loadFixture(electionFixture);
      const signers = genesis.map((g) => g.address);
      expect(await election.registry()).to.equal(await registry.getAddress());
      expect(await election.rewardToken()).to.equal(await token.getAddress());
      expect(await election.getValidators()).to.deep.equal(signers);
      expect(await election.activeValidators()).to.deep.equal(signers); // genesis: signer = operator
      for (const s of signers) expect(await election.isActiveValidator(s)).to.equal(true);
      expect(await election.isActiveValidator(admin.address)).to.equal(false);
      expect(await election.validatorCount()).to.equal(4n);
      expect(await election.roundLength()).to.equal(BigInt(ROUND));
      expect(await election.maxCandidates()).to.equal(50n);
      expect(await election.feeShare()).to.equal(WAD / 2n);
      expect(await election.treasury()).to.equal(treasury.address);
      expect(await election.nonRevealJailBlocks()).to.equal(BigInt(JAIL_BLOCKS));
      expect(await election.electedRound()).to.equal(0n);
      expect(await election.activeSetId()).to.equal(1n);
      expect(await election.revealMix()).to.equal(REVEAL_MIX_START);
      expect(await election.pendingRoundLength()).to.deep.equal([0n, 0n]);
      expect(await election.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(true);
      expect(await election.hasRole(PARAMETER_ROLE, admin.address)).to.equal(true);
      expect(await election.PARAMETER_ROLE()).to.equal(PARAMETER_ROLE);

      // The proxy's deployment initialized it: round 0 starts in that block.
      const [initialized] = await election.queryFilter(election.filters.Initialized());
      const deployBlock = BigInt(initialized!.blockNumber);
      const info = await roundInfo(election);
      expect(info.start).to.equal(deployBlock);
      expect(info.revealStart).to.equal(deployBlock + BigInt(ROUND / 2));
      expect(await election.nextElectionBlock()).to.equal(deployBlock + BigInt(ROUND));
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const expected = initialSeed(chainId, await election.getAddress(), await blockHash(deployBlock - 1n));
      expect(await election.seed()).to.equal(expected);
    });

    it("exposes its limits as constants", async () => {
      const { election } = await loadFixture(electionFixture);
      expect(await election.MIN_ELECTED()).to.equal(BigInt(ELECTION_LIMITS.minElected));
      expect(await election.MAX_VALIDATOR_COUNT()).to.equal(BigInt(ELECTION_LIMITS.maxValidatorCount));
      expect(await election.MIN_ROUND_LENGTH()).to.equal(BigInt(ELECTION_LIMITS.minRoundLength));
      expect(await election.MAX_ROUND_LENGTH()).to.equal(BigInt(ELECTION_LIMITS.maxRoundLength));
      expect(await election.MAX_CANDIDATE_CAP()).to.equal(BigInt(ELECTION_LIMITS.maxCandidateCap));
      expect(await election.MAX_JAIL_BLOCKS()).to.equal(BigInt(ELECTION_LIMITS.maxJailBlocks));
    });

    it("packs and unpacks every set size from 1 to 100 signers exactly", async () => {
      const { registry, token } = await loadFixture(electionFixture);
      const [admin] = await ethers.getSigners();
      const factory = electionFactory(admin);
      for (const size of [1, 2, 8, 16, 21, 24, 32, 33, 100]) {
        const signers = Array.from({ length: size }, (_, i) => addressOf(size * 1000 + i));
        const election = await factory.deploy(registry, token, await config({ initialValidators: signers }));
        expect(await election.getValidators()).to.deep.equal(signers);
        expect(await election.activeValidators()).to.deep.equal(signers);
      }
    });

    it("getValidators() costs at most 60,000 gas as an eth_call with 21 validators (intrinsic gas included)", async () => {
      const { registry, token } = await loadFixture(electionFixture);
      const [admin] = await ethers.getSigners();
      const signers = Array.from({ length: 21 }, (_, i) => addressOf(5000 + i));
      const election = await electionFactory(admin).deploy(
        registry,
        token,
        await config({ validatorCount: 21, initialValidators: signers }),
      );
      expect(await election.getValidators.estimateGas()).to.be.lessThanOrEqual(60_000n);
    });

    it("rejects zero addresses", async () => {
      const { registry, token } = await loadFixture(electionFixture);
      const [admin] = await ethers.getSigners();
      const factory = electionFactory(admin);
      await expect(factory.deploy(ZeroAddress, token, await config())).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      await expect(factory.deploy(registry, ZeroAddress, await config())).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      await expect(
        factory.deploy(registry, token, await config({ admin: ZeroAddress })),
      ).to.be.revertedWithCustomError(factory, "ZeroAddress");
      await expect(
        factory.deploy(registry, token, await config({ treasury: ZeroAddress })),
      ).to.be.revertedWithCustomError(factory, "ZeroAddress");
      await expect(
        factory.deploy(registry, token, await config({ initialValidators: [addressOf(1), ZeroAddress] })),
      ).to.be.revertedWithCustomError(factory, "ZeroAddress");
    });

    it("rejects an empty, oversized or repeating genesis set", async () => {
      const { registry, token } = await loadFixture(electionFixture);
      const [admin] = await ethers.getSigners();
      const factory = electionFactory(admin);
      await expect(
        factory.deploy(registry, token, await config({ initialValidators: [] })),
      ).to.be.revertedWithCustomError(factory, "NoInitialValidators");
      const tooMany = Array.from({ length: 101 }, (_, i) => addressOf(i));
      await expect(factory.deploy(registry, token, await config({ initialValidators: tooMany })))
        .to.be.revertedWithCustomError(factory, "TooManyInitialValidators")
        .withArgs(101, 100);
      await expect(
        factory.deploy(
          registry,
          token,
          await config({ initialValidators: [addressOf(1), addressOf(2), addressOf(1)] }),
        ),
      )
        .to.be.revertedWithCustomError(factory, "DuplicateInitialValidator")
        .withArgs(addressOf(1));
    });

    it("rejects every parameter out of range, naming the value and the bounds", async () => {
      const { registry, token } = await loadFixture(electionFixture);
      const [admin] = await ethers.getSigners();
      const f = electionFactory(admin);
      const deploy = async (o: Partial<IValidatorElection.ElectionConfigStruct>) =>
        f.deploy(registry, token, await config(o));
      await expect(deploy({ validatorCount: 3 }))
        .to.be.revertedWithCustomError(f, "ValidatorCountOutOfRange")
        .withArgs(3, 4, 50);
      await expect(deploy({ validatorCount: 101, maxCandidates: 2000 }))
        .to.be.revertedWithCustomError(f, "ValidatorCountOutOfRange")
        .withArgs(101, 4, 100);
      await expect(deploy({ roundLengthBlocks: 3 }))
        .to.be.revertedWithCustomError(f, "RoundLengthOutOfRange")
        .withArgs(3, 4, 10_512_000);
      await expect(deploy({ roundLengthBlocks: 10_512_001 }))
        .to.be.revertedWithCustomError(f, "RoundLengthOutOfRange")
        .withArgs(10_512_001, 4, 10_512_000);
      await expect(deploy({ maxCandidates: 3 }))
        .to.be.revertedWithCustomError(f, "MaxCandidatesOutOfRange")
        .withArgs(3, 4, 2000);
      await expect(deploy({ validatorCount: 10, maxCandidates: 9 }))
        .to.be.revertedWithCustomError(f, "MaxCandidatesOutOfRange")
        .withArgs(9, 10, 2000);
      await expect(deploy({ maxCandidates: 2001 }))
        .to.be.revertedWithCustomError(f, "MaxCandidatesOutOfRange")
        .withArgs(2001, 4, 2000);
      await expect(deploy({ feeShareWad: WAD + 1n }))
        .to.be.revertedWithCustomError(f, "FeeShareTooHigh")
        .withArgs(WAD + 1n, WAD);
      await expect(deploy({ nonRevealJailBlocks: 0 }))
        .to.be.revertedWithCustomError(f, "JailBlocksOutOfRange")
        .withArgs(0, 1, 10_512_000);
      await expect(deploy({ nonRevealJailBlocks: 10_512_001 }))
        .to.be.revertedWithCustomError(f, "JailBlocksOutOfRange")
        .withArgs(10_512_001, 1, 10_512_000);
      // the bounds themselves are accepted
      await deploy({
        validatorCount: 100,
        maxCandidates: 2000,
        roundLengthBlocks: 4,
        feeShareWad: WAD,
        nonRevealJailBlocks: 1,
      });
      await deploy({ roundLengthBlocks: 10_512_000, nonRevealJailBlocks: 10_512_000, feeShareWad: 0 });
    });
  });

  describe("deployElection (scripts/deploy/election.ts)", () => {
    it("deploys with the documented defaults", async () => {
      const { registry, token } = await loadFixture(electionFixture);
      const [deployer] = await ethers.getSigners();
      const election = await deployElection(await registry.getAddress(), await token.getAddress());
      expect(await election.validatorCount()).to.equal(21n);
      expect(await election.roundLength()).to.equal(28_800n);
      expect(await election.maxCandidates()).to.equal(BigInt(DEFAULT_ELECTION_OPTIONS.maxCandidates));
      expect(await election.feeShare()).to.equal(WAD / 2n);
      expect(await election.nonRevealJailBlocks()).to.equal(86_400n);
      expect(await election.treasury()).to.equal(deployer.address);
      expect(await election.hasRole(PARAMETER_ROLE, deployer.address)).to.equal(true);
      expect(await election.getValidators()).to.deep.equal([deployer.address]);
    });

    it("applies overrides, and a treasury defaults to the admin", async () => {
      const { registry, token, strangers } = await loadFixture(electionFixture);
      const options = await resolveElectionOptions({ admin: strangers[0].address, validatorCount: 7 });
      expect(options.treasury).to.equal(strangers[0].address);
      expect(options.validatorCount).to.equal(7);
      const election = await deployElection(await registry.getAddress(), await token.getAddress(), {
        admin: strangers[0].address,
        initialValidators: [strangers[1].address, strangers[2].address],
        feeShare: 0n,
      });
      expect(await election.hasRole(PARAMETER_ROLE, strangers[0].address)).to.equal(true);
      expect(await election.getValidators()).to.deep.equal([strangers[1].address, strangers[2].address]);
      expect(await election.feeShare()).to.equal(0n);
    });

    it("refuses bad options before sending anything, naming each problem and the fix", async () => {
      const { registry, token } = await loadFixture(electionFixture);
      const reg = await registry.getAddress();
      const tok = await token.getAddress();
      await expect(deployElection("0x1234", tok)).to.be.rejectedWith(
        /registry "0x1234" is not a non-zero address/,
      );
      await expect(deployElection(reg, ZeroAddress)).to.be.rejectedWith(/token .* is not a non-zero address/);
      await expect(deployElection(reg, tok, { validatorCount: 3 })).to.be.rejectedWith(
        /validatorCount is 3; use a whole number from 4 to 100/,
      );
      await expect(deployElection(reg, tok, { roundLength: 2.5 })).to.be.rejectedWith(/roundLength is 2.5/);
      await expect(deployElection(reg, tok, { feeShare: WAD + 1n })).to.be.rejectedWith(
        /feeShare .* use a wad from 0n/,
      );
      await expect(deployElection(reg, tok, { initialValidators: [] })).to.be.rejectedWith(
        /initialValidators has 0 entries/,
      );
      await expect(
        deployElection(reg, tok, { initialValidators: [addressOf(1), addressOf(1)] }),
      ).to.be.rejectedWith(/twice/);
      await expect(deployElection(reg, tok, { treasury: "nope" })).to.be.rejectedWith(/treasury "nope"/);
      await expect(deployElection(reg, tok, { maxCandidates: 10 })).to.be.rejectedWith(
        /maxCandidates is 10; use a whole number from 21 to 2000/,
      );
      await expect(deployElection(reg, tok, { nonRevealJailBlocks: 0 })).to.be.rejectedWith(
        /nonRevealJailBlocks is 0/,
      );
      expect(() =>
        checkElectionOptions({
          ...DEFAULT_ELECTION_OPTIONS,
          admin: addressOf(1),
          treasury: addressOf(2),
          initialValidators: [addressOf(3)],
        }),
      ).not.to.throw();
    });
  });

  describe("parameters", () => {
    it("setValidatorCount: event, bounds, applies from the next election", async () => {
      const { election, admin } = await loadFixture(electionFixture);
      await expect(election.connect(admin).setValidatorCount(5))
        .to.emit(election, "ValidatorCountSet")
        .withArgs(4, 5);
      expect(await election.validatorCount()).to.equal(5n);
      await expect(election.setValidatorCount(3))
        .to.be.revertedWithCustomError(election, "ValidatorCountOutOfRange")
        .withArgs(3, 4, 50);
      await expect(election.setValidatorCount(51))
        .to.be.revertedWithCustomError(election, "ValidatorCountOutOfRange")
        .withArgs(51, 4, 50);
      expect(await election.validatorCount()).to.equal(5n);
    });

    it("setMaxCandidates: event, bounds (validatorCount .. 2000)", async () => {
      const { election } = await loadFixture(electionFixture);
      await expect(election.setMaxCandidates(2000)).to.emit(election, "MaxCandidatesSet").withArgs(50, 2000);
      await election.setValidatorCount(10);
      await expect(election.setMaxCandidates(9))
        .to.be.revertedWithCustomError(election, "MaxCandidatesOutOfRange")
        .withArgs(9, 10, 2000);
      await expect(election.setMaxCandidates(2001))
        .to.be.revertedWithCustomError(election, "MaxCandidatesOutOfRange")
        .withArgs(2001, 10, 2000);
      await expect(election.setMaxCandidates(10)).to.emit(election, "MaxCandidatesSet").withArgs(2000, 10);
      expect(await election.maxCandidates()).to.equal(10n);
    });

    it("setFeeShare: event, at most 100%", async () => {
      const { election } = await loadFixture(electionFixture);
      await expect(election.setFeeShare(WAD))
        .to.emit(election, "FeeShareSet")
        .withArgs(WAD / 2n, WAD);
      await expect(election.setFeeShare(WAD + 1n))
        .to.be.revertedWithCustomError(election, "FeeShareTooHigh")
        .withArgs(WAD + 1n, WAD);
      expect(await election.feeShare()).to.equal(WAD);
    });

    it("setTreasury: event, non-zero", async () => {
      const { election, treasury, strangers } = await loadFixture(electionFixture);
      await expect(election.setTreasury(strangers[0].address))
        .to.emit(election, "TreasurySet")
        .withArgs(treasury.address, strangers[0].address);
      await expect(election.setTreasury(ZeroAddress)).to.be.revertedWithCustomError(election, "ZeroAddress");
      expect(await election.treasury()).to.equal(strangers[0].address);
    });

    it("setNonRevealJailBlocks: event, bounds", async () => {
      const { election } = await loadFixture(electionFixture);
      await expect(election.setNonRevealJailBlocks(7))
        .to.emit(election, "NonRevealJailBlocksSet")
        .withArgs(JAIL_BLOCKS, 7);
      await expect(election.setNonRevealJailBlocks(0))
        .to.be.revertedWithCustomError(election, "JailBlocksOutOfRange")
        .withArgs(0, 1, 10_512_000);
      expect(await election.nonRevealJailBlocks()).to.equal(7n);
    });

    it("setRoundLength: takes effect at the next round, never mid-round", async () => {
      const { election } = await loadFixture(electionFixture);
      const before = await roundInfo(election);
      await expect(election.setRoundLength(10))
        .to.emit(election, "RoundLengthScheduled")
        .withArgs(10, before.round + 1n, before.end);
      expect(await election.roundLength()).to.equal(BigInt(ROUND)); // the current round keeps its length
      expect(await election.pendingRoundLength()).to.deep.equal([10n, before.round + 1n]);
      // a second change before it takes effect replaces the first
      await expect(election.setRoundLength(12))
        .to.emit(election, "RoundLengthScheduled")
        .withArgs(12, before.round + 1n, before.end);
      await toNextRound(election);
      await hre.network.provider.send("evm_mine", []);
      const after = await roundInfo(election);
      expect(after.round).to.equal(before.round + 1n);
      expect(after.start).to.equal(before.end);
      expect(after.length).to.equal(12n);
      expect(after.revealStart).to.equal(before.end + 6n);
      expect(await election.pendingRoundLength()).to.deep.equal([0n, 0n]);
      // rounds continue at the new length
      await hre.network.provider.send("hardhat_mine", ["0x" + (12 * 3).toString(16)]);
      const later = await roundInfo(election);
      expect(later.round).to.equal(after.round + 3n);
      expect(later.start).to.equal(after.start + 36n);
      // a change after the first took effect is anchored at the new schedule
      await expect(election.setRoundLength(40))
        .to.emit(election, "RoundLengthScheduled")
        .withArgs(40, later.round + 1n, later.start + 12n);
      await expect(election.setRoundLength(3))
        .to.be.revertedWithCustomError(election, "RoundLengthOutOfRange")
        .withArgs(3, 4, 10_512_000);
    });

    it("every parameter setter is restricted to PARAMETER_ROLE and a rejected call changes nothing", async () => {
      const { election, strangers, admin } = await loadFixture(electionFixture);
      const stranger = election.connect(strangers[0]);
      const calls = [
        () => stranger.setValidatorCount(5),
        () => stranger.setRoundLength(50),
        () => stranger.setFeeShare(0),
        () => stranger.setTreasury(strangers[0].address),
        () => stranger.setMaxCandidates(60),
        () => stranger.setNonRevealJailBlocks(9),
      ];
      for (const call of calls) {
        await expect(call())
          .to.be.revertedWithCustomError(election, "AccessControlUnauthorizedAccount")
          .withArgs(strangers[0].address, PARAMETER_ROLE);
      }
      expect(await election.validatorCount()).to.equal(4n);
      expect(await election.feeShare()).to.equal(WAD / 2n);
      // the role is handed over in one grant (and the old holder can be revoked)
      await election.connect(admin).grantRole(PARAMETER_ROLE, strangers[0].address);
      await expect(stranger.setValidatorCount(5)).to.emit(election, "ValidatorCountSet");
    });
  });

  describe("surface", () => {
    // Every state-changing function and who may call it. A new external function fails this test
    // until it is listed here (and tested).
    const SURFACE: Record<string, string> = {
      elect: "anyone, once per round after the round ended",
      heartbeat: "a candidate's operator or signer",
      commit: "an active validator's operator or signer, commit phase",
      reveal: "a committed operator or its signer, reveal phase",
      claim: "an operator with rewards",
      releaseTreasuryFees: "anyone (pays the treasury)",
      publishRoundGrid: "anyone (sends the election's own schedule to the pool)",
      setValidatorCount: "PARAMETER_ROLE",
      setRoundLength: "PARAMETER_ROLE",
      setFeeShare: "PARAMETER_ROLE",
      setTreasury: "PARAMETER_ROLE",
      setMaxCandidates: "PARAMETER_ROLE",
      setNonRevealJailBlocks: "PARAMETER_ROLE",
      grantRole: "role admin (DEFAULT_ADMIN_ROLE)",
      revokeRole: "role admin (DEFAULT_ADMIN_ROLE)",
      renounceRole: "the holder itself",
      upgradeToAndCall: "UPGRADER_ROLE (the timelock after the hand-over)",
      initialize: "nobody: the proxy's deployment initialized it",
    };

    it("lists every state-changing function", async () => {
      const iface = ValidatorElection__factory.createInterface();
      const mutating: string[] = [];
      iface.forEachFunction((f) => {
        if (f.stateMutability !== "view" && f.stateMutability !== "pure") mutating.push(f.name);
      });
      expect(mutating.sort()).to.deep.equal(Object.keys(SURFACE).sort());
    });

    it("initialize: refused once initialized, and on the implementation", async () => {
      const { election, admin } = await loadFixture(electionFixture);
      const again = await config();
      await expect(election.connect(admin).initialize(again)).to.be.revertedWithCustomError(
        election,
        "InvalidInitialization",
      );
      const implementation = ValidatorElection__factory.connect(
        await upgrades.erc1967.getImplementationAddress(await election.getAddress()),
        admin,
      );
      await expect(implementation.initialize(again)).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
    });

    it("upgradeToAndCall: UPGRADER_ROLE only (the admin at deployment)", async () => {
      const { election, admin, registry, token, strangers } = await loadFixture(electionFixture);
      const outsider = strangers[0]!;
      const role = await election.UPGRADER_ROLE();
      expect(role).to.equal(keccak256(toUtf8Bytes("UPGRADER_ROLE")));
      expect(await election.hasRole(role, admin.address)).to.equal(true);
      const next = await deployElectionImplementation(
        admin,
        await resolveAddress(registry),
        await resolveAddress(token),
      );
      await expect(election.connect(outsider).upgradeToAndCall(next, "0x"))
        .to.be.revertedWithCustomError(election, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, role);
      await expect(election.connect(admin).upgradeToAndCall(next, "0x"))
        .to.emit(election, "Upgraded")
        .withArgs(next);
    });
  });
});
