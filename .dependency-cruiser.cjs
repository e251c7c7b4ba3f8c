/**
 * The toolkit's layers (docs/architecture.md, "Toolkit layers"), checked by `npm run lint`:
 *   lib/ (the rules: pure TypeScript, browser-safe)
 *     <- config/ (Node: environment variables, deployments/ files)
 *       <- adapters: tasks/, app/, scripts/devnet/, the deploy code (scripts/deploy*.ts, scripts/deploy/,
 *          scripts/lib/, ignition/)
 *         <- entry points: hardhat.config.ts, scripts/start.ts, scripts/deploy-cli.ts, scripts/simulate.ts,
 *            bench/, test/, app/test/
 * An import the other way, or a cycle, fails.
 */
const ADAPTERS =
  "^(tasks|app/src|app/server|scripts/devnet|scripts/deploy|scripts/lib|ignition)/|^scripts/deploy(-network)?[.]ts$";
const ENTRY_POINTS =
  "^(hardhat[.]config[.]ts|scripts/(start|deploy-cli|simulate)[.]ts|bench/|test/|app/test/)";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "Modules import each other in one direction only.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-imports-only-lib",
      comment:
        "lib/ is the bottom layer: it imports nothing of the toolkit but itself, the artifacts and typechain types.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(tasks|app|scripts|config|ignition|bench|test|sim)/|^hardhat[.]config[.]ts$" },
    },
    {
      name: "lib-is-browser-safe",
      comment: "lib/ is bundled by the dApp: no Node built-ins, no Hardhat, no npm package but ethers.",
      severity: "error",
      from: { path: "^lib/" },
      to: {
        dependencyTypes: ["core", "npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"],
        pathNot: "^node_modules/ethers/",
      },
    },
    {
      name: "config-below-adapters",
      comment: "config/ serves the adapters; it imports only lib/.",
      severity: "error",
      from: { path: "^config/" },
      to: { path: "^(tasks|app|scripts|ignition|bench|test|sim)/|^hardhat[.]config[.]ts$" },
    },
    {
      name: "adapters-not-entry-points",
      comment: "Adapters never import an entry point.",
      severity: "error",
      from: { path: ADAPTERS },
      to: { path: ENTRY_POINTS },
    },
    {
      name: "scripts-not-tasks",
      comment: "The devnet and deploy code do not import the command-line tasks.",
      severity: "error",
      from: { path: "^scripts/" },
      to: { path: "^tasks/" },
    },
    {
      name: "tasks-use-only-the-deploy-entry",
      comment:
        "Tasks reach the deploy code only through etm:deploy's deployNetwork and etm:roles' role inventory (owned by the deploy code).",
      severity: "error",
      from: { path: "^tasks/" },
      to: { path: "^scripts/", pathNot: "^scripts/(deploy-network[.]ts|lib/roles[.]ts)$" },
    },
    {
      name: "app-is-browser-code",
      comment: "app/src runs in the browser: lib/ and ethers, no Node, Hardhat, tasks, scripts or config.",
      severity: "error",
      from: { path: "^app/src/" },
      to: {
        path: "^(tasks|scripts|config|ignition)/|^hardhat[.]config[.]ts$|^node_modules/(hardhat|@nomicfoundation)/",
      },
    },
    {
      name: "app-src-no-node",
      severity: "error",
      from: { path: "^app/src/" },
      to: { dependencyTypes: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(typechain-types|artifacts|node_modules|cache)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
