using System.Data.Common;
using System.Text;
using Kith.Core.Customers;
using Kith.Core.Ingestion;
using Kith.Data.Audit;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Privacy;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Privacy;

public class CustomerEraserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Customer> RowAsync(KithStore store, string externalId)
    {
        await using var db = store.CreateContext();
        return await db.Customers.AsNoTracking().SingleAsync(c => c.ExternalId == externalId, Ct);
    }

    private static void AssertErased(Customer c)
    {
        Assert.NotNull(c.ErasedAt);
        Assert.Equal(
            (null, null, null, null, null, null, null, null, null, null, Gender.Unknown, false, false, false, false),
            (c.Name, c.Phone, c.Email, c.WeChatId, c.AppUserId, (DateOnly?)c.Birthday, c.Region, c.City, c.TimeZone, c.Attributes, c.Gender,
                c.ConsentEmail, c.ConsentSms, c.ConsentPush, c.ConsentWeChat));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Erase_clears_personal_fields_scrubs_events_removes_tags_and_keeps_orders(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);
        await using var before = s.Store.CreateContext();
        var totalsBefore = (await before.Orders.Select(o => o.Total).ToListAsync(Ct)).Sum();
        var linesBefore = await before.OrderLines.CountAsync(Ct);

        var result = await s.Eraser.EraseAsync("c1", "ops@example.com", Ct);

        var receipt = result.Value!;
        Assert.Equal(("c1", false, 13, 2, 2, 2), (receipt.CustomerId, receipt.AlreadyErased, receipt.FieldsCleared, receipt.EventsScrubbed, receipt.TagsRemoved, receipt.OrdersKept));
        AssertErased(await RowAsync(s.Store, "c1"));
        await using var db = s.Store.CreateContext();
        var c1 = (await RowAsync(s.Store, "c1")).Id;
        Assert.Equal(3, await db.Events.CountAsync(e => e.CustomerId == c1, Ct));
        Assert.Equal(0, await db.Events.CountAsync(e => e.CustomerId == c1 && e.Properties != null, Ct));
        Assert.Equal(0, await db.CustomerTags.CountAsync(t => t.CustomerId == c1, Ct));
        Assert.Equal(2, await db.Orders.CountAsync(o => o.CustomerId == c1, Ct));
        Assert.Equal(totalsBefore, (await db.Orders.Select(o => o.Total).ToListAsync(Ct)).Sum());
        Assert.Equal(linesBefore, await db.OrderLines.CountAsync(Ct));
        // The other customer is untouched.
        var c2 = await RowAsync(s.Store, "c2");
        Assert.Equal(("Alice Smith", "alice@example.com", (DateTimeOffset?)null), (c2.Name, c2.Email, c2.ErasedAt));
        Assert.Equal(1, await db.Events.CountAsync(e => e.CustomerId == c2.Id && e.Properties != null, Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Erase_writes_one_audit_line_with_the_actor_and_the_receipt_but_no_personal_data(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);

        var receipt = (await s.Eraser.EraseAsync("c1", "ops@example.com", Ct)).Value!;

        var line = Assert.Single(await s.Audit.SearchAsync(new AuditLog.Query(Action: AuditActions.CustomerErased), Ct));
        Assert.Equal(("ops@example.com", "customer:c1"), (line.Actor, line.Target));
        Assert.Contains(receipt.ReceiptId, line.Detail, StringComparison.Ordinal);
        Assert.All(PrivacyStore.C1Personal, p => Assert.DoesNotContain(p, line.Detail!, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Erasing_twice_returns_the_first_receipt_marked_already_erased(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);
        var first = (await s.Eraser.EraseAsync("c1", "ops@example.com", Ct)).Value!;
        s.Time.Advance(TimeSpan.FromHours(1));

        var second = await s.Eraser.EraseAsync("c1", "ops@example.com", Ct);

        Assert.Null(second.Error);
        Assert.Equal((first.ReceiptId, first.ErasedAt, true, 0, 2), (second.Value!.ReceiptId, second.Value.ErasedAt, second.Value.AlreadyErased, second.Value.FieldsCleared, second.Value.OrdersKept));
        Assert.Single(await s.Audit.SearchAsync(new AuditLog.Query(Action: AuditActions.CustomerErased), Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Erasing_an_unknown_customer_is_a_not_found_error_naming_it(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);

        var result = await s.Eraser.EraseAsync("nobody", "ops@example.com", Ct);

        Assert.Null(result.Value);
        Assert.Equal((PrivacyErrorKind.NotFound, "externalId"), (result.Error!.Kind, result.Error.Field));
        Assert.Contains("'nobody'", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(await s.Audit.SearchAsync(new AuditLog.Query(Action: AuditActions.CustomerErased), Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Reimporting_an_erased_customer_from_csv_and_json_lines_keeps_it_erased(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);
        await s.Eraser.EraseAsync("c1", "ops@example.com", Ct);

        var csv = await s.ImportAsync(PrivacyStore.Customers, ImportKind.Customers, Ct);
        var jsonl = await s.ImportAsync(
            """{"externalId":"c1","name":"张伟","phone":"13812345678","email":"zw@example.com","birthday":"1990-05-01","consentEmail":true,"attributes":{"vip":true}}""" + "\n",
            ImportKind.Customers, Ct, "customers.jsonl");

        AssertErased(await RowAsync(s.Store, "c1"));
        Assert.Equal((2, 0), (csv.Customers.Unchanged, jsonl.Customers.Updated));
        // The other customer in the same file still updates as usual.
        Assert.Equal("Alice Smith", (await RowAsync(s.Store, "c2")).Name);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task An_ingest_session_keeps_the_tombstone_for_batches_with_repeats_and_for_ensured_ids(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);
        await s.Eraser.EraseAsync("c1", "ops@example.com", Ct);

        await using (var session = await IngestSession.BeginAsync(s.Store, s.Time, "CNY", Ct))
        {
            await session.EnsureCustomersAsync(["c1", "c3"], Ct);
            var batch = await session.UpsertCustomersAsync(
                [
                    new IngestItem<CustomerInput>(0, new CustomerInput { ExternalId = "c1", Name = "张伟", ConsentSms = true }),
                    new IngestItem<CustomerInput>(1, new CustomerInput { ExternalId = "c1", Phone = "13812345678", Gender = Gender.Male }),
                ],
                Ct);
            Assert.Empty(batch.Errors);
            await session.CommitAsync(Ct);
        }

        AssertErased(await RowAsync(s.Store, "c1"));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_audit_log_refuses_update_and_delete(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);
        await s.Eraser.EraseAsync("c1", "ops@example.com", Ct);
        await using var db = s.Store.CreateContext();

        var update = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET actor = 'someone else'", Ct));
        var delete = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_log", Ct));

        Assert.IsAssignableFrom<DbException>(update);
        Assert.IsAssignableFrom<DbException>(delete);
        var line = Assert.Single(await s.Audit.SearchAsync(new AuditLog.Query(), Ct));
        Assert.Equal("ops@example.com", line.Actor);
    }
}
