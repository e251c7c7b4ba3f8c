/**
 * `npm run deploy -- --network <name> --parameters <file.json> [--reset] [--deployment-id <id>]
 * [--confirmations <n>] [--allow-in-process]`: runs the `etm:deploy` task (tasks/deploy.ts) on the
 * chosen network and turns every failure into one plain message (the Hardhat CLI prints stack
 * traces on headless Linux, where deployments usually run).
 */
const USAGE =
  "usage: npm run deploy -- --network <etm|localhost|...> --parameters <file.json> " +
  "[--reset] [--deployment-id <id>] [--confirmations <n>] [--allow-in-process]";

const VALUE_FLAGS: Record<string, string> = {
  "--network": "network",
  "--parameters": "parameters",
  "--deployment-id": "deploymentId",
  "--confirmations": "confirmations",
};
const BOOLEAN_FLAGS: Record<string, string> = {
  "--reset": "reset",
  "--allow-in-process": "allowInProcess",
};

function fail(message: string): never {
  console.error(`npm run deploy: ${message}`);
  process.exit(1);
}

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const args: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (flag in VALUE_FLAGS) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) fail(`${flag} needs a value\n${USAGE}`);
      args[VALUE_FLAGS[flag]] = value;
    } else if (flag in BOOLEAN_FLAGS) {
      args[BOOLEAN_FLAGS[flag]] = true;
    } else {
      fail(`unknown argument "${argv[i]}"\n${USAGE}`);
    }
  }
  return args;
}

async function main() {
  const { network, confirmations, ...taskArgs } = parseArgs(process.argv.slice(2));
  if (typeof network !== "string") {
    fail(
      `--network is required: --network etm for an ETM/P chain (see README), --network localhost for a local node\n${USAGE}`,
    );
  }
  let count = 1;
  if (confirmations !== undefined) {
    if (!/^[1-9]\d*$/.test(String(confirmations)))
      fail(`--confirmations "${confirmations}" is not a whole number of at least 1`);
    count = Number(confirmations);
  }
  process.env.HARDHAT_NETWORK = network;
  // Loading Hardhat selects the network and checks its settings (e.g. ETM_RPC_URL for etm).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  if (!(network in hre.config.networks)) {
    fail(
      `--network "${network}" is not configured; use one of ${Object.keys(hre.config.networks).join(", ")}`,
    );
  }
  await hre.run("etm:deploy", { ...taskArgs, confirmations: count });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    fail(message.replace(/^etm:deploy: /, ""));
  },
);
