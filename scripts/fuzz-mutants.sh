#!/usr/bin/env bash
# Shows that the Foundry invariant suite bites (docs/fuzzing.md): applies each mutant of
# test/foundry/mutants/*.patch (or the patches given as arguments), one at a time, to a temporary copy
# of the repository, runs the invariant suite there (the CI campaign: 256 runs x depth 100) and prints
# which invariants caught it and after how many calls. The repository itself is never modified.
# Usage: bash scripts/fuzz-mutants.sh [test/foundry/mutants/N-name.patch ...]   (npm run fuzz:mutants)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "$#" -gt 0 ]; then patches=("$@"); else patches=(test/foundry/mutants/*.patch); fi

work=$(mktemp -d "${TMPDIR:-/tmp}/etm-mutants.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The working tree's files (tracked and new, not ignored), node_modules by a link.
git ls-files -z --cached --others --exclude-standard | tar -C "$root" --null -T - -cf - | tar -C "$work" -xf -
# -n -f: in a worktree whose node_modules is itself a link (copied above), replace that link rather
# than create one inside the directory it points to
ln -sfn "$root/node_modules" "$work/node_modules"
cp -a "$work/contracts" "$work/.contracts.orig"

summary="$work/.summary"
printf '%-40s | %s\n' "mutant" "caught by: invariant after N calls (run, failing sequence before -> after shrinking): message" >"$summary"
for patch in "${patches[@]}"; do
  name=$(basename "$patch" .patch)
  rm -rf "$work/contracts" && cp -a "$work/.contracts.orig" "$work/contracts"
  if ! patch -s -p1 -d "$work" <"$root/$patch"; then
    printf '%-40s | %s\n' "$name" "PATCH DID NOT APPLY" >>"$summary"
    continue
  fi
  echo "::: mutant $name"
  log="$work/.log-$name"
  start=$(date +%s)
  (cd "$work" && nice -n 10 node scripts/forge.cjs test --match-contract StakingSystemInvariants \
    --no-match-test invariant_OPEN_ >"$log" 2>&1)
  status=$?
  seconds=$(($(date +%s) - start))
  # Each failing invariant: "[FAIL: reason]", "[Sequence] (original: a, shrunk: b)", " name() (runs: r, calls: c, ...)".
  caught=$(sed '/^Failing tests:/,$d' "$log" | awk '
    /^\[FAIL/ { reason = $0; sub(/^\[FAIL: /, "", reason); sub(/\]$/, "", reason); seq = "" }
    /\[Sequence\]/ { s = $0; sub(/.*\(original: /, "", s); sub(/, shrunk: /, " -> ", s); sub(/\).*/, "", s); seq = s }
    /^ *(invariant_[A-Za-z0-9_]+|afterInvariant)\(\) \(runs:/ && reason != "" {
      n = $1; runs = $0; sub(/.*\(runs: /, "", runs); sub(/,.*/, "", runs)
      calls = $0; sub(/.*calls: /, "", calls); sub(/,.*/, "", calls)
      split(seq, parts, " -> ")
      printf "%s%s after %d calls (run %d, failing sequence %s calls shrunk to %s): %s", sep, n, calls + parts[1], runs + 1, parts[1], parts[2], reason
      sep = "; "; reason = ""
    }')
  if [ "$status" -eq 0 ]; then caught="NOT CAUGHT (${seconds}s)"; else caught="$caught (${seconds}s)"; fi
  [ -z "$caught" ] && caught="forge failed, see the log: $(tail -3 "$log" | tr '\n' ' ')"
  printf '%-40s | %s\n' "$name" "$caught" | tee -a "$summary"
done
echo
cat "$summary"
