using System.Text.Json;
using Kith.Core.Access;
using Kith.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>An operator's day with customers: search, the 360 page, masked or not by role, export and erase — each audited.</summary>
public sealed class CustomerTests(KithConsole kith) : ConsoleTest(kith)
{
    private async Task<(string Id, string Phone)> CustomerWithPhoneAsync(int skip)
    {
        await using var db = Kith.Store.CreateContext();
        var c = await db.Customers.Where(c => c.Phone != null && c.ErasedAt == null).OrderBy(c => c.Id).Skip(skip)
            .Select(c => new { c.ExternalId, c.Phone }).FirstAsync(TestContext.Current.CancellationToken);
        return (c.ExternalId, c.Phone!);
    }

    private async Task<List<AuditEntry>> AuditAsync(string action, string target)
    {
        await using var db = Kith.Store.CreateContext();
        return await db.AuditLog.Where(e => e.Action == action && e.Target == target).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_viewer_finds_a_customer_by_phone_and_sees_the_360_masked_without_privacy_actions()
    {
        var (id, phone) = await CustomerWithPhoneAsync(3);
        var page = await OpenAsync(Roles.Viewer, "customers");

        await page.GetByTestId("customer-search").FillAsync(phone);
        await page.GetByTestId("customer-search-button").ClickAsync();
        var row = page.Locator($"[data-testid=customer-row][data-external-id='{id}']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("customer-phone")).ToHaveTextAsync($"{phone[..3]}****{phone[^4..]}");
        await row.GetByTestId("customer-link").ClickAsync();

        await Expect(page.GetByTestId("profile-external-id")).ToContainTextAsync(id);
        await Expect(page.GetByTestId("profile-phone")).ToHaveTextAsync($"{phone[..3]}****{phone[^4..]}");
        await Expect(page.GetByTestId("timeline-entry").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("export-customer")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("erase-customer")).ToHaveCountAsync(0);
        Assert.DoesNotContain(phone, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(await AuditAsync(AuditActions.PiiViewed, $"customer:{id}"));
    }

    [Fact]
    public async Task An_admin_sees_personal_data_unmasked_and_the_view_is_audited()
    {
        var (id, phone) = await CustomerWithPhoneAsync(4);

        var page = await OpenAsync(Roles.Admin, $"customers/{id}");

        await Expect(page.GetByTestId("profile-phone")).ToHaveTextAsync(phone);
        var audit = await AuditAsync(AuditActions.PiiViewed, $"customer:{id}");
        Assert.Contains(audit, e => e.Actor == $"{Roles.Admin}@console.test");
        Assert.All(audit, e => Assert.DoesNotContain(phone, e.Detail ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_agent_exports_a_customers_data_as_json_and_the_export_is_audited()
    {
        var (id, phone) = await CustomerWithPhoneAsync(5);
        var page = await OpenAsync(Roles.Agent, $"customers/{id}");
        await Expect(page.GetByTestId("erase-customer")).ToHaveCountAsync(0);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-customer").ClickAsync());

        var path = await download.PathAsync();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Contains(phone, json.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(id, json.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(AuditActions.CustomerExported, $"customer:{id}"), e => e.Actor == $"{Roles.Agent}@console.test");
    }

    [Fact]
    public async Task An_admin_erases_a_customer_after_typing_its_id_and_gets_a_receipt()
    {
        var (id, phone) = await CustomerWithPhoneAsync(6);
        var page = await OpenAsync(Roles.Admin, $"customers/{id}");

        await page.GetByTestId("erase-customer").ClickAsync();
        await Expect(page.GetByTestId("erase-confirm-button")).ToBeDisabledAsync();
        await page.GetByTestId("erase-confirm-id").FillAsync(id);
        await page.GetByTestId("erase-confirm-button").ClickAsync();

        await Expect(page.GetByTestId("erase-receipt")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("erased-banner")).ToBeVisibleAsync();
        Assert.DoesNotContain(phone, await page.ContentAsync(), StringComparison.Ordinal);
        await using (var db = Kith.Store.CreateContext())
        {
            var stored = await db.Customers.SingleAsync(c => c.ExternalId == id, TestContext.Current.CancellationToken);
            Assert.Equal((null, null, null), (stored.Phone, stored.Name, stored.Email));
            Assert.NotNull(stored.ErasedAt);
        }

        // The audit log page shows it to an admin.
        await GotoAsync(page, "settings/audit");
        await Expect(page.Locator($"[data-testid=audit-row][data-action='{AuditActions.CustomerErased}']").Filter(new() { HasText = id })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_marketer_records_an_unsubscribe_on_every_channel()
    {
        var (id, _) = await CustomerWithPhoneAsync(7);
        var page = await OpenAsync(Roles.Marketer, $"customers/{id}");

        await page.GetByTestId("unsubscribe-all").ClickAsync();

        foreach (var channel in new[] { "email", "sms", "push", "wechat" })
        {
            await Expect(page.GetByTestId($"consent-{channel}")).ToHaveAttributeAsync("data-given", "false");
        }

        await using var db = Kith.Store.CreateContext();
        var stored = await db.Customers.SingleAsync(c => c.ExternalId == id, TestContext.Current.CancellationToken);
        Assert.False(stored.ConsentEmail || stored.ConsentSms || stored.ConsentPush || stored.ConsentWeChat);
    }
}
