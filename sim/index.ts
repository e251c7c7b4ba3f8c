/**
 * The simulator's public surface. Floating-point simulation: `loadScenario`, `simulate`,
 * `writeRunOutputs`. Exact integer path for the contracts' cross-check: `ExactStakingLedger`,
 * `exactEmission`, `rpow`, `ratePerBlockRay`, `toExactActions`, `replayExact`, `applyExactAction` (the
 * integer arithmetic is lib/poolAccounting.ts's, shared with the property tests' model).
 */
export * from "./actions";
export * from "./emission";
export * from "./exactEmission";
export * from "./exactLedger";
export * from "./exactReplay";
export { RAY, ratePerBlockRay, rpow, WAD } from "../lib/poolAccounting";
export * from "./scenario";
export * from "./scenarioFiles";
export * from "./simulate";
export { writeRunOutputs } from "./outputs";
