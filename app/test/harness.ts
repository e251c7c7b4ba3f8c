/**
 * What the browser tests run against: `npm start` (scripts/start.ts) on free ports — the devnet
 * node, the seeded system and the served dApp — and headless Debian Chromium driven by
 * playwright-core.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { DEVNET_CHAIN_ID } from "../../lib/constants";

export const ROOT = path.join(__dirname, "..", "..");
export const ARTIFACTS = path.join(ROOT, "test-artifacts", "app");
export const CHROMIUM = process.env.ETM_CHROMIUM ?? "/usr/bin/chromium";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Devnet {
  rpcUrl: string;
  appUrl: string;
  provider: JsonRpcProvider;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs `npm start`'s script on free ports and waits for the devnet and the dApp to be up. */
export async function startDevnet(timeoutMs = 240_000): Promise<Devnet> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    path.join(ROOT, "node_modules", ".bin", "ts-node"),
    ["--transpile-only", "scripts/start.ts"],
    {
      cwd: ROOT,
      env: { ...process.env, ETM_DEVNET_PORT: String(port), ETM_APP_PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: SIGINT reaches the node and the runner as Ctrl-C does
    },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, "SIGINT");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /^dApp: (http:\/\/127\.0\.0\.1:\d+\/)/m.exec(output);
    if (match) {
      const rpcUrl = `http://127.0.0.1:${port}`;
      const provider = new JsonRpcProvider(rpcUrl, DEVNET_CHAIN_ID, {
        staticNetwork: true,
        pollingInterval: 500,
      });
      return { rpcUrl, appUrl: match[1], provider, output: () => output, stop };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start did not serve the dApp:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`,
    );
  }
  // playwright-core starts Chromium with a new empty profile (--user-data-dir in a fresh temp folder).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
