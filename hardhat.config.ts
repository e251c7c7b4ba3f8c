import path from "node:path";
import { subtask, extendEnvironment } from "hardhat/config";
import type { HardhatUserConfig } from "hardhat/config";
import {
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
  TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS,
} from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import "@openzeppelin/hardhat-upgrades";

import { readEtmEnv, assertEtmNetworkEnv } from "./config/etmNetwork";
import { localhostUrl } from "./config/localhost";
import { withoutKnownWarnings } from "./config/compilerWarnings";
import { testSecondsHooks } from "./config/testSeconds";
import { DEVNET_CHAIN_ID } from "./lib/constants";
import { failPlainly, printPlainFailures } from "./tasks/lib/failure";
import "./tasks";

/**
 * The compiler comes from the npm `solc` package (WebAssembly), pinned exactly in package.json:
 * these machines cannot download compilers. The version below is read from that package, so the
 * config and the installed compiler can never disagree.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const solcPackage = require("solc/package.json") as { version: string };
const SOLC_VERSION = solcPackage.version;

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  return {
    compilerPath: path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version(),
  };
});

/** OpenZeppelin's deliberate transient storage is not news at every compile (config/compilerWarnings.ts). */
subtask(TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS, async (args: { output: unknown }, _hre, runSuper) =>
  runSuper({ ...args, output: withoutKnownWarnings(args.output) }),
);

/**
 * A task's failure is printed as its plain message (tasks/lib/failure.ts); the `etm` network's
 * variables are checked, the same way, only when that network is selected.
 */
extendEnvironment((hre) => {
  printPlainFailures(hre);
  if (hre.network.name !== "etm") return;
  try {
    assertEtmNetworkEnv();
  } catch (error) {
    failPlainly((error as Error).message);
  }
});

const etm = readEtmEnv();

/** Compiler settings of every contract (the governor adds the IR pipeline, below). */
const COMPILER_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
};
/** `npm start` sets ETM_DEVNET=1 for the node it launches: 3-second blocks and more funded accounts. */
const DEVNET = process.env.ETM_DEVNET === "1";

const config: HardhatUserConfig = {
  solidity: {
    compilers: [{ version: SOLC_VERSION, settings: COMPILER_SETTINGS }],
    overrides: {
      // The governor is OpenZeppelin's Governor with six extensions: 20,964 bytes with the legacy
      // pipeline, 17,021 through the IR pipeline (same optimizer runs), under the 20,000-byte budget
      // of every deployed contract (docs/architecture.md).
      "contracts/governance/ETMGovernor.sol": {
        version: SOLC_VERSION,
        settings: { ...COMPILER_SETTINGS, viaIR: true },
      },
    },
  },
  networks: {
    hardhat: {
      chainId: DEVNET_CHAIN_ID,
      // The EVM rules Besu QBFT chains run, matching the compiler's evmVersion.
      hardfork: "cancun",
      ...(DEVNET
        ? {
            mining: { auto: false, interval: 3000 },
            accounts: { count: 80, accountsBalance: (10n ** 24n).toString() },
          }
        : {}),
    },
    localhost: {
      url: localhostUrl(),
      chainId: DEVNET_CHAIN_ID,
    },
    etm: {
      url: etm.url,
      ...(etm.chainId === undefined ? {} : { chainId: etm.chainId }),
      accounts: etm.accounts,
    },
  },
  typechain: {
    outDir: "typechain-types",
    target: "ethers-v6",
  },
  gasReporter: {
    enabled: process.env.REPORT_GAS === "true",
  },
  mocha: {
    timeout: 120_000,
    rootHooks: testSecondsHooks(__dirname),
  },
};

export default config;
