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
      response.writeHead(405).end();
      return;
    }
    if (pathname === "/deployments.json") {
      response.writeHead(200, { "content-type": TYPES[".json"], "cache-control": "no-store" });
      response.end(deploymentsJson(rpcUrl, deploymentsDir));
      return;
    }
    const file = path.normalize(path.join(dist, pathname === "/" ? "index.html" : pathname));
    if (!file.startsWith(dist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
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
