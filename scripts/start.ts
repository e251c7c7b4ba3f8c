/**
 * `npm start`: the local ETM chain with the whole system deployed and running.
 *
 * 0. Compiles the contracts (a fresh clone has no artifacts; the node, the devnet and the dApp's
 *    build all need them), quietly when nothing changed.
 * 1. Starts a Hardhat node on 127.0.0.1 (3-second blocks, the devnet chain id; ETM_DEVNET=1), its
 *    request log in cache/devnet-node.log.
 * 2. Runs scripts/devnet/run.ts against it: deploys with `deploySystem`, seeds candidates and
 *    delegators, writes deployments/localhost.json, then keeps the chain alive as real validators
 *    would (heartbeats, seed commit/reveal, elections) and prints a status line per block.
 * 3. Builds the dApp (app/, Vite) and serves it on 127.0.0.1 (ETM_APP_PORT, default 5173; 0 = any free
 *    port), then prints its URL once the devnet is running.
 * Ctrl-C stops everything cleanly. ETM_DEVNET_PORT changes the node's port (default 8545).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { serveApp } from "../app/server/serve";
import { DEFAULT_DEVNET_PORT } from "../config/localhost";
import type { AppServer } from "../app/server/serve";

const ROOT = path.join(__dirname, "..");
const PORT = Number(process.env.ETM_DEVNET_PORT || DEFAULT_DEVNET_PORT);
const HOST = "127.0.0.1";
const URL = `http://${HOST}:${PORT}`;
const NODE_LOG = path.join(ROOT, "cache", "devnet-node.log");
const hardhatBin = path.join(ROOT, "node_modules", ".bin", "hardhat");
const viteBin = path.join(ROOT, "node_modules", ".bin", "vite");
const APP_PORT_SET = process.env.ETM_APP_PORT !== undefined && process.env.ETM_APP_PORT !== "";
const APP_PORT = Number(APP_PORT_SET ? process.env.ETM_APP_PORT : 5173);

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Waits for the node to answer; returns its chain id. */
async function waitForRpc(timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(URL, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return Number(((await response.json()) as { result: string }).result);
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  fail(
    `the local node did not answer on ${URL} within ${timeoutMs / 1000} s; see ${path.relative(ROOT, NODE_LOG)}`,
  );
}

/** `hardhat compile --quiet`; stops `npm start` if it fails (the compiler's errors are above). */
function compile(): Promise<void> {
  return new Promise((resolve) => {
    const compiler = spawn(hardhatBin, ["compile", "--quiet"], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    });
    compiler.on("error", (error) => fail(`the contracts could not be compiled: ${error.message}`));
    compiler.on("exit", (code) =>
      code === 0 ? resolve() : fail("the contracts could not be compiled (see above)"),
    );
  });
}

/** Builds app/ into app/dist; resolves whether it worked (the devnet runs either way). */
function buildApp(): Promise<boolean> {
  return new Promise((resolve) => {
    const build = spawn(viteBin, ["build", "--config", "app/vite.config.ts", "--logLevel", "warn"], {
      cwd: ROOT,
      env: { ...process.env, ETM_APP_RPC_URL: URL, VITE_CONFIG_NATIVE_IGNORE_WARNING: "true" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    build.on("error", () => resolve(false));
    build.on("exit", (code) => resolve(code === 0));
  });
}

/** Builds and serves the dApp; on the default port, moves to a free one if 5173 is taken. */
async function startApp(): Promise<AppServer | undefined> {
  if (!(await buildApp())) {
    console.error("npm start: the dApp could not be built (see above); the devnet runs without it");
    return undefined;
  }
  const port = !APP_PORT_SET && (await portInUse(APP_PORT)) ? 0 : APP_PORT;
  try {
    return await serveApp(port, URL);
  } catch (error) {
    console.error(
      `npm start: the dApp could not be served on port ${APP_PORT} (${(error as Error).message}); choose another: ETM_APP_PORT=5174 npm start`,
    );
    return undefined;
  }
}

async function main() {
  if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535)
    fail(`ETM_DEVNET_PORT="${process.env.ETM_DEVNET_PORT}" is not a port number`);
  if (!Number.isInteger(APP_PORT) || APP_PORT < 0 || APP_PORT > 65535)
    fail(`ETM_APP_PORT="${process.env.ETM_APP_PORT}" is not a port number`);
  if (!fs.existsSync(hardhatBin)) fail("Hardhat is not installed: run `npm ci` first");
  if (await portInUse(PORT)) {
    fail(
      `port ${PORT} on ${HOST} is in use (another node?). Stop it, or choose another port: ETM_DEVNET_PORT=8546 npm start`,
    );
  }
  await compile();
  fs.mkdirSync(path.dirname(NODE_LOG), { recursive: true });
  const log = fs.openSync(NODE_LOG, "w");
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    setTimeout(() => process.exit(code), 500).unref();
  };
  process.on("SIGINT", () => {
    console.log("\nStopping the ETM devnet.");
    stop(0);
  });
  process.on("SIGTERM", () => stop(0));
  process.on("SIGHUP", () => stop(0));
  // Never leave the node behind, whatever ends this process.
  process.on("exit", () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  });

  console.log(
    `Starting the ETM devnet node on ${URL} (3-second blocks; log: ${path.relative(ROOT, NODE_LOG)})`,
  );
  const node = spawn(hardhatBin, ["node", "--hostname", HOST, "--port", String(PORT)], {
    cwd: ROOT,
    env: { ...process.env, ETM_DEVNET: "1" },
    stdio: ["ignore", log, log],
  });
  children.push(node);
  node.on("exit", (code) => {
    if (!stopping) {
      console.error(`npm start: the node exited (code ${code}); see ${path.relative(ROOT, NODE_LOG)}`);
      stop(1);
    }
  });
  const chainId = await waitForRpc(120_000);

  const runner = spawn(hardhatBin, ["run", "scripts/devnet/run.ts", "--network", "localhost"], {
    cwd: ROOT,
    env: { ...process.env, ETM_DEVNET: "1", ETM_LOCALHOST_URL: URL },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(runner);
  // The dApp builds while the devnet deploys; its URL is printed once the devnet is running.
  const app = startApp();
  let devnetRunning = false;
  const announceApp = async () => {
    const server = await app;
    if (server) {
      console.log(
        `dApp: ${server.url}  (wallet network: RPC ${URL}, chain id ${chainId}; see README "Stake from the browser")\n`,
      );
    }
  };
  readline.createInterface({ input: runner.stdout! }).on("line", (line) => {
    console.log(line);
    // After the runner's start-up summary (or, should its wording change, at its first status line).
    if (!devnetRunning && (line.startsWith("Ctrl-C stops the devnet") || /^#\d+ /.test(line))) {
      devnetRunning = true;
      void announceApp();
    }
  });
  runner.on("exit", (code) => {
    if (!stopping) {
      console.error(`npm start: the devnet runner exited (code ${code})`);
      stop(code ?? 1);
    }
  });
}

main().catch((error: Error) => fail(error.message));
