using Kith.Core.Value;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Value;

public class CustomerValueWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_recompute_replaces_current_values_and_keeps_one_snapshot_per_as_of_date(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True((await new FileImporter(store, time).ImportAsync(new ImportOptions(TestFiles.CdnowMaster, ImportKind.Orders) { Format = ImportFormat.Cdnow }, null, null, Ct)).Committed);
        var facts = await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.Utc, null, Ct);
        var early = ValueEngine.Compute(facts, new DateOnly(1997, 12, 31), new ValueOptions());
        var late = ValueEngine.Compute(facts, new DateOnly(1998, 7, 1), new ValueOptions());

        await CustomerValueWriter.WriteAsync(store, facts, early, null, Ct);
        await CustomerValueWriter.WriteAsync(store, facts, late, null, Ct);
        await CustomerValueWriter.WriteAsync(store, facts, late, null, Ct);

        await using var db = store.CreateContext();
        Assert.Equal(23_570, await db.CustomerValues.CountAsync(Ct));
        Assert.Equal(
            [(new DateOnly(1997, 12, 31), 23_570), (new DateOnly(1998, 7, 1), 23_570)],
            (await db.CustomerValueSnapshots.GroupBy(s => s.AsOf).Select(g => new { g.Key, Count = g.Count() }).OrderBy(g => g.Key).ToListAsync(Ct)).Select(g => (g.Key, g.Count)));
        var stored = (await db.CustomerValues.AsNoTracking().ToListAsync(Ct)).ToDictionary(v => v.CustomerId);
        for (var i = 0; i < facts.CustomerCount; i++)
        {
            var (v, row) = (late.Values[i], stored[facts.CustomerIds[i]]);
            Assert.Equal(
                (v.RecencyDays, v.Frequency, v.Monetary, (short?)v.RScore, (short?)v.FScore, (short?)v.MScore, ValueNames.Of(v.Group), ValueNames.Of(v.Lifecycle), ValueNames.Of(v.Tier)),
                (row.RecencyDays, row.Frequency, row.Monetary, row.RScore, row.FScore, row.MScore, row.RfmGroup, row.Lifecycle, row.Tier));
        }

        Assert.Equal(69_659, stored.Values.Sum(v => v.Frequency));
        Assert.Equal(2_500_315.63m, stored.Values.Sum(v => v.Monetary));
    }
}
