// Load generator for the API ingestion benchmark (bench/api/run.sh): posts COUNT behaviour events to
// POST /api/v1/events/batch in batches of BATCH, CONCURRENCY requests in flight, and prints events/s.
// The request bodies are serialised before the clock starts, so the figure is the server's, not the client's.
// Usage: dotnet run post-events.cs -- BASE_URL API_KEY EXPORT_DIR COUNT [BATCH=10000] [CONCURRENCY=4] [RUN=r1]
#:property PublishAot=false
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

var (baseUrl, key, dir, count) = (args[0], args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
var batch = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 10_000;
var concurrency = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 4;
var run = args.Length > 6 ? args[6] : "r1";

static string[] FirstColumn(string path) =>
    File.ReadLines(path).Skip(1).Select(l => l[..l.IndexOf(',')]).ToArray();

var customers = FirstColumn(Path.Combine(dir, "customers.csv"));
var skus = FirstColumn(Path.Combine(dir, "products.csv"));
var types = new[] { "view_product", "view_product", "view_product", "search", "add_to_cart", "favourite", "app_open" };
var random = new Random(42);
var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(8));

var bodies = new List<byte[]>();
for (var offset = 0; offset < count; offset += batch)
{
    var items = new List<Dictionary<string, object>>();
    for (var i = offset; i < Math.Min(count, offset + batch); i++)
    {
        var type = types[random.Next(types.Length)];
        var item = new Dictionary<string, object>
        {
            ["eventId"] = $"bench-{run}-{i}",
            ["type"] = type,
            ["occurredAt"] = start.AddSeconds(random.Next(0, 50 * 86_400)),
            ["customerId"] = customers[random.Next(customers.Length)],
        };
        if (type is "view_product" or "add_to_cart" or "favourite")
        {
            item["sku"] = skus[random.Next(skus.Length)];
        }
        else if (type == "search")
        {
            item["properties"] = new Dictionary<string, string> { ["q"] = "面膜" };
        }

        items.Add(item);
    }

    bodies.Add(JsonSerializer.SerializeToUtf8Bytes(new { items }));
}

using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
var next = -1;
var inserted = 0L;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    while (Interlocked.Increment(ref next) is var i && i < bodies.Count)
    {
        using var content = new ByteArrayContent(bodies[i]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("/api/v1/events/batch", content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"batch {i}: {(int)response.StatusCode} {text}");
        }

        Interlocked.Add(ref inserted, JsonDocument.Parse(text).RootElement.GetProperty("inserted").GetInt64());
    }
}));
clock.Stop();
Console.WriteLine(JsonSerializer.Serialize(new
{
    events = count,
    inserted,
    batch,
    concurrency,
    seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
    eventsPerSecond = Math.Round(count / clock.Elapsed.TotalSeconds),
    requestMegabytes = Math.Round(bodies.Sum(b => (long)b.Length) / 1e6, 1),
}));
