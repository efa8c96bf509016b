// Incremental value update benchmark (bench/value/incremental.sh): on a store holding the demo data,
//   1. baseline, in the same run: a full recompute (OrderFactsLoader.LoadAsync + ValueEngine.Compute +
//      CustomerValueWriter.WriteAsync), which also stores the cut points the updates score against;
//   2. N customers picked at random each get one new paid order (written as the ingestion API writes it,
//      one IngestSession per order), then CustomerValueUpdater.UpdateAsync re-scores that one customer:
//      what the server does after each order. p50/p95/max of the update alone, and of order + update;
//   3. clean-up: the bench orders are removed and their customers re-scored, so reruns start from the same data.
// Usage: dotnet run incremental.cs -- DB [N=200] [AS_OF=2026-11-01]
#:project ../../src/Kith.Data/Kith.Data.csproj
#:property PublishAot=false
#:property RootNamespace=Kith.Bench
using System.Diagnostics;
using System.Globalization;
using Kith.Core.Ingestion;
using Kith.Core.Orders;
using Kith.Core.Value;
using Kith.Data.Ingestion;
using Kith.Data.Store;
using Kith.Data.Value;

CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
var store = new KithStore(StoreLocation.Parse(args[0]));
var n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var asOf = args.Length > 2 ? DateOnly.ParseExact(args[2], "yyyy-MM-dd", CultureInfo.InvariantCulture) : new DateOnly(2026, 11, 1);
var zone = TimeZoneInfo.Utc;
var ct = CancellationToken.None;
await store.MigrateAsync(ct);
const string Prefix = "bench-incremental-";

async Task<int> Execute(string sql)
{
    await using var connection = await store.OpenConnectionAsync(ct);
    await using var cmd = connection.CreateCommand();
    cmd.CommandText = sql;
    cmd.CommandTimeout = 0;
    return await cmd.ExecuteNonQueryAsync(ct);
}

async Task<List<string>> Strings(string sql)
{
    await using var connection = await store.OpenConnectionAsync(ct);
    await using var cmd = connection.CreateCommand();
    cmd.CommandText = sql;
    await using var reader = await cmd.ExecuteReaderAsync(ct);
    var list = new List<string>();
    while (await reader.ReadAsync(ct))
    {
        list.Add(reader.GetString(0));
    }

    return list;
}

// A previous run that was interrupted may have left its orders behind.
var leftOver = await Strings($"SELECT DISTINCT c.external_id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.external_id LIKE '{Prefix}%'");
await Execute($"DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE external_id LIKE '{Prefix}%')");
await Execute($"DELETE FROM orders WHERE external_id LIKE '{Prefix}%'");

// 1. Baseline: the full recompute.
var clock = Stopwatch.StartNew();
var facts = await OrderFactsLoader.LoadAsync(store, zone, null, ct);
var loaded = clock.Elapsed.TotalSeconds;
var result = ValueEngine.Compute(facts, asOf, new ValueOptions());
var computed = clock.Elapsed.TotalSeconds;
await CustomerValueWriter.WriteAsync(store, facts, result, null, ct);
var full = clock.Elapsed.TotalSeconds;
await CustomerValueUpdater.UpdateAsync(store, leftOver, asOf, zone, ct);

// 2. One order, then one customer's update, N times.
var random = new Random(42);
var picked = Enumerable.Range(0, n).Select(_ => facts.ExternalIds[random.Next(facts.CustomerCount)]).Distinct().ToList();
var paidAt = new DateTimeOffset(asOf.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
var updateMs = new List<double>();
var bothMs = new List<double>();
var moved = 0;
for (var i = 0; i < picked.Count; i++)
{
    var order = new OrderInput
    {
        ExternalId = $"{Prefix}{i}", CustomerId = picked[i], Status = OrderStatus.Paid, Currency = "CNY",
        Total = 100m + i, PlacedAt = paidAt, PaidAt = paidAt,
    };
    var t = Stopwatch.StartNew();
    await using (var session = await IngestSession.BeginAsync(store, TimeProvider.System, "CNY", ct))
    {
        var written = await session.UpsertOrdersAsync([new IngestItem<OrderInput>(0, order)], ct);
        if (written.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", written.Errors.Select(e => $"{e.Field}: {e.Message}")));
        }

        await session.CommitAsync(ct);
    }

    var u = Stopwatch.StartNew();
    var updated = await CustomerValueUpdater.UpdateAsync(store, [picked[i]], asOf, zone, ct);
    updateMs.Add(u.Elapsed.TotalMilliseconds);
    bothMs.Add(t.Elapsed.TotalMilliseconds);
    moved += updated;
}

// 3. Clean up.
await Execute($"DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE external_id LIKE '{Prefix}%')");
await Execute($"DELETE FROM orders WHERE external_id LIKE '{Prefix}%'");
await CustomerValueUpdater.UpdateAsync(store, picked, asOf, zone, ct);

static double P(List<double> xs, double q)
{
    var s = xs.Order().ToList();
    return s[Math.Min(s.Count - 1, (int)Math.Ceiling(q * s.Count) - 1)];
}

Console.WriteLine($"Store: {store.Provider}, {facts.CustomerCount:N0} customers, {facts.OrderCount:N0} paid orders; as of {asOf:yyyy-MM-dd}.");
Console.WriteLine();
Console.WriteLine("| step | n | p50 ms | p95 ms | max ms |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
Console.WriteLine($"| **one customer re-scored after a new order** (`CustomerValueUpdater.UpdateAsync`) | {updateMs.Count} | **{P(updateMs, 0.5):F2}** | {P(updateMs, 0.95):F2} | {updateMs.Max():F2} |");
Console.WriteLine($"| the order written (one ingest session) + the update | {bothMs.Count} | {P(bothMs, 0.5):F2} | {P(bothMs, 0.95):F2} | {bothMs.Max():F2} |");
Console.WriteLine();
Console.WriteLine($"Baseline in the same run, a full recompute: {full:F1} s (load {loaded:F1} s, compute {computed - loaded:F1} s, write {full - computed:F1} s) " +
                  $"— {full * 1000 / P(updateMs, 0.5):N0}× the p50 of one update. {moved} of {picked.Count} updates wrote a row.");
Console.WriteLine($"UPDATE_P50={P(updateMs, 0.5):F2} UPDATE_P95={P(updateMs, 0.95):F2} FULL_S={full:F1}");
