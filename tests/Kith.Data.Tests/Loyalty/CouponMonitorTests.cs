using System.Globalization;
using System.Text.RegularExpressions;
using Kith.Core.Loyalty.Coupons;
using Kith.Core.Orders;
using Kith.Data.Loyalty;
using Kith.Data.Segments;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kith.Data.Tests.Loyalty;

/// <summary>
/// The coupon monitor against an independent count, on both stores: every row of coupon_codes, coupon_redemptions and
/// orders read as it is and counted with plain loops, and a few figures of the scenario written out by hand.
/// </summary>
[Collection(LoyaltyStore.Races)]
public partial class CouponMonitorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    /// <summary>What the test knows of the scenario it wrote, to check the independent count is not vacuous.</summary>
    private sealed record Scenario(KithStore Store, FakeTimeProvider Time, long A, long B, long Idle, long S1, long S2, decimal ARevenue);

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Each_offer_and_segment_shows_what_an_independent_count_of_the_rows_gives(StoreProvider provider)
    {
        var s = await ArrangeAsync(provider);

        var report = await new CouponMonitor(s.Store, s.Time).LoadAsync(TimeZoneInfo.Utc, 30, Ct);

        var expected = await CountIndependentlyAsync(s.Store, s.Time.GetUtcNow());
        Assert.Equal(expected.Offers.Keys.Order(), report.Offers.Select(o => o.TemplateId).Order());
        foreach (var o in report.Offers)
        {
            Assert.Equal(expected.Offers[o.TemplateId], o.Stats);
        }

        Assert.Equal(expected.Segments.Keys.Order(), report.Segments.Select(r => (r.TemplateId, r.SegmentId)).Order());
        foreach (var r in report.Segments)
        {
            Assert.Equal(expected.Segments[(r.TemplateId, r.SegmentId)], r.Stats);
        }

        // The scenario as written: offer A went to two segments of 10; 3 of S1's codes and 2 of S2's were paid for
        // (a fourth of S1's was refunded), one is held now, 3 of S2's ran out unused; every discount is 50 CNY.
        var a = report.Offers.Single(o => o.TemplateId == s.A).Stats;
        Assert.Equal(new CouponStats(Issued: 20, Redeemed: 5, ReservedNow: 1, Expired: 3, Reversed: 1, DiscountMinor: 5 * 50_00, Orders: 4, Revenue: s.ARevenue), a);
        Assert.Equal(0.25, a.RedemptionRate, 6);
        var aInS1 = report.Segments.Single(r => r.TemplateId == s.A && r.SegmentId == s.S1);
        Assert.Equal((3L, 1L, 1L, 0L), (aInS1.Stats.Redeemed, aInS1.Stats.ReservedNow, aInS1.Stats.Reversed, aInS1.Stats.Expired));
        Assert.Equal("VIP", aInS1.SegmentName);
        // B: 10 segment codes + 5 anonymous + a shared code good for 100 uses.
        Assert.Equal(115, report.Offers.Single(o => o.TemplateId == s.B).Stats.Issued);
        Assert.Equal(CouponStats.Zero, report.Offers.Single(o => o.TemplateId == s.Idle).Stats);
        Assert.DoesNotContain(report.Segments, r => r.TemplateId == s.B && r.SegmentId == s.S2);

        // The daily series: commits by day in the zone; all of them happened "today".
        var today = DateOnly.FromDateTime(s.Time.GetUtcNow().UtcDateTime);
        Assert.Equal(new RedemptionDay(today, s.A, 5, 5 * 50_00), report.Days.Single(d => d.TemplateId == s.A));
        Assert.Equal(expected.Offers[s.B].Redeemed, report.Days.Where(d => d.TemplateId == s.B).Sum(d => d.Redeemed));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_day_outside_the_window_is_left_out_of_the_series_but_not_out_of_the_totals(StoreProvider provider)
    {
        var s = await ArrangeAsync(provider);
        s.Time.Advance(TimeSpan.FromDays(3));

        var report = await new CouponMonitor(s.Store, s.Time).LoadAsync(TimeZoneInfo.Utc, 2, Ct);

        Assert.Empty(report.Days);
        Assert.Equal(5, report.Offers.Single(o => o.TemplateId == s.A).Stats.Redeemed);
    }

    [Theory]
    [InlineData("segment:12 2026-11-26 08:00", 12L)]
    [InlineData("segment:7", 7L)]
    [InlineData("segment:x 2026", null)]
    [InlineData("shared", null)]
    [InlineData("mall:3", null)]
    [InlineData(null, null)]
    public void SegmentOf_reads_the_segment_id_from_a_batch_name(string? batch, long? expected) =>
        Assert.Equal(expected, CouponMonitor.SegmentOf(batch));

    private static async Task<Scenario> ArrangeAsync(StoreProvider provider)
    {
        var time = new FakeTimeProvider(Start);
        var store = await LoyaltyStore.CreateAsync(provider, 30, Ct);
        long s1, s2;
        await using (var db = store.CreateContext())
        {
            var vip = new Segment { Name = "VIP", Kind = Segment.Static, CreatedAt = Start, UpdatedAt = Start, MemberCount = 10 };
            var lapsed = new Segment { Name = "Lapsed", Kind = Segment.Static, CreatedAt = Start, UpdatedAt = Start, MemberCount = 10 };
            db.Segments.AddRange(vip, lapsed);
            await db.SaveChangesAsync(Ct);
            var ids = await db.Customers.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(Ct);
            db.SegmentMembers.AddRange(ids.Take(10).Select(id => new SegmentMember { SegmentId = vip.Id, CustomerId = id, Since = Start }));
            db.SegmentMembers.AddRange(ids.Skip(10).Take(10).Select(id => new SegmentMember { SegmentId = lapsed.Id, CustomerId = id, Since = Start }));
            await db.SaveChangesAsync(Ct);
            (s1, s2) = (vip.Id, lapsed.Id);
        }

        var issuer = new CouponIssuer(store, time);
        var a = await Create(issuer, new CouponTemplateRow
        {
            Name = "300 off 50", Purpose = CouponPurpose.Promotion, Kind = CouponKind.Threshold, Currency = "CNY",
            AmountOffMinor = 50_00, MinSpendMinor = 300_00, ValidFrom = Start.AddDays(-1), ValidTo = Start.AddDays(30),
        });
        var b = await Create(issuer, new CouponTemplateRow
        {
            Name = "10% off", Purpose = CouponPurpose.Returning, Kind = CouponKind.Percentage, Currency = "CNY",
            PercentOff = 10m, MaxDiscountMinor = 30_00, BudgetMinor = 1000_00, ValidFrom = Start.AddDays(-1), ValidTo = Start.AddDays(30),
        });
        var idle = await Create(issuer, new CouponTemplateRow
        {
            Name = "Free shipping", Purpose = CouponPurpose.Promotion, Kind = CouponKind.FreeShipping, Currency = "CNY", ValidDaysAfterIssue = 7,
        });
        await issuer.IssueToSegmentAsync(a, s1, null, null, Ct);
        await issuer.IssueToSegmentAsync(a, s2, "S2-", null, Ct);
        await issuer.IssueToSegmentAsync(b, s1, null, null, Ct);
        await issuer.GenerateAsync(b, 5, "print run", null, null, Ct);
        await issuer.CreateSharedCodeAsync(b, "TENOFF", 100, Ct);

        // Customer by internal id → (external id, codes held, by offer).
        Dictionary<long, string> external;
        List<CouponCodeRow> codes;
        await using (var db = store.CreateContext())
        {
            external = await db.Customers.ToDictionaryAsync(c => c.Id, c => c.ExternalId, Ct);
            codes = await db.CouponCodes.AsNoTracking().OrderBy(c => c.Id).ToListAsync(Ct);
        }

        CouponCodeRow CodeOf(long template, string batchStart, int nth) =>
            codes.Where(c => c.TemplateId == template && c.Batch!.StartsWith(batchStart, StringComparison.Ordinal)).ElementAt(nth);

        var coupons = new CouponRedemptions(store, time);
        var orders = new List<Order>();
        async Task PayAsync(CouponCodeRow code, long customer, string orderRef, long goodsMinor, decimal? total, string currency = "CNY")
        {
            var reserved = await coupons.ReserveAsync(new CouponCheckout(external[customer], code.Code, orderRef, LoyaltyStore.Cart(goodsMinor)), null, null, Ct);
            Assert.True(reserved.Ok, reserved.Reason);
            Assert.True((await coupons.CommitAsync(code.Code, orderRef, null, Ct)).Ok);
            if (total is { } t)
            {
                orders.Add(new Order
                {
                    ExternalId = orderRef, CustomerId = customer, Status = OrderStatus.Paid, Currency = currency, Total = t, Discount = reserved.DiscountMinor / 100m,
                    PlacedAt = time.GetUtcNow(), PaidAt = time.GetUtcNow(), Version = time.GetUtcNow(),
                });
            }
        }

        var segA1 = $"segment:{s1} ";
        var segA2 = $"segment:{s2} ";
        // A, segment S1: four paid (one later refunded), one held now, one hold that ran out, one released.
        await PayAsync(CodeOf(a, segA1, 0), CodeOf(a, segA1, 0).CustomerId!.Value, "A-1", 350_00, 300.00m);
        await PayAsync(CodeOf(a, segA1, 1), CodeOf(a, segA1, 1).CustomerId!.Value, "A-2", 420_00, 370.00m);
        await PayAsync(CodeOf(a, segA1, 2), CodeOf(a, segA1, 2).CustomerId!.Value, "A-3", 999_99, 964.99m);
        await PayAsync(CodeOf(a, segA1, 3), CodeOf(a, segA1, 3).CustomerId!.Value, "A-4", 300_00, 250.00m);
        Assert.True((await coupons.ReverseAsync(CodeOf(a, segA1, 3).Code, "A-4", null, Ct)).Ok);
        var c5 = CodeOf(a, segA1, 4);
        Assert.True((await coupons.ReserveAsync(new CouponCheckout(external[c5.CustomerId!.Value], c5.Code, "A-5", LoyaltyStore.Cart(500_00)), TimeSpan.FromMinutes(1), null, Ct)).Ok);
        var c7 = CodeOf(a, segA1, 6);
        Assert.True((await coupons.ReserveAsync(new CouponCheckout(external[c7.CustomerId!.Value], c7.Code, "A-7", LoyaltyStore.Cart(500_00)), null, null, Ct)).Ok);
        Assert.True((await coupons.ReleaseAsync(c7.Code, "A-7", null, Ct)).Ok);
        time.Advance(TimeSpan.FromMinutes(5));
        var c6 = CodeOf(a, segA1, 5);
        Assert.True((await coupons.ReserveAsync(new CouponCheckout(external[c6.CustomerId!.Value], c6.Code, "A-6", LoyaltyStore.Cart(500_00)), null, null, Ct)).Ok);
        // A refused checkout leaves nothing behind.
        var c8 = CodeOf(a, segA1, 7);
        Assert.False((await coupons.ReserveAsync(new CouponCheckout(external[c8.CustomerId!.Value], c8.Code, "A-8", LoyaltyStore.Cart(299_99)), null, null, Ct)).Ok);

        // A, segment S2: two paid, one of whose orders has not arrived yet; three codes ran out unused.
        await PayAsync(CodeOf(a, segA2, 0), CodeOf(a, segA2, 0).CustomerId!.Value, "A-21", 600_00, 560.00m);
        await PayAsync(CodeOf(a, segA2, 1), CodeOf(a, segA2, 1).CustomerId!.Value, "A-22", 310_00, null);
        var expiredIds = new[] { CodeOf(a, segA2, 7).Id, CodeOf(a, segA2, 8).Id, CodeOf(a, segA2, 9).Id };
        await using (var db = store.CreateContext())
        {
            var past = time.GetUtcNow().AddDays(-1);
            await db.CouponCodes.Where(c => expiredIds.Contains(c.Id)).ExecuteUpdateAsync(x => x.SetProperty(c => c.ValidTo, past), Ct);
        }

        // B: a segment code, an anonymous one, and the shared code three times (one order in another currency).
        var b1 = CodeOf(b, segA1, 0);
        await PayAsync(b1, b1.CustomerId!.Value, "B-1", 500_00, 450.00m);
        var customers = external.Keys.Order().ToList();
        await PayAsync(CodeOf(b, "print run", 0), customers[25], "B-2", 100_00, 90.00m);
        var shared = codes.Single(c => c.Code == "TENOFF");
        await PayAsync(shared, customers[26], "B-3", 200_00, 180.00m);
        await PayAsync(shared, customers[27], "B-4", 400_00, 370.00m, "USD");
        await PayAsync(shared, customers[28], "B-5", 50_00, 45.00m);

        await using (var db = store.CreateContext())
        {
            db.Orders.AddRange(orders);
            await db.SaveChangesAsync(Ct);
        }

        return new Scenario(store, time, a, b, idle, s1, s2, 300.00m + 370.00m + 964.99m + 560.00m);
    }

    private static async Task<long> Create(CouponIssuer issuer, CouponTemplateRow draft)
    {
        var (offer, problems) = await issuer.CreateTemplateAsync(draft, Ct);
        return offer?.Id ?? throw new InvalidOperationException(string.Join("; ", problems));
    }

    private sealed record Expected(Dictionary<long, CouponStats> Offers, Dictionary<(long, long), CouponStats> Segments);

    /// <summary>The figures from the raw rows, with loops: no grouping in the store, no code shared with the monitor.</summary>
    private static async Task<Expected> CountIndependentlyAsync(KithStore store, DateTimeOffset now)
    {
        await using var db = store.CreateContext();
        var offers = await db.CouponTemplates.AsNoTracking().ToListAsync(Ct);
        var codes = await db.CouponCodes.AsNoTracking().ToListAsync(Ct);
        var redemptions = await db.CouponRedemptions.AsNoTracking().ToListAsync(Ct);
        var orders = await db.Orders.AsNoTracking().ToListAsync(Ct);

        CouponStats Count(Func<CouponCodeRow, bool> inScope, string currency)
        {
            long issued = 0, expired = 0, redeemed = 0, reserved = 0, reversed = 0, discount = 0;
            var paidOrders = new HashSet<string>();
            var codeIds = new HashSet<long>();
            foreach (var c in codes)
            {
                if (!inScope(c))
                {
                    continue;
                }

                codeIds.Add(c.Id);
                issued += c.MaxUses;
                if (c.ValidTo is { } to && to < now && c.Uses < c.MaxUses)
                {
                    expired += c.MaxUses - c.Uses;
                }
            }

            foreach (var r in redemptions)
            {
                if (!codeIds.Contains(r.CodeId))
                {
                    continue;
                }

                switch (r.Status)
                {
                    case CouponRedemptionRow.Committed:
                        redeemed++;
                        discount += r.DiscountMinor;
                        paidOrders.Add(r.OrderRef);
                        break;
                    case CouponRedemptionRow.Reserved when r.HoldUntil >= now:
                        reserved++;
                        break;
                    case CouponRedemptionRow.Reversed:
                        reversed++;
                        break;
                }
            }

            var matched = orders.Where(o => paidOrders.Contains(o.ExternalId)).ToList();
            var revenue = 0m;
            foreach (var o in matched)
            {
                if (o.Currency == currency)
                {
                    revenue += o.Total;
                }
            }

            return new CouponStats(issued, redeemed, reserved, expired, reversed, discount, matched.Count, revenue);
        }

        var byOffer = offers.ToDictionary(o => o.Id, o => Count(c => c.TemplateId == o.Id, o.Currency));
        var bySegment = new Dictionary<(long, long), CouponStats>();
        foreach (var pair in codes.Select(c => (c.TemplateId, Segment: SegmentIn(c.Batch))).Where(x => x.Segment is not null).Distinct())
        {
            var currency = offers.Single(o => o.Id == pair.TemplateId).Currency;
            bySegment[(pair.TemplateId, pair.Segment!.Value)] = Count(c => c.TemplateId == pair.TemplateId && SegmentIn(c.Batch) == pair.Segment, currency);
        }

        return new Expected(byOffer, bySegment);
    }

    private static long? SegmentIn(string? batch) =>
        batch is not null && SegmentBatch().Match(batch) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^segment:(\d+)( |$)")]
    private static partial Regex SegmentBatch();
}
