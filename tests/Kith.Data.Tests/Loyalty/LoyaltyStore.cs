using Kith.Core.Customers;
using Kith.Core.Loyalty.Coupons;
using Kith.Data.Loyalty;
using Kith.Data.Store;
using Kith.Tests.Shared;

namespace Kith.Data.Tests.Loyalty;

/// <summary>A fresh store with <c>n</c> customers c1..cn and helpers to make offers.</summary>
internal static class LoyaltyStore
{
    /// <summary>
    /// Racing tests open as many connections as racers; on PostgreSQL they share one test cluster (200 connections)
    /// with every other test project running at the same time, so their pool is capped: racers beyond the cap queue
    /// for a connection, and at least this many transactions still race inside the server.
    /// </summary>
    public const int PostgresPoolSize = 20;

    /// <summary>The racing classes run one after another, not side by side, for the same reason.</summary>
    public const string Races = "loyalty races";

    public static async Task<KithStore> CreateAsync(StoreProvider provider, int customers, CancellationToken ct)
    {
        var location = await TestStores.CreateLocationAsync(provider, ct);
        if (provider == StoreProvider.Postgres)
        {
            location = StoreLocation.Parse(new Npgsql.NpgsqlConnectionStringBuilder(location.ConnectionString) { MaxPoolSize = PostgresPoolSize, Timeout = 60 }.ConnectionString);
        }

        var store = new KithStore(location);
        await store.MigrateAsync(ct);
        await using var db = store.CreateContext();
        for (var i = 1; i <= customers; i++)
        {
            db.Customers.Add(new Customer { ExternalId = $"c{i}", Name = $"Customer {i}", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
        }

        await db.SaveChangesAsync(ct);
        return store;
    }

    /// <summary>"满300减50" in CNY, valid from a day ago for a year.</summary>
    public static CouponTemplateRow ThresholdOffer(string name = "300 off 50") => new()
    {
        Name = name, Purpose = CouponPurpose.Promotion, Kind = CouponKind.Threshold, Currency = "CNY",
        AmountOffMinor = 50_00, MinSpendMinor = 300_00, ValidFrom = DateTimeOffset.UtcNow.AddDays(-1), ValidTo = DateTimeOffset.UtcNow.AddYears(1),
    };

    public static async Task<CouponTemplateRow> CreateOfferAsync(KithStore store, CouponTemplateRow draft, CancellationToken ct)
    {
        var (template, problems) = await new CouponIssuer(store, TimeProvider.System).CreateTemplateAsync(draft, ct);
        return template ?? throw new InvalidOperationException(string.Join("; ", problems));
    }

    public static Cart Cart(long goodsMinor, long shippingMinor = 0, string category = "shoes") =>
        new("CNY", [new CartLine("SKU-1", category, goodsMinor, 1)], shippingMinor);
}
