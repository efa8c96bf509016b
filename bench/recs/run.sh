#!/usr/bin/env bash
# Recommendation training benchmark (issue 9: "training item-kNN + MF on 1M customers / 5M orders / 50k products
# ≤ 60 s"). In-process (bench/recs/train.cs), in one run: generated purchases (seed 42; Zipf-like long tail over
# PRODUCTS products in 100 categories, customers with favourite categories, several lines per order), first at the
# baseline size BASE (100,000 customers, 500,000 orders), then at N customers with ORDERS orders; at each size
# InteractionMatrix.Build, PopularityModel.Fit, ItemKnnModel.Fit and AlsModel.Fit with the default options (the
# conjugate-gradient solver), timed apart (wall, CPU, peak RSS), and ALS with the other solvers of SOLVERS for the
# comparison: by default the exact Cholesky solver (the method before issue 9) with its 15 sweeps at the baseline size
# and, at N (where its 15 sweeps would take several minutes), with one sweep, extrapolated to 15 (LARGE_SOLVERS).
# Usage: bench/recs/run.sh [N=1000000] [ORDERS=5000000] [PRODUCTS=50000]
# Env: BASE="100000:500000" (empty: no baseline); SOLVERS="ConjugateGradient Cholesky" at the baseline size and
# LARGE_SOLVERS="ConjugateGradient Cholesky:1" at N (Solver[:iterations]; the first one is the default and counts);
# STORE=path/to/store.db adds the server's whole path on that store, read only (bench/recs/store.cs:
# StoreFeedbackLoader.LoadAsync + RecommendationSnapshot.Train as of AS_OF, default 2026-11-01), e.g. the CLV
# benchmark's copy of a `kith demo --customers 1000000` store, /tmp/kith-bench-clv-store/store.db.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-1000000}
orders=${2:-5000000}
products=${3:-50000}
base=${BASE-100000:500000}
export SOLVERS=${SOLVERS:-ConjugateGradient Cholesky}
large_solvers=${LARGE_SOLVERS:-ConjugateGradient Cholesky:1}
declare -x "SOLVERS_$n=$large_solvers"
work=$(mktemp -d /tmp/kith-bench-recs.XXXXXX)
trap 'rm -rf "$work"' EXIT

nice dotnet build bench/recs/train.cs -c Release -v q -nologo >/dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
nice dotnet run --no-build -c Release bench/recs/train.cs -- "$base $n:$orders" "$products" > "$work/result.md" 2> "$work/progress.log"
total=$(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.0f')
if [ -n "${STORE:-}" ]; then
  nice dotnet build bench/recs/store.cs -c Release -v q -nologo >/dev/null
  nice dotnet run --no-build -c Release bench/recs/store.cs -- "$STORE" "${AS_OF:-2026-11-01}" > "$work/store.md" 2>> "$work/progress.log"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

target=$(grep -o "KNN_ALS_S_$n=[0-9.]*" "$work/result.md" | cut -d= -f2)
target_cpu=$(grep -o "KNN_ALS_CPU_$n=[0-9.]*" "$work/result.md" | cut -d= -f2)
suffix=${REPORT_SUFFIX:-}
report="$root/bench/results/recs-train-$(date -u +%Y-%m-%d)$suffix.md"
mkdir -p "$root/bench/results"
{
  echo "# Recommendation training benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`bench/recs/run.sh $n $orders $products\` (BASE=\"$base\", SOLVERS=\"$SOLVERS\", LARGE_SOLVERS=\"$large_solvers\") on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version) SDK, Release build, under \`nice\`; measured in-process (\`bench/recs/train.cs\`) at commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench/recs || echo ' + uncommitted changes'); $total s for the whole run."
  echo
  grep -v '^[A-Z0-9_]*=' "$work/result.md"
  echo
  [ ! -s "$work/store.md" ] || { cat "$work/store.md"; echo; }
  echo "**Target** (issue 9: item-kNN + MF on 1M customers / 5M orders / 50k products ≤ 60 s): $target s wall ($target_cpu s CPU), $(awk -v s="$target" 'BEGIN{print (s <= 60 ? "met" : "missed")}')."
  echo
  echo "Wall s: elapsed time of the phase; CPU s: process CPU time over both cores (what the other sessions on this machine do not inflate); peak RSS: the process's resident set, sampled every 10 ms during the phase (it includes the data and the models already built); allocated: managed bytes allocated in the phase."
  echo
  echo "Progress (with the 1-minute load average after each phase):"
  echo
  echo '```'
  cat "$work/progress.log"
  echo '```'
  echo
  echo "Load average (1, 5, 15 min) before: $load_before; after: $load_after (2 cores shared with other sessions)."
} | tee "$report"
grep '^[A-Z0-9_]*=' "$work/result.md" | tr '\n' ' '; echo
