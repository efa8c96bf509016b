#!/usr/bin/env bash
# Incremental value update benchmark (issue: customer value, "incremental update after one new order ≤ 10 ms").
# On a 1M-customer demo store (by default the SQLite store that bench/segments/run.sh prepares and keeps in
# /tmp/kith-bench-seg-store; run `PREPARE_ONLY=1 STORES=sqlite bench/segments/run.sh` first), bench/value/incremental.cs
# runs a full recompute as the baseline, then N single orders each followed by the update of its customer.
# Usage: bench/value/incremental.sh [DB=/tmp/kith-bench-seg-store/store.db] [N=200]   (DB may be a PostgreSQL connection string)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
db=${1:-/tmp/kith-bench-seg-store/store.db}
n=${2:-200}
nice dotnet build bench/value/incremental.cs -c Release -v q -nologo >/dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
out=$(nice dotnet run --no-build -c Release bench/value/incremental.cs -- "$db" "$n")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
report="$root/bench/results/value-incremental-$(date -u +%Y-%m-%d).md"
mkdir -p "$root/bench/results"
{
  echo "# Incremental value update $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`bench/value/incremental.sh\` ($n orders) on $(nproc) cores, $(dotnet --version) SDK; in-process (\`bench/value/incremental.cs\`)."
  echo
  grep -v '^UPDATE_P50=' <<< "$out"
  echo
  echo "Load average (1, 5, 15 min) before: $load_before; after: $load_after (2 cores shared with other sessions)."
} | tee "$report"
grep '^UPDATE_P50=' <<< "$out"
