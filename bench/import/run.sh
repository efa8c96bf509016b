#!/usr/bin/env bash
# Import benchmark (issue: foundation). In one run:
#   1. kith demo --customers N --export DIR            (once; reused if DIR already holds it)
#   2. kith import of products, customers, orders into a fresh SQLite file (events are the API benchmark's)
#   3. the same into a fresh PostgreSQL database (throwaway cluster on 127.0.0.1)
#   4. PostgreSQL's own \copy of the same orders.csv into an unindexed table: the floor
# and prints the times and the ratios orders-import / \copy.
# Usage: bench/import/run.sh [N=1000000] [DIR=/tmp/kith-bench-N]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-1000000}
data=${2:-/tmp/kith-bench-$n}
work=$(mktemp -d /tmp/kith-bench-run.XXXXXX)

dotnet build -c Release src/Kith.Cli -v q -nologo >/dev/null
kith() { dotnet "$root/src/Kith.Cli/bin/Release/net10.0/kith.dll" "$@"; }

if [ ! -f "$data/.complete" ]; then  # a generation cut short is redone, never measured
  rm -rf "$data" && mkdir -p "$data"
  kith demo --customers "$n" --no-events --export "$data"
  touch "$data/.complete"
fi
orders_rows=$(($(wc -l < "$data/orders.csv") - 1))
echo "data: $data ($n customers, $orders_rows order-line rows, $(du -sh "$data" | cut -f1))"

source scripts/pg-cluster.sh
seconds() { local s e; s=$(date +%s.%N); "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN{printf "%.1f", e-s}'; }

declare -A t
# SQLite
db="$work/bench.db"
kith stats --db "$db" >/dev/null
for kind in products customers orders; do
  t[sqlite_$kind]=$(seconds kith import "$kind" "$data/$kind.csv" --db "$db")
done
sqlite_counts=$(kith stats --db "$db" --json)

# PostgreSQL
pg_psql -c "CREATE DATABASE kith_bench" >/dev/null
pgdb="$KITH_PG_URL;Database=kith_bench"
pgdb=${pgdb/Database=postgres;/}
kith stats --db "$pgdb" >/dev/null
for kind in products customers orders; do
  t[pg_$kind]=$(seconds kith import "$kind" "$data/$kind.csv" --db "$pgdb")
done
pg_counts=$(kith stats --db "$pgdb" --json)

# The floor: \copy of the same orders file into an unindexed table with typed columns.
cols=$(head -1 "$data/orders.csv" | tr -d '\r' | tr ',' '\n' | while read -r c; do
  case "$c" in
    total|discount|shipping_fee|refunded_amount|unit_price|line_discount) echo "$c numeric,";;
    item_count|quantity) echo "$c integer,";;
    *_at) echo "$c timestamptz,";;
    *) echo "$c text,";;
  esac; done | tr -d '\n' | sed 's/,$//')
pg_psql -d kith_bench -c "CREATE UNLOGGED TABLE copy_floor ($cols)" >/dev/null
pg_psql -d kith_bench -c "ALTER TABLE copy_floor SET LOGGED" >/dev/null
t[copy]=$(seconds pg_psql -d kith_bench -c "\\copy copy_floor FROM '$data/orders.csv' WITH (FORMAT csv, HEADER true)")

ratio() { awk -v a="$1" -v b="${t[copy]}" 'BEGIN{printf "%.2f", a/b}'; }
report="$root/bench/results/import-$(date -u +%Y-%m-%d).md"
mkdir -p "$root/bench/results"
{
  echo "# Import benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`bench/import/run.sh $n\` on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version) SDK, PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')."
  echo "Data: \`kith demo --customers $n --export\` → $orders_rows order-line rows in orders.csv ($(du -h "$data/orders.csv" | cut -f1))."
  echo
  echo "| step | SQLite s | PostgreSQL s |"
  echo "| --- | ---: | ---: |"
  for kind in products customers orders; do echo "| kith import $kind | ${t[sqlite_$kind]} | ${t[pg_$kind]} |"; done
  echo "| \\\\copy orders.csv into an unindexed table (floor) | | ${t[copy]} |"
  echo
  echo "Orders import / \\\\copy: SQLite **$(ratio "${t[sqlite_orders]}")×** (target ≤ 1.5×), PostgreSQL **$(ratio "${t[pg_orders]}")×** (target ≤ 1.2×)."
  echo
  echo "Counts: SQLite \`$sqlite_counts\`, PostgreSQL \`$pg_counts\`."
} | tee "$report"
rm -rf "$work"
