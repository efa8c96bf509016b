#!/usr/bin/env bash
# Customer-value benchmark (issue: customer value). In one run, on `kith demo --customers N` imported into
# SQLite and PostgreSQL:
#   1. `kith report value --json` on SQLite, end to end (process start, scan of the orders, RFM + scores +
#      groups + lifecycle + tiers, report);
#   2. the same RFM (recency, frequency, monetary, NTILE(5) scores) as one PostgreSQL query on the same data.
# Usage: bench/value/run.sh [N=1000000]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-1000000}
data=/tmp/kith-bench-$n
work=$(mktemp -d /tmp/kith-bench-value.XXXXXX)
asof=2026-11-01

dotnet build -c Release src/Kith.Cli -v q -nologo >/dev/null
kith() { dotnet "$root/src/Kith.Cli/bin/Release/net10.0/kith.dll" "$@"; }
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data" && mkdir -p "$data" && kith demo --customers "$n" --no-events --export "$data" && touch "$data/.complete"
fi

source scripts/pg-cluster.sh
seconds() { local s e; s=$(date +%s.%N); "$@" > "$work/last.out" 2>&1 || { cat "$work/last.out"; exit 1; }; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN{printf "%.2f", e-s}'; }
pg_psql -c "CREATE DATABASE kith_value_bench" >/dev/null
pgdb="$KITH_PG_URL;Database=kith_value_bench"; pgdb=${pgdb/Database=postgres;/}
for db in "$work/value.db" "$pgdb"; do
  for kind in products customers orders; do kith import "$kind" "$data/$kind.csv" --db "$db" >/dev/null; done
done
pg_psql -d kith_value_bench -c "VACUUM ANALYZE" >/dev/null

kith report value --as-of "$asof" --json --db "$work/value.db" > /dev/null # warm the file cache, as the query gets
t_kith=$(seconds kith report value --as-of "$asof" --json --db "$work/value.db")
cp "$work/last.out" "$work/report.json"
query="WITH b AS (
  SELECT customer_id, DATE '$asof' - max((paid_at AT TIME ZONE 'UTC')::date) AS recency, count(*) AS frequency, sum(total - refunded_amount) AS monetary
  FROM orders WHERE paid_at IS NOT NULL AND status NOT IN ('Cancelled', 'Refunded') AND (paid_at AT TIME ZONE 'UTC')::date <= DATE '$asof'
  GROUP BY customer_id),
s AS (SELECT customer_id, NTILE(5) OVER (ORDER BY recency DESC) AS r, NTILE(5) OVER (ORDER BY frequency) AS f, NTILE(5) OVER (ORDER BY monetary) AS m FROM b)
SELECT count(*), sum(r), sum(f), sum(m) FROM s"
pg_psql -d kith_value_bench -c "$query" >/dev/null # warm
t_pg=$(seconds pg_psql -d kith_value_bench -c "$query")

report="$root/bench/results/value-$(date -u +%Y-%m-%d).md"
mkdir -p "$root/bench/results"
{
  echo "# Customer-value benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`bench/value/run.sh $n\` on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version) SDK, PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')."
  echo "Data: \`kith demo --customers $n\`; as of $asof. Report: \`$(head -c 160 "$work/report.json")…\`"
  echo
  echo "| step | seconds |"
  echo "| --- | ---: |"
  echo "| \`kith report value --json\` on SQLite, end to end (RFM, scores, groups, lifecycle, tiers) | $t_kith |"
  echo "| PostgreSQL: RFM with NTILE(5) scores, one query (GROUP BY + window functions) | $t_pg |"
  echo
  echo "Kith ÷ PostgreSQL query: **$(awk -v a="$t_kith" -v b="$t_pg" 'BEGIN{printf "%.2f", a/b}')×** (target ≤ 0.25×); Kith end to end target ≤ 3 s."
} | tee "$report"
rm -rf "$work"
