// Load program for the recommendation API benchmark (bench/recs-api/run.sh, issue 9: "API p99 ≤ 10 ms at 500
// requests/s"). Against a running `kith serve` whose first training has ended, on a store made by `kith demo`, it:
//   0. reads the customers' external ids and the products' SKUs from the store, and posts SESSION fresh view_product
//      events (the last 20 minutes, 3 per customer, through POST /api/v1/events/batch) so that part of the customer
//      requests find a "session" in the events table, as on a live shop (the demo's own events are weeks old);
//   1. warms up (the JIT, the connection pools): WARM requests of the mix, 16 in flight;
//   2. the mix at a fixed RATE/s for DURATION s (open loop: each request starts on schedule whatever the earlier
//      answers do): latency p50/p95/p99/max and the achieved rate, overall and per kind;
//   3. the same mix at max throughput, CONCURRENCY in flight, MAXCOUNT requests: requests/s and latency per kind.
// The mix (seeded, the same in every run): 60 % GET /api/v1/recommendations/customer/{id}?k=10 of a random existing
// customer, half of them with &context=SKU of a random product; 10 % the same for an unknown customer id; 30 %
// GET /api/v1/recommendations/product/{sku}?k=10 of a random product. Every answer is checked: 200, a non-empty list
// of at most k items, and the status expected for the kind (unknown_customer for unknown customers).
// CPU seconds of this process and of the server (from /proc/PID/stat) are recorded per phase: client and server
// share the machine's cores. URLs are built before each phase's clock starts.
// Usage: dotnet run load.cs -- BASE_URL DB READ_KEY ADMIN_KEY SERVER_PID [RATE=500] [DURATION=30] [CONCURRENCY=32]
//        [MAXCOUNT=30000] [SESSION=5000] [LABEL=run] [SERVE_LOG]
// With SERVE_LOG (the server's output), it waits after posting the views for the segment profiles to be reloaded (the
// server does so within a minute of a data change, seconds of CPU at 100k customers), so that the load does not
// overlap that reload.
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
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
var baseUrl = args[0];
var storeArg = args[1];
var readKey = args[2];
var adminKey = args[3];
var serverPid = int.Parse(args[4], CultureInfo.InvariantCulture);
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
var rate = Arg(5, 500);
var duration = Arg(6, 30);
var concurrency = Arg(7, 32);
var maxCount = Arg(8, 30_000);
var sessionCustomers = Arg(9, 5_000);
var label = args.Length > 10 ? args[10] : "run";
var serveLog = args.Length > 11 ? args[11] : null;
const int K = 10;
const int Warm = 3_000;
var ct = CancellationToken.None;
var result = new JsonObject { ["label"] = label, ["rate"] = rate, ["duration"] = duration, ["concurrency"] = concurrency, ["k"] = K };
void Log(string s) => Console.Error.WriteLine($"[{label} {DateTime.UtcNow:HH:mm:ss}] {s}");

var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(concurrency, 256), PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var reader = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", readKey);
using var admin = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(20) };
admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);

// 0. Customers, products, a fresh session for some customers.
var store = new KithStore(StoreLocation.Parse(storeArg));
string[] customers;
string[] skus;
await using (var db = store.CreateContext())
{
    customers = (await db.Customers.OrderBy(c => c.Id).Select(c => c.ExternalId).ToListAsync(ct)).ToArray();
    skus = (await db.Products.OrderBy(p => p.Id).Select(p => p.Sku).ToListAsync(ct)).ToArray();
}

result["customers"] = customers.Length;
result["products"] = skus.Length;
var random = new Random(42);
{
    var now = DateTimeOffset.UtcNow;
    var items = new List<object>();
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < Math.Min(sessionCustomers, customers.Length); i++)
    {
        var customer = customers[random.Next(customers.Length)];
        for (var v = 0; v < 3; v++)
        {
            items.Add(new
            {
                eventId = $"bench-recs-{label}-{i}-{v}", type = "view_product", occurredAt = now.AddSeconds(-random.Next(0, 1_200)),
                customerId = customer, sku = skus[random.Next(skus.Length)],
            });
        }
    }

    int Reloads() => serveLog is null ? 0 : File.ReadAllText(serveLog).Split("Segment profiles of").Length - 1;
    var reloads = Reloads();
    foreach (var chunk in items.Chunk(10_000))
    {
        await PostJsonAsync(admin, "/api/v1/events/batch", new { items = chunk }, HttpStatusCode.OK);
    }

    result["sessionViewsPosted"] = items.Count;
    Log($"{items.Count} fresh views posted in {sw.Elapsed.TotalSeconds:0.0} s");
    if (serveLog is not null && items.Count > 0)
    {
        sw.Restart();
        while (Reloads() == reloads && sw.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(500, ct);
        }

        Log($"segment profiles reloaded after {sw.Elapsed.TotalSeconds:0.0} s");
    }
}

// The first training must be over (run.sh waits for it; this checks).
{
    var probe = await GetAsync($"/api/v1/recommendations/product/{Uri.EscapeDataString(skus[0])}?k={K}");
    if (probe.Status is "not_trained" or "no_orders")
    {
        throw new InvalidOperationException($"the server answers {probe.Status}: wait for the training");
    }
}

// The mix.
string[] kinds = ["customer", "customer+context", "unknown customer", "product"];
(int Kind, string Url) Draw(Random r)
{
    var x = r.NextDouble();
    if (x < 0.60)
    {
        var id = Uri.EscapeDataString(customers[r.Next(customers.Length)]);
        return r.Next(2) == 0
            ? (0, $"/api/v1/recommendations/customer/{id}?k={K}")
            : (1, $"/api/v1/recommendations/customer/{id}?k={K}&context={Uri.EscapeDataString(skus[r.Next(skus.Length)])}");
    }

    if (x < 0.70)
    {
        return (2, $"/api/v1/recommendations/customer/nobody-{r.Next():x8}?k={K}");
    }

    return (3, $"/api/v1/recommendations/product/{Uri.EscapeDataString(skus[r.Next(skus.Length)])}?k={K}");
}

var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);

async Task<(string? Status, int Items)> GetAsync(string url)
{
    using var response = await reader.GetAsync(url, ct);
    var bytes = await response.Content.ReadAsByteArrayAsync(ct);
    if (response.StatusCode != HttpStatusCode.OK)
    {
        return ($"http {(int)response.StatusCode}", 0);
    }

    using var doc = JsonDocument.Parse(bytes);
    return (doc.RootElement.GetProperty("status").GetString(), doc.RootElement.GetProperty("items").GetArrayLength());
}

async Task<(bool Ok, double Ms)> SendAsync((int Kind, string Url) request)
{
    var start = Stopwatch.GetTimestamp();
    var (status, items) = await GetAsync(request.Url);
    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    var expected = request.Kind switch
    {
        2 => status == "unknown_customer",
        3 => status is "ok" or "no_similar_items",
        // An existing customer with no orders or events in the training window is unknown to the models too.
        _ => status is "ok" or "unknown_customer",
    };
    statuses.AddOrUpdate($"{kinds[request.Kind]} {status}", 1, (_, n) => n + 1);
    var ok = expected && items is > 0 and <= K;
    if (!ok)
    {
        failures.AddOrUpdate($"{kinds[request.Kind]}: {status}, {items} items", 1, (_, n) => n + 1);
    }

    return (ok, ms);
}

JsonObject Percentiles(IEnumerable<double> values)
{
    var ms = values.ToArray();
    Array.Sort(ms);
    double P(double p) => Math.Round(ms.Length == 0 ? 0 : ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(p * ms.Length) - 1)], 2);
    return new JsonObject { ["count"] = ms.Length, ["p50"] = P(0.50), ["p95"] = P(0.95), ["p99"] = P(0.99), ["max"] = P(1.0) };
}

JsonObject PerKind((int Kind, string Url)[] plan, double[] lat, double seconds)
{
    var byKind = new JsonObject();
    for (var kind = 0; kind < kinds.Length; kind++)
    {
        var mine = Enumerable.Range(0, plan.Length).Where(i => plan[i].Kind == kind).Select(i => lat[i]).ToArray();
        var p = Percentiles(mine);
        p["perSecond"] = Math.Round(mine.Length / seconds, 1);
        byKind[kinds[kind]] = p;
    }

    return byKind;
}

// 1. Warm-up.
Log("warm-up");
{
    var plan = Enumerable.Range(0, Warm).Select(_ => Draw(random)).ToArray();
    var n = -1;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
    {
        while (Interlocked.Increment(ref n) is var i && i < plan.Length)
        {
            await SendAsync(plan[i]);
        }
    })));
    result["warmUpFailures"] = failures.Values.Sum();
    failures.Clear();
    statuses.Clear();
}

// 2. The mix at a fixed rate, open loop.
{
    var count = rate * duration;
    var plan = Enumerable.Range(0, count).Select(_ => Draw(random)).ToArray();
    var lat = new double[count];
    var late = new double[count];
    var oks = 0;
    var tasks = new Task[count];
    var cpu = Cpu();
    var clock = Stopwatch.StartNew();
    for (var k = 0; k < count; k++)
    {
        var due = TimeSpan.FromSeconds((double)k / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait, ct);
        }

        var kk = k;
        tasks[k] = Task.Run(async () =>
        {
            var startedLate = (clock.Elapsed - due).TotalMilliseconds;
            var (ok, ms) = await SendAsync(plan[kk]);
            lat[kk] = ms;
            late[kk] = Math.Max(0, startedLate) + ms;
            if (ok)
            {
                Interlocked.Increment(ref oks);
            }
        });
    }

    await Task.WhenAll(tasks);
    clock.Stop();
    var used = Since(cpu);
    var phase = Percentiles(lat);
    phase["ok"] = oks;
    phase["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
    phase["achievedPerSecond"] = Math.Round(count / clock.Elapsed.TotalSeconds);
    phase["p99FromSchedule"] = Percentiles(late)["p99"]!.DeepClone();
    phase["byKind"] = PerKind(plan, lat, clock.Elapsed.TotalSeconds);
    phase["clientCpuSeconds"] = Math.Round(used.Client, 1);
    phase["serverCpuSeconds"] = Math.Round(used.Server, 1);
    phase["load"] = LoadAverage();
    phase["failures"] = Failures();
    result["fixedRate"] = phase;
    Log($"mix at {rate}/s: {phase.ToJsonString()}");
}

// 3. The mix at max throughput.
{
    var plan = Enumerable.Range(0, maxCount).Select(_ => Draw(random)).ToArray();
    var lat = new double[maxCount];
    var n = -1;
    var oks = 0;
    var cpu = Cpu();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        while (Interlocked.Increment(ref n) is var i && i < plan.Length)
        {
            var (ok, ms) = await SendAsync(plan[i]);
            lat[i] = ms;
            if (ok)
            {
                Interlocked.Increment(ref oks);
            }
        }
    })));
    clock.Stop();
    var used = Since(cpu);
    var phase = Percentiles(lat);
    phase["ok"] = oks;
    phase["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
    phase["perSecond"] = Math.Round(maxCount / clock.Elapsed.TotalSeconds);
    phase["byKind"] = PerKind(plan, lat, clock.Elapsed.TotalSeconds);
    phase["clientCpuSeconds"] = Math.Round(used.Client, 1);
    phase["serverCpuSeconds"] = Math.Round(used.Server, 1);
    phase["load"] = LoadAverage();
    phase["failures"] = Failures();
    result["max"] = phase;
    Log($"mix at max throughput: {phase.ToJsonString()}");
}

result["statuses"] = new JsonObject(statuses.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
Console.WriteLine(result.ToJsonString());

JsonObject Failures()
{
    var f = new JsonObject(failures.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
    failures.Clear();
    return f;
}

async Task PostJsonAsync(HttpClient client, string path, object body, HttpStatusCode expected)
{
    using var response = await client.PostAsJsonAsync(path, body, ct);
    if (response.StatusCode != expected)
    {
        throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }
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
