using System.Globalization;
using System.Text.RegularExpressions;
using Kith.Core.Access;
using Microsoft.Playwright;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>
/// The value section's report pages — KPI dashboard, cohort heat map, lifecycle flow — read as an analyst reads them,
/// every figure compared with <see cref="PaidOrderRows"/> (a plain SQL reading of the orders table and loops over it).
/// The test server's zone is UTC, so the order day is the UTC date.
/// </summary>
[Collection(OrderWriters.Name)]
public sealed partial class ValueReportTests(KithConsole kith) : ConsoleTest(kith)
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A KPI as the page writes it in English: money with 2 decimals, counts whole, shares in percent with one decimal.</summary>
    private static string Shown(string kpi, PaidOrderRows.Figure f) => kpi switch
    {
        "gmv" or "aov" or "spendPerCustomer" or "arpu" => f.Value.ToString("N2", En),
        "orders" or "customers" or "customerBase" or "rolling12MonthCustomers" => f.Value.ToString("N0", En),
        "days45To90" or "days90To140" or "days140Plus" => $"{f.Value.ToString("P1", En)} ({f.Purchased.ToString("N0", En)} of {f.Of.ToString("N0", En)})",
        _ => f.Value.ToString("P1", En),
    };

    private static ILocator Cell(IPage page, string kpi, string column) =>
        page.Locator($"[data-testid=kpi-row][data-kpi={kpi}] [data-testid={column}]");

    [Theory]
    [InlineData("2026-10-01", "2026-10-31")] // a month (against 2026-08-31..09-30)
    [InlineData("2026-10-25", "2026-10-31")] // a week
    [InlineData("2025-11-01", "2026-10-31")] // a year: more buyers, so the top 5% and the bands have more to count
    public async Task The_kpi_dashboard_shows_every_kpi_of_a_period_and_the_previous_one_as_the_order_rows_give_them(string fromText, string toText)
    {
        var (from, to) = (DateOnly.Parse(fromText, CultureInfo.InvariantCulture), DateOnly.Parse(toText, CultureInfo.InvariantCulture));
        var days = to.DayNumber - from.DayNumber + 1;
        var (previousFrom, previousTo) = (from.AddDays(-days), from.AddDays(-1));
        var rows = await PaidOrderRows.ReadAsync(Kith.Store, Ct);
        var current = rows.Kpis(from, to);
        var previous = rows.Kpis(previousFrom, previousTo);
        Assert.True(current["orders"].Value > 5 && previous["orders"].Value > 5, "the demo store sells in both periods");

        var page = await OpenAsync(Roles.Analyst, $"value/kpis?from={Iso(from)}&to={Iso(to)}");

        await Expect(page.GetByTestId("kpi-period")).ToContainTextAsync($"compared with the {days} days before: {Iso(previousFrom)} – {Iso(previousTo)}");
        await Expect(page.GetByTestId("kpi-row")).ToHaveCountAsync(15);
        foreach (var (kpi, figure) in current)
        {
            await Expect(Cell(page, kpi, "kpi-current")).ToHaveTextAsync(Shown(kpi, figure));
            await Expect(Cell(page, kpi, "kpi-previous")).ToHaveTextAsync(Shown(kpi, previous[kpi]));
        }

        // Change: money in percent of the previous value, rates in percentage points.
        var gmvChange = (current["gmv"].Value - previous["gmv"].Value) / previous["gmv"].Value;
        await Expect(Cell(page, "gmv", "kpi-change")).ToHaveTextAsync(gmvChange.ToString("+0.0%;−0.0%;0.0%", En));
        var points = (current["repurchaseRate"].Value - previous["repurchaseRate"].Value) * 100;
        await Expect(Cell(page, "repurchaseRate", "kpi-change")).ToHaveTextAsync(points.ToString("+0.0;−0.0;0.0", En) + " pp");
        await Expect(page.GetByTestId("kpi-card-gmv")).ToContainTextAsync(current["gmv"].Value.ToString("N2", En));
        await Expect(page.GetByTestId("kpi-card-gmv")).ToContainTextAsync("previous " + previous["gmv"].Value.ToString("N2", En));
        // The daily charts: one line or set of bars per period.
        await Expect(page.GetByTestId("chart-gmv").Locator("svg path.mud-chart-line")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("chart-orders").Locator("svg")).Not.ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_preset_picks_last_month_in_the_store_zone_and_the_figures_follow()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var end = lastMonth.AddMonths(1).AddDays(-1);
        var page = await OpenAsync(Roles.Marketer, "value/kpis");
        // The default period: the last 30 days up to today.
        await Expect(page.GetByTestId("kpi-period")).ToHaveAttributeAsync("data-from", Iso(today.AddDays(-29)));

        await page.GetByTestId("preset-last-month").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"value/kpis\\?from={Iso(lastMonth)}&to={Iso(end)}$"));
        await Expect(page.GetByTestId("kpi-period")).ToHaveAttributeAsync("data-to", Iso(end));
        var rows = await PaidOrderRows.ReadAsync(Kith.Store, Ct);
        var kpis = rows.Kpis(lastMonth, end);
        foreach (var kpi in new[] { "gmv", "orders", "customers", "top5PercentGmvShare" })
        {
            await Expect(Cell(page, kpi, "kpi-current")).ToHaveTextAsync(Shown(kpi, kpis[kpi]));
        }

        await page.GetByTestId("preset-7d").ClickAsync();
        await Expect(page.GetByTestId("kpi-period")).ToHaveAttributeAsync("data-from", Iso(today.AddDays(-6)));
        await Expect(Cell(page, "orders", "kpi-current")).ToHaveTextAsync(Shown("orders", rows.Kpis(today.AddDays(-6), today)["orders"]));

        // A period typed into the range picker.
        var inputs = page.GetByTestId("kpi-range").Locator("input");
        await inputs.Nth(0).FillAsync("2026-06-18");
        await inputs.Nth(1).FillAsync("2026-06-20");
        await inputs.Nth(1).PressAsync("Tab");
        await Expect(page).ToHaveURLAsync(new Regex("from=2026-06-18&to=2026-06-20$"));
        await Expect(Cell(page, "gmv", "kpi-current")).ToHaveTextAsync(Shown("gmv", rows.Kpis(new(2026, 6, 18), new(2026, 6, 20))["gmv"]));
    }

    [Fact]
    public async Task The_cohort_heat_map_shows_each_first_purchase_month_and_its_retention_as_the_order_rows_give_them()
    {
        var asOf = new DateOnly(2026, 10, 31);
        var cohorts = (await PaidOrderRows.ReadAsync(Kith.Store, Ct)).Cohorts(asOf);

        var page = await OpenAsync(Roles.Analyst, $"value/cohorts?asOf={Iso(asOf)}&months=0");

        await Expect(page.GetByTestId("cohort-row")).ToHaveCountAsync(cohorts.Count);
        foreach (var (month, (size, active)) in cohorts)
        {
            var row = page.Locator($"[data-testid=cohort-row][data-month='{month:yyyy-MM}']");
            await Expect(row.GetByTestId("cohort-size")).ToHaveTextAsync(size.ToString("N0", En));
            var months = ((asOf.Year - month.Year) * 12) + asOf.Month - month.Month + 1;
            await Expect(row.GetByTestId("cohort-cell")).ToHaveCountAsync(months);
            var titles = await row.GetByTestId("cohort-cell").EvaluateAllAsync<string[]>("cells => cells.map(c => c.title + ' | ' + c.textContent.trim())");
            var expected = Enumerable.Range(0, months).Select(k =>
            {
                var n = active.GetValueOrDefault(k);
                return $"{n.ToString("N0", En)} of {size.ToString("N0", En)} customers bought in {month.AddMonths(k):yyyy-MM} | {((double)n / size).ToString("P1", En)}";
            });
            Assert.Equal(expected, titles);
        }

        // The bottom row pools the cohorts that reached month 1.
        var reached = cohorts.Where(c => c.Key < new DateOnly(asOf.Year, asOf.Month, 1)).ToList();
        var (bought, of) = (reached.Sum(c => c.Value.Active.GetValueOrDefault(1)), reached.Sum(c => c.Value.Size));
        await Expect(page.Locator("[data-testid=cohort-average-cell][data-k='1']")).ToHaveTextAsync(((double)bought / of).ToString("P1", En));
    }

    [Fact]
    public async Task A_new_as_of_date_typed_in_the_picker_recomputes_the_cohorts()
    {
        var page = await OpenAsync(Roles.Analyst, "value/cohorts?asOf=2026-10-31");
        await Expect(page.GetByTestId("cohort-row").Last).ToHaveAttributeAsync("data-month", "2026-10");
        var cohorts = (await PaidOrderRows.ReadAsync(Kith.Store, Ct)).Cohorts(new DateOnly(2025, 6, 30));

        var input = page.GetByTestId("cohort-as-of").Locator("input");
        await input.FillAsync("2025-06-30");
        await input.PressAsync("Tab");

        await Expect(page).ToHaveURLAsync(new Regex("asOf=2025-06-30"));
        await Expect(page.GetByTestId("cohort-row").Last).ToHaveAttributeAsync("data-month", "2025-06");
        await Expect(page.GetByTestId("cohort-row")).ToHaveCountAsync(cohorts.Count);
        await Expect(page.GetByTestId("cohort-size").First).ToHaveTextAsync(cohorts.First().Value.Size.ToString("N0", En));
    }

    [Fact]
    public async Task The_lifecycle_flow_counts_every_customer_from_their_stage_on_one_date_to_their_stage_on_the_other()
    {
        var (from, to) = (new DateOnly(2026, 8, 1), new DateOnly(2026, 10, 31));
        var rows = await PaidOrderRows.ReadAsync(Kith.Store, Ct);
        var before = rows.Stages(from, (45, 90, 140));
        var after = rows.Stages(to, (45, 90, 140));

        var page = await OpenAsync(Roles.Analyst, $"value/flow?from={Iso(from)}&to={Iso(to)}");

        await Expect(page.GetByTestId("flow-windows")).ToContainTextAsync("on 2026-08-01: 45 / 90 / 140; on 2026-10-31: 45 / 90 / 140");
        string[] stages = ["prospect", "new", "active", "silent", "sleeping", "churned"];
        foreach (var s in stages)
        {
            var shown = await page.Locator($"[data-testid=flow-row][data-from={s}] [data-testid=flow-cell]")
                .EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.to + '=' + c.textContent.trim())");
            var expected = stages.Select(t => $"{t}={before.Count(c => c.Value == s && after[c.Key] == t).ToString("N0", En)}");
            Assert.Equal(expected, shown);
            var funnel = page.Locator($"[data-testid=funnel-stage][data-stage={s}]");
            await Expect(funnel.GetByTestId("funnel-from")).ToHaveTextAsync(before.Values.Count(v => v == s).ToString("N0", En));
            await Expect(funnel.GetByTestId("funnel-to")).ToHaveTextAsync(after.Values.Count(v => v == s).ToString("N0", En));
        }

        await Expect(page.GetByTestId("flow-total")).ToHaveTextAsync(rows.Customers.Count.ToString("N0", En));
        Assert.True(before.Values.Distinct().Count() >= 5, "the demo store has customers in most stages");
    }

    [Fact]
    public async Task Calibrating_the_flow_uses_each_dates_own_3_3_3_1_windows()
    {
        var (from, to) = (new DateOnly(2026, 8, 1), new DateOnly(2026, 10, 31));
        var rows = await PaidOrderRows.ReadAsync(Kith.Store, Ct);
        var (wf, wt) = (rows.CalibratedWindows(from), rows.CalibratedWindows(to));
        var page = await OpenAsync(Roles.Analyst, $"value/flow?from={Iso(from)}&to={Iso(to)}");
        await Expect(page.GetByTestId("flow-windows")).ToContainTextAsync("45 / 90 / 140");

        await page.GetByTestId("flow-calibrate").GetByText("Calibrate windows").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("calibrate=true"));
        await Expect(page.GetByTestId("flow-windows")).ToContainTextAsync($"on 2026-08-01: {wf.A} / {wf.S} / {wf.P}; on 2026-10-31: {wt.A} / {wt.S} / {wt.P}");
        var after = rows.Stages(to, wt);
        var churned = page.Locator("[data-testid=funnel-stage][data-stage=churned] [data-testid=funnel-to]");
        await Expect(churned).ToHaveTextAsync(after.Values.Count(v => v == "churned").ToString("N0", En));

        // Another end date typed in: the calibration stays on and the windows are those of the new date.
        var sept = new DateOnly(2026, 9, 30);
        var ws = rows.CalibratedWindows(sept);
        var input = page.GetByTestId("flow-to").Locator("input");
        await input.FillAsync(Iso(sept));
        await input.PressAsync("Tab");
        await Expect(page).ToHaveURLAsync(new Regex($"to={Iso(sept)}&calibrate=true"));
        await Expect(page.GetByTestId("flow-windows")).ToContainTextAsync($"on {Iso(sept)}: {ws.A} / {ws.S} / {ws.P}");
        await Expect(page.GetByTestId("flow-total")).ToHaveTextAsync(rows.Customers.Count.ToString("N0", En));
    }

    [Fact]
    public async Task The_value_tabs_lead_from_page_to_page()
    {
        var page = await OpenAsync(Roles.Analyst, "value");

        await page.GetByTestId("value-tab-kpis").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/value/kpis$"));
        await Expect(page.GetByTestId("kpi-row").First).ToBeVisibleAsync();
        await page.GetByTestId("value-tab-cohorts").ClickAsync();
        await Expect(page.GetByTestId("cohort-table")).ToBeVisibleAsync();
        await page.GetByTestId("value-tab-flow").ClickAsync();
        await Expect(page.GetByTestId("flow-matrix")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("value-tab-flow")).ToHaveClassAsync(new Regex("active"));
        await page.GetByTestId("value-tab-overview").ClickAsync();
        await Expect(page.GetByTestId("rfm-grid")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_pages_speak_chinese()
    {
        var page = await OpenAsync(Roles.Analyst, "value/kpis?from=2026-10-01&to=2026-10-31", "zh-CN");

        await Expect(page.GetByTestId("value-tab-kpis")).ToHaveTextAsync("核心指标");
        await Expect(page.GetByTestId("value-tab-cohorts")).ToHaveTextAsync("同期群留存");
        await Expect(page.Locator("[data-testid=kpi-row][data-kpi=spendPerCustomer] td").First).ToContainTextAsync("客单价");
        await Expect(page.Locator("[data-testid=kpi-row][data-kpi=repurchaseRate] td").First).ToContainTextAsync("复购率");
        await Expect(page.Locator("[data-testid=kpi-row][data-kpi=repurchaseRate] [data-testid=kpi-change]")).ToContainTextAsync("个百分点");
        await Expect(page.GetByTestId("kpi-period")).ToContainTextAsync("对比此前同样长度的 2026-08-31 至 2026-09-30");

        await GotoAsync(page, "value/cohorts?asOf=2026-10-31");
        await Expect(page.GetByTestId("cohort-table").Locator("th").First).ToHaveTextAsync("首购月份");
        await Expect(page.GetByTestId("cohort-average")).ToContainTextAsync("全部同期群");

        await GotoAsync(page, "value/flow?from=2026-08-01&to=2026-10-31");
        await Expect(page.Locator("[data-testid=flow-row][data-from=silent] td").First).ToHaveTextAsync("沉默");
        await Expect(page.GetByText("客户流向")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("value/kpis")]
    [InlineData("value/cohorts")]
    [InlineData("value/flow")]
    public async Task A_viewer_without_value_view_is_denied(string path)
    {
        Assert.False(PermissionMatrix.RoleHas(Roles.Viewer, Permissions.ValueView));
        var page = await NewPageAsync(Roles.Viewer);

        await page.GotoAsync(path);

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("kpi-row")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("cohort-row")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("flow-cell")).ToHaveCountAsync(0);
    }
}
