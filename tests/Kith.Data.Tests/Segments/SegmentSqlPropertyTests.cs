using FsCheck;
using FsCheck.Fluent;
using Kith.Core.Catalog;
using Kith.Core.Customers;
using Kith.Core.Events;
using Kith.Core.Orders;
using Kith.Core.Segments;
using Kith.Data.Clv;
using Kith.Data.Segments;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Segments;

/// <summary>
/// The in-memory evaluator and the SQL compiler must pick the same customers. FsCheck generates random stores
/// (customers with values, tags, birthdays, registrations near local midnight, orders of every status, events
/// over a year, erased customers) and random rules over every field and function, and compares the two on
/// SQLite and PostgreSQL. Rules go through their text form, so printing and re-parsing is covered too.
/// </summary>
public class SegmentSqlPropertyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // New York has a DST change on 8 March 2026, two days before the as-of date: day boundaries move by an hour.
    private static readonly DateOnly AsOf = new(2026, 3, 10);

    private static readonly string[] EventTypeNames = ["view_product", "add_to_cart", "search"];
    private static readonly string[] TagNames = ["vip", "newsletter", "category:食品 Food"];
    private static readonly string[] Skus = ["TEA", "MUG", "BEANS", "KETTLE", "CAKE"];
    private static readonly string?[] Categories = ["Food > Tea", "Home > Kitchen", "Home > Kitchen > Coffee", "Home", null];
    private static readonly string?[] Countries = ["CN", "US", null];
    private static readonly string?[] Cities = ["上海", "New York", null];

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Rules_pick_the_same_customers_in_memory_and_in_sql(StoreProvider provider)
    {
        // Three stores, one per time zone, from a fresh seed each run (printed with any failure).
        var seeds = Enumerable.Range(0, 3).Select(_ => Random.Shared.Next()).ToArray();
        foreach (var (seed, zoneId) in seeds.Zip(["America/New_York", "Asia/Shanghai", "UTC"]))
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var store = await TestStores.CreateAsync(provider, Ct);
            await FillAsync(store, new Random(seed), zone);
            var profiles = await SegmentProfilesLoader.LoadAsync(store, AsOf, zone, null, Ct);
            Assert.True(profiles.Count > 50);

            Prop.ForAll(Rules().ToArbitrary(), condition =>
            {
                var rule = SegmentRule.Parse(condition.ToString());
                Assert.Equal(condition.ToString(), rule.Text);
                var memory = SegmentEvaluator.Evaluate(rule, profiles).Positions().Select(i => profiles.CustomerIds[i]).ToList();
                var sql = SegmentSql.MemberIdsAsync(store, rule, AsOf, zone, Ct).GetAwaiter().GetResult();
                return memory.SequenceEqual(sql).Label($"{zoneId} seed {seed}: {rule.Text}\n memory: {string.Join(',', memory)}\n sql:    {string.Join(',', sql)}");
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(provider == StoreProvider.Sqlite ? 300 : 150));
        }
    }

    /// <summary>Random rules: leaves over every field and function, combined by and/or/not up to three levels deep.</summary>
    internal static Gen<Condition> Rules() => Gen.Sized(size => Rule(Math.Min(3, size / 20)));

    private static Gen<Condition> Rule(int depth)
    {
        var leaf = Gen.OneOf(Number(), Text(), Flag(), Tag(), Event(), Bought());
        if (depth == 0)
        {
            return leaf;
        }

        var inner = Rule(depth - 1);
        return Gen.Frequency(
            (3, leaf),
            (2, Gen.ListOf(inner, 2).SelectMany(_ => Gen.Choose(2, 3)).SelectMany(n => Gen.ListOf(inner, n)).Select(parts => (Condition)new AllOf(default, [.. parts]))),
            (2, Gen.Choose(2, 3).SelectMany(n => Gen.ListOf(inner, n)).Select(parts => (Condition)new AnyOf(default, [.. parts]))),
            (1, inner.Select(c => (Condition)new Negation(default, c))));
    }

    private static readonly CompareOp[] NumberOps = [CompareOp.Equal, CompareOp.NotEqual, CompareOp.Less, CompareOp.LessOrEqual, CompareOp.Greater, CompareOp.GreaterOrEqual, CompareOp.In];

    private static Gen<Condition> Number() =>
        from field in Gen.Elements(Enum.GetValues<NumberField>())
        from op in Gen.Elements(NumberOps)
        from values in Gen.Choose(1, op == CompareOp.In ? 3 : 1).SelectMany(n => Gen.ListOf(NumberValue(field), n))
        select (Condition)new NumberCondition(default, field, op, [.. values]);

    private static Gen<double> NumberValue(NumberField field) => field switch
    {
        NumberField.Spend => Gen.Choose(0, 60000).Select(c => c / 100.0),
        NumberField.Clv => Gen.Choose(0, 50000).Select(c => c / 100.0),
        NumberField.PAlive or NumberField.ChurnRisk => Gen.Choose(0, 20).Select(k => k / 20.0),
        NumberField.RScore or NumberField.FScore or NumberField.MScore => Gen.Choose(1, 5).Select(v => (double)v),
        NumberField.Orders => Gen.Choose(0, 6).Select(v => (double)v),
        NumberField.FirstPurchaseAnniversary => Gen.Choose(0, 3).Select(v => (double)v),
        NumberField.DaysToBirthday => Gen.Frequency((3, Gen.Choose(0, 10)), (1, Gen.Choose(0, 366))).Select(v => (double)v),
        _ => Gen.Frequency((3, Gen.Choose(-3, 10)), (2, Gen.Choose(0, 420)), (1, Gen.Choose(0, 40).Select(v => v * 2 + 1).Select(v => v / 2))).Select(v => (double)v)
            .SelectMany(v => Gen.Frequency((5, Gen.Constant(v)), (1, Gen.Constant(v + 0.5)))),
    };

    private static Gen<Condition> Text() =>
        from field in Gen.Elements(Enum.GetValues<TextField>())
        from op in Gen.Elements(CompareOp.Equal, CompareOp.NotEqual, CompareOp.In)
        from values in Gen.Choose(1, op == CompareOp.In ? 3 : 1).SelectMany(n => Gen.ListOf(Gen.Elements(ValuesOf(field)), n))
        select (Condition)new TextCondition(default, field, op, [.. values]);

    private static string[] ValuesOf(TextField field) => field switch
    {
        TextField.Lifecycle => [.. SegmentFields.Lifecycles],
        TextField.Tier => [.. SegmentFields.Tiers],
        TextField.RfmGroup => [.. SegmentFields.RfmGroups],
        TextField.Gender => [.. SegmentFields.Genders],
        TextField.Country => ["CN", "US", "FR"],
        TextField.City => ["上海", "New York"],
        TextField.Region => ["x"],
        TextField.ChurnBand => [.. SegmentFields.ChurnBands],
        _ => ["app", "web"],
    };

    private static Gen<Condition> Flag() =>
        from field in Gen.Elements(Enum.GetValues<FlagField>())
        from value in Gen.Elements(true, false)
        select (Condition)new FlagCondition(default, field, value);

    private static Gen<Condition> Tag() =>
        from op in Gen.Elements(CompareOp.Equal, CompareOp.NotEqual, CompareOp.In)
        from tags in Gen.Choose(1, op == CompareOp.In ? 2 : 1).SelectMany(n => Gen.ListOf(Gen.Elements(TagNames), n))
        select (Condition)new TagCondition(default, op, [.. tags]);

    private static Gen<Condition> Event() =>
        from type in Gen.Elements(EventTypeNames)
        from days in Gen.Frequency((3, Gen.Choose(1, 10)), (1, Gen.Choose(1, 366)))
        from sameProduct in Gen.Elements(true, false)
        from notBought in Gen.Elements(true, false)
        from op in Gen.Elements(NumberOps)
        from values in Gen.Choose(1, op == CompareOp.In ? 2 : 1).SelectMany(n => Gen.ListOf(Gen.Choose(0, 4).Select(v => (double)v), n))
        select (Condition)new EventCondition(default, type, days, sameProduct, sameProduct && notBought, op, [.. values]);

    private static Gen<Condition> Bought() =>
        from category in Gen.Elements(true, false)
        from value in category ? Gen.Elements("Home", "Home > Kitchen", "Food", "Home > Kit") : Gen.Elements(Skus)
        from days in Gen.Frequency((1, Gen.Constant<int?>(null)), (2, Gen.Choose(1, 366).Select(d => (int?)d)))
        select (Condition)new BoughtCondition(default, category, value, days);

    /// <summary>A random store of about 80 customers around <see cref="AsOf"/>.</summary>
    private static async Task FillAsync(KithStore store, Random random, TimeZoneInfo zone)
    {
        var midnight = DailySales.StartOf(AsOf, zone);
        // Instants cluster around local midnights so that day boundaries are exercised.
        DateTimeOffset Around(int daysBack) => DailySales.StartOf(AsOf.AddDays(-daysBack), zone).AddMinutes(random.Next(-90, 90));
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        await using var db = store.CreateContext();
        var products = Skus.Select((sku, i) => new Product { Sku = sku, Name = sku, CategoryPath = Categories[i] }).ToList();
        db.Products.AddRange(products);
        var customers = new List<Customer>();
        for (var i = 0; i < 80; i++)
        {
            customers.Add(new Customer
            {
                ExternalId = $"C{i}",
                Gender = (Gender)random.Next(4),
                Country = Pick(Countries),
                City = Pick(Cities),
                SourceChannel = Pick(new[] { "app", "web", null }),
                ConsentEmail = random.Next(2) == 0,
                ConsentSms = random.Next(2) == 0,
                ConsentPush = random.Next(2) == 0,
                ConsentWeChat = random.Next(2) == 0,
                RegisteredAt = random.Next(6) == 0 ? null : Around(random.Next(-2, random.Next(2) == 0 ? 8 : 500)),
                Birthday = random.Next(5) == 0 ? null : random.Next(8) == 0 ? new DateOnly(1992, 2, 29) : new DateOnly(1990, 1, 1).AddDays(random.Next(0, 366 * 3)),
                ErasedAt = random.Next(25) == 0 ? midnight : null,
            });
        }

        db.Customers.AddRange(customers);
        await db.SaveChangesAsync(Ct);

        var statuses = Enum.GetValues<OrderStatus>();
        var orderNo = 0;
        foreach (var c in customers)
        {
            if (random.Next(5) > 0)
            {
                db.CustomerValues.Add(new CustomerValueRow
                {
                    CustomerId = c.Id,
                    AsOf = AsOf,
                    RecencyDays = random.Next(5) == 0 ? null : random.Next(0, 420),
                    Frequency = random.Next(0, 6),
                    Monetary = random.Next(0, 60000) / 100m,
                    RScore = random.Next(5) == 0 ? null : (short)random.Next(1, 6),
                    FScore = (short)random.Next(1, 6),
                    MScore = (short)random.Next(1, 6),
                    RfmGroup = random.Next(4) == 0 ? "" : Pick(SegmentFields.RfmGroups),
                    Lifecycle = Pick(SegmentFields.Lifecycles),
                    Tier = random.Next(4) == 0 ? "" : Pick(SegmentFields.Tiers),
                });
            }

            if (random.Next(4) > 0)
            {
                // Probabilities on a grid of twentieths, as the rules' values are, so that equality is exercised.
                var risk = random.Next(4) == 0 ? (double?)null : random.Next(0, 21) / 20.0;
                db.CustomerPredictions.Add(new CustomerPredictionRow
                {
                    CustomerId = c.Id,
                    AsOf = AsOf,
                    Model = "bgnbd",
                    HorizonDays = 364,
                    ExpectedPurchases = random.NextDouble(),
                    ProbabilityAlive = random.Next(0, 21) / 20.0,
                    ExpectedSpend = 10,
                    Clv = random.Next(0, 50000) / 100m,
                    ChurnRisk = risk,
                    ChurnBand = risk is { } r ? Kith.Core.Churn.ChurnBand.Of(r) : null,
                });
            }

            foreach (var tag in TagNames.Where(_ => random.Next(3) == 0))
            {
                db.CustomerTags.Add(new CustomerTag { CustomerId = c.Id, Tag = tag, Source = CustomerTag.Manual });
            }

            for (var k = random.Next(0, 4); k > 0; k--)
            {
                var status = Pick(statuses);
                // Anniversaries: some first purchases exactly 1 or 2 years before the as-of date.
                var placed = random.Next(6) == 0
                    ? DailySales.StartOf(AsOf.AddYears(-random.Next(1, 3)), zone).AddMinutes(random.Next(-30, 60))
                    : Around(random.Next(-3, random.Next(2) == 0 ? 12 : 400));
                db.Orders.Add(new Order
                {
                    ExternalId = $"O{++orderNo}",
                    CustomerId = c.Id,
                    Status = status,
                    Total = 10,
                    PlacedAt = placed,
                    PaidAt = status == OrderStatus.Created ? null : placed.AddMinutes(random.Next(0, 30)),
                    Version = placed,
                    Lines = [.. products.Where(_ => random.Next(3) == 0).Take(2).Select((p, n) => new OrderLine { LineNumber = n + 1, ProductId = p.Id, Sku = p.Sku, Quantity = 1, UnitPrice = 5 })],
                });
            }

            for (var k = random.Next(0, 14); k > 0; k--)
            {
                db.Events.Add(new CustomerEvent
                {
                    EventId = $"E{c.Id}-{k}",
                    Type = Pick(EventTypeNames),
                    CustomerId = c.Id,
                    ProductId = random.Next(4) == 0 ? null : products[random.Next(2)].Id, // two products, so that same_product counts pile up
                    OccurredAt = Around(random.Next(-2, random.Next(2) == 0 ? 10 : 380)),
                    ReceivedAt = midnight,
                });
            }
        }

        await db.SaveChangesAsync(Ct);
    }
}
