#!/usr/bin/env bash
# `npm run coverage`: solidity-coverage of contracts/, failing below 95% of lines or branches.
# The typed factories in typechain-types/ embed bytecode, so they are regenerated from the instrumented
# build before the run (otherwise tests deploying through them run uninstrumented contracts and count
# nothing), and from the normal build afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf typechain-types cache
npx hardhat coverage "$@"
status=$?
if [ "$status" -eq 0 ]; then
  node scripts/check-coverage.js 95
  status=$?
fi
rm -rf typechain-types cache
npx hardhat compile --quiet >/dev/null || status=1
exit "$status"
