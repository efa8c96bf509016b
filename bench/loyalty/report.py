"""Markdown tables from bench/loyalty/run.sh's results (one JSON object per measurement): per store, one column per
variant (the median over rounds), and current ÷ baseline when a baseline was measured."""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]


def get(r, path):
    for part in path.split("."):
        if r is None:
            return None
        r = r.get(part)
    return r


def per_pair(r, side):
    p = r.get("pairs") or {}
    cpu = p.get(f"{side}CpuSeconds")
    return None if cpu is None else 1000.0 * cpu / p["count"]


def per_call(r, *phases, client=False):
    """CPU milliseconds per request of each phase (server's, or this client's for in-process phases)."""
    side = "clientCpuSeconds" if client else "serverCpuSeconds"
    values = tuple(1000.0 * get(r, f"{p}.{side}") / get(r, f"{p}.count") if get(r, p) else None for p in phases)
    return values if len(values) > 1 else values[0]


METRICS = [
    # (label, getter, format, higher is better)
    ("**reserve+commit pairs/s** (HTTP, distinct codes)", lambda r: get(r, "pairs.perSecond"), "{:,.0f}", True),
    ("HTTP calls/s in those pairs", lambda r: get(r, "pairs.callsPerSecond"), "{:,.0f}", True),
    ("reserve latency in the pairs, p50 / p99 ms", lambda r: (get(r, "pairs.reserveMs.p50"), get(r, "pairs.reserveMs.p99")), "{:.1f} / {:.1f}", False),
    ("commit latency in the pairs, p50 / p99 ms", lambda r: (get(r, "pairs.commitMs.p50"), get(r, "pairs.commitMs.p99")), "{:.1f} / {:.1f}", False),
    ("reserves alone, calls/s", lambda r: get(r, "reservesAlone.perSecond"), "{:,.0f}", True),
    ("commits alone, calls/s", lambda r: get(r, "commitsAlone.perSecond"), "{:,.0f}", True),
    ("reserve+commit pairs/s in-process (CouponRedemptions, no HTTP)", lambda r: get(r, "inProcessPairs.perSecond"), "{:,.0f}", True),
    ("server CPU per pair, ms (pairs phase)", lambda r: per_pair(r, "server"), "{:.2f}", False),
    ("client CPU per pair, ms (pairs phase)", lambda r: per_pair(r, "client"), "{:.2f}", False),
    ("server CPU per reserve / per commit, ms (phases alone)", lambda r: per_call(r, "reservesAlone", "commitsAlone"), "{:.2f} / {:.2f}", False),
    ("CPU per in-process pair, ms (the data layer and, on SQLite, the store)", lambda r: per_call(r, "inProcessPairs", client=True), "{:.2f}", False),
    ("**validate at the fixed rate**: achieved req/s", lambda r: get(r, "validateFixedRate.achievedPerSecond"), "{:,.0f}", True),
    ("validate at the fixed rate: p50 / p95 / **p99** / max ms", lambda r: tuple(get(r, f"validateFixedRate.{k}") for k in ("p50", "p95", "p99", "max")), "{:.1f} / {:.1f} / **{:.1f}** / {:.1f}", False),
    ("validate at the fixed rate: p99 from the scheduled start, ms", lambda r: get(r, "validateFixedRate.p99FromSchedule"), "{:.1f}", False),
    ("validate at max throughput: req/s", lambda r: get(r, "validateMax.perSecond"), "{:,.0f}", True),
    ("validate at max throughput: p50 / p95 / p99 ms", lambda r: tuple(get(r, f"validateMax.{k}") for k in ("p50", "p95", "p99")), "{:.1f} / {:.1f} / {:.1f}", False),
    ("server CPU per validate, ms (max-throughput phase)", lambda r: per_call(r, "validateMax"), "{:.2f}", False),
    ("issue one code to each customer through the API, s", lambda r: get(r, "issueToCustomersSeconds"), "{:.1f}", False),
    ("**bulk generation** in-process (`CouponIssuer.GenerateAsync`), s", lambda r: get(r, "generateInProcess.seconds"), "{:.2f}", False),
    ("bulk generation through `POST …/issue {count}`, s", lambda r: get(r, "generateHttp.seconds"), "{:.2f}", False),
    ("of which drawing the codes (`CouponCodes.Generate`), s", lambda r: get(r, "drawCodesSeconds"), "{:.2f}", False),
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


for store in dict.fromkeys(r["store"] for r in rows):
    mine = [r for r in rows if r["store"] == store]
    variants = list(dict.fromkeys(r["variant"] for r in mine))
    first = mine[0]
    gen = get(first, "generateInProcess.codes")
    print(f"### {'SQLite' if store == 'sqlite' else 'PostgreSQL'}")
    print()
    print(f"{first['customers']:,} customers and codes; {first['pairCount']:,} codes per redemption phase, {first['concurrency']} requests in flight; "
          f"validate at {first['rate']} req/s; bulk generation of {gen:,} codes." if gen else "")
    print()
    head = "| | " + " | ".join(variants) + (" | current ÷ baseline |" if "baseline" in variants else " |")
    print(head)  # for "a / b / c" cells the ratio is of the last figure
    print("| --- |" + " ---: |" * (len(variants) + (1 if "baseline" in variants else 0)))
    for label, getter, f, _ in METRICS:
        values = {v: median([getter(r) for r in mine if r["variant"] == v]) for v in variants}
        cells = [fmt(f, values[v]) for v in variants]
        if "baseline" in variants:
            b, c = values.get("baseline"), values.get("current")
            if isinstance(b, tuple):
                b, c = (b[-1] if b else None), (c[-1] if c else None)
            cells.append(f"{c / b:.2f}×" if b and c else "")
        print(f"| {label} | " + " | ".join(cells) + " |")
    runs = "; ".join(f"{r['variant']} round {r['round']}: {r['loadBefore']} → {r['loadAfter']}" for r in mine)
    checks = all(get(r, "correctness.ok") for r in mine)
    print()
    print(f"Correctness ({'passed' if checks else '**FAILED**'} in every run): every redeemed code used exactly once "
          f"({', '.join(str(get(r, 'correctness.committedRows')) + ' committed rows on ' + str(get(r, 'correctness.distinctCodesCommitted')) + ' codes' for r in mine)}), "
          f"sum of uses equal; replays of a reserve with the same Idempotency-Key answered the same with no second effect; "
          f"a used code reserved for another order refused `already_used` ({', '.join(str(get(r, 'correctness.secondUseRefusedAlreadyUsed')) for r in mine)} of 200); "
          f"no other refusal. Codes all distinct after generation: {all(get(r, 'generateHttp.allCodesDistinct') for r in mine if get(r, 'generateHttp'))}.")
    for r in mine:
        for failure in get(r, "correctness.failures") or []:
            print(f"- {r['variant']} round {r['round']}: {failure}")
    print()
    print(f"Load average (1, 5, 15 min) before → after each measurement: {runs}.")
    print()
