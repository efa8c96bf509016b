#!/usr/bin/env bash
# CLV benchmark (issue 6: "BG/NBD fit plus scoring of 1,000,000 customers ≤ 5 s on this machine"). On a 1M-customer
# `kith demo` store (SQLite), in one run:
#   1. bench/clv/measure.cs, in-process: reading the paid orders into purchases, then the summary, the BG/NBD fit,
#      the Gamma-Gamma fit and the scoring of every customer (expected purchases, P(alive), expected spend, CLV) —
#      one cold pass and REPEAT warm passes, each phase timed apart — then writing customer_predictions;
#   2. `kith clv score --calibration-end AS_OF --json` end to end (process start, read, fit, score, write), wall time;
#   3. the same BG/NBD fit in R's BTYD or Python's lifetimes when either is installed (neither is packaged by
#      Debian; see bench/results/clv-*.md), and in any case bench/clv/bgnbd_scipy.py — lifetimes' BG/NBD likelihood
#      and optimiser written out in NumPy/SciPy — on the same summary when python3-scipy is installed (COMPARE=0 skips).
# The target covers the in-memory part, step 1's "fit + scoring" (summary + both fits + scoring); reading the orders
# and writing the predictions are reported apart, and step 2 shows the whole command.
# Usage: bench/clv/run.sh [N=1000000] [REPEAT=5]
# Store: a COPY of the segments benchmark's SQLite store (/tmp/kith-bench-seg-store[-N]/store.db, 1M customers with
# orders and events, prepared by bench/segments/run.sh; never modified here) in /tmp/kith-bench-clv-store[-N], kept for
# reruns. Without that store, the script makes its own there: `kith demo --customers N --no-events --as-of AS_OF`,
# imported with `kith import`. Delete /tmp/kith-bench-clv-store[-N] after a schema change.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-1000000}
repeat=${2:-5}
as_of=${AS_OF:-2026-11-01}
suffix=$([ "$n" = 1000000 ] && echo "" || echo "-$n")
shared=/tmp/kith-bench-seg-store$suffix
stores=/tmp/kith-bench-clv-store$suffix
db=$stores/store.db
work=$(mktemp -d /tmp/kith-bench-clv.XXXXXX)
trap 'rm -rf "$work"' EXIT

nice dotnet build -c Release src/Kith.Cli -v q -nologo >/dev/null
kith() { nice dotnet "$root/src/Kith.Cli/bin/Release/net10.0/kith.dll" "$@"; }

if [ ! -f "$stores/.complete" ]; then
  rm -rf "$stores" && mkdir -p "$stores"
  if [ -f "$shared/.complete" ]; then
    # SQLite's online backup: a consistent copy even if another benchmark is using the shared store.
    nice sqlite3 "$shared/store.db" ".backup '$db'"
    echo "a copy of $shared/store.db (bench/segments/run.sh: \`kith demo --customers $n --export\` with events, imported, values recomputed as of $as_of)" > "$stores/origin"
  else
    data=/tmp/kith-bench-clv-data-$n
    if [ ! -f "$data/.complete" ]; then
      rm -rf "$data" && mkdir -p "$data" && kith demo --customers "$n" --no-events --as-of "$as_of" --export "$data" && touch "$data/.complete"
    fi
    for kind in products customers orders; do kith import "$kind" "$data/$kind.csv" --db "$db" >/dev/null; done
    echo "\`kith demo --customers $n --no-events --as-of $as_of --export\`, imported with \`kith import\`" > "$stores/origin"
  fi
  touch "$stores/.complete"
fi
counts=$(kith stats --json --db "$db")

nice dotnet build bench/clv/measure.cs -c Release -v q -nologo >/dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
nice dotnet run --no-build -c Release bench/clv/measure.cs -- "$db" "$repeat" "$as_of" "$work/summary.csv" > "$work/result.md" 2> "$work/passes.log"
load_measured=$(cut -d' ' -f1-3 /proc/loadavg)

# `kith clv score` end to end, on the same store (its file now in the page cache, as after the measurement).
start=$(date +%s.%N)
kith clv score --calibration-end "$as_of" --json --db "$db" > "$work/score.json"
e2e=$(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Other implementations on the same summary.
compare=""
if [ "${COMPARE:-1}" != 0 ]; then
  if command -v Rscript >/dev/null && Rscript -e 'suppressMessages(library(BTYD))' >/dev/null 2>&1; then
    compare+="R BTYD: installed, but this script does not drive it yet."$'\n'
  else
    compare+="R BTYD: not installed (Debian has no r-cran-btyd package; CRAN is not reachable from this machine)."$'\n'
  fi
  if python3 -c 'import lifetimes' >/dev/null 2>&1; then
    compare+="Python lifetimes: installed, but this script does not drive it yet."$'\n'
  else
    compare+="Python lifetimes: not installed (Debian has no python3-lifetimes package; PyPI is not reachable from this machine)."$'\n'
  fi
  py=""
  for candidate in $(type -ap python3); do # Debian's python3-scipy is for the system python3, which may not be the first
    if "$candidate" -c 'import scipy' >/dev/null 2>&1; then py=$candidate; break; fi
  done
  if [ -n "$py" ]; then
    compare+=$'\n'"$(nice "$py" bench/clv/bgnbd_scipy.py "$work/summary.csv")"$'\n'
  else
    compare+="NumPy/SciPy stand-in (bench/clv/bgnbd_scipy.py): skipped, python3-scipy is not installed (\`apt-get install python3-scipy\`)."$'\n'
  fi
fi

fit_score=$(grep -o 'FIT_SCORE_S=[0-9.]*' "$work/result.md" | cut -d= -f2)
report="$root/bench/results/clv-$(date -u +%Y-%m-%d).md"
mkdir -p "$root/bench/results"
{
  echo "# CLV benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`bench/clv/run.sh $n $repeat\` on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version) SDK, Release build, under \`nice\`; measured in-process (\`bench/clv/measure.cs\`), as of $as_of (UTC)."
  echo "Store: $(cat "$stores/origin")."
  echo
  echo "Counts: \`$counts\`"
  echo
  grep -v '^[A-Z0-9_]*=' "$work/result.md"
  echo
  echo "**Target** (issue 6: BG/NBD fit plus scoring of 1M customers ≤ 5 s, read as the in-memory fit + scoring): $fit_score s median, $(awk -v s="$fit_score" 'BEGIN{print (s <= 5 ? "met" : "missed")}')."
  echo
  echo "Passes (wall and process CPU time per phase; load average at the end of each):"
  echo
  echo '```'
  cat "$work/passes.log"
  echo '```'
  echo
  echo "End to end, \`kith clv score --calibration-end $as_of --json\` (process start, schema check, read, summary, fits, scoring, write): **$e2e s**."
  echo "Its output: \`$(head -c 400 "$work/score.json")\`"
  echo
  [ -z "$compare" ] || { echo "Other implementations:"; echo; echo "$compare"; }
  echo "Load average (1, 5, 15 min) before: $load_before; after the in-process measurement: $load_measured; after \`kith clv score\`: $load_after (2 cores shared with other sessions)."
} | tee "$report"
grep '^[A-Z0-9_]*=' "$work/result.md" | tr '\n' ' '; echo "E2E_S=$e2e"
