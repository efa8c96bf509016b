#!/usr/bin/env bash
# Segments benchmark (issue: Segments, "Performance"). On `kith demo --customers N --export` WITH behaviour events
# (1M customers: ~4.8M orders, ~23M events), imported into a SQLite store and into PostgreSQL, values recomputed
# and preference tags computed as of the demo's "today" (AS_OF, default 2026-11-01), bench/segments/measure.cs
# calls in-process:
#   1. SegmentProfilesLoader.LoadAsync once, cold: time per table, memory;
#   2. live count, warm, of `lifecycle = "active" and orders >= 2 and events("view_product", 7d) >= 3` REPEAT times
#      (p50/p95/max; target ≤ 200 ms), each of its clauses, and the SPEC examples;
#   3. the same rule as SQL (SegmentSql.Compile(...).SelectCount) on SQLite and on PostgreSQL, p50, counts checked;
#   4. 50 saved dynamic segments: first materialisation, then SegmentMaterializer.MaterializeAllAsync again on a
#      freshly loaded snapshot (target ≤ 10 s), and on the next day's snapshot.
# Usage: bench/segments/run.sh [N=1000000] [REPEAT=30]   (STORES=sqlite to skip PostgreSQL; default "sqlite postgres")
# The prepared stores are kept for reruns (import: tens of minutes; measure: minutes): the SQLite store in
# /tmp/kith-bench-seg-store[-N], the PostgreSQL cluster in /tmp/kith-bench-seg-pg[-N]. Delete them after a schema change.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-1000000}
repeat=${2:-30}
as_of=${AS_OF:-2026-11-01}
suffix=$([ "$n" = 1000000 ] && echo "" || echo "-$n")
data=/tmp/kith-bench-seg-$n
stores=/tmp/kith-bench-seg-store$suffix
pg_keep=/tmp/kith-bench-seg-pg$suffix
work=$(mktemp -d /tmp/kith-bench-seg.XXXXXX)

nice dotnet build -c Release src/Kith.Cli -v q -nologo >/dev/null
kith() { nice dotnet "$root/src/Kith.Cli/bin/Release/net10.0/kith.dll" "$@"; }
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data" && mkdir -p "$data" && kith demo --customers "$n" --as-of "$as_of" --export "$data" && touch "$data/.complete"
fi
nice dotnet build bench/segments/measure.cs -c Release -v q -nologo >/dev/null

timed() { # $1: log file, $2: step name, rest: command; appends "step: seconds" to the log
  local log=$1 step=$2; shift 2
  local start=$(date +%s.%N)
  "$@" >/dev/null
  echo "$step: $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f') s" | tee -a "$log"
}

# Events are loaded with the database's own bulk loader, not `kith import events`, which writes ~4–20k events/s
# on this shared machine (an hour or more for 23M): the CSV goes into a staging table (sqlite3 .import / psql
# \copy), then one INSERT … SELECT resolves customers, products and orders by their external ids as `kith import`
# does — the same rows (checked on a 20k-customer store: same count and column sums as `kith import`), properties
# as sent, received_at = now. EVENTS=import uses `kith import events` instead.
sqlite_copy_events() { # $1: store file, $2: events.csv
  nice sqlite3 "$1" <<SQL
.bail on
PRAGMA busy_timeout = 60000;
DROP TABLE IF EXISTS bench_events_csv;
CREATE TABLE bench_events_csv (event_id TEXT, type TEXT, occurred_at TEXT, customer_id TEXT, sku TEXT, order_id TEXT, properties TEXT);
.mode csv
.import --skip 1 $2 bench_events_csv
BEGIN;
INSERT INTO events (event_id, type, occurred_at, customer_id, product_id, order_id, properties, received_at)
SELECT s.event_id, s.type,
       unixepoch(substr(s.occurred_at, 1, 19)) * 1000000
         + CASE WHEN substr(s.occurred_at, 20, 1) = '.' THEN CAST(substr(rtrim(substr(s.occurred_at, 21), 'Z') || '000000', 1, 6) AS INTEGER) ELSE 0 END,
       c.id, p.id, o.id, NULLIF(s.properties, ''), CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)
FROM bench_events_csv s JOIN customers c ON c.external_id = s.customer_id
LEFT JOIN products p ON p.sku = NULLIF(s.sku, '') LEFT JOIN orders o ON o.external_id = NULLIF(s.order_id, '');
COMMIT;
DROP TABLE bench_events_csv;
SQL
}

pg_copy_events() { # $1: database name, $2: events.csv
  pg_psql -d "$1" <<SQL
CREATE UNLOGGED TABLE bench_events_csv (event_id text, type text, occurred_at timestamptz, customer_id text, sku text, order_id text, properties text);
\\copy bench_events_csv FROM '$2' WITH (FORMAT csv, HEADER true)
INSERT INTO events (event_id, type, occurred_at, customer_id, product_id, order_id, properties, received_at)
SELECT s.event_id, s.type, s.occurred_at, c.id, p.id, o.id, s.properties, now()
FROM bench_events_csv s JOIN customers c ON c.external_id = s.customer_id
LEFT JOIN products p ON p.sku = s.sku LEFT JOIN orders o ON o.external_id = s.order_id;
DROP TABLE bench_events_csv;
SQL
}

prepare() { # $1: store, $2: log of step times, $3: data directory, $4: sqlite | pg
  local dir=$(dirname "$2")
  for kind in products customers orders; do timed "$2" "kith import $kind" kith import "$kind" "$3/$kind.csv" --db "$1"; done
  if [ "${EVENTS:-copy}" = import ]; then
    timed "$2" "kith import events" kith import events "$3/events.csv" --db "$1"
  elif [ "$4" = sqlite ]; then
    timed "$2" "events: staging table + INSERT … SELECT" sqlite_copy_events "$1" "$3/events.csv"
  else
    timed "$2" "events: staging table + INSERT … SELECT" pg_copy_events kith_seg_bench "$3/events.csv"
  fi
  timed "$2" "kith recompute --as-of $as_of" kith recompute --as-of "$as_of" --db "$1"
  timed "$2" "kith tag refresh" kith tag refresh --db "$1"
}

db="$stores/store.db"
if [ ! -f "$stores/.complete" ]; then
  rm -rf "$stores" && mkdir -p "$stores" && prepare "$db" "$stores/prepare.log" "$data" sqlite && touch "$stores/.complete"
fi
counts=$(kith stats --json --db "$db")

# PostgreSQL: the first PG_CUSTOMERS customers (default all) with their orders and events — loading all of a
# 1M-customer store into PostgreSQL takes longer than this machine gives a run. The demo's files are in customer order.
pg_db=-
pg_counts=""
pg_n=${PG_CUSTOMERS:-$n}
if [[ " ${STORES:-sqlite postgres} " == *" postgres "* ]]; then
  pg_data=$data
  if [ "$pg_n" != "$n" ]; then
    pg_data=$data/first-$pg_n; pg_keep=$pg_keep-first-$pg_n
    if [ ! -f "$pg_data/.complete" ]; then
      mkdir -p "$pg_data" && cp "$data/products.csv" "$pg_data/"
      head -n $((pg_n + 1)) "$data/customers.csv" > "$pg_data/customers.csv"
      last=$(tail -n 1 "$pg_data/customers.csv" | cut -d, -f1)
      awk -F, -v last="$last" 'NR == 1 { print; next } $2 > last { exit } { print }' "$data/orders.csv" > "$pg_data/orders.csv"
      awk -F, -v last="$last" 'NR == 1 { print; next } $4 > last { exit } { print }' "$data/events.csv" > "$pg_data/events.csv"
      touch "$pg_data/.complete"
    fi
  fi
  KITH_PG_DIR=$pg_keep source scripts/pg-cluster.sh
  pg_db="$KITH_PG_URL;Database=kith_seg_bench"; pg_db=${pg_db/Database=postgres;/}
  if [ ! -f "$pg_keep/.complete" ]; then
    pg_psql -c "DROP DATABASE IF EXISTS kith_seg_bench" >/dev/null 2>&1
    pg_psql -c "CREATE DATABASE kith_seg_bench" >/dev/null
    rm -f "$pg_keep/prepare.log"
    prepare "$pg_db" "$pg_keep/prepare.log" "$pg_data" pg
    timed "$pg_keep/prepare.log" "VACUUM ANALYZE" pg_psql -d kith_seg_bench -c "VACUUM ANALYZE"
    touch "$pg_keep/.complete"
  fi
  pg_counts=$(kith stats --json --db "$pg_db")
fi
[ -z "${PREPARE_ONLY:-}" ] || exit 0

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
nice dotnet run --no-build -c Release bench/segments/measure.cs -- "$db" "$pg_db" "$repeat" "$as_of" > "$work/result.md"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

report="$root/bench/results/segments-$(date -u +%Y-%m-%d).md"
mkdir -p "$root/bench/results"
{
  echo "# Segments benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`bench/segments/run.sh $n $repeat\` on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version) SDK${pg_bin:+, PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')}; measured in-process (\`bench/segments/measure.cs\`), as of $as_of (UTC)."
  echo "Data: \`kith demo --customers $n --export\` (with behaviour events) imported with \`kith import\`, then \`kith recompute --as-of $as_of\` and \`kith tag refresh\`."
  echo
  echo "SQLite counts: \`$counts\`"
  [ -z "$pg_counts" ] || { echo; echo "PostgreSQL counts: \`$pg_counts\`$([ "$pg_n" = "$n" ] || echo " — the first $pg_n customers of the same data with their orders and events (PG_CUSTOMERS=$pg_n)")"; }
  echo
  echo "Preparation (once; the stores are kept for reruns), seconds:"
  echo
  echo "| step | SQLite | PostgreSQL |"
  echo "| --- | ---: | ---: |"
  while IFS= read -r line; do
    step=${line%%: *}
    pg=$(grep -F "$step: " "$pg_keep/prepare.log" 2>/dev/null | head -1 | sed 's/.*: //; s/ s$//' || true)
    echo "| \`$step\` | $(sed 's/.*: //; s/ s$//' <<< "$line") | $pg |"
  done < "$stores/prepare.log"
  grep -F "VACUUM" "$pg_keep/prepare.log" 2>/dev/null | sed 's/\(.*\): \(.*\) s/| `\1` | | \2 |/' || true
  if [ "${EVENTS:-copy}" != import ]; then
    echo
    echo "Events were loaded by the database's own bulk loader (sqlite3 \`.import\` / psql \`\\copy\` into a staging table, then one INSERT … SELECT resolving customers, products and orders by external id — the same rows as \`kith import events\`), because \`kith import events\` wrote only ~4–20k events/s on this shared machine."
  fi
  echo
  grep -v '^[A-Z0-9_]*=' "$work/result.md"
  echo "Load average (1, 5, 15 min) before: $load_before; after: $load_after (2 cores shared with other sessions)."
} | tee "$report"
grep '^[A-Z0-9_]*=' "$work/result.md" | tr '\n' ' '; echo
rm -rf "$work"
