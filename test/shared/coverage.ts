import hre from "hardhat";

/**
 * True while `npm run coverage` runs the tests: solidity-coverage traces every EVM opcode of its
 * instrumented contracts in JavaScript, 10-100 times slower than `npm test` and with far higher gas.
 * Tests use it only to scale work that measures nothing about contracts/ lines (sample sizes,
 * gas limits, the breadth of a state comparison); `npm test` always runs them in full.
 */
export const UNDER_COVERAGE =
  (hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true;
