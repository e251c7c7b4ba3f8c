/**
 * `npm start`: the local ETM chain with the whole system deployed and running.
 *
 * 1. Starts a Hardhat node on 127.0.0.1 (3-second blocks, the devnet chain id; ETM_DEVNET=1), its
 *    request log in cache/devnet-node.log.
 * 2. Runs scripts/devnet/run.ts against it: deploys with `deploySystem`, seeds candidates and
 *    delegators, writes deployments/localhost.json, then keeps the chain alive as real validators
 *    would (heartbeats, seed commit/reveal, elections) and prints a status line per block.
 * Ctrl-C stops both cleanly. ETM_DEVNET_PORT changes the port (default 8545).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const ROOT = path.join(__dirname, "..");
const PORT = Number(process.env.ETM_DEVNET_PORT ?? 8545);
const HOST = "127.0.0.1";
const URL = `http://${HOST}:${PORT}`;
const NODE_LOG = path.join(ROOT, "cache", "devnet-node.log");
const hardhatBin = path.join(ROOT, "node_modules", ".bin", "hardhat");

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

async function waitForRpc(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(URL, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  fail(
    `the local node did not answer on ${URL} within ${timeoutMs / 1000} s; see ${path.relative(ROOT, NODE_LOG)}`,
  );
}

async function main() {
  if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535)
    fail(`ETM_DEVNET_PORT="${process.env.ETM_DEVNET_PORT}" is not a port number`);
  if (!fs.existsSync(hardhatBin)) fail("Hardhat is not installed: run `npm ci` first");
  if (await portInUse(PORT)) {
    fail(
      `port ${PORT} on ${HOST} is in use (another node?). Stop it, or choose another port: ETM_DEVNET_PORT=8546 npm start`,
    );
  }
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
  await waitForRpc(120_000);

  const runner = spawn(hardhatBin, ["run", "scripts/devnet/run.ts", "--network", "localhost"], {
    cwd: ROOT,
    env: { ...process.env, ETM_DEVNET: "1", ETM_LOCALHOST_URL: URL },
    stdio: "inherit",
  });
  children.push(runner);
  runner.on("exit", (code) => {
    if (!stopping) {
      console.error(`npm start: the devnet runner exited (code ${code})`);
      stop(code ?? 1);
    }
  });
}

main().catch((error: Error) => fail(error.message));
