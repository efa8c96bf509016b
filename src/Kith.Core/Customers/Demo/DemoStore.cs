using System.Globalization;
using System.Text.Json.Nodes;
using Kith.Core.Events;
using Kith.Core.Ingestion;
using Kith.Core.Orders;

namespace Kith.Core.Customers.Demo;

/// <summary>
/// A deterministic, realistic demo store. Customers buy as in the BG/NBD story (Fader, Hardie &amp; Lee 2005):
/// while alive, a customer buys at a personal rate λ ~ Gamma(r, α) (thinned by the season: Double 11 and 618
/// peaks, a Spring Festival dip); after each purchase they drop out with a personal probability
/// p ~ Beta(a, b). Order values follow Gamma-Gamma heterogeneity: each customer has a mean spend
/// ν ~ Gamma(q, γ) and picks products around it. Some customers never buy (prospects). Each customer is
/// generated from its own seeded stream, so the output for a seed never changes and does not depend on N
/// for the customers both sizes share. Times are UTC; the store is in Asia/Shanghai (UTC+8).
/// </summary>
public sealed class DemoStore
{
    // BG/NBD-like population parameters, per day. Mean rate r·(1/α) = 1/38 days; mean dropout a/(a+b) ≈ 0.17.
    private const double RateShape = 1.2;
    private const double RateScale = 1.0 / (38 * RateShape);
    private const double DropA = 1.1;
    private const double DropB = 5.5;
    private const double ProspectShare = 0.12;
    private const int HistoryDays = 3 * 365;
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly string[] Channels = ["tmall", "jd", "app", "wechat_mini", "web"];
    private static readonly double[] ChannelWeights = [0.34, 0.22, 0.2, 0.16, 0.08];

    private readonly int _seed;

    public DemoStore(int customers, int seed, DateOnly asOf)
    {
        CustomerCount = customers;
        _seed = seed;
        AsOf = asOf;
        End = new DateTimeOffset(asOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        Catalog = new DemoCatalog(customers, seed);
    }

    /// <summary>The default as-of date: fixed, so that demo output does not depend on the clock.</summary>
    public static DateOnly DefaultAsOf { get; } = new(2026, 11, 1);

    public int CustomerCount { get; }
    public DateOnly AsOf { get; }
    public DateTimeOffset End { get; }
    public DemoCatalog Catalog { get; }

    /// <summary>Customers 0..N-1 in order; each is generated on demand.</summary>
    public IEnumerable<DemoCustomer> Customers()
    {
        for (var i = 0; i < CustomerCount; i++)
        {
            yield return Customer(i);
        }
    }

    public DemoCustomer Customer(int index)
    {
        var random = new DemoRandom(SeedOf(_seed, index));
        var id = $"C{index + 1:D7}";
        var signup = End.AddDays(-random.Uniform() * HistoryDays).AddSeconds(-random.Next(86_400));
        var customer = Person(random, id, signup);
        var orders = new List<OrderInput>();
        var events = new List<EventInput>();
        var eventNo = 0;
        string NextEventId() => $"E{index + 1:D7}-{++eventNo:D4}";

        // Preferences: two favourite categories, a spend level, promotion sensitivity, a favourite channel.
        var categories = Catalog.ProductsByCategory.Count;
        var favourite = random.Next(categories);
        var second = (favourite + 1 + random.Next(categories - 1)) % categories;
        var spendLevel = random.Gamma(3.0, 1.0 / 3.0); // mean 1: where in a category's price range they buy
        var promoSensitivity = random.Beta(1.5, 4.0);
        var channel = Channels[random.Weighted(ChannelWeights)];
        var prospect = random.Chance(ProspectShare);

        // Browsing on sign-up day.
        AddBrowsing(random, events, NextEventId, id, signup.AddMinutes(5), favourite, spendLevel, views: 1 + random.Poisson(1));

        if (!prospect)
        {
            var rate = random.Gamma(RateShape, RateScale);
            var dropout = random.Beta(DropA, DropB);
            var t = signup.AddDays(random.Exponential(1.0 / 6.0)); // first purchase about a week after sign-up
            var n = 0;
            while (t < End)
            {
                n++;
                var category = random.Chance(0.7) ? favourite : random.Chance(0.6) ? second : random.Next(categories);
                var order = Order(random, id, $"O{index + 1:D7}-{n:D3}", t, category, spendLevel, promoSensitivity, channel, orders.Count == 0);
                AddBrowsing(random, events, NextEventId, id, t.AddMinutes(-20 - random.Next(600)), category, spendLevel, views: 1 + random.Poisson(1.0));
                events.Add(new EventInput { EventId = NextEventId(), Type = EventTypes.AddToCart, CustomerId = id, Sku = order.Lines![0].Sku, OccurredAt = t.AddMinutes(-2 - random.Next(15)) });

                orders.Add(order);
                if (random.Chance(dropout))
                {
                    break;
                }

                t = NextPurchase(random, t, rate);
            }
        }

        // Occasional sign-ins and favourites between purchases.
        var signIns = random.Poisson(0.5 + (orders.Count * 0.2));
        for (var s = 0; s < signIns; s++)
        {
            var at = signup.AddDays(random.Uniform() * Math.Max(1, (End - signup).TotalDays));
            events.Add(new EventInput { EventId = NextEventId(), Type = EventTypes.SignIn, CustomerId = id, OccurredAt = Clamp(at) });
        }

        events.Sort((a, b) => a.OccurredAt!.Value.CompareTo(b.OccurredAt!.Value));
        return new DemoCustomer(customer, orders, events);
    }

    private CustomerInput Person(DemoRandom random, string id, DateTimeOffset signup)
    {
        var chinese = random.Chance(0.7);
        var female = random.Chance(0.58);
        var age = 18 + (int)Math.Min(52, random.Gamma(4.0, 3.2) + 2);
        var birthday = AsOf.AddYears(-age).AddDays(-random.Next(365));
        var c = new CustomerInput
        {
            ExternalId = id,
            Gender = random.Chance(0.06) ? Gender.Unknown : female ? Gender.Female : Gender.Male,
            Birthday = random.Chance(0.85) ? birthday : null,
            RegisteredAt = signup,
            SourceChannel = Channels[random.Weighted(ChannelWeights)],
            ConsentPush = random.Chance(0.5),
        };
        if (chinese)
        {
            var s = random.Next(DemoPeople.Surnames.Length);
            var given = random.Pick(DemoPeople.GivenChars) + (random.Chance(0.6) ? random.Pick(DemoPeople.GivenChars) : string.Empty);
            var place = random.Pick(DemoPeople.ChinaPlaces);
            c.Name = DemoPeople.Surnames[s] + given;
            c.Phone = string.Create(CultureInfo.InvariantCulture, $"1{random.Next(3, 10)}{random.Next(100_000_000, 1_000_000_000)}");
            c.Email = random.Chance(0.55) ? $"{DemoPeople.SurnamesPinyin[s]}{random.Next(10, 99_999)}@{random.Pick(DemoPeople.ChinaMail)}" : null;
            c.WeChatId = random.Chance(0.7) ? $"wx_{random.Next(100_000_000, 999_999_999)}" : null;
            c.Country = "CN";
            c.Region = place.Province;
            c.City = place.City;
            c.TimeZone = "Asia/Shanghai";
            c.ConsentSms = random.Chance(0.75);
            c.ConsentWeChat = c.WeChatId is not null && random.Chance(0.8);
            c.ConsentEmail = c.Email is not null && random.Chance(0.5);
        }
        else
        {
            var first = random.Pick(DemoPeople.EnglishFirst);
            var last = random.Pick(DemoPeople.EnglishLast);
            var place = random.Pick(DemoPeople.OtherPlaces);
            c.Name = $"{first} {last}";
            c.Phone = random.Chance(0.6) ? string.Create(CultureInfo.InvariantCulture, $"{place.Dial}{random.Next(20_000_000, 99_999_999)}") : null;
            c.Email = $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{random.Next(1, 999)}@{random.Pick(DemoPeople.OtherMail)}";
            c.Country = place.Country;
            c.Region = place.Region;
            c.City = place.City;
            c.TimeZone = place.Zone;
            c.ConsentEmail = random.Chance(0.65);
            c.ConsentSms = c.Phone is not null && random.Chance(0.4);
            c.ConsentWeChat = false;
        }

        return c;
    }

    private OrderInput Order(DemoRandom random, string customerId, string orderId, DateTimeOffset placed, int category, double spendLevel, double promo, string channel, bool first)
    {
        var lines = new List<OrderLineInput>();
        var count = 1 + (random.Chance(0.45) ? 1 : 0) + (random.Chance(0.2) ? 1 : 0) + (random.Chance(0.07) ? 1 : 0);
        for (var l = 0; l < count; l++)
        {
            var cat = l == 0 ? category : random.Chance(0.6) ? category : random.Next(Catalog.ProductsByCategory.Count);
            var product = PickProduct(random, cat, spendLevel);
            if (lines.Any(x => x.Sku == product.Sku))
            {
                continue;
            }

            var quantity = random.Chance(0.8) ? 1 : 2 + random.Next(2);
            lines.Add(new OrderLineInput { Sku = product.Sku, Quantity = quantity, UnitPrice = product.Price });
        }

        var subtotal = lines.Sum(x => x.Quantity!.Value * x.UnitPrice!.Value);
        var shipping = subtotal >= 99m ? 0m : 8m;
        string? coupon = null;
        var discount = 0m;
        var doubleEleven = IsNear(placed, 11, 11, 4);
        if (random.Chance(first ? 0.5 : (promo * 0.9) + (doubleEleven ? 0.25 : 0)))
        {
            (coupon, discount) = doubleEleven && subtotal >= 300m ? ("D11-300-50", 50m)
                : first ? ("NEW-20", Math.Min(20m, subtotal * 0.5m))
                : subtotal >= 200m ? ("FULL-200-20", 20m)
                : ("SAVE-10PCT", Math.Round(subtotal * 0.1m, 2));
        }

        var order = new OrderInput
        {
            ExternalId = orderId,
            CustomerId = customerId,
            Currency = "CNY",
            Discount = discount,
            ShippingFee = shipping,
            CouponCode = coupon,
            Channel = random.Chance(0.8) ? channel : Channels[random.Weighted(ChannelWeights)],
            PlacedAt = placed,
            Lines = lines,
        };
        Progress(random, order, subtotal - discount + shipping);
        return order;
    }

    /// <summary>Moves an order along created → paid → shipped → delivered → completed as far as the as-of date allows, with some cancellations and refunds.</summary>
    private void Progress(DemoRandom random, OrderInput order, decimal total)
    {
        var placed = order.PlacedAt!.Value;
        var roll = random.Uniform();
        if (roll < 0.03)
        {
            // Never paid: cancelled after the payment window, or still open if recent.
            var cancel = placed.AddHours(1 + random.Next(24));
            order.Status = cancel < End ? OrderStatus.Cancelled : OrderStatus.Created;
            order.CancelledAt = cancel < End ? cancel : null;
            return;
        }

        var paid = placed.AddMinutes(1 + random.Exponential(1.0 / 8.0));
        if (paid >= End)
        {
            order.Status = OrderStatus.Created;
            return;
        }

        order.PaidAt = paid;
        order.Status = OrderStatus.Paid;
        if (roll < 0.045)
        {
            var cancel = paid.AddHours(random.Next(1, 20));
            if (cancel < End)
            {
                order.Status = OrderStatus.Cancelled;
                order.CancelledAt = cancel;
                order.RefundedAmount = total;
            }

            return;
        }

        var shipped = paid.AddHours(6 + random.Next(48));
        if (shipped >= End)
        {
            return;
        }

        order.ShippedAt = shipped;
        order.Status = OrderStatus.Shipped;
        var delivered = shipped.AddHours(24 + random.Next(72));
        if (delivered >= End)
        {
            return;
        }

        order.DeliveredAt = delivered;
        order.Status = OrderStatus.Delivered;
        var completed = delivered.AddDays(7);
        if (completed >= End)
        {
            return;
        }

        order.CompletedAt = completed;
        order.Status = OrderStatus.Completed;
        if (roll > 0.97)
        {
            var refunded = delivered.AddDays(1 + random.Next(6));
            var full = roll > 0.985;
            order.Status = full ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
            order.RefundedAt = refunded;
            order.RefundedAmount = full ? total : Math.Round(total * (decimal)(0.2 + (random.Uniform() * 0.5)), 2);
            order.UpdatedAt = refunded > completed ? refunded : completed.AddMinutes(1);
        }
    }

    private ProductInput PickProduct(DemoRandom random, int category, double spendLevel)
    {
        var products = Catalog.ProductsByCategory[category];
        // spendLevel 1 is the middle of the price-sorted list; spread around it.
        var position = Math.Clamp((spendLevel * 0.5) + ((random.Uniform() - 0.5) * 0.5), 0, 0.999);
        return Catalog.Products[products[(int)(position * products.Length)]];
    }

    private void AddBrowsing(DemoRandom random, List<EventInput> events, Func<string> nextId, string customerId, DateTimeOffset at, int category, double spendLevel, int views)
    {
        if (at >= End)
        {
            return;
        }

        if (random.Chance(0.35))
        {
            var terms = DemoCatalog.Categories[category].Nouns;
            events.Add(new EventInput
            {
                EventId = nextId(), Type = EventTypes.Search, CustomerId = customerId, OccurredAt = at,
                Properties = new JsonObject { ["query"] = random.Pick(terms).Split(' ')[0] },
            });
        }

        // Some products are viewed again and again (a usage-guide / browse-abandonment signal).
        var obsessed = random.Chance(0.08) ? PickProduct(random, category, spendLevel).Sku : null;
        for (var v = 0; v < views; v++)
        {
            var sku = obsessed ?? PickProduct(random, category, spendLevel).Sku;
            events.Add(new EventInput { EventId = nextId(), Type = EventTypes.ViewProduct, CustomerId = customerId, Sku = sku, OccurredAt = Clamp(at.AddMinutes(v * 2)) });
        }

        if (obsessed is not null)
        {
            for (var v = 0; v < 3; v++)
            {
                events.Add(new EventInput { EventId = nextId(), Type = EventTypes.ViewProduct, CustomerId = customerId, Sku = obsessed, OccurredAt = Clamp(at.AddHours(6 + (v * 20))) });
            }
        }

        if (random.Chance(0.1))
        {
            events.Add(new EventInput { EventId = nextId(), Type = EventTypes.Favourite, CustomerId = customerId, Sku = PickProduct(random, category, spendLevel).Sku, OccurredAt = Clamp(at.AddMinutes(views * 2)) });
        }
    }

    /// <summary>Next purchase of a non-homogeneous Poisson process by thinning: seasonal weight w(t) ≤ 3.5.</summary>
    private DateTimeOffset NextPurchase(DemoRandom random, DateTimeOffset from, double rate)
    {
        const double maxWeight = 3.5;
        var t = from;
        while (true)
        {
            t = t.AddDays(random.Exponential(rate * maxWeight));
            if (t >= End || random.Uniform() * maxWeight < SeasonWeight(t))
            {
                return t;
            }
        }
    }

    /// <summary>
    /// The seed of one customer's generator. HashCode.Combine would be randomised per process, so the same seed
    /// would give another store on every run; this is the SplitMix64 finaliser, the same everywhere.
    /// </summary>
    private static int SeedOf(int seed, int index)
    {
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(z ^ (z >> 31)));
    }

    private static double SeasonWeight(DateTimeOffset t)
    {
        var local = t.ToOffset(Shanghai);
        if (IsNear(local, 11, 11, 3))
        {
            return 3.5;
        }

        if (IsNear(local, 6, 18, 2))
        {
            return 2.2;
        }

        // Around the Spring Festival logistics pause (late January to mid February).
        return (local.Month == 1 && local.Day > 20) || (local.Month == 2 && local.Day < 15) ? 0.6 : 1.0;
    }

    private static bool IsNear(DateTimeOffset t, int month, int day, int daysBefore)
    {
        var local = t.ToOffset(Shanghai);
        var target = new DateTime(local.Year, month, day, 23, 59, 59, DateTimeKind.Unspecified);
        var diff = (target - local.DateTime).TotalDays;
        return diff >= 0 && diff <= daysBefore;
    }

    private DateTimeOffset Clamp(DateTimeOffset t) => t < End ? t : End.AddSeconds(-1);
}
