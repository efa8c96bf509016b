#!/usr/bin/env bash
# Console benchmark (issue: console, "Performance"). On `kith demo --customers N` imported into a store, plus one
# heavy customer with 200 orders and 2,000 events, bench/console/measure.cs calls in-process what the console's
# interactive circuit calls (the pages load their data on the circuit, not in the prerender):
#   1. CustomerDirectory.SearchAsync for a mix of list queries (search box, filters, keyset paging), each kind
#      REPEAT times with values sampled from the store, after a warm-up; p50/p95/max per kind (target p95 ≤ 300 ms);
#   2. the customer 360 page of the heavy customer: CustomerProfiles.LoadAsync alone, and load + render of the
#      Customer360 component to its render tree by an interactive renderer (target ≤ 500 ms).
# Usage: bench/console/run.sh [N=1000000] [REPEAT=60]    (STORES="sqlite postgres" to add PostgreSQL; default sqlite)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-1000000}
repeat=${2:-60}
data=/tmp/kith-bench-$n
stores=/tmp/kith-bench-console-$n # the imported SQLite store is kept for reruns (import: minutes; measure: seconds)
work=$(mktemp -d /tmp/kith-bench-console.XXXXXX)
heavy=BENCH-HEAVY-1

dotnet build -c Release src/Kith.Cli -v q -nologo >/dev/null
kith() { dotnet "$root/src/Kith.Cli/bin/Release/net10.0/kith.dll" "$@"; }
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data" && mkdir -p "$data" && kith demo --customers "$n" --no-events --export "$data" && touch "$data/.complete"
fi
dotnet build bench/console/measure.cs -c Release -v q -nologo >/dev/null

# The heavy customer: 200 orders of 2 lines over two years, 2,000 behaviour events, as Kith CSV.
python3 - "$data/products.csv" "$work" "$heavy" <<'PY'
import csv, sys, datetime as dt
products, out, heavy = sys.argv[1], sys.argv[2], sys.argv[3]
skus = [r["sku"] for r in csv.DictReader(open(products, encoding="utf-8"))][:200]
start = dt.datetime(2024, 11, 1, tzinfo=dt.timezone.utc)
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
with open(f"{out}/heavy-customers.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["external_id", "name", "phone", "email", "registered_at", "source_channel", "consent_email", "consent_sms"])
    w.writerow([heavy, "王秀英", "+8613900000001", "heavy.customer@example.com", iso(start), "app", "true", "true"])
with open(f"{out}/heavy-orders.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["order_id", "customer_id", "status", "currency", "discount", "shipping_fee", "channel", "placed_at", "paid_at",
                "shipped_at", "delivered_at", "completed_at", "sku", "quantity", "unit_price", "line_discount"])
    for i in range(200):
        t = start + dt.timedelta(hours=87 * i + 5)
        steps = [iso(t), iso(t + dt.timedelta(minutes=3)), iso(t + dt.timedelta(days=1)), iso(t + dt.timedelta(days=3)), iso(t + dt.timedelta(days=10))]
        for line in range(2):
            w.writerow([f"{heavy}-O{i:03}", heavy, "completed", "CNY", "10", "0", "app", *steps, skus[(i * 2 + line) % len(skus)], 1 + line, "129.9", "0"])
with open(f"{out}/heavy-events.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["event_id", "type", "occurred_at", "customer_id", "sku"])
    types = ["view_product", "view_product", "view_product", "search", "add_to_cart", "favourite", "app_open"]
    for i in range(2000):
        kind = types[i % len(types)]
        w.writerow([f"{heavy}-E{i:04}", kind, iso(start + dt.timedelta(minutes=523 * i + 7)), heavy,
                    skus[i % len(skus)] if kind in ("view_product", "add_to_cart", "favourite") else ""])
PY

prepare() { # $1: store; imports the demo data, the heavy customer and recomputes the values
  for kind in products customers orders; do kith import "$kind" "$data/$kind.csv" --db "$1" >/dev/null; done
  kith import customers "$work/heavy-customers.csv" --db "$1" >/dev/null
  kith import orders "$work/heavy-orders.csv" --db "$1" >/dev/null
  kith import events "$work/heavy-events.csv" --db "$1" >/dev/null
  kith recompute --db "$1" >/dev/null
}

declare -A result counts
for store in ${STORES:-sqlite}; do
  if [ "$store" = sqlite ]; then
    db="$stores/store.db"
    if [ ! -f "$stores/.complete" ]; then
      rm -rf "$stores" && mkdir -p "$stores" && prepare "$db" && touch "$stores/.complete"
    fi
  else
    source scripts/pg-cluster.sh
    pg_psql -c "CREATE DATABASE kith_console_bench" >/dev/null
    db="$KITH_PG_URL;Database=kith_console_bench"; db=${db/Database=postgres;/}
    prepare "$db"
    pg_psql -d kith_console_bench -c "VACUUM ANALYZE" >/dev/null
  fi
  counts[$store]=$(kith stats --json --db "$db")
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  dotnet run --no-build -c Release bench/console/measure.cs -- "$db" "$heavy" "$repeat" > "$work/$store.md"
  result[$store]="$(cat "$work/$store.md")"$'\n\n'"Load average (1, 5, 15 min) before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)."
done

report="$root/bench/results/console-$(date -u +%Y-%m-%d).md"
mkdir -p "$root/bench/results"
{
  echo "# Console benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Command: \`bench/console/run.sh $n $repeat\` on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version) SDK; measured in-process (no HTTP, no browser)."
  echo "Data: \`kith demo --customers $n --no-events\` plus \`$heavy\` (200 orders, 2,000 events), values recomputed (\`kith recompute\`)."
  echo "Times are server side: one \`CustomerDirectory.SearchAsync\` call per list query (rows, their values and paid orders, the capped count; not the audit line a PII-viewing role adds); for the 360 page, \`CustomerProfiles.LoadAsync\` and the page component rendered to its render tree by an interactive renderer (not the serialisation of the batch to the browser)."
  for store in ${STORES:-sqlite}; do
    echo
    echo "## $store"
    echo
    echo "Counts: \`${counts[$store]}\`"
    echo
    echo "${result[$store]}"
  done
} | grep -v '^[A-Z0-9_]*=' | tee "$report"
for store in ${STORES:-sqlite}; do echo "$store: $(grep '^[A-Z0-9_]*=' <<< "${result[$store]}" | tr '\n' ' ')"; done
rm -rf "$work"
