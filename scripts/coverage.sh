#!/usr/bin/env bash
# `npm run coverage`: solidity-coverage of contracts/, failing below 95% of lines or branches.
# The typed factories in typechain-types/ embed bytecode, so they are regenerated from the instrumented
# build before the run (otherwise tests deploying through them run uninstrumented contracts and count
# nothing), and from the normal build afterwards.
#
# Under coverage every EVM opcode is traced in JavaScript (10-100 times slower than `npm test`, and one
# core per process), so:
# - The test files run in COVERAGE_SHARDS (default 2: one per core) processes at once, each in its own
#   copy of the tree (solidity-coverage writes its instrumented build into the project), balanced by
#   scripts/coverage-shards.cjs; scripts/coverage-merge.cjs sums their hits into coverage/. Each shard
#   records its seconds per test file (coverage/test-seconds.json); `node scripts/coverage-weights.cjs
#   --write` makes them the weights of the next runs.
# - Test files left out (COVERAGE_SKIP): they exercise the TypeScript side (the dApp, the simulator,
#   the toolkit's deployment, devnet, CLI and layer checks, which run child processes or go through
#   contracts only through calls the contract tests also make), and test/precision/ (it measures the
#   emission's numbers over thousands of blocks, through the functions test/staking/EmissionSchedule
#   and test/libraries/EmissionMath already reach). Leaving them out is meant to change no covered
#   line or branch of contracts/: compare the totals with
#   `bash scripts/coverage.sh --testfiles 'test/**/*.ts'` (every test file) whenever COVERAGE_SKIP changes.
# - The random property campaigns run one sequence each (ETM_PROPERTY_OPS=80: the first 80 steps of
#   the first seed of test/property/StakingPool.property.ts and test/election/election.property.ts);
#   `npm test` runs 400 and 240 operations, `npm run test:long` 100,000.
# - Tests scale work that measures nothing about contracts/ lines (test/shared/coverage.ts).
# Extra arguments go to one `hardhat coverage` run (e.g. --testfiles "test/staking/*.ts" replaces the list).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
COVERAGE_SKIP='^test/(app/|sim/|precision/|toolkit/(deploy|devnet|cli|layers)\.test\.ts$)'
shard_count=${COVERAGE_SHARDS:-2}
export ETM_PROPERTY_OPS="${ETM_PROPERTY_OPS:-80}"

# The normal build back after a run in this tree.
restore() {
  rm -rf typechain-types cache
  npx hardhat compile --quiet >/dev/null
}

rm -rf coverage coverage.json
if [ "$#" -gt 0 ]; then
  rm -rf typechain-types cache
  npx hardhat coverage "$@"
  status=$?
  restore || status=1
else
  files=$(find test -type f \( -name '*.ts' -o -name '*.js' \) | LC_ALL=C sort | grep -Ev "$COVERAGE_SKIP")
  mapfile -t shards < <(node scripts/coverage-shards.cjs "$shard_count" $files)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  pids=()
  for i in "${!shards[@]}"; do
    [ -n "${shards[$i]}" ] || continue
    dir="$work/shard$i"
    mkdir -p "$dir"
    # the tree as it is (uncommitted changes included), without builds; node_modules shared
    tar -cf - --exclude=./node_modules --exclude=./.git --exclude=./artifacts --exclude=./cache \
      --exclude=./typechain-types --exclude=./coverage --exclude=./coverage.json --exclude=./forge-out \
      --exclude=./forge-cache --exclude=./app/dist --exclude='./.coverage_*' . | tar -xf - -C "$dir"
    ln -s "$root/node_modules" "$dir/node_modules"
    echo "coverage shard $i: ${shards[$i]//,/ }"
    pattern=${shards[$i]}
    [[ "$pattern" == *,* ]] && pattern="{$pattern}"
    # live, each line tagged with its shard; the summaries are repeated untagged at the end
    (cd "$dir" && ETM_TEST_SECONDS_FILE="$work/seconds$i.json" npx hardhat coverage --testfiles "$pattern" 2>&1 | tee "$work/shard$i.log" | sed -u "s/^/[shard $i] /"
      echo "${PIPESTATUS[0]}" >"$work/shard$i.status") &
    pids+=($!)
  done
  wait "${pids[@]}"
  status=0
  inputs=()
  for i in "${!shards[@]}"; do
    [ -n "${shards[$i]}" ] || continue
    echo "::: coverage shard $i: its mocha summary, failures and coverage table"
    sed -n '/^ *[0-9][0-9]* passing/,$p' "$work/shard$i.log"
    [ "$(cat "$work/shard$i.status" 2>/dev/null)" = 0 ] || status=1
    inputs+=("$work/shard$i/coverage.json")
  done
  if [ "$status" -eq 0 ]; then
    node scripts/coverage-merge.cjs "${inputs[@]}" || status=1
  fi
  seconds=()
  for i in "${!shards[@]}"; do [ -n "${shards[$i]}" ] && seconds+=("$work/seconds$i.json"); done
  node scripts/coverage-weights.cjs "${seconds[@]}" || true
fi
if [ "$status" -eq 0 ]; then
  node scripts/check-coverage.js 95
  status=$?
fi
exit "$status"
