#!/usr/bin/env bash
# `npm run coverage`: solidity-coverage of contracts/, failing below 95% of lines or branches.
# The typed factories in typechain-types/ embed bytecode, so they are regenerated from the instrumented
# build before the run (otherwise tests deploying through them run uninstrumented contracts and count
# nothing), and from the normal build afterwards.
#
# Under coverage every EVM opcode is traced (10-100 times slower than `npm test`), so this run is
# restricted to what measures contracts/; `npm test` still runs every test in full:
# - Test files left out (COVERAGE_SKIP): they exercise the TypeScript side (the dApp, the simulator,
#   the toolkit's deployment, devnet, CLI and layer checks, which run child processes or go through
#   contracts only through calls the contract tests also make), and test/precision/ (it measures the
#   emission's numbers over thousands of blocks, through the functions test/staking/EmissionSchedule
#   and test/libraries/EmissionMath already reach). Leaving them out is meant to change
#   no covered line or branch of contracts/: compare the totals with
#   `bash scripts/coverage.sh --testfiles 'test/**/*.ts'` (every test file) whenever COVERAGE_SKIP changes.
# - The random property campaigns run one sequence each (ETM_PROPERTY_OPS=80: the first 80 steps of
#   the first seed of test/property/StakingPool.property.ts and test/election/election.property.ts);
#   `npm test` runs 400 and 240 operations, `npm run test:long` 100,000.
# Extra arguments go to `hardhat coverage` (e.g. --testfiles "test/staking/*.ts" replaces the list).
set -uo pipefail
cd "$(dirname "$0")/.."
COVERAGE_SKIP='^test/(app/|sim/|precision/|toolkit/(deploy|devnet|cli|layers)\.test\.ts$)'
files=$(find test -type f \( -name '*.ts' -o -name '*.js' \) | LC_ALL=C sort | grep -Ev "$COVERAGE_SKIP" | paste -sd, -)
rm -rf typechain-types cache
if [ "$#" -gt 0 ]; then
  ETM_PROPERTY_OPS="${ETM_PROPERTY_OPS:-80}" npx hardhat coverage "$@"
else
  ETM_PROPERTY_OPS="${ETM_PROPERTY_OPS:-80}" npx hardhat coverage --testfiles "{${files}}"
fi
status=$?
if [ "$status" -eq 0 ]; then
  node scripts/check-coverage.js 95
  status=$?
fi
rm -rf typechain-types cache
npx hardhat compile --quiet >/dev/null || status=1
exit "$status"
