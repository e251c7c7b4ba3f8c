/**
 * A small static server for the built dApp (app/dist): serves the files, and deployments.json
 * generated at each request from deployments/*.json, so a devnet started after the build is found.
 * Bound to 127.0.0.1. Used by `npm start` and by the browser tests.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { deploymentsJson } from "./deploymentsJson";

export const APP_DIST = path.join(__dirname, "..", "dist");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/**
 * Sent with every response. The page runs only its own script and style (no inline script, no
 * eval), loads nothing from elsewhere, may not be framed, and talks JSON-RPC to any node the user
 * names (read-only mode) — so that text written by anyone (validator profiles, proposal
 * descriptions), which the page renders as text only, could not run even if it were ever parsed.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self' http: https: ws: wss:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; "),
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dist` on 127.0.0.1:`port` (0 = any free port); `rpcUrl` is the read-only default. */
export function serveApp(
  port: number,
  rpcUrl: string,
  dist = APP_DIST,
  deploymentsDir?: string,
): Promise<AppServer> {
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    if (pathname === "/deployments.json") {
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        "content-type": TYPES[".json"],
        "cache-control": "no-store",
      });
      response.end(deploymentsJson(rpcUrl, deploymentsDir));
      return;
    }
    const file = path.normalize(path.join(dist, pathname === "/" ? "index.html" : pathname));
    if (!file.startsWith(dist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { ...SECURITY_HEADERS, "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
