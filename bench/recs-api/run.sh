#!/usr/bin/env bash
# Recommendation API benchmark (issue 9: "API p99 ≤ 10 ms at 500 requests/s on this machine (a bounded load test
# against 127.0.0.1)"). For each store (a copy of a SQLite demo store, a throwaway PostgreSQL cluster): `kith demo
# --customers N` (with behaviour events), `kith serve` (Release, 127.0.0.1) started on it, a read key and an admin key,
# the first training awaited, then bench/recs-api/load.cs: fresh views for SESSION customers, then the mix — 60 %
# customer lists of existing customers (half with a context SKU), 10 % unknown customers, 30 % product lists, k=10,
# every answer checked — once the server has reloaded its segment profiles after those views, at a fixed RATE (open loop) for DURATION s, and at max throughput with CONCURRENCY in flight.
# Usage: bench/recs-api/run.sh [N=100000]
#   STORES=sqlite (default; "sqlite postgres" adds a throwaway PostgreSQL cluster), RATE=500 (req/s), DURATION=30 (s at that rate), CONCURRENCY=32,
#   MAXCOUNT=30000 (requests of the max-throughput phase), SESSION=5000 (customers with fresh views),
#   BASELINE=<git ref>: also build that commit (from `git archive`, with this load program) and measure it in the same
#   run, alternating with this tree, so that the ratios are not spoilt by the machine's load; ROUNDS=1 (repeats).
# The demo store stays in /tmp/kith-bench-recs-N (SQLite file, kept for reruns: delete it after a schema change);
# each measurement gets a fresh copy.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-100000}
rate=${RATE:-500}
duration=${DURATION:-30}
concurrency=${CONCURRENCY:-32}
maxcount=${MAXCOUNT:-30000}
session=${SESSION:-5000}
rounds=${ROUNDS:-1}
stores=${STORES:-sqlite}
data=/tmp/kith-bench-recs-$n
work=$(mktemp -d /tmp/kith-bench-recs.XXXXXX)

declare -A tree=([current]=$root)
variants=(current)
if [ -n "${BASELINE:-}" ]; then
  baseline_commit=$(git rev-parse --short "$BASELINE")
  tree[baseline]=$work/baseline
  mkdir -p "$work/baseline" && git archive "$BASELINE" | tar -x -C "$work/baseline"
  mkdir -p "$work/baseline/bench/recs-api" && cp bench/recs-api/load.cs "$work/baseline/bench/recs-api/"
  variants=(baseline current)
fi
for v in "${variants[@]}"; do
  nice dotnet build -c Release "${tree[$v]}/src/Kith.Cli" -v q -nologo >/dev/null
  nice dotnet build "${tree[$v]}/bench/recs-api/load.cs" -c Release -v q -nologo >/dev/null
done
kith() { nice dotnet "$root/src/Kith.Cli/bin/Release/net10.0/kith.dll" "$@"; }
demo_seconds=""
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data" && mkdir -p "$data"
  start=$(date +%s)
  kith demo --customers "$n" --db "$data/store.db" >/dev/null
  demo_seconds=$(( $(date +%s) - start ))
  echo "$demo_seconds" > "$data/.complete"
fi
demo_seconds=$(cat "$data/.complete")
# A store in service has given its buyers their loyalty tiers long ago; a fresh demo store has not, and the server's
# loyalty sweeper would do it during the measurement (one evaluation and one commit per buyer: more than an hour for
# 87k buyers on this shared machine). So the template store gets the row that first pass writes on the demo data —
# the base tier (rank 0) since now, reviewed in a year (the sweeper's own result for every buyer it reached) — by SQL.
if [ ! -f "$data/.tiers" ]; then
  python3 - "$data/store.db" > "$data/.tiers" <<'PY'
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
now = int(time.time() * 1_000_000)  # unix microseconds, as Kith stores instants on SQLite
year = 365 * 86_400 * 1_000_000
n = c.execute("""INSERT INTO customer_tiers (customer_id, rank, since, review_at, paid_until, updated_at)
    SELECT DISTINCT customer_id, 0, ?, ?, NULL, ? FROM orders
    WHERE paid_at IS NOT NULL AND customer_id NOT IN (SELECT customer_id FROM customer_tiers)""", (now, now + year, now)).rowcount
c.commit()
print(f"{n:,} of {c.execute('SELECT count(*) FROM customer_tiers').fetchone()[0]:,}")
PY
fi
tiers=$(cat "$data/.tiers")
counts=$(python3 - "$data/store.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
q = lambda t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
print(f"{q('customers'):,} customers, {q('products'):,} products, {q('orders'):,} orders, {q('order_lines'):,} order lines, {q('events'):,} events")
PY
)

if [[ " $stores " == *" postgres "* ]]; then
  source scripts/pg-cluster.sh
  pg_psql -c "CREATE DATABASE kith_recs_template" >/dev/null
  start=$(date +%s)
  kith demo --customers "$n" --db "${KITH_PG_URL/Database=postgres/Database=kith_recs_template}" >/dev/null
  pg_psql -d kith_recs_template -c "INSERT INTO customer_tiers (customer_id, rank, since, review_at, paid_until, updated_at)
    SELECT DISTINCT customer_id, 0, now(), now() + interval '365 days', NULL, now() FROM orders WHERE paid_at IS NOT NULL ON CONFLICT DO NOTHING" >/dev/null
  pg_demo_seconds=$(( $(date +%s) - start ))
fi

measure() { # $1: store kind, $2: variant, $3: round
  local store=$1 v=$2 r=$3 label="$1-$2-$3" db
  if [ "$store" = sqlite ]; then
    db=$work/$label.db
    python3 -c 'import sqlite3, sys; s = sqlite3.connect(sys.argv[1]); d = sqlite3.connect(sys.argv[2]); s.backup(d)' "$data/store.db" "$db"
  else
    local name="kith_recs_${v}_$r"
    pg_psql -c "CREATE DATABASE $name TEMPLATE kith_recs_template" >/dev/null
    db=${KITH_PG_URL/Database=postgres/Database=$name}
  fi
  local reader admin port server
  reader=$(kith apikey create --name bench-read --scopes read --db "$db" 2>/dev/null | head -1)
  admin=$(kith apikey create --name bench-admin --scopes admin --db "$db" 2>/dev/null | head -1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  nice dotnet "${tree[$v]}/src/Kith.Cli/bin/Release/net10.0/kith.dll" serve --db "$db" --urls "http://127.0.0.1:$port" --recompute-hours 0 > "$work/serve-$label.log" 2>&1 &
  server=$!
  for _ in $(seq 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
  # At start the server trains the models and loads the segment profiles of every customer (seconds of CPU each):
  # let them finish first.
  for _ in $(seq 1200); do grep -q "Recommendations trained" "$work/serve-$label.log" && break; sleep 0.5; done
  for _ in $(seq 240); do grep -q "Segment profiles of" "$work/serve-$label.log" && break; sleep 0.5; done
  local trained before after
  trained=$(grep -o "Recommendations trained.*" "$work/serve-$label.log" | head -1)
  before=$(cut -d' ' -f1-3 /proc/loadavg)
  nice dotnet run --no-build -c Release "${tree[$v]}/bench/recs-api/load.cs" -- "http://127.0.0.1:$port" "$db" "$reader" "$admin" "$server" \
    "$rate" "$duration" "$concurrency" "$maxcount" "$session" "$label" "$work/serve-$label.log" > "$work/$label.json"
  after=$(cut -d' ' -f1-3 /proc/loadavg)
  kill "$server"; wait "$server" 2>/dev/null || true
  python3 - "$work/$label.json" "$store" "$v" "$r" "$before" "$after" "$trained" >> "$work/results.jsonl" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
r.update(store=sys.argv[2], variant=sys.argv[3], round=int(sys.argv[4]), loadBefore=sys.argv[5], loadAfter=sys.argv[6], trained=sys.argv[7])
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

stem="$root/bench/results/recs-api-$(date -u +%Y-%m-%d)"
for suffix in b c d e f g h; do [ -e "$stem.md" ] && stem="$root/bench/results/recs-api-$(date -u +%Y-%m-%d)$suffix"; done
report="$stem.md"
mkdir -p "$root/bench/results"
{
  echo "# Recommendation API benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`${BASELINE:+BASELINE=$BASELINE }${ROUNDS:+ROUNDS=$rounds }bench/recs-api/run.sh $n\` (RATE=$rate, DURATION=$duration, CONCURRENCY=$concurrency, MAXCOUNT=$maxcount, SESSION=$session) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version) SDK${pg_bin:+, PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')}; client (\`bench/recs-api/load.cs\`) and server (\`kith serve\`, Release) on the same machine, both \`nice\`d (niceness $(( $(nice) + 10 > 19 ? 19 : $(nice) + 10 )))."
  echo "Data: \`kith demo --customers $n\` (seed 42, with behaviour events): $counts; made in ${demo_seconds} s on SQLite, then the base tier row written by SQL for $tiers buyers (the rest by a first loyalty sweep; see run.sh: so that the sweeper's first pass does not run during the measurement)${pg_demo_seconds:+, ${pg_demo_seconds} s on PostgreSQL}. Before the load, $session customers get 3 fresh product views each (the last 20 minutes, through \`POST /api/v1/events/batch\`), so that those customers' requests find a session."
  echo "Mix (seeded, the same in every run): 60 % \`GET /api/v1/recommendations/customer/{id}?k=10\` of a random existing customer, half of them with \`&context=SKU\` of a random product; 10 % the same for an unknown customer id; 30 % \`GET /api/v1/recommendations/product/{sku}?k=10\` of a random product. Every answer checked: 200, 1..10 items, the status expected for the kind."
  [ -z "${BASELINE:-}" ] || echo "Baseline: commit $baseline_commit (\`$BASELINE\`), built from \`git archive\` with the same load program, measured in the same run before this tree on each store."
  echo
  python3 "$root/bench/recs-api/report.py" "$work/results.jsonl"
} | tee "$report"
cp "$work/results.jsonl" "$stem.jsonl"
rm -rf "$work"
