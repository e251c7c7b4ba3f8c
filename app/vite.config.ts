/**
 * Vite build of the dApp: app/ -> app/dist (relative paths, so it can be served from any folder).
 * deployments.json is written from deployments/*.json at build time; `npm start` serves a live copy.
 */
import path from "node:path";
import { defineConfig } from "vite";
import { deploymentsJson } from "./server/deploymentsJson";

export default defineConfig({
  root: __dirname,
  base: "./",
  build: {
    outDir: path.join(__dirname, "dist"),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: true,
  },
  plugins: [
    {
      name: "etm-deployments",
      generateBundle() {
        this.emitFile({
          type: "asset",
          fileName: "deployments.json",
          source: deploymentsJson(process.env.ETM_APP_RPC_URL ?? "http://127.0.0.1:8545"),
        });
      },
    },
  ],
});
