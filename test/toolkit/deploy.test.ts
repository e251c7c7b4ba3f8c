/**
 * `npm run deploy` (etm:deploy, scripts/deploy-network.ts, ignition/modules/ETMSystem.ts): the parameter
 * file is checked up front with a message naming each field; the Ignition module wires the system
 * exactly as deploySystem does; deployments/<network>.json records everything; and a deployment that
 * stopped half-way resumes from Ignition's journal without deploying anything twice.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import type { EIP1193Provider } from "@nomicfoundation/ignition-core";
import { deploySystem, DEFAULT_OPTIONS, type SystemOptions } from "../../scripts/deploy";
import { deployNetwork } from "../../scripts/deploy-network";
import {
  checkDeployParameters,
  DeployParametersError,
  readParameterFile,
} from "../../scripts/lib/deployParameters";
import { describeConnectionFailure } from "../../config/connection";
import { plainProgress } from "../../scripts/lib/plainProgress";
import { printedBy } from "../shared/console";
import { DEPLOYMENTS_DIR, deploymentPath, readDeployment } from "../../config/deployments";
import { ETMSystemModule } from "../../ignition/modules/ETMSystem";
import type { IStakingPool, ValidatorElection, ETMToken } from "../../typechain-types";
import { ETM } from "../shared/units";

const EXAMPLE = path.join(__dirname, "..", "..", "deploy", "parameters", "example.json");
const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const SIGNERS = [
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
];
const ADMIN = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

/** The problems checkDeployParameters reports for `raw` (fails the test if it reports none). */
function problemsOf(raw: unknown): string[] {
  try {
    checkDeployParameters(raw, DEPLOYER, "params.json");
  } catch (error) {
    expect(error).to.be.instanceOf(DeployParametersError);
    return (error as DeployParametersError).problems;
  }
  expect.fail("expected the parameters to be refused");
}

let tmp: string;
function writeParams(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

describe("Toolkit: npm run deploy (Ignition)", () => {
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "etm-deploy-test-"));
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(deploymentPath("hardhat"), { force: true });
  });

  describe("the parameter file", () => {
    it("deploy/parameters/example.json is valid and spells out deploySystem's defaults", () => {
      const options = checkDeployParameters(readParameterFile(EXAMPLE), DEPLOYER);
      const { initialValidators, admin, treasury, initialHolder, ...rest } = options;
      // The deploy task governs by default (deploySystem does not: tests need an admin account).
      expect(rest).to.deep.equal({ ...DEFAULT_OPTIONS, governance: true });
      expect([admin, treasury, initialHolder]).to.deep.equal([DEPLOYER, DEPLOYER, DEPLOYER]);
      expect(initialValidators).to.deep.equal(SIGNERS);
    });

    it("converts ETM amounts, percentages and counts to contract units; treasury and holder default to admin", () => {
      const options = checkDeployParameters(
        {
          "// note": "comments are ignored",
          governance: false,
          admin: ADMIN.toLowerCase(),
          initialSupply: "1_000.5",
          minStake: "0.000000000000000001",
          minSelfStake: "100",
          initialInflation: "7.5%",
          delta: 2.5,
          feeShare: "100",
          maxCommission: "20",
          maxCommissionChange: "0.0000000000000001",
          validatorCount: "4",
          maxCandidates: 4,
          initialValidators: SIGNERS.map((s) => s.toLowerCase()),
        },
        DEPLOYER,
      );
      expect(options.admin).to.equal(ADMIN);
      expect(options.treasury).to.equal(ADMIN);
      expect(options.initialHolder).to.equal(ADMIN);
      expect(options.initialSupply).to.equal(1000n * ETM + ETM / 2n);
      expect(options.minStake).to.equal(1n);
      expect(options.minSelfStake).to.equal(100n * ETM);
      expect(options.initialInflation).to.equal((75n * ETM) / 1000n);
      expect(options.delta).to.equal((25n * ETM) / 1000n);
      expect(options.feeShare).to.equal(ETM);
      expect(options.maxCommission).to.equal(ETM / 5n);
      expect(options.maxCommissionChange).to.equal(1n); // 1e-16 % is 1 wei of wad
      expect(options.validatorCount).to.equal(4);
      expect(options.initialValidators).to.deep.equal(SIGNERS);
    });

    it("names the field and the fix for every problem, all at once", () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [
          { minstake: "1" },
          /^minstake: unknown field \(did you mean "minStake"\?\); remove it or use one of governance, admin/,
        ],
        [{ colour: "blue" }, /^colour: unknown field; remove it/],
        [{ admin: "0x1234" }, /^admin: "0x1234" is not an address; write 0x followed by 40 hex digits/],
        [{ treasury: 42 }, /^treasury: 42 is not an address/],
        [{ initialHolder: "0x0000000000000000000000000000000000000000" }, /^initialHolder: the zero address/],
        [
          { minStake: "1.0000000000000000001" },
          /^minStake: "1.0000000000000000001" has 19 decimals; ETM has 18: round it/,
        ],
        [{ initialSupply: 1000 }, /^initialSupply: write the amount as a string of ETM, e.g. "1000"/],
        [
          { minSelfStake: "-5" },
          /^minSelfStake: "-5" is not an amount of ETM; write a decimal string like "1000"/,
        ],
        [{ minStake: "0" }, /^minStake: must be more than 0 ETM/],
        [{ minStake: "20000", minSelfStake: "10000" }, /^minStake: larger than minSelfStake/],
        [
          { initialInflation: "12" },
          /^initialInflation: 12% is above 10% \(the emission schedule's maximum\)/,
        ],
        [{ delta: "51%" }, /^delta: 51% is above 50%/],
        [
          { feeShare: "ten" },
          /^feeShare: "ten" is not a percentage; write a decimal string like "10" or "7.5%"/,
        ],
        [
          { maxCommission: "1.00000000000000001" },
          /^maxCommission: "1.00000000000000001" has 17 decimals; at most 16/,
        ],
        [
          { maxCommission: "10", maxCommissionChange: "11" },
          /^maxCommissionChange: 11% is above 10% \(maxCommission\)/,
        ],
        [{ validatorCount: 3 }, /^validatorCount: 3 is below 4; the election seats at least 4 validators/],
        [{ validatorCount: 101 }, /^validatorCount: 101 is out of range; use a whole number from 4 to 100/],
        [
          { validatorCount: 30, maxCandidates: 20 },
          /^validatorCount: 30 is out of range; use a whole number from 4 to 20 \(at most maxCandidates\)/,
        ],
        [{ validatorCount: 4.5 }, /^validatorCount: 4.5 is not a whole number; write e.g. 21/],
        [{ roundLength: 2 }, /^roundLength: 2 is out of range; use a whole number from 4 to 10,512,000/],
        [{ unbondingBlocks: 0 }, /^unbondingBlocks: 0 is out of range; use a whole number from 1/],
        [{ jailBlocks: 10_512_001 }, /^jailBlocks: 10512001 is out of range/],
        [{ candidateCap: 1501 }, /^candidateCap: 1501 is out of range; use a whole number from 4 to 1,500/],
        [
          { maxCandidates: 2001 },
          /^maxCandidates: 2001 is out of range; use a whole number from 21 to 2,000 \(at least validatorCount\)/,
        ],
        [{ nonRevealJailBlocks: "soon" }, /^nonRevealJailBlocks: "soon" is not a whole number/],
        [{ governance: "yes" }, /^governance: "yes" is not true or false; write true or false/],
        [{ votingPeriod: 0 }, /^votingPeriod: 0 is out of range; use a whole number from 1 to 4,294,967,295/],
        [{ votingDelay: -1 }, /^votingDelay: -1 is not a whole number/],
        [{ quorum: "101" }, /^quorum: 101% is above 100%; lower it/],
        [{ proposalThreshold: 5 }, /^proposalThreshold: write the amount as a string of ETM, e.g. "5"/],
      ];
      for (const [fields, expected] of cases) {
        // governance false so that admin and treasury may be given (with governance they are refused, below)
        const problems = problemsOf({ initialValidators: SIGNERS, governance: false, ...fields });
        expect(problems, JSON.stringify(fields)).to.have.length(1);
        expect(problems[0], JSON.stringify(fields)).to.match(expected);
      }
      const all = problemsOf(Object.assign({}, ...cases.map(([fields]) => fields)));
      expect(all.length).to.be.greaterThan(15);
    });

    it("with governance (the default), admin and treasury are refused: the timelock is both", () => {
      expect(problemsOf({ initialValidators: SIGNERS, admin: ADMIN, treasury: ADMIN })).to.deep.equal([
        'admin: with governance (the default) the timelock is the admin and the treasury; remove admin, or set "governance": false to keep an admin account',
        'treasury: with governance (the default) the timelock is the admin and the treasury; remove treasury, or set "governance": false to keep an admin account',
      ]);
      const governed = checkDeployParameters(
        {
          initialValidators: SIGNERS,
          votingDelay: 10,
          timelockDelay: "60",
          proposalThreshold: "2.5",
          quorum: "10",
        },
        DEPLOYER,
      );
      expect(governed).to.include({ governance: true, votingDelay: 10, timelockDelay: 60 });
      expect(governed.proposalThreshold).to.equal(25n * 10n ** 17n);
      expect(governed.quorum).to.equal(ETM / 10n);
    });

    it("requires initialValidators: a non-empty list of distinct, non-zero signer addresses", () => {
      expect(problemsOf({})).to.deep.equal([
        'initialValidators: missing; list the QBFT signer addresses of the genesis validators, e.g. ["0x…", "0x…", "0x…", "0x…"]',
      ]);
      expect(problemsOf({ initialValidators: [] })[0]).to.match(
        /^initialValidators: the list is empty; list the QBFT signer/,
      );
      expect(problemsOf({ initialValidators: SIGNERS[0] })[0]).to.match(
        /^initialValidators: "0x7099.*" is not a list/,
      );
      expect(problemsOf({ initialValidators: [SIGNERS[0], "0xnope"] })[0]).to.match(
        /^initialValidators\[1\]: "0xnope" is not an address/,
      );
      expect(problemsOf({ initialValidators: [SIGNERS[0], SIGNERS[0].toLowerCase()] })[0]).to.match(
        /^initialValidators\[1\]: .* is listed twice; list each signer once/,
      );
      expect(problemsOf({ initialValidators: ["0x0000000000000000000000000000000000000000"] })[0]).to.match(
        /^initialValidators\[0\]: the zero address cannot sign blocks/,
      );
    });

    it("refuses a missing file, broken JSON and a non-object, naming the file", () => {
      expect(() => readParameterFile(path.join(tmp, "absent.json"))).to.throw(
        /absent.json has 1 problem:\n {2}- the file does not exist: pass --parameters <file.json>/,
      );
      const broken = path.join(tmp, "broken.json");
      fs.writeFileSync(broken, "{ initialValidators: [");
      expect(() => readParameterFile(broken)).to.throw(
        /broken.json has 1 problem:\n {2}- not valid JSON \(.*\): fix the syntax/,
      );
      expect(problemsOf([1, 2])[0]).to.match(/the file must hold one JSON object of fields .* not an array/);
    });
  });

  describe("deploying on the in-process network", () => {
    let options: SystemOptions;
    let adminFile: string;

    before(() => {
      adminFile = writeParams("admin.json", {
        governance: false,
        admin: ADMIN,
        treasury: SIGNERS[3],
        initialSupply: "5000000",
        minSelfStake: "1000",
        validatorCount: 5,
        roundLength: 40,
        maxCandidates: 50,
        feeShare: "30",
        nonRevealJailBlocks: 77,
        initialValidators: SIGNERS,
      });
      options = checkDeployParameters(readParameterFile(adminFile), DEPLOYER);
    });

    it("refuses --network hardhat unless allowed, before reading anything else", async () => {
      await expect(deployNetwork(hre, { parameters: adminFile })).to.be.rejectedWith(
        /--network hardhat is the in-process chain, gone when this command exits: .* or pass --allow-in-process/,
      );
      await expect(hre.run("etm:deploy", { confirmations: 1 })).to.be.rejectedWith(
        /etm:deploy: --parameters is required: give the parameter file, e.g. --parameters deploy\/parameters\/example.json/,
      );
      await expect(
        hre.run("etm:deploy", {
          parameters: writeParams("bad.json", { validatorCount: 3 }),
          confirmations: 1,
          allowInProcess: true,
        }),
      ).to.be.rejectedWith(
        /etm:deploy: .*bad.json has 2 problems:\n {2}- initialValidators: missing.*\n {2}- validatorCount: 3 is below 4/,
      );
    });

    it("wires the system exactly as deploySystem does, handing the pool's roles to admin", async () => {
      const viaIgnition = await deployNetwork(hre, {
        parameters: adminFile,
        allowInProcess: true,
        deploymentDir: path.join(tmp, "journal-wiring"),
      });
      const viaScript = await deploySystem(options);
      const { ETMToken__factory, IStakingPool__factory, ValidatorElection__factory } =
        await import("../../typechain-types");
      const provider = hre.ethers.provider;
      const c = viaIgnition.record.contracts;
      const ignition = {
        token: ETMToken__factory.connect(c.token, provider),
        pool: IStakingPool__factory.connect(c.pool, provider),
        election: ValidatorElection__factory.connect(c.election, provider),
        deployer: DEPLOYER,
      };
      const script = { ...viaScript, deployer: DEPLOYER };

      async function wiring(s: {
        token: ETMToken;
        pool: IStakingPool;
        election: ValidatorElection;
        deployer: string;
      }) {
        const [token, pool, election] = await Promise.all([
          s.token.getAddress(),
          s.pool.getAddress(),
          s.election.getAddress(),
        ]);
        const roles = {} as Record<string, boolean[]>;
        for (const role of [
          "DEFAULT_ADMIN_ROLE",
          "PARAMETER_ROLE",
          "SLASHER_ROLE",
          "JAILER_ROLE",
          "COLLECTOR_ROLE",
        ] as const) {
          const id = await s.pool[role]();
          roles[role] = await Promise.all(
            [ADMIN, s.deployer, election].map((who) => s.pool.hasRole(id, who)),
          );
        }
        return {
          minterIsPool: (await s.token.minter()) === pool,
          tokenAdmin: await s.token.admin(),
          holderBalance: await s.token.balanceOf(options.initialHolder),
          totalSupply: await s.token.totalSupply(),
          poolToken: (await s.pool.token()) === token,
          treasury: await s.pool.treasury(),
          maxCommission: await s.pool.maxCommission(),
          roles,
          electionRoundLength: await s.election.roundLength(),
          electionValidatorCount: await s.election.validatorCount(),
          getValidators: await s.election.getValidators(),
          electionAdminIsAdmin: await s.election.hasRole(await s.election.DEFAULT_ADMIN_ROLE(), ADMIN),
          electionAdminIsDeployer: await s.election.hasRole(
            await s.election.DEFAULT_ADMIN_ROLE(),
            s.deployer,
          ),
        };
      }
      const fromIgnition = await wiring(ignition);
      expect(fromIgnition).to.deep.equal(await wiring(script));
      expect(fromIgnition.minterIsPool).to.equal(true);
      expect(fromIgnition.roles).to.deep.equal({
        // [admin, deployer, election]
        DEFAULT_ADMIN_ROLE: [true, false, false],
        PARAMETER_ROLE: [true, false, false],
        SLASHER_ROLE: [true, false, false],
        JAILER_ROLE: [false, false, true],
        COLLECTOR_ROLE: [false, false, true],
      });
      expect(fromIgnition.getValidators).to.deep.equal(SIGNERS);
      expect(fromIgnition.electionValidatorCount).to.equal(5n);
      expect(fromIgnition.electionRoundLength).to.equal(40n);
      expect(fromIgnition.treasury).to.equal(SIGNERS[3]);
      expect(fromIgnition.totalSupply).to.equal(5_000_000n * ETM);
      expect(await ignition.pool.votes()).to.equal(c.votes);
    });

    it("the example file deploys governance exactly as deploySystem({ governance: true }): no account keeps a role", async () => {
      const { record, sentNow } = await deployNetwork(hre, {
        parameters: EXAMPLE,
        allowInProcess: true,
        deploymentDir: path.join(tmp, "journal-example"),
      });
      // 20 for the system (token; 7 libraries; the StakeVotes implementation, the pool's extension and
      // implementation, the ValidatorElection implementation; 2 proxies; setMinter; 2 grants to the
      // election; the lens; the evidence contract and its SLASHER_ROLE), then 2 deployments, 3 timelock
      // grants, 2 treasuries, 9 grants, 9 + 1 renounces.
      expect(sentNow).to.have.length(47);
      expect(record.ignition?.module).to.equal("ETMSystemGoverned");
      expect(Object.keys(record.contracts).sort()).to.deep.equal(
        ["election", "evidence", "governor", "lens", "pool", "timelock", "token", "votes"].sort(),
      );
      expect(record.blocks.timelock).to.be.lessThan(record.blocks.governor);
      const parameters = record.parameters as Record<string, unknown>;
      expect(parameters.admin).to.equal(record.contracts.timelock);
      expect(parameters.treasury).to.equal(record.contracts.timelock);
      expect(parameters.governance).to.equal(true);
      const viaScript = await deploySystem({
        ...checkDeployParameters(readParameterFile(EXAMPLE), DEPLOYER),
        admin: undefined,
        treasury: undefined,
      });
      const { inventoryRoles } = await import("../../scripts/lib/roles");
      const shape = async (addresses: import("../../scripts/lib/roles").SystemAddresses) => {
        const report = await inventoryRoles(hre.ethers.provider, addresses);
        expect(report.accountHoldings).to.deep.equal([]);
        return report.holdings
          .filter((h) => h.contract !== "token")
          .map((h) => `${h.contract}.${h.role}=${h.holderName}`)
          .sort();
      };
      const scriptAddresses = {
        token: await viaScript.token.getAddress(),
        pool: await viaScript.pool.getAddress(),
        votes: await viaScript.votes.getAddress(),
        election: await viaScript.election.getAddress(),
        evidence: await viaScript.evidence.getAddress(),
        governor: await viaScript.governor!.getAddress(),
        timelock: await viaScript.timelock!.getAddress(),
      };
      expect(await shape(record.contracts as never)).to.deep.equal(await shape(scriptAddresses));
      const governor = await hre.ethers.getContractAt("ETMGovernor", record.contracts.governor!);
      expect(await governor.votingDelay()).to.equal(28_800n);
      expect(await governor.votingPeriod()).to.equal(201_600n);
      expect(await governor.proposalThreshold()).to.equal(100_000n * ETM);
      expect(await governor["quorumNumerator()"]()).to.equal(ETM / 25n);
      expect(await governor.lateQuorumVoteExtension()).to.equal(28_800n);
      const timelock = await hre.ethers.getContractAt("ETMTimelock", record.contracts.timelock!);
      expect(await timelock.getMinDelay()).to.equal(172_800n);
    });

    it("a governed deployment that failed half-way resumes and hands over exactly once", async () => {
      const dir = path.join(tmp, "journal-governed-resume");
      let sends = 0;
      const flaky: EIP1193Provider = {
        request: async (args) => {
          if (args.method === "eth_sendTransaction" && ++sends === 24)
            throw new Error("injected: connection reset");
          return hre.network.provider.request(args);
        },
      };
      const nonceBefore = await hre.ethers.provider.getTransactionCount(DEPLOYER);
      await expect(
        deployNetwork(hre, {
          parameters: EXAMPLE,
          allowInProcess: true,
          deploymentDir: dir,
          provider: flaky,
        }),
      ).to.be.rejectedWith(/injected: connection reset/);
      expect(await hre.ethers.provider.getTransactionCount(DEPLOYER)).to.equal(nonceBefore + 23);
      const resumed = await deployNetwork(hre, {
        parameters: EXAMPLE,
        allowInProcess: true,
        deploymentDir: dir,
      });
      expect(resumed.reused).to.have.length(23);
      expect(resumed.sentNow).to.have.length(24);
      expect(await hre.ethers.provider.getTransactionCount(DEPLOYER)).to.equal(nonceBefore + 47);
    });

    it("records chain id, addresses, deployment blocks, parameters, deployer and the Ignition id in deployments/<network>.json", async () => {
      const result = await deployNetwork(hre, {
        parameters: adminFile,
        allowInProcess: true,
        deploymentId: "record-test",
        deploymentDir: path.join(tmp, "journal-record"),
      });
      expect(result.file).to.equal(deploymentPath("hardhat"));
      const record = readDeployment("hardhat");
      expect(record.network).to.equal("hardhat");
      expect(record.chainId).to.equal(7357);
      expect(record.deployer).to.equal(DEPLOYER);
      expect(Object.keys(record.contracts).sort()).to.deep.equal([
        "election",
        "evidence",
        "lens",
        "pool",
        "token",
        "votes",
      ]);
      expect(Object.keys(record.blocks).sort()).to.deep.equal([
        "election",
        "evidence",
        "lens",
        "pool",
        "token",
        "votes",
      ]);
      for (const name of ["token", "pool", "election", "lens"] as const) {
        // No code one block before the recorded block, code from it on.
        const block = record.blocks[name]!;
        expect(await hre.ethers.provider.getCode(record.contracts[name]!, block - 1)).to.equal("0x");
        expect(await hre.ethers.provider.getCode(record.contracts[name]!, block)).to.not.equal("0x");
      }
      expect(record.blocks.votes).to.equal(record.blocks.pool);
      expect(record.blocks.token).to.be.lessThan(record.blocks.pool);
      expect(record.blocks.pool).to.be.lessThan(record.blocks.election);
      const parameters = record.parameters as Record<string, unknown> & { readable: Record<string, unknown> };
      expect(parameters.admin).to.equal(ADMIN);
      expect(parameters.initialSupply).to.equal((5_000_000n * ETM).toString());
      expect(parameters.feeShare).to.equal(((3n * ETM) / 10n).toString());
      expect(parameters.initialValidators).to.deep.equal(SIGNERS);
      expect(parameters.readable.initialSupply).to.equal("5000000 ETM");
      expect(parameters.readable.feeShare).to.equal("30%");
      expect(record.ignition).to.include({
        deploymentId: "record-test",
        module: "ETMSystemHandOver",
        parametersFile: adminFile,
      });
      expect(result.summary).to.contain(
        `token     ${record.contracts.token}  (block ${record.blocks.token})`,
      );
      expect(result.summary).to.contain("recorded in deployments/hardhat.json");
    });

    it("journals one compact build info holding every contract: the solc input whole, bytecode kept, ASTs and opcodes left out", async () => {
      const dir = path.join(tmp, "journal-build-info");
      await deployNetwork(hre, { parameters: adminFile, allowInProcess: true, deploymentDir: dir });
      const journaled = fs.readdirSync(path.join(dir, "build-info"));
      expect(journaled).to.not.be.empty;
      for (const file of journaled) {
        const compact = JSON.parse(fs.readFileSync(path.join(dir, "build-info", file), "utf8"));
        const fullText = fs.readFileSync(path.join(hre.config.paths.artifacts, "build-info", file), "utf8");
        const full = JSON.parse(fullText);
        // What reproduces and verifies the build (Ignition's verify reads the input), unchanged.
        expect(compact.input).to.deep.equal(full.input);
        expect([compact.id, compact.solcLongVersion]).to.deep.equal([full.id, full.solcLongVersion]);
        // Every contract of the build, whichever deployment wrote the file last.
        expect(Object.keys(compact.output.contracts)).to.deep.equal(Object.keys(full.output.contracts));
        for (const [source, contracts] of Object.entries<Record<string, any>>(full.output.contracts)) {
          expect(Object.keys(compact.output.contracts[source])).to.deep.equal(Object.keys(contracts));
          for (const [name, contract] of Object.entries<any>(contracts)) {
            const kept = compact.output.contracts[source][name];
            expect(kept.abi, name).to.deep.equal(contract.abi);
            expect(kept.metadata, name).to.equal(contract.metadata);
            for (const part of ["bytecode", "deployedBytecode"]) {
              const { object, linkReferences, sourceMap, immutableReferences } = contract.evm[part];
              expect(kept.evm[part], `${name} ${part}`).to.deep.equal(
                JSON.parse(JSON.stringify({ object, linkReferences, immutableReferences, sourceMap })),
              );
            }
          }
        }
        for (const [source, { id }] of Object.entries<{ id: number }>(full.output.sources))
          expect(compact.output.sources[source]).to.deep.equal({ id });
        expect(JSON.stringify(compact).length).to.be.lessThan(fullText.length / 3);
      }
      // Each deployed contract's debug file points at a journaled build info.
      const debugFiles = fs.readdirSync(path.join(dir, "artifacts")).filter((f) => f.endsWith(".dbg.json"));
      expect(debugFiles).to.not.be.empty;
      for (const debugFile of debugFiles) {
        const { buildInfo } = JSON.parse(fs.readFileSync(path.join(dir, "artifacts", debugFile), "utf8"));
        expect(journaled).to.include(path.basename(buildInfo));
      }
    });

    it("running again with the same deployment id sends nothing and keeps every address", async () => {
      const dir = path.join(tmp, "journal-rerun");
      const first = await deployNetwork(hre, {
        parameters: adminFile,
        allowInProcess: true,
        deploymentDir: dir,
      });
      // 16 deployments (token, 7 libraries, the pool's extension, 3 implementations, 2 proxies, the
      // lens, the evidence contract), setMinter, 2 election grants, the evidence's SLASHER_ROLE,
      // 4 grants + 4 renounces.
      expect(first.sentNow).to.have.length(29);
      expect(first.reused).to.deep.equal([]);
      const nonce = await hre.ethers.provider.getTransactionCount(DEPLOYER);
      const second = await deployNetwork(hre, {
        parameters: adminFile,
        allowInProcess: true,
        deploymentDir: dir,
      });
      expect(second.record.contracts).to.deep.equal(first.record.contracts);
      expect(second.record.blocks).to.deep.equal(first.record.blocks);
      expect(second.sentNow).to.deep.equal([]);
      expect(second.reused).to.have.length(29);
      expect(await hre.ethers.provider.getTransactionCount(DEPLOYER)).to.equal(nonce);
      expect(second.summary).to.contain(
        "29 transaction(s) in all: this run sent 0; 29 already done by earlier runs",
      );
    });

    it("counts the transaction in flight at an interruption: sent + reused + confirmed add up to all", async () => {
      const dir = path.join(tmp, "journal-in-flight");
      let sends = 0;
      // The 5th transaction is sent, then the run dies while waiting for its receipt.
      const dying: EIP1193Provider = {
        request: async (args) => {
          if (args.method === "eth_sendTransaction") sends++;
          if (args.method === "eth_getTransactionReceipt" && sends === 5)
            throw new Error("injected: killed while waiting");
          return hre.network.provider.request(args);
        },
      };
      await expect(
        deployNetwork(hre, {
          parameters: adminFile,
          allowInProcess: true,
          deploymentDir: dir,
          provider: dying,
        }),
      ).to.be.rejectedWith(/injected: killed while waiting/);
      const resumed = await deployNetwork(hre, {
        parameters: adminFile,
        allowInProcess: true,
        deploymentDir: dir,
      });
      expect(resumed.reused).to.have.length(4);
      expect(resumed.confirmedNow).to.have.length(1);
      expect(resumed.sentNow).to.have.length(24);
      expect(resumed.summary).to.contain(
        `29 transaction(s) in all: this run sent 24; 4 already done by earlier runs (the journal), not sent again; ` +
          `1 sent by the interrupted run and confirmed during this one (${resumed.confirmedNow[0]})`,
      );
    });

    it("names the variable to fix: ETM_CHAIN_ID for a chain-id mismatch, the URL's for an unreachable node", () => {
      const etm = { url: "http://10.0.0.5:8545" } as never;
      expect(
        describeConnectionFailure(
          "etm",
          etm,
          new Error("HH101: Hardhat was set to use chain id 7350, but connected to a chain with id 7357."),
        ),
      ).to.equal(
        'the node at http://10.0.0.5:8545 is chain 7357, but network "etm" expects chain 7350: set ETM_CHAIN_ID to 7357 if that node is the right one, or point the URL at the right node',
      );
      expect(describeConnectionFailure("etm", etm, new Error("HH108: Cannot connect"))).to.equal(
        'cannot reach the node of network "etm" at http://10.0.0.5:8545: check that it is up, or set ETM_RPC_URL to where it runs',
      );
      expect(
        describeConnectionFailure("localhost", { url: "http://127.0.0.1:8546" } as never, new Error("HH108")),
      ).to.equal(
        'cannot reach the node of network "localhost" at http://127.0.0.1:8546: is `npm start` running? check that it is up, or set ETM_DEVNET_PORT (or ETM_LOCALHOST_URL) to where it runs',
      );
    });

    it("prints Ignition's progress as plain lines when the output is not a terminal", async () => {
      const listener = plainProgress();
      const printed = await printedBy(async () => {
        listener.deploymentStart({ moduleName: "ETMSystem", isResumed: true } as never);
        listener.transactionSend({ futureId: "ETMSystem#ETMToken", hash: "0xabc" } as never);
        listener.deploymentExecutionStateComplete({
          futureId: "ETMSystem#ETMToken",
          result: { type: "SUCCESS" },
        } as never);
        listener.callExecutionStateComplete({
          futureId: "ETMSystem#grant",
          result: { type: "REVERTED_TRANSACTION", error: "reverted" },
        } as never);
        listener.batchInitialize({ batches: [["ETMSystem#ETMToken"]] } as never); // not printed
      });
      expect(printed).to.equal(
        [
          "Ignition: ETMSystem (resuming from the journal)",
          "  sent  ETMSystem#ETMToken: 0xabc",
          "  done  ETMSystem#ETMToken",
          "  failed  ETMSystem#grant: reverted",
        ].join("\n"),
      );
      expect(printed).to.not.match(/\u001b\[/);
    });

    it("keeps a try on a local node through a real network's name apart from that network's record", () => {
      expect(deploymentPath("etm", 7357)).to.equal(path.join(DEPLOYMENTS_DIR, "local", "etm.json"));
      expect(deploymentPath("etm", 7350)).to.equal(path.join(DEPLOYMENTS_DIR, "etm.json"));
      expect(deploymentPath("localhost", 7357)).to.equal(path.join(DEPLOYMENTS_DIR, "localhost.json"));
    });

    it("a deployment that failed half-way resumes without deploying anything twice", async () => {
      const dir = path.join(tmp, "journal-resume");
      // The RPC goes away at the 14th transaction: the token, the libraries, the StakeVotes
      // implementation, the pool's extension and implementation, its proxy and setMinter are sent; the
      // election is not.
      let sends = 0;
      const flaky: EIP1193Provider = {
        request: async (args) => {
          if (args.method === "eth_sendTransaction" && ++sends === 14)
            throw new Error("injected: connection reset");
          return hre.network.provider.request(args);
        },
      };
      const nonceBefore = await hre.ethers.provider.getTransactionCount(DEPLOYER);
      await expect(
        deployNetwork(hre, {
          parameters: adminFile,
          allowInProcess: true,
          deploymentDir: dir,
          provider: flaky,
        }),
      ).to.be.rejectedWith(/injected: connection reset/);
      expect(await hre.ethers.provider.getTransactionCount(DEPLOYER)).to.equal(nonceBefore + 13);
      const partial = JSON.parse(
        fs.readFileSync(path.join(dir, "deployed_addresses.json"), "utf8"),
      ) as Record<string, string>;
      expect(Object.keys(partial)).to.include.members(["ETMSystem#ETMToken", "ETMSystem#StakingPool"]);
      expect(Object.keys(partial)).to.not.include("ETMSystem#ValidatorElection");

      const resumed = await deployNetwork(hre, {
        parameters: adminFile,
        allowInProcess: true,
        deploymentDir: dir,
      });
      expect(resumed.record.contracts.token).to.equal(partial["ETMSystem#ETMToken"]);
      expect(resumed.record.contracts.pool).to.equal(partial["ETMSystem#StakingPool"]);
      expect(resumed.reused).to.deep.equal([
        "BeaconLogic",
        "ETMToken",
        "ElectionSetup",
        "ParameterLogic",
        "PoolViews",
        "SlashingLogic",
        "StakeVotes",
        "UnbondingLogic",
        "ValidatorLogic",
        "StakingPoolExtension",
        "StakingPool",
        "ERC1967Proxy",
        "ETMToken#setMinter",
      ]);
      expect(resumed.sentNow).to.have.length(16);
      expect(resumed.sentNow.filter((name) => !name.includes("#")).sort()).to.deep.equal([
        "DoubleSignEvidence",
        "ERC1967Proxy",
        "StakingLens",
        "ValidatorElection",
      ]);
      // 29 transactions in all, each sent once.
      expect(await hre.ethers.provider.getTransactionCount(DEPLOYER)).to.equal(nonceBefore + 29);
      const token = await hre.ethers.getContractAt("ETMToken", resumed.record.contracts.token);
      expect(await token.minter()).to.equal(resumed.record.contracts.pool);
    });

    it("refuses to resume with changed parameters and says how to proceed", async () => {
      const dir = path.join(tmp, "journal-rerun");
      const changed = writeParams("changed.json", {
        ...JSON.parse(fs.readFileSync(adminFile, "utf8")),
        roundLength: 41,
      });
      await expect(
        deployNetwork(hre, { parameters: changed, allowInProcess: true, deploymentDir: dir }),
      ).to.be.rejectedWith(
        /Argument at index 0 has been changed[\s\S]*Restore the parameter file it was made with to resume it, or pass --reset/,
      );
      const fresh = await deployNetwork(hre, {
        parameters: changed,
        allowInProcess: true,
        deploymentDir: dir,
        reset: true,
      });
      expect(fresh.sentNow).to.have.length(29);
    });

    it("the module alone deploys through hre.ignition.deploy with the same parameters", async () => {
      const { toIgnitionParameters } = await import("../../scripts/lib/deployParameters");
      const { token, pool, votes, election } = await hre.ignition.deploy(ETMSystemModule, {
        parameters: toIgnitionParameters({ ...options, admin: DEPLOYER }, DEPLOYER),
      });
      expect(await pool.votes()).to.equal(await votes.getAddress());
      expect(await token.minter()).to.equal(await pool.getAddress());
      expect(await pool.hasRole(await pool.JAILER_ROLE(), await election.getAddress())).to.equal(true);
      expect(await election.getValidators()).to.deep.equal(SIGNERS);
    });
  });
});
