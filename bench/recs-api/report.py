"""Markdown tables from bench/recs-api/run.sh's results (one JSON object per measurement): per store, one column per
variant (the median over rounds), and current ÷ baseline when a baseline was measured."""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
KINDS = ["customer", "customer+context", "unknown customer", "product"]


def get(r, path):
    for part in path.split("."):
        if r is None:
            return None
        r = r.get(part)
    return r


def lat(phase, kind=None):
    base = f"{phase}.byKind.{kind}" if kind else phase
    return lambda r: tuple(get(r, f"{base}.{k}") for k in ("p50", "p95", "p99", "max"))


def cpu_per_request(r, phase, side):
    count = get(r, f"{phase}.count")
    cpu = get(r, f"{phase}.{side}CpuSeconds")
    return None if not count or cpu is None else 1000.0 * cpu / count


LAT = "{:.1f} / {:.1f} / **{:.1f}** / {:.1f}"
METRICS = [
    # (label, getter, format, higher is better)
    ("**the mix at the fixed rate**: achieved req/s", lambda r: get(r, "fixedRate.achievedPerSecond"), "{:,.0f}", True),
    ("the mix at the fixed rate: p50 / p95 / **p99** / max ms", lat("fixedRate"), LAT, False),
    ("the mix at the fixed rate: p99 from the scheduled start, ms", lambda r: get(r, "fixedRate.p99FromSchedule"), "{:.1f}", False),
] + [
    (f"fixed rate, {kind} ({{rate}}): p50 / p95 / p99 / max ms", lat("fixedRate", kind), LAT, False) for kind in KINDS
] + [
    ("server CPU per request, ms (fixed rate)", lambda r: cpu_per_request(r, "fixedRate", "server"), "{:.2f}", False),
    ("client CPU per request, ms (fixed rate)", lambda r: cpu_per_request(r, "fixedRate", "client"), "{:.2f}", False),
    ("**the mix at max throughput**: req/s", lambda r: get(r, "max.perSecond"), "{:,.0f}", True),
    ("the mix at max throughput: p50 / p95 / p99 / max ms", lat("max"), LAT, False),
] + [
    (f"max throughput, {kind} ({{max}}): p50 / p95 / p99 / max ms", lat("max", kind), LAT, False) for kind in KINDS
] + [
    ("server CPU per request, ms (max throughput)", lambda r: cpu_per_request(r, "max", "server"), "{:.2f}", False),
    ("client CPU per request, ms (max throughput)", lambda r: cpu_per_request(r, "max", "client"), "{:.2f}", False),
]


def fmt(f, v):
    if v is None or (isinstance(v, tuple) and any(x is None for x in v)):
        return ""
    return f.format(*v) if isinstance(v, tuple) else f.format(v)


def median(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    if isinstance(values[0], tuple):
        return tuple(statistics.median(x) for x in zip(*values))
    return statistics.median(values)


def first_of(v):
    return v[2] if isinstance(v, tuple) else v  # p99 for latency tuples


for store in dict.fromkeys(r["store"] for r in rows):
    mine = [r for r in rows if r["store"] == store]
    variants = list(dict.fromkeys(r["variant"] for r in mine))
    first = mine[0]
    print(f"### {'SQLite' if store == 'sqlite' else 'PostgreSQL'}")
    print()
    print(f"{first['customers']:,} customers, {first['products']:,} products, {first['sessionViewsPosted']:,} fresh views; "
          f"the mix at {first['rate']} req/s for {first['duration']} s, then {get(first, 'max.count'):,} requests with {first['concurrency']} in flight; k = {first['k']}. "
          f"Training at start: {first.get('trained') or '?'}.")
    print()
    header = "| | " + " | ".join(variants) + (" | current ÷ baseline |" if len(variants) > 1 else " |")
    print(header)
    print("| --- |" + " ---: |" * (len(variants) + (1 if len(variants) > 1 else 0)))
    for label, getter, f, higher in METRICS:
        label = label.replace("{rate}", f"{get(first, 'fixedRate.byKind.' + label.split(', ')[1].split(' (')[0] + '.perSecond') or 0:.0f}/s") \
            if "{rate}" in label else label
        if "{max}" in label:
            kind = label.split(", ")[1].split(" (")[0]
            label = label.replace("{max}", f"{get(first, 'max.byKind.' + kind + '.perSecond') or 0:,.0f}/s")
        values = {v: median([getter(r) for r in mine if r["variant"] == v]) for v in variants}
        cells = [fmt(f, values[v]) for v in variants]
        if len(variants) > 1:
            b, c = first_of(values.get("baseline")), first_of(values.get("current"))
            cells.append("" if not b or c is None else f"{c / b:.2f}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    failures = {}
    statuses = {}
    for r in mine:
        for phase in ("fixedRate", "max"):
            for k, n in (get(r, f"{phase}.failures") or {}).items():
                failures[k] = failures.get(k, 0) + n
        for k, n in (r.get("statuses") or {}).items():
            statuses[k] = statuses.get(k, 0) + n
    ok = sum(get(r, "fixedRate.ok") + get(r, "max.ok") for r in mine)
    total = sum(get(r, "fixedRate.count") + get(r, "max.count") for r in mine)
    print(f"Answers checked: {ok:,} of {total:,} as expected" + ("." if not failures else "; not as expected: " + ", ".join(f"{k} × {n}" for k, n in sorted(failures.items())) + "."))
    print("Statuses: " + ", ".join(f"{k} × {n:,}" for k, n in sorted(statuses.items())) + ".")
    print()
    print("Load average (1, 5, 15 min) before → after each measurement: " +
          "; ".join(f"{r['variant']} round {r['round']}: {r['loadBefore']} → {r['loadAfter']}" for r in mine) + ".")
    print()
