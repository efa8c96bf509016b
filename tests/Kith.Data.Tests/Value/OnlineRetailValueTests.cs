using System.Globalization;
using System.IO.Compression;
using Kith.Core.Value;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Value;

/// <summary>RFM and KPIs on UCI Online Retail, against a plain pass over the CSV that shares no code with Kith.</summary>
public class OnlineRetailValueTests
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly DateOnly AsOf = new(2011, 12, 9);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Per customer, per (non-return) invoice: its local date and Σ quantity × price over the rows an order keeps.</summary>
    private static Dictionary<string, Dictionary<string, (DateOnly Date, decimal Total)>> Invoices()
    {
        var result = new Dictionary<string, Dictionary<string, (DateOnly, decimal)>>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(TestFiles.OnlineRetail), CompressionMode.Decompress));
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var invoice = line[..line.IndexOf(',', StringComparison.Ordinal)];
            var tail = line.Split(',')[^5..]; // Quantity, InvoiceDate, UnitPrice, CustomerID, Country: no commas inside
            var (quantity, price, customer) = (int.Parse(tail[0], Invariant), decimal.Parse(tail[2], Invariant), tail[3].EndsWith(".0", StringComparison.Ordinal) ? tail[3][..^2] : tail[3]);
            if (invoice[0] is 'A' or 'C' || customer.Length == 0 || price <= 0 || quantity <= 0)
            {
                continue; // returns are refunded orders, not paid ones; the rest is set aside by the clean-up
            }

            var date = DateOnly.FromDateTime(DateTime.Parse(tail[1], Invariant));
            var orders = result.TryGetValue(customer, out var o) ? o : result[customer] = [];
            var (_, total) = orders.GetValueOrDefault(invoice);
            orders[invoice] = (date, total + (quantity * price));
        }

        return result;
    }

    [Fact]
    public async Task Rfm_of_online_retail_matches_a_plain_pass_over_the_file()
    {
        var store = await TestStores.CreateAsync(StoreProvider.Sqlite, Ct);
        var import = await new FileImporter(store, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)))
            .ImportAsync(new ImportOptions(TestFiles.OnlineRetail, ImportKind.Orders) { Format = ImportFormat.OnlineRetail }, null, null, Ct);
        Assert.True(import.Committed);

        // The file's times are UK local time: the store's time zone decides the day, as it would for the shop.
        var facts = await OrderFactsLoader.LoadAsync(store, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), null, Ct);
        var values = ValueEngine.Compute(facts, AsOf, new ValueOptions()).Values;

        var expected = Invoices();
        var byId = facts.ExternalIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => values[p.i]);
        Assert.Equal(4_372, byId.Count);
        Assert.Equal(4_372 - expected.Count, byId.Values.Count(v => v.Lifecycle == LifecycleStage.Prospect)); // customers with only returns or set-aside rows
        foreach (var (customer, invoices) in expected)
        {
            var v = byId[customer];
            var recency = AsOf.DayNumber - invoices.Values.Max(x => x.Date).DayNumber;
            Assert.Equal((customer, recency, invoices.Count, invoices.Values.Sum(x => x.Total)), (customer, v.RecencyDays!.Value, v.Frequency, v.Monetary));
        }

        var kpis = Kpis.Compute(facts, new DateOnly(2011, 1, 1), new DateOnly(2011, 6, 30));
        var inPeriod = expected.Values.SelectMany(i => i.Values).Where(x => x.Date >= new DateOnly(2011, 1, 1) && x.Date <= new DateOnly(2011, 6, 30)).ToList();
        Assert.Equal((inPeriod.Count, inPeriod.Sum(x => x.Total)), (kpis.Orders, kpis.Gmv));
    }
}
