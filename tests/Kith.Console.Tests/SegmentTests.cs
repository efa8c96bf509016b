using System.Globalization;
using System.Text.RegularExpressions;
using Kith.Core.Access;
using Kith.Core.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>Segments in the console: the visual builder and its rule text, the live count, saving, the detail page, the 360 timeline.</summary>
public sealed partial class SegmentTests(KithConsole kith) : ConsoleTest(kith)
{
    /// <summary>Picks an option of a MudSelect (options carry data-value).</summary>
    private static async Task PickAsync(IPage page, ILocator select, string value)
    {
        await select.ClickAsync();
        var option = page.Locator($".mud-popover-open [data-value='{value}']");
        await option.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list")).ToHaveCountAsync(0);
    }

    /// <summary>The count shown once the rule shown is <paramref name="rule"/>.</summary>
    private static async Task<int> CountShownAsync(IPage page, string rule)
    {
        var count = page.GetByTestId("segment-count");
        await Expect(count).ToHaveAttributeAsync("data-rule", rule);
        await Expect(count).ToContainTextAsync(" ms)");
        return int.Parse((await count.GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);
    }

    /// <summary>The customers a rule catches, counted independently: the stored values of the last recompute, with LINQ.</summary>
    private async Task<int> StoreCountAsync(string lifecycle, int minOrders)
    {
        await using var db = Kith.Store.CreateContext();
        return await (
            from v in db.CustomerValues
            join c in db.Customers on v.CustomerId equals c.Id
            where c.ErasedAt == null && v.Lifecycle == lifecycle && v.Frequency >= minOrders
            select v).CountAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_marketer_builds_a_rule_sees_the_count_change_fixes_a_typo_and_saves_the_segment()
    {
        var page = await OpenAsync(Roles.Marketer, "segments");
        await page.GetByTestId("segment-new").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/segments/new$"));
        await KithConsole.WaitForInteractiveAsync(page);

        // lifecycle = "active"
        await page.GetByTestId("add-condition").ClickAsync();
        var first = page.GetByTestId("condition").Nth(0);
        await PickAsync(page, first.GetByTestId("cond-field"), "lifecycle");
        await PickAsync(page, first.GetByTestId("cond-value"), "active");
        var active = await CountShownAsync(page, "lifecycle = \"active\"");
        Assert.True(active > 0, "some demo customers are active");
        Assert.Equal(await StoreCountAsync("active", 0), active);
        await Expect(page.GetByTestId("preview-row")).ToHaveCountAsync(Math.Min(20, active));

        // ... and orders >= N, N chosen so that some but not all active customers have that many orders.
        int n;
        await using (var db = Kith.Store.CreateContext())
        {
            var orders = await db.CustomerValues.Where(v => v.Lifecycle == "active").Select(v => v.Frequency).ToListAsync(TestContext.Current.CancellationToken);
            n = orders.Distinct().Order().Skip(1).First();
        }

        var rule = $"lifecycle = \"active\" and orders >= {n}";
        await page.GetByTestId("add-condition").ClickAsync();
        var second = page.GetByTestId("condition").Nth(1);
        await PickAsync(page, second.GetByTestId("cond-field"), "orders");
        await Expect(second.GetByTestId("cond-op")).ToContainTextAsync(">=");
        await second.GetByTestId("cond-value").FillAsync(n.ToString(CultureInfo.InvariantCulture));
        var repeat = await CountShownAsync(page, rule);
        Assert.True(repeat < active, $"{repeat} repeat buyers of {active} active");
        Assert.Equal(await StoreCountAsync("active", n), repeat);
        Assert.Equal(SegmentRule.Parse(rule).Text, await page.GetByTestId("rule-text").InputValueAsync());

        // A broken rule in the text box: the problem with its position, and no count.
        await page.GetByTestId("rule-text").FillAsync("orders >= ");
        await page.GetByTestId("rule-use-text").ClickAsync();
        await Expect(page.GetByTestId("rule-problem").First).ToContainTextAsync("line 1, column");
        await Expect(page.GetByTestId("segment-count")).ToHaveCountAsync(0);

        // Text back into the builder.
        await page.GetByTestId("rule-text").FillAsync($"orders >= {n} AND lifecycle = \"active\"");
        await page.GetByTestId("rule-use-text").ClickAsync();
        await Expect(page.GetByTestId("rule-problem")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("condition")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("condition").Nth(0)).ToHaveAttributeAsync("data-field", "orders");
        Assert.Equal(repeat, await CountShownAsync(page, $"orders >= {n} and lifecycle = \"active\""));

        // Too deep for the builder: text mode.
        await page.GetByTestId("rule-text").FillAsync($"not (orders >= {n} and lifecycle = \"active\")");
        await page.GetByTestId("rule-use-text").ClickAsync();
        await Expect(page.GetByTestId("rule-too-complex")).ToBeVisibleAsync();
        await CountShownAsync(page, $"not (orders >= {n} and lifecycle = \"active\")");
        await page.GetByTestId("rule-text").FillAsync(rule);
        await page.GetByTestId("rule-use-text").ClickAsync();
        await Expect(page.GetByTestId("rule-too-complex")).ToHaveCountAsync(0);
        await CountShownAsync(page, rule);

        // Save without a name: an error; with one: the detail page.
        await page.GetByTestId("save-button").ClickAsync();
        await Expect(page.GetByTestId("save-error")).ToBeVisibleAsync();
        var name = "Active repeat " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByTestId("save-name").FillAsync(name);
        await page.GetByTestId("save-button").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/segments/\d+$"));
        await Expect(page.GetByTestId("segment-name")).ToHaveTextAsync(name);
        await Expect(page.GetByTestId("segment-rule")).ToHaveTextAsync(rule);
        await Expect(page.GetByTestId("segment-member-count")).ToHaveAttributeAsync("data-count", repeat.ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("member-row")).ToHaveCountAsync(Math.Min(50, repeat));
        await Expect(page.GetByTestId("member-name").First).ToContainTextAsync("*");
        await Expect(page.GetByTestId("history-row").First).ToHaveAttributeAsync("data-change", "entered");

        // Explain a member.
        var member = (await page.GetByTestId("member-link").First.TextContentAsync())!.Trim();
        await page.GetByTestId("explain-id").FillAsync(member);
        await page.GetByTestId("explain-button").ClickAsync();
        await Expect(page.GetByTestId("explain-result")).ToHaveAttributeAsync("data-in", "true");
        await Expect(page.GetByTestId("explain-line")).ToHaveCountAsync(2);

        // A saving twice under the same name is refused.
        await GotoAsync(page, "segments/new");
        await page.GetByTestId("rule-text").FillAsync(rule);
        await page.GetByTestId("rule-use-text").ClickAsync();
        await CountShownAsync(page, rule);
        await page.GetByTestId("save-name").FillAsync(name);
        await page.GetByTestId("save-button").ClickAsync();
        await Expect(page.GetByTestId("save-error")).ToContainTextAsync(name);

        // The list shows it.
        await GotoAsync(page, "segments");
        await Expect(page.GetByTestId("segment-row").Filter(new() { HasText = name })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_customer_entering_a_saved_segment_shows_it_on_the_360_timeline()
    {
        var page = await OpenAsync(Roles.Analyst, "segments/new");
        const string Rule = "tier = \"high_value\"";
        await page.GetByTestId("rule-text").FillAsync(Rule);
        await page.GetByTestId("rule-use-text").ClickAsync();
        await Expect(page.GetByTestId("condition")).ToHaveCountAsync(1);
        Assert.True(await CountShownAsync(page, Rule) > 0);
        var name = "高价值 " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByTestId("save-name").FillAsync(name);
        await page.GetByTestId("save-button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/segments/\d+$"));

        await page.GetByTestId("member-link").First.ClickAsync();
        await Expect(page.GetByTestId("profile-external-id")).ToBeVisibleAsync();
        var entry = page.GetByTestId("timeline-segment").Filter(new() { HasText = name });
        // Demo orders and events may be dated after today; show more of the timeline until the entry is there.
        while (await entry.CountAsync() == 0 && await page.GetByTestId("timeline-more").CountAsync() > 0)
        {
            await page.GetByTestId("timeline-more").ClickAsync();
        }

        await Expect(entry).ToHaveTextAsync($"Entered segment {name}");
    }

    [Fact]
    public async Task A_viewer_has_no_segments_in_the_nav_and_is_denied_the_pages()
    {
        var page = await NewPageAsync(Roles.Viewer);
        await Expect(page.GetByTestId("nav-NavSegments")).ToHaveCountAsync(0);

        await page.GotoAsync("segments/new");
        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await page.GotoAsync("segments");
        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_marketer_sees_the_new_segment_button_and_the_segments_nav()
    {
        var page = await OpenAsync(Roles.Marketer, "segments");
        await Expect(page.GetByTestId("nav-NavSegments")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("segment-new")).ToBeVisibleAsync();
    }

    /// <summary>A tag nobody has: the rule counts (0) but the builder warns, in the operator's language, that saving it would give a broken segment.</summary>
    [Fact]
    public async Task A_tag_nobody_has_is_warned_about_in_chinese()
    {
        var page = await OpenAsync(Roles.Marketer, "segments/new", "zh-CN");
        await KithConsole.WaitForInteractiveAsync(page);
        await page.GetByTestId("rule-text").FillAsync("tag = \"没有人的标签\"");
        await page.GetByTestId("rule-use-text").ClickAsync();

        await Expect(page.GetByTestId("segment-count")).ToHaveAttributeAsync("data-count", "0");
        await Expect(page.GetByTestId("segment-warning")).ToContainTextAsync("没有任何客户带有标签 \"没有人的标签\"");
    }
}
