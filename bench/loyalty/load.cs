// Load program for the loyalty benchmark (bench/loyalty/run.sh, issue 8). Against a running `kith serve` on a store
// holding N customers and nothing else of loyalty, it:
//   0. creates the offer "满300减50" and issues one single-use code to every customer through the API (admin key),
//      then reads the codes and their owners back from the store;
//   1. warms up (validate + reserve/commit on codes of their own);
//   2. validate at a fixed RATE/s (open loop, DURATION s): latency p50/p95/p99/max;
//   3. validate at max throughput, CONCURRENCY in flight: requests/s and latency;
//   4. redemptions through HTTP: each of PAIRS distinct codes reserved, then committed (two calls, as a checkout
//      places and pays an order), CONCURRENCY checkouts in flight, with Idempotency-Key headers: pairs/s, calls/s;
//   5. the same split: PAIRS reserves alone, then their PAIRS commits alone: calls/s each;
//   6. the same reserve+commit pairs in-process (CouponRedemptions, no HTTP), CONCURRENCY in flight: what the store
//      and the data layer do without HTTP, authentication and JSON;
//   7. correctness: every redeemed code used exactly once (store counts), replays of the same Idempotency-Key
//      give the same answer and no second effect, a used code is refused (already_used) for another order;
//   8. bulk generation of GEN anonymous codes: CouponIssuer.GenerateAsync in-process, then the same count through
//      POST /api/v1/coupons/templates/{id}/issue; the codes are counted afterwards.
// CPU seconds of this process and of the server (from /proc/PID/stat) are recorded per phase: client and server
// share the machine's cores. Bodies are serialised before each phase's clock starts.
// Usage: dotnet run load.cs -- BASE_URL DB CHECKOUT_KEY ADMIN_KEY SERVER_PID [PAIRS=20000] [CONCURRENCY=32] [RATE=300]
//        [DURATION=20] [GEN=1000000] [LABEL=run]
// Prints one JSON object (the figures) on its last line; progress goes to stderr.
#:project ../../src/Kith.Data/Kith.Data.csproj
#:property PublishAot=false
#:property RootNamespace=Kith.Bench
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kith.Core.Loyalty.Coupons;
using Kith.Data.Loyalty;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
var baseUrl = args[0];
var storeArg = args[1];
var checkoutKey = args[2];
var adminKey = args[3];
var serverPid = int.Parse(args[4], CultureInfo.InvariantCulture);
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
var pairs = Arg(5, 20_000);
var concurrency = Arg(6, 32);
var rate = Arg(7, 300);
var duration = Arg(8, 20);
var gen = Arg(9, 1_000_000);
var label = args.Length > 10 ? args[10] : "run";
var ct = CancellationToken.None;
var result = new JsonObject { ["label"] = label, ["pairCount"] = pairs, ["concurrency"] = concurrency, ["rate"] = rate };
void Log(string s) => Console.Error.WriteLine($"[{label} {DateTime.UtcNow:HH:mm:ss}] {s}");

var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(concurrency, 64), PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var checkout = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
checkout.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", checkoutKey);
using var admin = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(20) };
admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);

var store = new KithStore(StoreLocation.Parse(storeArg));

// 0. The offer and one code per customer.
var sw = Stopwatch.StartNew();
var created = await PostJsonAsync(admin, "/api/v1/coupons/templates", new
{
    name = "满300减50", kind = "threshold", currency = "CNY", minSpend = 300m, amountOff = 50m,
    validFrom = DateTimeOffset.UtcNow.AddDays(-1), validTo = DateTimeOffset.UtcNow.AddYears(1),
}, HttpStatusCode.Created);
var templateId = created["id"]!.GetValue<long>();
List<string> customerIds;
await using (var db = store.CreateContext())
{
    customerIds = await db.Customers.OrderBy(c => c.Id).Select(c => c.ExternalId).ToListAsync(ct);
}

sw.Restart();
for (var i = 0; i < customerIds.Count; i += 10_000)
{
    await PostJsonAsync(admin, $"/api/v1/coupons/templates/{templateId}/issue", new { customerIds = customerIds.Skip(i).Take(10_000).ToList() }, HttpStatusCode.OK);
}

result["issueToCustomersSeconds"] = Math.Round(sw.Elapsed.TotalSeconds, 2);
result["customers"] = customerIds.Count;
List<(string Code, string Customer)> codes;
await using (var db = store.CreateContext())
{
    codes = (await db.CouponCodes.Where(c => c.TemplateId == templateId)
            .Join(db.Customers, c => c.CustomerId, cu => (long?)cu.Id, (c, cu) => new { c.Id, c.Code, cu.ExternalId })
            .OrderBy(x => x.Id).ToListAsync(ct))
        .Select(x => (x.Code, x.ExternalId)).ToList();
}

Log($"offer {templateId}, {codes.Count} codes issued in {result["issueToCustomersSeconds"]} s");
const int Warm = 1_000;
var validateCount = rate * duration;
var validateMax = Math.Max(pairs, 10_000);
var needed = Warm + 3 * pairs + validateCount + validateMax;
if (codes.Count < needed)
{
    throw new InvalidOperationException($"{codes.Count} codes, {needed} needed: more customers or fewer pairs");
}

// Code ranges: redeemed ones from the front, validated (never redeemed, so each answer is "valid") from the back.
var next = 0;
(int From, int To) Take(int n) => (next, next += n);
var warm = Take(Warm);
var httpPairs = Take(pairs);
var split = Take(pairs);
var inProcess = Take(pairs);
var validateRange = (From: codes.Count - validateCount - validateMax, To: codes.Count);

byte[] ValidateBody(int i) => JsonSerializer.SerializeToUtf8Bytes(new
{
    customerId = codes[i].Customer, code = codes[i].Code, orderId = $"V-{label}-{i}", currency = "CNY",
    lines = new[] { new { sku = "SKU-1", category = "shoes", unitPrice = 399.00m, quantity = 1 } },
    device = $"dev-{i}", ip = Ip(i),
});
byte[] ReserveBody(int i) => JsonSerializer.SerializeToUtf8Bytes(new
{
    action = "reserve", customerId = codes[i].Customer, code = codes[i].Code, orderId = $"O-{label}-{i}", currency = "CNY",
    lines = new[] { new { sku = "SKU-1", category = "shoes", unitPrice = 399.00m, quantity = 1 } },
    device = $"dev-{i}", ip = Ip(i),
});
byte[] CommitBody(int i) => JsonSerializer.SerializeToUtf8Bytes(new { action = "commit", code = codes[i].Code, orderId = $"O-{label}-{i}" });
// Shopper addresses as the checkout reports them (strings in the body, from the benchmarking range 198.18.0.0/15).
static string Ip(int i) => $"198.{18 + ((i >> 16) & 1)}.{(i >> 8) & 255}.{i & 255}";

var refusals = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);

async Task<(bool Ok, double Ms)> SendAsync(HttpClient client, string path, byte[] body, string? key)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    if (key is not null)
    {
        request.Headers.Add("Idempotency-Key", key);
    }

    var start = Stopwatch.GetTimestamp();
    using var response = await client.SendAsync(request, ct);
    var bytes = await response.Content.ReadAsByteArrayAsync(ct);
    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    var ok = false;
    string reason;
    try
    {
        using var doc = JsonDocument.Parse(bytes);
        ok = response.IsSuccessStatusCode && doc.RootElement.TryGetProperty("ok", out var o) && o.GetBoolean();
        reason = doc.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : $"http {(int)response.StatusCode}";
    }
    catch (JsonException)
    {
        reason = $"http {(int)response.StatusCode}";
    }

    if (!ok)
    {
        refusals.AddOrUpdate($"{path} {reason}", 1, (_, n) => n + 1);
    }

    return (ok, ms);
}

async Task<JsonObject> RunClosedAsync(string name, int count, Func<int, Task<bool>> one, int inFlight)
{
    var n = -1;
    var failed = 0;
    var cpu = Cpu();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
    {
        while (Interlocked.Increment(ref n) is var i && i < count)
        {
            if (!await one(i))
            {
                Interlocked.Increment(ref failed);
            }
        }
    })));
    clock.Stop();
    var used = Since(cpu);
    var phase = new JsonObject
    {
        ["count"] = count, ["failed"] = failed, ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
        ["perSecond"] = Math.Round(count / clock.Elapsed.TotalSeconds), ["clientCpuSeconds"] = Math.Round(used.Client, 1), ["serverCpuSeconds"] = Math.Round(used.Server, 1),
        ["load"] = LoadAverage(),
    };
    Log($"{name}: {phase.ToJsonString()}");
    return phase;
}

JsonObject Percentiles(double[] ms)
{
    Array.Sort(ms);
    double P(double p) => Math.Round(ms.Length == 0 ? 0 : ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(p * ms.Length) - 1)], 2);
    return new JsonObject { ["p50"] = P(0.50), ["p95"] = P(0.95), ["p99"] = P(0.99), ["max"] = P(1.0) };
}

// 1. Warm-up: the JIT, the connection pools and the store's caches.
Log("warm-up");
var warmBodies = Enumerable.Range(warm.From, Warm).Select(i => (V: ValidateBody(i), R: ReserveBody(i), C: CommitBody(i))).ToArray();
await RunClosedAsync("warm-up", Warm, async k =>
{
    var i = warm.From + k;
    var (v, _) = await SendAsync(checkout, "/api/v1/coupons/validate", warmBodies[k].V, null);
    var (r, _) = await SendAsync(checkout, "/api/v1/coupons/redeem", warmBodies[k].R, $"r-{label}-{i}");
    var (c, _) = await SendAsync(checkout, "/api/v1/coupons/redeem", warmBodies[k].C, $"c-{label}-{i}");
    return v && r && c;
}, Math.Min(concurrency, 16));

// 2. Validate at a fixed rate (open loop: requests start on schedule whatever the answers do).
{
    var bodies = Enumerable.Range(0, validateCount).Select(k => ValidateBody(validateRange.From + k)).ToArray();
    var lat = new double[validateCount];
    var late = new double[validateCount];
    var oks = 0;
    var tasks = new List<Task>(validateCount);
    var cpu = Cpu();
    var clock = Stopwatch.StartNew();
    for (var k = 0; k < validateCount; k++)
    {
        var due = TimeSpan.FromSeconds((double)k / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait, ct);
        }

        var kk = k;
        tasks.Add(Task.Run(async () =>
        {
            var startedLate = (clock.Elapsed - due).TotalMilliseconds;
            var (ok, ms) = await SendAsync(checkout, "/api/v1/coupons/validate", bodies[kk], null);
            lat[kk] = ms;
            late[kk] = Math.Max(0, startedLate) + ms;
            if (ok)
            {
                Interlocked.Increment(ref oks);
            }
        }));
    }

    await Task.WhenAll(tasks);
    clock.Stop();
    var used = Since(cpu);
    var phase = Percentiles(lat);
    phase["count"] = validateCount;
    phase["ok"] = oks;
    phase["achievedPerSecond"] = Math.Round(validateCount / clock.Elapsed.TotalSeconds);
    phase["p99FromSchedule"] = Percentiles(late)["p99"]!.DeepClone();
    phase["clientCpuSeconds"] = Math.Round(used.Client, 1);
    phase["serverCpuSeconds"] = Math.Round(used.Server, 1);
    phase["load"] = LoadAverage();
    result["validateFixedRate"] = phase;
    Log($"validate at {rate}/s: {phase.ToJsonString()}");
}

// 3. Validate at max throughput.
{
    var from = validateRange.From + validateCount;
    var bodies = Enumerable.Range(0, validateMax).Select(k => ValidateBody(from + k)).ToArray();
    var lat = new double[validateMax];
    var phase = await RunClosedAsync("validate max", validateMax, async k =>
    {
        var (ok, ms) = await SendAsync(checkout, "/api/v1/coupons/validate", bodies[k], null);
        lat[k] = ms;
        return ok;
    }, concurrency);
    foreach (var (k, v) in Percentiles(lat))
    {
        phase[k] = v!.DeepClone();
    }

    result["validateMax"] = phase;
}

// 4. Reserve then commit, per checkout.
{
    var bodies = Enumerable.Range(httpPairs.From, pairs).Select(i => (R: ReserveBody(i), C: CommitBody(i))).ToArray();
    var reserveMs = new double[pairs];
    var commitMs = new double[pairs];
    var phase = await RunClosedAsync("reserve+commit pairs", pairs, async k =>
    {
        var i = httpPairs.From + k;
        var (r, rms) = await SendAsync(checkout, "/api/v1/coupons/redeem", bodies[k].R, $"r-{label}-{i}");
        var (c, cms) = await SendAsync(checkout, "/api/v1/coupons/redeem", bodies[k].C, $"c-{label}-{i}");
        reserveMs[k] = rms;
        commitMs[k] = cms;
        return r && c;
    }, concurrency);
    phase["callsPerSecond"] = 2 * phase["perSecond"]!.GetValue<double>();
    phase["reserveMs"] = Percentiles(reserveMs);
    phase["commitMs"] = Percentiles(commitMs);
    result["pairs"] = phase;
}

// 5. Reserves alone, then commits alone.
{
    var reserves = Enumerable.Range(split.From, pairs).Select(ReserveBody).ToArray();
    var commits = Enumerable.Range(split.From, pairs).Select(CommitBody).ToArray();
    var rl = new double[pairs];
    var cl = new double[pairs];
    var r = await RunClosedAsync("reserves alone", pairs, async k =>
    {
        var (ok, ms) = await SendAsync(checkout, "/api/v1/coupons/redeem", reserves[k], $"r-{label}-{split.From + k}");
        rl[k] = ms;
        return ok;
    }, concurrency);
    foreach (var (k, v) in Percentiles(rl))
    {
        r[k] = v!.DeepClone();
    }

    var c = await RunClosedAsync("commits alone", pairs, async k =>
    {
        var (ok, ms) = await SendAsync(checkout, "/api/v1/coupons/redeem", commits[k], $"c-{label}-{split.From + k}");
        cl[k] = ms;
        return ok;
    }, concurrency);
    foreach (var (k, v) in Percentiles(cl))
    {
        c[k] = v!.DeepClone();
    }

    result["reservesAlone"] = r;
    result["commitsAlone"] = c;
}

// 6. The same pairs in-process: the data layer and the store without HTTP.
{
    var coupons = new CouponRedemptions(store, TimeProvider.System);
    var cart = new Cart("CNY", [new CartLine("SKU-1", "shoes", 399_00, 1)], 0);
    var phase = await RunClosedAsync("in-process pairs", pairs, async k =>
    {
        var i = inProcess.From + k;
        var (code, customer) = codes[i];
        var order = $"P-{label}-{i}";
        var r = await coupons.ReserveAsync(new CouponCheckout(customer, code, order, cart, $"dev-{i}", Ip(i)), null, $"r-{label}-{i}", ct);
        var c = await coupons.CommitAsync(code, order, $"c-{label}-{i}", ct);
        if (!r.Ok || !c.Ok)
        {
            refusals.AddOrUpdate($"in-process {r.Reason ?? c.Reason}", 1, (_, n) => n + 1);
        }

        return r.Ok && c.Ok;
    }, concurrency);
    result["inProcessPairs"] = phase;
}

// 7. Correctness.
{
    var redeemed = Warm + 3 * pairs;
    var sample = Enumerable.Range(httpPairs.From, Math.Min(200, pairs)).ToArray();
    var failures = new List<string>();
    // Replays: the same key and body give the same (stored) answer and change nothing.
    foreach (var i in sample)
    {
        var (ok, _) = await SendAsync(checkout, "/api/v1/coupons/redeem", ReserveBody(i), $"r-{label}-{i}");
        if (!ok)
        {
            failures.Add($"replay of reserve {i} refused");
        }
    }

    // A used code for another order: refused, already_used (the only refusals expected in the whole run).
    var alreadyUsed = 0;
    foreach (var i in sample)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            action = "reserve", customerId = codes[i].Customer, code = codes[i].Code, orderId = $"X-{label}-{i}", currency = "CNY",
            lines = new[] { new { sku = "SKU-1", category = "shoes", unitPrice = 399.00m, quantity = 1 } },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/coupons/redeem") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", $"x-{label}-{i}");
        using var response = await checkout.SendAsync(request, ct);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        if (response.StatusCode == HttpStatusCode.Conflict && json["reason"]?.GetValue<string>() == "already_used")
        {
            alreadyUsed++;
        }
        else
        {
            failures.Add($"second use of {i}: {(int)response.StatusCode} {json.ToJsonString()}");
        }
    }

    await using var db = store.CreateContext();
    var byStatus = await db.CouponRedemptions.Where(r => r.TemplateId == templateId).GroupBy(r => r.Status)
        .Select(g => new { g.Key, N = g.Count(), Codes = g.Select(r => r.CodeId).Distinct().Count() }).ToListAsync(ct);
    var committed = byStatus.SingleOrDefault(s => s.Key == CouponRedemptionRow.Committed);
    var uses = await db.CouponCodes.Where(c => c.TemplateId == templateId).SumAsync(c => (long)c.Uses, ct);
    var usedCodes = await db.CouponCodes.CountAsync(c => c.TemplateId == templateId && c.Uses == 1, ct);
    var overUsed = await db.CouponCodes.CountAsync(c => c.TemplateId == templateId && c.Uses > c.MaxUses, ct);
    if (committed is null || committed.N != redeemed || committed.Codes != redeemed || byStatus.Count != 1)
    {
        failures.Add($"redemptions by status: {JsonSerializer.Serialize(byStatus)}, expected {redeemed} committed on {redeemed} codes");
    }

    if (uses != redeemed || usedCodes != redeemed || overUsed != 0)
    {
        failures.Add($"code uses: sum {uses}, codes used once {usedCodes}, over the limit {overUsed}; expected {redeemed}");
    }

    // The only refusals allowed: the 200 deliberate second uses.
    var unexpected = refusals.Where(kv => !kv.Key.EndsWith(" already_used", StringComparison.Ordinal) || kv.Value != alreadyUsed).ToList();
    foreach (var kv in unexpected)
    {
        failures.Add($"refusal {kv.Key} × {kv.Value}");
    }

    result["correctness"] = new JsonObject
    {
        ["redeemed"] = redeemed, ["committedRows"] = committed?.N ?? 0, ["distinctCodesCommitted"] = committed?.Codes ?? 0, ["sumOfUses"] = uses,
        ["replaysOk"] = sample.Length - failures.Count(f => f.StartsWith("replay", StringComparison.Ordinal)), ["secondUseRefusedAlreadyUsed"] = alreadyUsed,
        ["failures"] = new JsonArray(failures.Select(f => (JsonNode)f).ToArray()), ["ok"] = failures.Count == 0,
    };
    Log($"correctness: {result["correctness"]!.ToJsonString()}");
}

// 8. Bulk generation.
if (gen > 0)
{
    var clock = Stopwatch.StartNew();
    var drawn = CouponCodes.Generate(gen);
    result["drawCodesSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
    GC.KeepAlive(drawn);
    drawn = null;
    GC.Collect();

    var cpu = Cpu();
    clock.Restart();
    var issue = await new CouponIssuer(store, TimeProvider.System).GenerateAsync(templateId, gen, $"bench-{label}", null, null, ct);
    var inProc = clock.Elapsed.TotalSeconds;
    var used = Since(cpu);
    await using var db = store.CreateContext();
    var written = await db.CouponCodes.CountAsync(c => c.Batch == issue.Batch, ct);
    result["generateInProcess"] = new JsonObject
    {
        ["codes"] = gen, ["written"] = written, ["seconds"] = Math.Round(inProc, 2), ["clientCpuSeconds"] = Math.Round(used.Client, 1), ["load"] = LoadAverage(),
    };
    Log($"generate in-process: {result["generateInProcess"]!.ToJsonString()}");

    var before = await db.CouponCodes.CountAsync(c => c.TemplateId == templateId, ct);
    cpu = Cpu();
    clock.Restart();
    await PostJsonAsync(admin, $"/api/v1/coupons/templates/{templateId}/issue", new { count = gen }, HttpStatusCode.OK);
    var http = clock.Elapsed.TotalSeconds;
    used = Since(cpu);
    var after = await db.CouponCodes.CountAsync(c => c.TemplateId == templateId, ct);
    var distinct = await db.CouponCodes.Select(c => c.Code).Distinct().CountAsync(ct);
    var total = await db.CouponCodes.CountAsync(ct);
    result["generateHttp"] = new JsonObject
    {
        ["codes"] = gen, ["written"] = after - before, ["seconds"] = Math.Round(http, 2), ["serverCpuSeconds"] = Math.Round(used.Server, 1), ["load"] = LoadAverage(),
        ["allCodesDistinct"] = distinct == total, ["codesInStore"] = total,
    };
    Log($"generate over HTTP: {result["generateHttp"]!.ToJsonString()}");
}

result["refusals"] = new JsonObject(refusals.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
Console.WriteLine(result.ToJsonString());

async Task<JsonObject> PostJsonAsync(HttpClient client, string path, object body, HttpStatusCode expected)
{
    using var response = await client.PostAsJsonAsync(path, body, ct);
    var text = await response.Content.ReadAsStringAsync(ct);
    if (response.StatusCode != expected)
    {
        throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
    }

    return JsonNode.Parse(text)!.AsObject();
}

(double Client, double Server) Cpu()
{
    var client = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    var stat = File.ReadAllText($"/proc/{serverPid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    // utime and stime are fields 14 and 15 of /proc/PID/stat (11 and 12 after the command name), in clock ticks.
    var server = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    return (client, server);
}

(double Client, double Server) Since((double Client, double Server) start)
{
    var now = Cpu();
    return (now.Client - start.Client, now.Server - start.Server);
}

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
