#!/usr/bin/env bash
# Smoke test of `npm start` (used by .ci/run): the devnet must come up, deploy, record
# deployments/localhost.json, print status lines for a few 3-second blocks, run an election, and stop
# cleanly on SIGINT, leaving no node behind.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
# Its own process group, so that SIGINT reaches every process as Ctrl-C in a terminal does.
ETM_DEVNET_PORT=${ETM_DEVNET_PORT:-8599} setsid npm start >"$log" 2>&1 &
pid=$!
ok=0
for _ in $(seq 1 120); do
  sleep 2
  # 31 blocks after start-up: at least one round boundary, so the keeper has called elect().
  if grep -q "ETM devnet is running" "$log" && [ "$(grep -c '^#[0-9]* *round' "$log")" -ge 31 ]; then ok=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
done
kill -INT -- "-$pid" 2>/dev/null
sleep 3
leftover=$(pgrep -f "hardhat node --hostname 127.0.0.1 --port ${ETM_DEVNET_PORT:-8599}" || true)
if [ -n "$leftover" ]; then echo "smoke: the node was left running (pids $leftover)"; kill $leftover; ok=0; fi
if grep -q "keeper:\|devnet:" "$log"; then echo "smoke: the keeper reported problems:"; grep "keeper:\|devnet:" "$log" | head; ok=0; fi
if [ ! -f deployments/localhost.json ]; then echo "smoke: deployments/localhost.json was not written"; ok=0; fi
if [ "$ok" -ne 1 ]; then echo "smoke: npm start did not come up as expected; its output:"; tail -40 "$log"; exit 1; fi
elections=$(grep -o 'active 21 ([^)]*)' "$log" | sort -u | wc -l)
if [ "$elections" -lt 2 ]; then echo "smoke: the active set never changed (no election took effect)"; tail -40 "$log"; exit 1; fi
echo "smoke: npm start came up, ran $(grep -c '^#[0-9]* *round' "$log") blocks with elections, and stopped cleanly"
