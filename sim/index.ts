/**
 * The simulator's public surface. Floating-point simulation: `loadScenario`, `simulate`,
 * `writeRunOutputs`. Exact integer path for the contracts' cross-check: `ExactStakingLedger`,
 * `exactEmission`, `rpow`, `perBlockRateRayOf`, `toExactActions`, `replayExact`, `applyExactAction`.
 */
export * from "./actions";
export * from "./emission";
export * from "./exactEmission";
export * from "./exactLedger";
export * from "./exactReplay";
export * from "./rayMath";
export * from "./scenario";
export * from "./scenarioFiles";
export * from "./simulate";
export { writeRunOutputs } from "./outputs";
