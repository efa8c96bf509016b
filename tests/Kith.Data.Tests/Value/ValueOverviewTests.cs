using Kith.Core.Value;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Value;

public class ValueOverviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The database's sums of the stored values against the engine's own in-memory result for the same date.</summary>
    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_overview_adds_up_to_the_engines_result(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True((await new FileImporter(store, time).ImportAsync(new ImportOptions(TestFiles.CdnowSample, ImportKind.Orders) { Format = ImportFormat.CdnowSample }, null, null, Ct)).Committed);
        var facts = await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.Utc, null, Ct);
        var result = ValueEngine.Compute(facts, new DateOnly(1998, 7, 1), new ValueOptions());
        await CustomerValueWriter.WriteAsync(store, facts, result, null, Ct);

        var overview = await ValueOverview.LoadAsync(store, Ct);

        Assert.Equal(new DateOnly(1998, 7, 1), overview.AsOf);
        Assert.Equal(result.Values.Length, overview.Customers);
        Assert.Equal(result.Buyers, overview.Buyers);
        Assert.Equal((double)result.TotalMonetary, overview.TotalMonetary, 0.01);
        var (customers, monetary) = result.Grid();
        for (var r = 0; r < 5; r++)
        {
            for (var f = 0; f < 5; f++)
            {
                Assert.Equal(customers[r, f], overview.GridCustomers[r, f]);
                Assert.Equal((double)monetary[r, f], overview.GridMonetary[r, f], 0.01);
            }
        }

        Assert.Equal(
            result.CountBy(v => ValueNames.Of(v.Lifecycle)).OrderBy(p => p.Key, StringComparer.Ordinal),
            overview.Lifecycle.ToDictionary(s => s.Name, s => s.Customers).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(
            result.CountBy(v => ValueNames.Of(v.Tier)).OrderBy(p => p.Key, StringComparer.Ordinal),
            overview.Tiers.ToDictionary(s => s.Name, s => s.Customers).OrderBy(p => p.Key, StringComparer.Ordinal));
        var highValue = overview.Tiers.Single(t => t.Name == "high_value");
        Assert.Equal(result.HighValueShare, highValue.Monetary / overview.TotalMonetary, 0.0001);
    }
}
