using Kith.Core.Customers.Demo;
using Kith.Core.Ingestion;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;

namespace Kith.Data.Customers;

/// <summary>Writes a generated demo store into a store (one all-or-nothing session) or as Kith CSV files.</summary>
public static class DemoStoreWriter
{
    public sealed record Totals(int Customers, int Products, long Orders, long OrderLines, long Events, decimal Gmv);

    /// <summary>Generates customers in parallel chunks but hands them out in order, so output is identical for a seed.</summary>
    private static IEnumerable<DemoCustomer> Generate(DemoStore demo, CancellationToken ct)
    {
        const int chunk = 2000;
        for (var start = 0; start < demo.CustomerCount; start += chunk)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(chunk, demo.CustomerCount - start);
            var batch = new DemoCustomer[count];
            Parallel.For(0, count, i => batch[i] = demo.Customer(start + i));
            foreach (var c in batch)
            {
                yield return c;
            }
        }
    }

    public static async Task<Totals> ToStoreAsync(DemoStore demo, KithStore store, TimeProvider time, bool events, IProgress<int>? progress, CancellationToken ct)
    {
        await using var session = await IngestSession.BeginAsync(store, time, "CNY", ct);
        await Check(session.UpsertProductsAsync(demo.Catalog.Products.Select((p, i) => new IngestItem<ProductInput>(i, p)).ToList(), ct));
        var customers = new List<IngestItem<CustomerInput>>();
        var orders = new List<IngestItem<OrderInput>>();
        var eventItems = new List<IngestItem<EventInput>>();
        long orderCount = 0, lineCount = 0, eventCount = 0;
        decimal gmv = 0;
        var done = 0;

        async Task FlushAsync()
        {
            await Check(session.UpsertCustomersAsync(customers, ct));
            await Check(session.UpsertOrdersAsync(orders, ct));
            await Check(session.InsertEventsAsync(eventItems, ct));
            customers.Clear();
            orders.Clear();
            eventItems.Clear();
            progress?.Report(done);
        }

        foreach (var c in Generate(demo, ct))
        {
            customers.Add(new IngestItem<CustomerInput>(customers.Count, c.Customer));
            foreach (var o in c.Orders)
            {
                orders.Add(new IngestItem<OrderInput>(orders.Count, o));
                orderCount++;
                lineCount += o.Lines!.Count;
                gmv += Gmv(o);
            }

            if (events)
            {
                foreach (var e in c.Events)
                {
                    eventItems.Add(new IngestItem<EventInput>(eventItems.Count, e));
                }

                eventCount += c.Events.Count;
            }

            done++;
            if (orders.Count >= 5000 || eventItems.Count >= 20000)
            {
                await FlushAsync();
            }
        }

        await FlushAsync();
        await session.CommitAsync(ct);
        return new Totals(demo.CustomerCount, demo.Catalog.Products.Count, orderCount, lineCount, eventCount, gmv);
    }

    public static async Task<Totals> ToCsvAsync(DemoStore demo, string directory, bool events, IProgress<int>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        await using (var products = KithCsvWriter.Products(Path.Combine(directory, "products.csv")))
        {
            foreach (var p in demo.Catalog.Products)
            {
                products.Write(p);
            }
        }

        long orderCount = 0, lineCount = 0, eventCount = 0;
        decimal gmv = 0;
        var done = 0;
        await using var customers = KithCsvWriter.Customers(Path.Combine(directory, "customers.csv"));
        await using var orders = KithCsvWriter.Orders(Path.Combine(directory, "orders.csv"));
        await using var eventsFile = events ? KithCsvWriter.Events(Path.Combine(directory, "events.csv")) : null;
        foreach (var c in Generate(demo, ct))
        {
            customers.Write(c.Customer);
            foreach (var o in c.Orders)
            {
                orders.Write(o);
                orderCount++;
                lineCount += o.Lines!.Count;
                gmv += Gmv(o);
            }

            if (eventsFile is not null)
            {
                foreach (var e in c.Events)
                {
                    eventsFile.Write(e);
                }

                eventCount += c.Events.Count;
            }

            if (++done % 2000 == 0)
            {
                progress?.Report(done);
            }
        }

        progress?.Report(done);
        return new Totals(demo.CustomerCount, demo.Catalog.Products.Count, orderCount, lineCount, eventCount, gmv);
    }

    /// <summary>GMV as the demo summary shows it: paid orders' value net of refunds.</summary>
    private static decimal Gmv(OrderInput o)
    {
        if (o.PaidAt is null || o.Status == Core.Orders.OrderStatus.Cancelled)
        {
            return 0m;
        }

        var lines = o.Lines!.Sum(l => (l.Quantity!.Value * l.UnitPrice!.Value) - (l.Discount ?? 0m));
        return lines - (o.Discount ?? 0m) + (o.ShippingFee ?? 0m) - (o.RefundedAmount ?? 0m);
    }

    private static async Task Check(Task<BatchResult> write)
    {
        var result = await write;
        if (result.Errors.Count > 0)
        {
            var e = result.Errors[0];
            throw new InvalidOperationException($"demo store generated an invalid record (item {e.Index}, {e.Field}: {e.Message})");
        }
    }
}
