using Kith.Core.Customers;
using Kith.Core.Orders;
using Kith.Data.Customers;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Data.Tests.Customers;

/// <summary>Every search and filter of the customer list against a plain LINQ-to-objects reading of the same rows.</summary>
public class CustomerDirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Every_search_and_filter_gives_the_rows_an_independent_reading_gives(StoreProvider provider)
    {
        var (store, rows) = await SeedAsync(provider);
        var directory = new CustomerDirectory(store);
        CustomerQuery[] queries =
        [
            new(),
            new("C0042"),
            new("C0042", CustomerSearchField.Phone),
            new("13800000007"),
            new("13800000007", CustomerSearchField.Phone),
            new("user7@example.com"),
            new("USER7@EXAMPLE.COM", CustomerSearchField.Email),
            new("Mixed.Case@Example.com", CustomerSearchField.Email),
            new("张", CustomerSearchField.Name),
            new("张三"),
            new("Ana", CustomerSearchField.Name),
            new("ana", CustomerSearchField.Name),
            new("An"),
            new("Zed\uffff", CustomerSearchField.Name),
            new("nobody"),
            new(Lifecycle: "active"),
            new(Tier: "high_value"),
            new(Lifecycle: "sleeping", Tier: "sleeping"),
            new(ConsentFor: ConsentChannel.Sms),
            new(ConsentFor: ConsentChannel.WeChat, Lifecycle: "prospect"),
            new(RegisteredFrom: T0.AddDays(50), RegisteredTo: T0.AddDays(120)),
            new("张", CustomerSearchField.Name, ConsentFor: ConsentChannel.Email, RegisteredFrom: T0.AddDays(30)),
        ];

        foreach (var query in queries)
        {
            var expected = Expected(rows, query).Select(c => c.ExternalId).ToList();
            var got = await AllPagesAsync(directory, query with { PageSize = 25 });
            Assert.True(expected.SequenceEqual(got), $"{query}: expected {expected.Count} rows, got {got.Count}");
            var first = await directory.SearchAsync(query, Ct);
            Assert.Equal(new CustomerCount(expected.Count, false), first.Total);
        }
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Paging_forward_then_back_returns_the_same_pages_newest_first(StoreProvider provider)
    {
        var (store, rows) = await SeedAsync(provider);
        var directory = new CustomerDirectory(store);
        var query = new CustomerQuery(ConsentFor: ConsentChannel.Email, PageSize: 25);
        var expected = Expected(rows, query).Select(c => c.Id).ToList();

        var pages = new List<CustomerListPage> { await directory.SearchAsync(query, Ct) };
        while (pages[^1].NextAfterId is { } after)
        {
            pages.Add(await directory.SearchAsync(query with { AfterId = after }, Ct));
        }

        var back = new List<CustomerListPage> { pages[^1] };
        while (back[^1].PreviousBeforeId is { } before)
        {
            back.Add(await directory.SearchAsync(query with { BeforeId = before }, Ct));
        }

        Assert.True(pages.Count >= 3);
        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(i => i.Id));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(25, p.Items.Count));
        Assert.Null(pages[0].PreviousBeforeId);
        back.Reverse();
        Assert.Equal(pages.Count, back.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Equal(pages[i].Items.Select(x => x.Id), back[i].Items.Select(x => x.Id));
            Assert.Equal(pages[i].NextAfterId, back[i].NextAfterId);
            Assert.Equal(pages[i].PreviousBeforeId, back[i].PreviousBeforeId);
        }
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_total_above_the_cap_is_given_as_at_least_the_cap(StoreProvider provider)
    {
        var (store, rows) = await SeedAsync(provider);

        var capped = await new CustomerDirectory(store, countCap: 100).SearchAsync(new CustomerQuery(), Ct);
        var exact = await new CustomerDirectory(store, countCap: rows.Count).SearchAsync(new CustomerQuery(), Ct);

        Assert.Equal(new CustomerCount(100, true), capped.Total);
        Assert.Equal("100+", capped.Total.ToString());
        Assert.Equal(new CustomerCount(rows.Count, false), exact.Total);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Rows_carry_value_and_paid_order_figures(StoreProvider provider)
    {
        var (store, rows) = await SeedAsync(provider);
        var directory = new CustomerDirectory(store);

        var page = await directory.SearchAsync(new CustomerQuery(PageSize: 100), Ct);

        foreach (var item in page.Items)
        {
            var row = rows.Single(r => r.Id == item.Id);
            var paid = row.Orders.Where(o => o.PaidAt is not null && o.Status is not (OrderStatus.Cancelled or OrderStatus.Refunded)).ToList();
            Assert.Equal(row.Value?.Lifecycle ?? "", item.Lifecycle);
            Assert.Equal(row.Value?.Tier ?? "", item.Tier);
            Assert.Equal(paid.Count, item.Orders);
            Assert.Equal(paid.Sum(o => o.Total - o.RefundedAmount), item.Spend);
            Assert.Equal(paid.Count == 0 ? null : paid.Max(o => o.PaidAt), item.LastOrderAt);
            Assert.Equal(row.Customer.Phone, item.Phone);
        }

        Assert.Contains(page.Items, i => i.Orders > 1);
    }

    [Fact]
    public void The_name_range_bound_is_just_above_every_string_with_the_prefix()
    {
        Assert.Equal("Anb", CustomerDirectory.PrefixUpperBound("Ana"));
        Assert.Equal("张\u4e0a", CustomerDirectory.PrefixUpperBound("张\u4e09"));
        Assert.Null(CustomerDirectory.PrefixUpperBound("x\uffff"));
        Assert.Null(CustomerDirectory.PrefixUpperBound("\U00020000"));
    }

    private static async Task<List<string>> AllPagesAsync(CustomerDirectory directory, CustomerQuery query)
    {
        var ids = new List<string>();
        var page = await directory.SearchAsync(query, Ct);
        ids.AddRange(page.Items.Select(i => i.ExternalId));
        while (page.NextAfterId is { } after)
        {
            page = await directory.SearchAsync(query with { AfterId = after }, Ct);
            ids.AddRange(page.Items.Select(i => i.ExternalId));
        }

        return ids;
    }

    /// <summary>The reference: the query's meaning written over objects, independent of the SQL.</summary>
    private static IEnumerable<Row> Expected(List<Row> rows, CustomerQuery q)
    {
        var text = q.Text?.Trim();
        var lower = text?.ToLowerInvariant();
        bool Matches(Customer c) => string.IsNullOrEmpty(text) || q.Field switch
        {
            CustomerSearchField.ExternalId => c.ExternalId == text,
            CustomerSearchField.Phone => c.Phone == text,
            CustomerSearchField.Email => c.Email == text || c.Email == lower,
            CustomerSearchField.Name => c.Name?.StartsWith(text, StringComparison.Ordinal) == true,
            _ => c.ExternalId == text || c.Phone == text || (text.Contains('@') && (c.Email == text || c.Email == lower))
                || c.Name?.StartsWith(text, StringComparison.Ordinal) == true,
        };
        bool Consent(Customer c) => q.ConsentFor switch
        {
            ConsentChannel.Email => c.ConsentEmail,
            ConsentChannel.Sms => c.ConsentSms,
            ConsentChannel.Push => c.ConsentPush,
            ConsentChannel.WeChat => c.ConsentWeChat,
            _ => true,
        };
        return rows
            .Where(r => Matches(r.Customer) && Consent(r.Customer))
            .Where(r => q.Lifecycle is null || r.Value?.Lifecycle == q.Lifecycle)
            .Where(r => q.Tier is null || r.Value?.Tier == q.Tier)
            .Where(r => q.RegisteredFrom is null || r.Customer.RegisteredAt >= q.RegisteredFrom)
            .Where(r => q.RegisteredTo is null || r.Customer.RegisteredAt < q.RegisteredTo)
            .OrderByDescending(r => r.Id);
    }

    private sealed record Row(long Id, string ExternalId, Customer Customer, CustomerValueRow? Value, List<Order> Orders);

    private static async Task<(KithStore Store, List<Row> Rows)> SeedAsync(StoreProvider provider)
    {
        var store = await TestStores.CreateAsync(provider, Ct);
        var random = new Random(42);
        string[] names = ["张三", "张三丰", "张伟", "张", "李四", "Ana Lima", "ana", "Anb", "Andrew", "An", "Zed\uffffx", "Zed\uffff", "王五", null!];
        string[] stages = ["prospect", "new", "active", "silent", "sleeping", "churned"];
        string[] tiers = ["", "high_value", "potential", "ordinary", "sleeping", "churned"];
        var customers = new List<Customer>();
        for (var i = 0; i < 300; i++)
        {
            customers.Add(new Customer
            {
                ExternalId = $"C{i:0000}",
                Name = names[random.Next(names.Length)],
                Phone = random.Next(5) == 0 ? null : $"138{i % 150:00000000}",
                Email = i switch { 7 => "user7@example.com", 8 => "Mixed.Case@Example.com", _ when i % 3 == 0 => null, _ => $"u{i}@example.com" },
                RegisteredAt = random.Next(10) == 0 ? null : T0.AddDays(random.Next(200)).AddMinutes(random.Next(1440)),
                ConsentEmail = random.Next(2) == 0,
                ConsentSms = random.Next(3) == 0,
                ConsentPush = random.Next(2) == 0,
                ConsentWeChat = random.Next(4) == 0,
                CreatedAt = T0,
                UpdatedAt = T0,
            });
        }

        await using (var db = store.CreateContext())
        {
            db.Customers.AddRange(customers);
            await db.SaveChangesAsync(Ct);
        }

        var rows = new List<Row>();
        var orderNo = 0;
        await using (var db = store.CreateContext())
        {
            foreach (var c in customers)
            {
                CustomerValueRow? value = random.Next(6) == 0 ? null : new CustomerValueRow
                {
                    CustomerId = c.Id,
                    AsOf = new DateOnly(2026, 11, 1),
                    Lifecycle = stages[random.Next(stages.Length)],
                    Tier = tiers[random.Next(tiers.Length)],
                };
                if (value is not null)
                {
                    db.CustomerValues.Add(value);
                }

                var orders = new List<Order>();
                for (var k = random.Next(4); k > 0; k--)
                {
                    var placed = T0.AddDays(random.Next(300)).AddSeconds(random.Next(86400));
                    var status = (OrderStatus)random.Next(8);
                    var total = random.Next(1, 100000) / 100m;
                    orders.Add(new Order
                    {
                        ExternalId = $"O{orderNo++}",
                        CustomerId = c.Id,
                        Status = status,
                        Total = total,
                        RefundedAmount = status == OrderStatus.PartiallyRefunded ? Math.Round(total / 3, 2) : 0m,
                        PlacedAt = placed,
                        PaidAt = status == OrderStatus.Created || random.Next(10) == 0 ? null : placed.AddMinutes(random.Next(1, 90)),
                        Version = placed,
                    });
                }

                db.Orders.AddRange(orders);
                rows.Add(new Row(c.Id, c.ExternalId, c, value, orders));
            }

            await db.SaveChangesAsync(Ct);
        }

        return (store, rows);
    }
}
