#!/usr/bin/env bash
# The README's first run, as a new user does it: a fresh clone of the committed tree (nothing
# compiled or built: no artifacts/, typechain-types/, cache/ or app/dist/), then `npm start`. Fails
# unless the `dApp:` line and the first status line (`#<block> round …`) appear.
#
# node_modules comes from this checkout through a symlink (the install is not what is tested and
# takes minutes); ETM_FIRST_RUN_NPM_CI=1 runs `npm ci` in the clone instead.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
clone="$work/etm-staking"
log="$work/npm-start.log"
pid=""
cleanup() {
  [ -n "$pid" ] && kill -INT -- "-$pid" 2>/dev/null && sleep 3 && kill -KILL -- "-$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

git clone --quiet "$root" "$clone" || { echo "first run: git clone failed"; exit 1; }
cd "$clone"
for generated in artifacts typechain-types cache app/dist; do
  if [ -e "$generated" ]; then echo "first run: the clone already has $generated/"; exit 1; fi
done
if [ "${ETM_FIRST_RUN_NPM_CI:-0}" = "1" ]; then
  npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1 || { echo "first run: npm ci failed"; tail -20 "$work/npm-ci.log"; exit 1; }
else
  ln -s "$root/node_modules" node_modules
fi

# Free ports, so that a devnet already running on 8545 / 5173 does not matter.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
export ETM_DEVNET_PORT=${ETM_DEVNET_PORT:-$(free_port)} ETM_APP_PORT=${ETM_APP_PORT:-0}

# Its own process group, so that SIGINT reaches every process as Ctrl-C in a terminal does.
setsid npm start >"$log" 2>&1 &
pid=$!
ok=0
for _ in $(seq 1 300); do
  sleep 2
  if grep -q '^dApp: http' "$log" && grep -qE '^#[0-9]+ +round' "$log"; then ok=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
done
if [ "$ok" -ne 1 ]; then
  echo "first run: npm start on a fresh clone did not print the dApp: line and a status line; its output:"
  tail -60 "$log"
  exit 1
fi
if grep -q 'could not be built\|Error in plugin\|Transient storage' "$log"; then
  echo "first run: npm start printed what a first run should not:"
  grep -n 'could not be built\|Error in plugin\|Transient storage' "$log" | head
  exit 1
fi
echo "first run: a fresh clone's npm start compiled, served the dApp ($(grep -m1 '^dApp:' "$log" | cut -d' ' -f2)) and reported block $(grep -m1 -oE '^#[0-9]+' "$log")"
