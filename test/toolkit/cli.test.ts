/**
 * The command line as a user sees it: a failing task prints one plain line (no "Error in plugin"
 * wrapper, no stack trace) and exits 1; a node that cannot be reached is named with its URL and the
 * variable to change, before anything is compiled.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, CI: "true", FORCE_COLOR: "0" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("Toolkit: the command line", function () {
  this.timeout(240_000);

  it("etm:status against a devnet port with no node: one line naming the URL and ETM_DEVNET_PORT, exit 1", async () => {
    const port = await closedPort();
    const result = run("npx", ["hardhat", "etm:status", "--network", "localhost"], {
      ETM_DEVNET_PORT: String(port),
    });
    expect(result.status).to.equal(1);
    expect(result.stderr.trim()).to.equal(
      `etm:status: cannot reach the node of network "localhost" at http://127.0.0.1:${port}: is \`npm start\` running? ` +
        "check that it is up, or set ETM_DEVNET_PORT (or ETM_LOCALHOST_URL) to where it runs",
    );
    expect(result.stdout.trim()).to.equal("");
  });

  it("npm run deploy to an unreachable ETM_RPC_URL: names it before compiling anything", async () => {
    const port = await closedPort();
    const result = run(
      "npm",
      [
        "run",
        "--silent",
        "deploy",
        "--",
        "--network",
        "etm",
        "--parameters",
        "deploy/parameters/example.json",
      ],
      {
        ETM_RPC_URL: `http://127.0.0.1:${port}`,
        ETM_CHAIN_ID: "7350",
        ETM_DEPLOYER_KEY: `0x${"11".repeat(32)}`,
      },
    );
    expect(result.status).to.equal(1);
    expect(result.stderr.trim()).to.equal(
      `npm run deploy: cannot reach the node of network "etm" at http://127.0.0.1:${port}: check that it is up, or set ETM_RPC_URL to where it runs`,
    );
    expect(result.stdout).to.not.match(/Compil/);
  });
});
