#!/usr/bin/env bash
# API ingestion benchmark (issue: foundation). For SQLite and then PostgreSQL: a store holding the customers
# and products of `kith demo --customers N`, `kith serve` on it, and post-events.cs posting COUNT events to
# POST /api/v1/events/batch (10,000 per request, 4 in flight). Prints events/s per store.
# Usage: bench/api/run.sh [COUNT=1000000] [N=100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
count=${1:-1000000}
n=${2:-100000}
data=/tmp/kith-bench-api-$n
work=$(mktemp -d /tmp/kith-bench-api.XXXXXX)

dotnet build -c Release src/Kith.Cli -v q -nologo >/dev/null
kith() { dotnet "$root/src/Kith.Cli/bin/Release/net10.0/kith.dll" "$@"; }
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data" && kith demo --customers "$n" --no-events --export "$data" >/dev/null && touch "$data/.complete"
fi
dotnet build bench/api/post-events.cs -c Release -v q -nologo >/dev/null

source scripts/pg-cluster.sh
pg_psql -c "CREATE DATABASE kith_api_bench" >/dev/null
pgdb="$KITH_PG_URL;Database=kith_api_bench"
declare -A result
for store in ${STORES:-sqlite postgres}; do
  db=$([ "$store" = sqlite ] && echo "$work/api.db" || echo "${pgdb/Database=postgres;/}")
  kith import products "$data/products.csv" --db "$db" >/dev/null
  kith import customers "$data/customers.csv" --db "$db" >/dev/null
  key=$(kith apikey create --name bench --scopes ingest --db "$db" | grep -o 'kith_[A-Za-z0-9_-]*' | head -1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  kith serve --db "$db" --urls "http://127.0.0.1:$port" > "$work/serve-$store.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
  result[$store]=$(dotnet run --no-build -c Release bench/api/post-events.cs -- "http://127.0.0.1:$port" "$key" "$data" "$count")
  kill "$server"; wait "$server" 2>/dev/null || true
  echo "$store: ${result[$store]}"
done

report="$root/bench/results/api-$(date -u +%Y-%m-%d).md"
mkdir -p "$root/bench/results"
{
  echo "# API ingestion benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`bench/api/run.sh $count $n\` on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version) SDK, PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'); client and server on the same machine."
  echo "Store: customers and products of \`kith demo --customers $n\`; $count events posted to \`POST /api/v1/events/batch\`, 10,000 per request, 4 requests in flight."
  echo
  echo "| store | result |"
  echo "| --- | --- |"
  for store in sqlite postgres; do echo "| $store | \`${result[$store]}\` |"; done
} | tee "$report"
rm -rf "$work"
