// Stopwatch harness for the coupon checkout hot path (issue 8), in-process, one request at a time: reserve+commit
// pairs, validates (CouponRedemptions) and bulk generation (CouponIssuer) on a fresh store, with CPU per operation.
// Usage: dotnet run hotpath.cs -- DB [N=5000] [GEN=0]   (DB: a SQLite file path or a PostgreSQL connection string)
#:project ../../src/Kith.Data/Kith.Data.csproj
#:property PublishAot=false
#:property RootNamespace=Kith.Bench
using System.Diagnostics;
using System.Globalization;
using Kith.Core.Customers;
using Kith.Core.Loyalty.Coupons;
using Kith.Data.Loyalty;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

var ct = CancellationToken.None;
var store = new KithStore(StoreLocation.Parse(args[0]));
var n = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000;
var gen = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
await store.MigrateAsync(ct);
await using (var db = store.CreateContext())
{
    for (var i = 1; i <= n; i++)
    {
        db.Customers.Add(new Customer { ExternalId = $"c{i}", Name = $"Customer {i}", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
    }

    await db.SaveChangesAsync(ct);
}

var issuer = new CouponIssuer(store, TimeProvider.System);
var (template, problems) = await issuer.CreateTemplateAsync(new CouponTemplateRow
{
    Name = "300 off 50", Purpose = CouponPurpose.Promotion, Kind = CouponKind.Threshold, Currency = "CNY",
    AmountOffMinor = 50_00, MinSpendMinor = 300_00, ValidFrom = DateTimeOffset.UtcNow.AddDays(-1), ValidTo = DateTimeOffset.UtcNow.AddYears(1),
}, ct);
List<(string Code, string Customer)> codes;
await using (var db = store.CreateContext())
{
    var ids = await db.Customers.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
    await issuer.IssueToCustomersAsync(template!.Id, ids, "bench", null, null, ct);
    codes = (await db.CouponCodes.Join(db.Customers, c => c.CustomerId, cu => (long?)cu.Id, (c, cu) => new { c.Id, c.Code, cu.ExternalId })
        .OrderBy(x => x.Id).ToListAsync(ct)).Select(x => (x.Code, x.ExternalId)).ToList();
}

var coupons = new CouponRedemptions(store, TimeProvider.System);
Cart Cart() => new("CNY", [new CartLine("SKU-1", "shoes", 399_00, 1)], 0);

async Task Phase(string name, int from, int to, Func<int, Task> op)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var lat = new List<double>(to - from);
    for (var i = from; i < to; i++)
    {
        var s = Stopwatch.GetTimestamp();
        await op(i);
        lat.Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds);
    }

    var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
    lat.Sort();
    var k = to - from;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-12} {k} ops: {k / sw.Elapsed.TotalSeconds,8:F0}/s  cpu {cpuMs / k:F3} ms/op  p50 {lat[k / 2]:F3}  p99 {lat[(int)(k * 0.99)]:F3} ms"));
}

var q = n / 4;
for (var round = 0; round < 2; round++)
{
    var b = round * q / 2;
    await Phase("validate", 2 * q + b, 2 * q + b + q / 2, async i =>
    {
        var r = await coupons.ValidateAsync(new CouponCheckout(codes[i].Customer, codes[i].Code, $"V{i}", Cart()), ct);
        if (!r.Ok) throw new InvalidOperationException(r.Reason);
    });
    await Phase("pair", b, b + q / 2, async i =>
    {
        var r = await coupons.ReserveAsync(new CouponCheckout(codes[i].Customer, codes[i].Code, $"O{i}", Cart()), null, $"k{i}", ct);
        if (!r.Ok) throw new InvalidOperationException(r.Reason);
        var c = await coupons.CommitAsync(codes[i].Code, $"O{i}", $"c{i}", ct);
        if (!c.Ok) throw new InvalidOperationException(c.Reason);
    });
}

if (gen > 0)
{
    var sw = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    await issuer.GenerateAsync(template!.Id, gen, "gen", null, null, ct);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generate {gen}: {sw.Elapsed.TotalSeconds:F2} s, cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s"));
    sw.Restart();
    var drawn = CouponCodes.Generate(gen, null);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"draw only {gen}: {sw.Elapsed.TotalSeconds:F2} s"));
}
