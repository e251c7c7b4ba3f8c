// solidity-coverage settings: measure contracts/ only (mocks are test scaffolding).
module.exports = {
  skipFiles: ["mocks/"],
  istanbulReporter: ["text-summary", "json-summary", "lcov"],
  mocha: { timeout: 600000 },
};
