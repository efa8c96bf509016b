using System.Globalization;
using System.Text.RegularExpressions;
using Kith.Core.Access;
using Kith.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>
/// The CLV overview, the churn risk list and the 360's prediction card on the demo store, scored in the fixture as
/// <c>kith clv score</c> and <c>kith churn train | score</c> do; every figure against the stored rows read back with
/// plain SQL here.
/// </summary>
public sealed class ClvPageTests(KithConsole kith) : ConsoleTest(kith)
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One stored prediction with its customer and tier; amounts parsed from their text (SQLite keeps numeric as text).</summary>
    private sealed record Stored(long Id, string ExternalId, string? Name, string? Phone, bool Erased, string AsOf, int HorizonDays,
        double ExpectedPurchases, double PAlive, decimal ExpectedSpend, decimal Clv, double? Risk, string? Band, string Tier);

    private async Task<List<Stored>> StoredAsync()
    {
        var rows = new List<Stored>();
        await using var connection = await Kith.Store.OpenConnectionAsync(Ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT c.id, c.external_id, c.name, c.phone, c.erased_at IS NOT NULL, p.as_of, p.horizon_days, p.expected_purchases, p.p_alive,
                   CAST(p.expected_spend AS TEXT), CAST(p.clv AS TEXT), p.churn_risk, p.churn_band, COALESCE(v.tier, '')
            FROM customer_predictions p JOIN customers c ON c.id = p.customer_id LEFT JOIN customer_values v ON v.customer_id = p.customer_id
            """;
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(new Stored(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetBoolean(4), reader.GetString(5), reader.GetInt32(6), reader.GetDouble(7), reader.GetDouble(8), Amount(reader.GetString(9)), Amount(reader.GetString(10)),
                reader.IsDBNull(11) ? null : reader.GetDouble(11), reader.IsDBNull(12) ? null : reader.GetString(12), reader.GetString(13)));
        }

        return rows;
    }

    private static decimal Amount(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A figure the page shows with two decimals, read back; sums on the page go through doubles, so compare to the cent.</summary>
    private static async Task AssertMoneyAsync(ILocator cell, decimal expected)
    {
        var shown = decimal.Parse((await cell.TextContentAsync())!, NumberStyles.Number, En);
        Assert.True(Math.Abs(shown - expected) <= 0.01m, $"{cell}: shown {shown}, stored rows give {expected}");
    }

    [Fact]
    public async Task The_overview_shows_what_a_plain_query_on_customer_predictions_gives()
    {
        var rows = await StoredAsync();
        Assert.True(rows.Count > 100, "the demo store's buyers are scored");

        var page = await OpenAsync(Roles.Analyst, "clv");

        await Expect(page.GetByTestId("clv-as-of")).ToHaveAttributeAsync("data-as-of", rows[0].AsOf);
        await Expect(page.GetByTestId("clv-as-of")).ToContainTextAsync($"by BG/NBD (spend: Gamma-Gamma) over the next 364 days, for {rows.Count.ToString("N0", En)} customers");
        await AssertMoneyAsync(page.GetByTestId("clv-card-total").GetByTestId("clv-card-value"), rows.Sum(r => r.Clv));
        await AssertMoneyAsync(page.GetByTestId("clv-card-mean").GetByTestId("clv-card-value"), rows.Sum(r => r.Clv) / rows.Count);
        foreach (var tier in rows.GroupBy(r => r.Tier))
        {
            var row = page.Locator($"[data-testid=clv-tier-row][data-tier='{tier.Key}']");
            await Expect(row.GetByTestId("clv-tier-customers")).ToHaveTextAsync(tier.Count().ToString("N0", En));
            await AssertMoneyAsync(row.GetByTestId("clv-tier-total"), tier.Sum(r => r.Clv));
            await AssertMoneyAsync(row.GetByTestId("clv-tier-mean"), tier.Sum(r => r.Clv) / tier.Count());
        }

        foreach (var band in new[] { "high", "medium", "low" })
        {
            await Expect(page.Locator($"[data-testid=clv-churn-band-row][data-band={band}] [data-testid=clv-churn-band-customers]"))
                .ToHaveTextAsync(rows.Count(r => r.Band == band).ToString("N0", En));
        }

        // The histogram: each band's count is the rows whose CLV lies in [from, to).
        var bands = page.GetByTestId("clv-band-row");
        Assert.True(await bands.CountAsync() >= 4);
        foreach (var band in await bands.AllAsync())
        {
            var from = decimal.Parse((await band.GetAttributeAsync("data-from"))!, NumberStyles.Float, CultureInfo.InvariantCulture);
            var to = decimal.Parse((await band.GetAttributeAsync("data-to"))!, NumberStyles.Float, CultureInfo.InvariantCulture);
            await Expect(band.GetByTestId("clv-band-customers")).ToHaveTextAsync(rows.Count(r => r.Clv >= from && r.Clv < to).ToString("N0", En));
        }

        await Expect(page.GetByTestId("clv-histogram").Locator("svg")).Not.ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_churn_list_is_highest_risk_first_filters_by_band_and_links_to_the_360()
    {
        var scored = (await StoredAsync()).Where(r => r.Risk is not null).OrderByDescending(r => r.Risk).ThenBy(r => r.Id).ToList();
        var medium = scored.Where(r => r.Band == "medium").ToList();
        Assert.True(medium.Count > 0, "some demo buyers are at medium risk");

        var page = await OpenAsync(Roles.Marketer, "clv/churn");

        await Expect(page.GetByTestId("churn-row")).ToHaveCountAsync(25);
        var shown = await page.GetByTestId("churn-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.externalId)");
        Assert.Equal(scored.Take(25).Select(r => r.ExternalId), shown);
        await Expect(page.GetByTestId("churn-row").First.GetByTestId("churn-risk")).ToHaveTextAsync(scored[0].Risk!.Value.ToString("P1", En));
        await Expect(page.GetByTestId("churn-row").First.GetByTestId("churn-clv")).ToHaveTextAsync(scored[0].Clv.ToString("N2", En));
        await Expect(page.GetByTestId("churn-total")).ToContainTextAsync($"{scored.Count.ToString("N0", En)} customers");

        await page.GetByTestId("churn-filter-medium").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"clv/churn\?band=medium$"));
        await Expect(page.GetByTestId("churn-total")).ToContainTextAsync($"{medium.Count.ToString("N0", En)} customers");
        var mediumShown = await page.GetByTestId("churn-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.externalId)");
        Assert.Equal(medium.Take(25).Select(r => r.ExternalId), mediumShown);
        await page.GetByTestId("churn-row").First.GetByTestId("customer-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"customers/{medium[0].ExternalId}$"));
        await Expect(page.GetByTestId("profile-external-id")).ToHaveTextAsync(medium[0].ExternalId);
    }

    [Fact]
    public async Task The_churn_list_masks_names_and_phones_for_an_analyst_and_shows_them_to_an_admin_with_an_audit_line()
    {
        // A mainland mobile number (11 digits), masked as docs/permissions.md shows: 13812345678 → 138****5678.
        var top = (await StoredAsync()).Where(r => r.Risk is not null && !r.Erased && r.Phone is { Length: 11 } && r.Phone.All(char.IsAsciiDigit) && r.Name is not null)
            .OrderByDescending(r => r.Risk).ThenBy(r => r.Id).First();
        var row = $"[data-testid=churn-row][data-external-id='{top.ExternalId}']";

        var analyst = await OpenAsync(Roles.Analyst, "clv/churn");
        await Expect(analyst.Locator(row).GetByTestId("customer-phone")).ToHaveTextAsync($"{top.Phone![..3]}****{top.Phone[^4..]}");
        await Expect(analyst.GetByTestId("pii-masked-note")).ToBeVisibleAsync();
        Assert.DoesNotContain(top.Phone, await analyst.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(top.Name!, await analyst.Locator(row).GetByTestId("customer-name").TextContentAsync(), StringComparison.Ordinal);

        var admin = await OpenAsync(Roles.Admin, "clv/churn");
        await Expect(admin.Locator(row).GetByTestId("customer-phone")).ToHaveTextAsync(top.Phone);
        await Expect(admin.Locator(row).GetByTestId("customer-name")).ToHaveTextAsync(top.Name!);

        await using var db = Kith.Store.CreateContext();
        var audit = await db.AuditLog.Where(e => e.Action == AuditActions.PiiViewed && e.Target == "clv:churn").ToListAsync(Ct);
        Assert.Contains(audit, e => e.Actor == $"{Roles.Admin}@console.test" && e.Detail!.Contains(top.ExternalId, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.Actor == $"{Roles.Analyst}@console.test");
        Assert.All(audit, e => Assert.DoesNotContain(top.Phone, e.Detail ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_viewer_cannot_open_the_churn_list_at_all()
    {
        // Viewers lack value.view: rather than masked rows, they get no CLV pages (docs/permissions.md).
        var page = await NewPageAsync(Roles.Viewer);

        await page.GotoAsync("clv/churn");

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("churn-row")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_360_shows_the_stored_prediction_and_says_when_there_is_none()
    {
        var scored = (await StoredAsync()).Where(r => r.Band is not null && !r.Erased).OrderBy(r => r.Id).Skip(10).First();
        await using (var db = Kith.Store.CreateContext())
        {
            var unscored = await db.Customers.Where(c => !db.CustomerPredictions.Any(p => p.CustomerId == c.Id)).Select(c => c.ExternalId).FirstAsync(Ct);
            var none = await OpenAsync(Roles.Viewer, $"customers/{unscored}");
            await Expect(none.GetByTestId("prediction-none")).ToContainTextAsync("Not computed yet");
        }

        var page = await OpenAsync(Roles.Marketer, $"customers/{scored.ExternalId}");

        var card = page.GetByTestId("customer-prediction");
        await Expect(card.GetByTestId("prediction-clv")).ToHaveTextAsync(scored.Clv.ToString("N2", En));
        await Expect(card.GetByTestId("prediction-expected-purchases")).ToHaveTextAsync(scored.ExpectedPurchases.ToString("N2", En));
        await Expect(card.GetByTestId("prediction-horizon")).ToHaveTextAsync($"CLV, next {scored.HorizonDays} days");
        await Expect(card.GetByTestId("prediction-p-alive")).ToHaveTextAsync(scored.PAlive.ToString("P1", En));
        await Expect(card.GetByTestId("prediction-expected-spend")).ToHaveTextAsync(scored.ExpectedSpend.ToString("N2", En));
        await Expect(card.GetByTestId("prediction-churn-risk")).ToHaveTextAsync(scored.Risk!.Value.ToString("P1", En));
        await Expect(card.GetByTestId("prediction-churn-band")).ToHaveAttributeAsync("data-band", scored.Band!);
        await Expect(card.GetByTestId("prediction-as-of")).ToContainTextAsync(scored.AsOf);
    }

    [Fact]
    public async Task The_clv_section_speaks_chinese()
    {
        var page = await OpenAsync(Roles.Analyst, "clv", "zh-CN");

        await Expect(page.GetByTestId("nav-NavClv")).ToHaveTextAsync("客户终身价值");
        await Expect(page.GetByTestId("clv-tab-holdout")).ToHaveTextAsync("校准 / 验证");
        await Expect(page.GetByTestId("clv-histogram")).ToContainTextAsync("CLV 分布：各区间客户数");
        await Expect(page.GetByTestId("clv-churn-bands")).ToContainTextAsync("流失风险等级");

        await GotoAsync(page, "clv/churn");

        await Expect(page.GetByTestId("churn-row").First.GetByTestId("churn-band")).ToHaveTextAsync(new Regex("^(高|中|低)$"));
    }
}
