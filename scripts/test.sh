#!/usr/bin/env bash
# Runs every Kith test: installs what the tests need (idempotently: PostgreSQL, Chromium and a CJK font), starts a throwaway PostgreSQL
# cluster on 127.0.0.1, runs all test projects, stops the cluster, and prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Tests read the public datasets in ../shared/datasets. A clone made elsewhere (e.g. in a temp directory)
# finds them beside the repository it was cloned from.
if [ -z "${KITH_DATASETS:-}" ] && [ ! -d "$root/../shared/datasets" ]; then
  origin=$(git -C "$root" remote get-url origin 2>/dev/null || true)
  if [ -n "$origin" ] && [ -d "$origin/../shared/datasets" ]; then
    KITH_DATASETS=$(cd "$origin/../shared/datasets" && pwd); export KITH_DATASETS
  else
    echo "warning: ../shared/datasets not found; tests on public data will fail (set KITH_DATASETS)" >&2
  fi
fi

# Tests may lose durability for speed; the cluster is thrown away.
export KITH_PG_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
source scripts/pg-cluster.sh
export KITH_TEST_PG="$KITH_PG_URL;Include Error Detail=true"
# The console's browser tests drive Debian's Chromium (installed here if missing; sets KITH_CHROMIUM).
source scripts/browser.sh

results="$root/.artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
# Test stores and files go to a scratch directory (the tests use the temp path), removed after the run.
scratch=$(mktemp -d /tmp/kith-tests.XXXXXX)
set +e
TMPDIR="$scratch" dotnet test Kith.slnx -c Release --logger "trx" --results-directory "$results" "$@"
status=$?
set -e
rm -rf "$scratch"

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  t=$(echo "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p'); e=$(echo "$counters" | sed -n 's/.* executed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a build or run failure counts as a failure
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
