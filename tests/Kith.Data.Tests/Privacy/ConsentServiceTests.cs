using Kith.Core.Privacy;
using Kith.Data.Audit;
using Kith.Data.Privacy;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Data.Tests.Privacy;

public class ConsentServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Only_the_given_channels_change_and_the_change_is_audited(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);

        // c1 starts with email and sms on: unsubscribe from sms, opt in to push, email left alone.
        var change = (await s.Consents.SetAsync("c1", new ConsentUpdate(Sms: false, Push: true), "agent@example.com", Ct)).Value!;

        Assert.Equal(new CustomerConsents(Email: true, Sms: false, Push: true, WeChat: false), change.Consents);
        Assert.Equal(["sms", "push"], change.Changed);
        await using var db = s.Store.CreateContext();
        var row = await db.Customers.SingleAsync(c => c.ExternalId == "c1", Ct);
        Assert.Equal((true, false, true, false), (row.ConsentEmail, row.ConsentSms, row.ConsentPush, row.ConsentWeChat));
        var line = Assert.Single(await s.Audit.SearchAsync(new AuditLog.Query(Action: AuditActions.CustomerUpdated), Ct));
        Assert.Equal(("agent@example.com", "customer:c1", "consents: sms=off, push=on"), (line.Actor, line.Target, line.Detail));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_request_that_changes_nothing_writes_no_audit_line(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);

        var change = (await s.Consents.SetAsync("c1", new ConsentUpdate(Email: true), "agent@example.com", Ct)).Value!;

        Assert.Empty(change.Changed);
        Assert.Empty(await s.Audit.SearchAsync(new AuditLog.Query(), Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task An_empty_request_and_opting_in_an_erased_customer_are_refused(StoreProvider provider)
    {
        var s = await PrivacyStore.CreateAsync(provider, Ct);
        await s.Eraser.EraseAsync("c1", "ops@example.com", Ct);

        var empty = await s.Consents.SetAsync("c2", new ConsentUpdate(), "agent@example.com", Ct);
        var erased = await s.Consents.SetAsync("c1", new ConsentUpdate(Email: true), "agent@example.com", Ct);
        var unknown = await s.Consents.SetAsync("nobody", new ConsentUpdate(Email: false), "agent@example.com", Ct);

        Assert.Equal((PrivacyErrorKind.Invalid, "consents"), (empty.Error!.Kind, empty.Error.Field));
        Assert.Equal(PrivacyErrorKind.Invalid, erased.Error!.Kind);
        Assert.Equal(PrivacyErrorKind.NotFound, unknown.Error!.Kind);
        await using var db = s.Store.CreateContext();
        Assert.False((await db.Customers.SingleAsync(c => c.ExternalId == "c1", Ct)).ConsentEmail);
    }
}
