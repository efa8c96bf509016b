using Kith.Data.Segments;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Customers;

/// <summary>
/// Loads a customer's 360 view in a fixed handful of indexed queries (customer, value, prediction, tags, orders, lines, events, segment changes),
/// whatever the number of orders and events, then merges orders and events into one timeline in memory.
/// Thread-safe; one context per call.
/// </summary>
public sealed class CustomerProfiles(KithStore store)
{
    public async Task<Customer360Data?> LoadAsync(string externalId, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.ExternalId == externalId, ct);
        if (customer is null)
        {
            return null;
        }

        var id = customer.Id;
        var value = await db.CustomerValues.AsNoTracking().FirstOrDefaultAsync(v => v.CustomerId == id, ct);
        var prediction = await db.CustomerPredictions.AsNoTracking().FirstOrDefaultAsync(p => p.CustomerId == id, ct);
        var tags = await db.CustomerTags.AsNoTracking().Where(t => t.CustomerId == id).OrderBy(t => t.Tag).ToListAsync(ct);
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == id).ToListAsync(ct);
        var lines = await (
            from l in db.OrderLines.AsNoTracking()
            join o in db.Orders on l.OrderId equals o.Id
            where o.CustomerId == id
            join p in db.Products on l.ProductId equals p.Id into ps
            from p in ps.DefaultIfEmpty()
            select new { l.OrderId, Line = new TimelineOrderLine(l.LineNumber, l.Sku, p == null ? null : p.Name, l.Quantity, l.UnitPrice, l.Discount) })
            .ToListAsync(ct);
        var events = await (
            from e in db.Events.AsNoTracking()
            where e.CustomerId == id
            join p in db.Products on e.ProductId equals p.Id into ps
            from p in ps.DefaultIfEmpty()
            select new { e.Id, e.Type, e.OccurredAt, Sku = p == null ? null : p.Sku, Name = p == null ? null : p.Name })
            .ToListAsync(ct);

        var segmentChanges = await (
            from c in db.SegmentChanges.AsNoTracking()
            where c.CustomerId == id
            join s in db.Segments on c.SegmentId equals s.Id
            select new { c.Id, c.Entered, c.At, s.Name })
            .ToListAsync(ct);

        var linesOf = lines.ToLookup(l => l.OrderId, l => l.Line);
        var timeline = new List<TimelineEntry>(orders.Count * 3 + events.Count);
        foreach (var o in orders)
        {
            var order = new TimelineOrder(o.Id, o.ExternalId, o.Status, o.Total, o.Discount, o.ShippingFee, o.RefundedAmount,
                o.Currency, o.Channel, o.CouponCode, [.. linesOf[o.Id].OrderBy(l => l.LineNumber)]);
            // Sequence breaks ties between steps that carry the same time: later steps first, as newest-first reads.
            void Step(DateTimeOffset? at, string what, decimal amount, int step)
            {
                if (at is { } t)
                {
                    timeline.Add(new TimelineEntry(t, what, order, amount, null, null, (o.Id * 8) + step));
                }
            }

            Step(o.PlacedAt, "placed", o.Total, 0);
            Step(o.PaidAt, "paid", o.Total, 1);
            Step(o.ShippedAt, "shipped", o.Total, 2);
            Step(o.DeliveredAt, "delivered", o.Total, 3);
            Step(o.CompletedAt, "completed", o.Total, 4);
            Step(o.CancelledAt, "cancelled", o.Total, 5);
            Step(o.RefundedAt, "refunded", o.RefundedAmount, 6);
        }

        foreach (var e in events)
        {
            timeline.Add(new TimelineEntry(e.OccurredAt, e.Type, null, null, e.Sku, e.Name, e.Id));
        }

        foreach (var c in segmentChanges)
        {
            timeline.Add(new TimelineEntry(c.At, c.Entered ? SegmentChange.EnteredType : SegmentChange.LeftType, null, null, null, null, c.Id, c.Name));
        }

        timeline.Sort((a, b) => b.At != a.At ? b.At.CompareTo(a.At) : b.Sequence.CompareTo(a.Sequence));
        return new Customer360Data(customer, value, prediction, tags, timeline, orders.Count, events.Count);
    }
}
