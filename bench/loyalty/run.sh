#!/usr/bin/env bash
# Loyalty benchmark (issue 8: "redemptions of distinct codes through the HTTP API ≥ 2,000/s on SQLite; p99 validate
# ≤ 10 ms; bulk generation of 1M unique codes ≤ 5 s"). For each store (a fresh SQLite file, a throwaway PostgreSQL
# cluster): the customers of `kith demo --customers N` imported, `kith serve` (Release, 127.0.0.1) started on it, an API
# key with the checkout scope (and an admin one to set up), then bench/loyalty/load.cs: the offer "满300减50" with one
# single-use code per customer issued through the API; validate at a fixed rate and at max throughput; reserve+commit
# pairs of distinct codes with Idempotency-Key headers, CONCURRENCY in flight; reserves alone and commits alone; the
# same pairs in-process (no HTTP); a correctness check; bulk generation of GEN codes in-process and through the API.
# Usage: bench/loyalty/run.sh [N=100000] [PAIRS=20000] [CONCURRENCY=32]
#   STORES="sqlite postgres" (default both), RATE=300 (validate req/s), DURATION=20 (s at that rate), GEN=1000000,
#   BASELINE=<git ref>: also build that commit (from `git archive`, with this load program) and measure it in the same
#   run, alternating with this tree, so that the ratios are not spoilt by the machine's load; ROUNDS=1 (repeats).
# The demo data stays in /tmp/kith-bench-loyalty-N; each measurement gets a fresh store.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-100000}
pairs=${2:-20000}
concurrency=${3:-32}
rate=${RATE:-300}
duration=${DURATION:-20}
gen=${GEN:-1000000}
rounds=${ROUNDS:-1}
stores=${STORES:-sqlite postgres}
data=/tmp/kith-bench-loyalty-$n
work=$(mktemp -d /tmp/kith-bench-loyalty.XXXXXX)

declare -A tree=([current]=$root)
variants=(current)
if [ -n "${BASELINE:-}" ]; then
  baseline_commit=$(git rev-parse --short "$BASELINE")
  tree[baseline]=$work/baseline
  mkdir -p "$work/baseline" && git archive "$BASELINE" | tar -x -C "$work/baseline"
  mkdir -p "$work/baseline/bench/loyalty" && cp bench/loyalty/load.cs "$work/baseline/bench/loyalty/"
  variants=(baseline current)
fi
for v in "${variants[@]}"; do
  nice dotnet build -c Release "${tree[$v]}/src/Kith.Cli" -v q -nologo >/dev/null
  nice dotnet build "${tree[$v]}/bench/loyalty/load.cs" -c Release -v q -nologo >/dev/null
done
kith() { nice dotnet "$root/src/Kith.Cli/bin/Release/net10.0/kith.dll" "$@"; }
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data" && mkdir -p "$data" && kith demo --customers "$n" --no-events --export "$data" >/dev/null && touch "$data/.complete"
fi

# The customers, imported once per store kind, copied for every measurement.
if [[ " $stores " == *" sqlite "* ]]; then
  kith import customers "$data/customers.csv" --db "$work/customers.db" >/dev/null
fi
if [[ " $stores " == *" postgres "* ]]; then
  source scripts/pg-cluster.sh
  pg_psql -c "CREATE DATABASE kith_loyalty_template" >/dev/null
  kith import customers "$data/customers.csv" --db "${KITH_PG_URL/Database=postgres/Database=kith_loyalty_template}" >/dev/null
fi

measure() { # $1: store kind, $2: variant, $3: round
  local store=$1 v=$2 r=$3 label="$1-$2-$3" db
  if [ "$store" = sqlite ]; then
    db=$work/$label.db; cp "$work/customers.db" "$db"
  else
    local name="kith_loyalty_${v}_$r"
    pg_psql -c "CREATE DATABASE $name TEMPLATE kith_loyalty_template" >/dev/null
    db=${KITH_PG_URL/Database=postgres/Database=$name}
  fi
  local checkout admin port server
  checkout=$(kith apikey create --name bench-checkout --scopes checkout --db "$db" 2>/dev/null | head -1)
  admin=$(kith apikey create --name bench-admin --scopes admin --db "$db" 2>/dev/null | head -1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  nice dotnet "${tree[$v]}/src/Kith.Cli/bin/Release/net10.0/kith.dll" serve --db "$db" --urls "http://127.0.0.1:$port" --recompute-hours 0 > "$work/serve-$label.log" 2>&1 &
  server=$!
  for _ in $(seq 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
  # At start the server loads the segment profiles of every customer (seconds of CPU): let it finish first.
  for _ in $(seq 240); do grep -q "Segment profiles of" "$work/serve-$label.log" && break; sleep 0.5; done
  local before after
  before=$(cut -d' ' -f1-3 /proc/loadavg)
  nice dotnet run --no-build -c Release "${tree[$v]}/bench/loyalty/load.cs" -- "http://127.0.0.1:$port" "$db" "$checkout" "$admin" "$server" \
    "$pairs" "$concurrency" "$rate" "$duration" "$gen" "$label" > "$work/$label.json"
  after=$(cut -d' ' -f1-3 /proc/loadavg)
  kill "$server"; wait "$server" 2>/dev/null || true
  python3 - "$work/$label.json" "$store" "$v" "$r" "$before" "$after" >> "$work/results.jsonl" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
r.update(store=sys.argv[2], variant=sys.argv[3], round=int(sys.argv[4]), loadBefore=sys.argv[5], loadAfter=sys.argv[6])
print(json.dumps(r, ensure_ascii=False))
PY
  if [ "$store" = sqlite ]; then rm -f "$db" "$db-wal" "$db-shm"; fi
  echo "$label: done (load $before → $after)" >&2
}

for store in $stores; do
  for r in $(seq "$rounds"); do
    for v in "${variants[@]}"; do measure "$store" "$v" "$r"; done
  done
done

report="$root/bench/results/loyalty-$(date -u +%Y-%m-%d).md"
mkdir -p "$root/bench/results"
{
  echo "# Loyalty benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`${BASELINE:+BASELINE=$BASELINE }${ROUNDS:+ROUNDS=$rounds }bench/loyalty/run.sh $n $pairs $concurrency\` (RATE=$rate, DURATION=$duration, GEN=$gen) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version) SDK${pg_bin:+, PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')}; client (\`bench/loyalty/load.cs\`) and server (\`kith serve\`, Release) on the same machine, both \`nice\`d (niceness $(( $(nice) + 10 > 19 ? 19 : $(nice) + 10 )))."
  echo "Data: the $n customers of \`kith demo --customers $n\`; the offer 满300减50 (threshold: 50 CNY off 300 CNY) with one single-use code per customer, issued through the API; a cart of one line at 399.00 CNY."
  [ -z "${BASELINE:-}" ] || echo "Baseline: commit $baseline_commit (\`$BASELINE\`), built from \`git archive\` with the same load program, measured in the same run before this tree on each store."
  echo
  python3 "$root/bench/loyalty/report.py" "$work/results.jsonl"
} | tee "$report"
cp "$work/results.jsonl" "$root/bench/results/loyalty-$(date -u +%Y-%m-%d).jsonl"
rm -rf "$work"
