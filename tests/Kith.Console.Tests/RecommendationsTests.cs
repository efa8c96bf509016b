using Kith.Core.Access;
using System.Globalization;
using Kith.Data.Audit;
using Kith.Data.Recommendations;
using Kith.Server.Recommendations;
using Microsoft.Playwright;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>
/// Issue 9 in the console: the recommendation pages and the 360 card over <see cref="RecommendationShop"/>, where the
/// right answers are obvious (coffee beans → burr grinder, green tea → teapot).
/// </summary>
public sealed class RecommendationsTests(KithConsole kith, RecommendationShop shop) : ConsoleTest(kith), IClassFixture<RecommendationShop>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IPage> OpenShopAsync(string role, string path, string culture = "en")
    {
        var page = await NewAnonymousPageAsync(culture, shop.Address);
        await KithConsole.SignInAsync(page, shop.Operators[role].Email, shop.Operators[role].Password);
        await GotoAsync(page, path);
        return page;
    }

    private static ILocator Rows(IPage page, string list) => page.GetByTestId(list).GetByTestId("rec-row");

    [Fact]
    public async Task The_product_page_finds_a_product_and_shows_the_co_purchased_one_first()
    {
        var page = await OpenShopAsync(Roles.Marketer, "recommendations/products");

        await page.GetByTestId("product-query").FillAsync("beans");
        await page.Locator("[data-testid=product-match][data-sku='COF-BEANS']").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("recommendations/products\\?sku=COF-BEANS$"));
        await Expect(page.GetByTestId("product-title")).ToContainTextAsync("Coffee beans");
        var rows = Rows(page, "product-rec-list");
        await Expect(rows.First).ToHaveAttributeAsync("data-sku", "COF-GRINDER");
        await Expect(rows.First).ToHaveAttributeAsync("data-reason", "similar_items");
        await Expect(rows.First.GetByTestId("rec-reason")).ToHaveTextAsync("Similar items");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-sku", "COF-FILTER");
        await Expect(rows.Locator("[data-sku='COF-BEANS']")).ToHaveCountAsync(0);
        var knn = page.GetByTestId("knn-row");
        await Expect(knn.First).ToHaveAttributeAsync("data-sku", "COF-GRINDER");
        await Expect(knn.Nth(1)).ToHaveAttributeAsync("data-sku", "COF-FILTER");
        await ScreenshotAsync(page, "recs-shop-products");
    }

    [Fact]
    public async Task A_cross_sell_rule_made_in_the_editor_comes_first_for_its_trigger_until_it_is_deleted()
    {
        var page = await OpenShopAsync(Roles.Marketer, "recommendations/rules");
        await Expect(page.GetByTestId("rules-empty")).ToBeVisibleAsync();

        // A rule without targets is refused, naming the field; nothing is saved.
        await page.GetByTestId("rule-new").ClickAsync();
        await page.GetByTestId("rule-name").FillAsync("gloves-novel");
        await page.GetByTestId("rule-trigger").FillAsync("GAR-GLOVES");
        await page.GetByTestId("rule-save").ClickAsync();
        await Expect(page.Locator("[data-testid=rule-problem][data-field=targets]")).ToHaveTextAsync("Give 1 to 100 target SKUs.");
        var targetsField = page.Locator(".mud-input-control", new() { Has = page.GetByTestId("rule-targets") });
        await Expect(targetsField.Locator(".mud-input-helper-text")).ToHaveTextAsync("Give 1 to 100 target SKUs.");
        await Expect(page.GetByTestId("rule-targets")).ToHaveAttributeAsync("aria-invalid", "true");
        await ScreenshotAsync(page, "recs-shop-rule-form");
        await Expect(page.GetByTestId("rule-row")).ToHaveCountAsync(0);

        await page.GetByTestId("rule-targets").FillAsync("BK-NOVEL, TEA-CUPS");
        await page.GetByTestId("rule-priority").FillAsync("5");
        await page.GetByTestId("rule-save").ClickAsync();

        var row = page.Locator("[data-testid=rule-row][data-name='gloves-novel']");
        await Expect(row.GetByTestId("rule-row-trigger")).ToContainTextAsync("GAR-GLOVES");
        await Expect(row.GetByTestId("rule-row-targets")).ToHaveTextAsync("BK-NOVEL, TEA-CUPS");
        await Expect(row.GetByTestId("rule-row-priority")).ToHaveTextAsync("5");
        var audit = new AuditLog(shop.Store, TimeProvider.System);
        var saved = await audit.SearchAsync(new AuditLog.Query(Action: RecommendationConsole.RuleSaved, Target: "cross_sell_rule:gloves-novel"), Ct);
        Assert.Equal(shop.Operators[Roles.Marketer].Email, Assert.Single(saved).Actor);
        await ScreenshotAsync(page, "recs-shop-rules");

        await GotoAsync(page, "recommendations/products?sku=GAR-GLOVES");
        var rows = Rows(page, "product-rec-list");
        await Expect(rows.First).ToHaveAttributeAsync("data-sku", "BK-NOVEL");
        await Expect(rows.First).ToHaveAttributeAsync("data-reason", "cross_sell");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-sku", "TEA-CUPS");
        await Expect(rows.Nth(2)).ToHaveAttributeAsync("data-sku", "GAR-SHEARS");

        await GotoAsync(page, "recommendations/rules");
        await row.GetByTestId("rule-delete").ClickAsync();
        await row.GetByTestId("rule-confirm-delete").ClickAsync();
        await Expect(page.GetByTestId("rules-empty")).ToBeVisibleAsync();
        Assert.Single(await audit.SearchAsync(new AuditLog.Query(Action: RecommendationConsole.RuleDeleted, Target: "cross_sell_rule:gloves-novel"), Ct));
        await GotoAsync(page, "recommendations/products?sku=GAR-GLOVES");
        await Expect(Rows(page, "product-rec-list").First).ToHaveAttributeAsync("data-sku", "GAR-SHEARS");
    }

    [Fact]
    public async Task A_viewer_sees_the_rules_but_cannot_change_them()
    {
        var page = await OpenShopAsync(Roles.Viewer, "recommendations/rules");

        await Expect(page.GetByTestId("rules-read-only")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("rule-new")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_customer_page_shows_what_a_customer_gets_with_reasons_and_status_in_words()
    {
        var page = await OpenShopAsync(Roles.Agent, "recommendations/customer");

        await page.GetByTestId("recs-customer").FillAsync(RecommendationShop.BeansOnly);
        await page.GetByTestId("recs-show").ClickAsync();

        var rows = Rows(page, "customer-rec-list");
        await Expect(page.GetByTestId("customer-recs")).ToHaveAttributeAsync("data-status", "ok");
        await Expect(page.GetByTestId("recs-status")).ToHaveTextAsync("Recommendations from this customer's own purchases and views.");
        await Expect(rows.First).ToHaveAttributeAsync("data-sku", "COF-GRINDER");
        await Expect(rows.First.GetByTestId("rec-reason")).ToHaveTextAsync("Similar items");
        await Expect(rows.Locator("[data-sku='COF-BEANS']")).ToHaveCountAsync(0);

        // The product in view leads: what goes with green tea comes first.
        await page.GetByTestId("recs-context").FillAsync("TEA-GREEN");
        await page.GetByTestId("recs-show").ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-sku", "TEA-POT");
        await Expect(rows.First.GetByTestId("rec-reason")).ToHaveTextAsync("Like recently viewed");
        await ScreenshotAsync(page, "recs-shop-customer");

        await page.GetByTestId("recs-customer").FillAsync("nobody-at-all");
        await page.GetByTestId("recs-context").FillAsync("");
        await page.GetByTestId("recs-show").ClickAsync();
        await Expect(page.GetByTestId("customer-recs")).ToHaveAttributeAsync("data-status", "unknown_customer");
        await Expect(page.GetByTestId("recs-status")).ToContainTextAsync("Kith has no purchases or views of this customer");
        await Expect(rows.First).ToHaveAttributeAsync("data-reason", "popular");
    }

    [Fact]
    public async Task The_customer_360_card_shows_the_top_6_and_links_to_the_full_list()
    {
        var page = await OpenShopAsync(Roles.Marketer, "customers/" + RecommendationShop.BeansOnly);

        var items = page.GetByTestId("recs-card-item");
        await Expect(items).ToHaveCountAsync(6);
        await Expect(items.First).ToHaveAttributeAsync("data-sku", "COF-GRINDER");
        await Expect(items.First).ToContainTextAsync("Burr grinder");
        await Expect(items.First).ToContainTextAsync("Similar items");
        await ScreenshotAsync(page, "recs-shop-360");

        await page.GetByTestId("recs-card-more").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("recommendations/customer\\?customer=" + RecommendationShop.BeansOnly + "$"));
        await Expect(Rows(page, "customer-rec-list").First).ToHaveAttributeAsync("data-sku", "COF-GRINDER");
    }

    [Fact]
    public async Task The_overview_shows_the_served_snapshot_and_an_admin_retrains_it()
    {
        var marketer = await OpenShopAsync(Roles.Marketer, "recommendations");
        await Expect(marketer.GetByTestId("recs-fig-products")).ToHaveTextAsync(RecommendationShop.Products.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(marketer.GetByTestId("recs-primary-model")).ToContainTextAsync("Known customers get Item-kNN first");
        await Expect(marketer.GetByTestId("recs-retrain")).ToHaveCountAsync(0);

        var page = await OpenShopAsync(Roles.Admin, "recommendations");
        var customers = int.Parse(await page.GetByTestId("recs-fig-customers").InnerTextAsync(), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        await shop.OrderAsync("rc-new-" + Guid.NewGuid().ToString("N")[..8], "a", DateTimeOffset.UtcNow.AddDays(-1), ["BK-NOVEL"], Ct);

        await page.GetByTestId("recs-retrain").ClickAsync();

        await Expect(page.GetByTestId("recs-fig-customers")).ToHaveTextAsync((customers + 1).ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        var audit = new AuditLog(shop.Store, TimeProvider.System);
        var lines = await audit.SearchAsync(new AuditLog.Query(Action: RecommendationConsole.Retrained), Ct);
        Assert.Contains(lines, l => l.Actor == shop.Operators[Roles.Admin].Email);
    }

    [Fact]
    public async Task The_overview_evaluates_every_model_on_the_store_as_an_independent_run_does()
    {
        var page = await OpenShopAsync(Roles.Analyst, "recommendations");

        await page.GetByTestId("recs-evaluate").ClickAsync();

        // The run is in the background; the table appears when it ends (its steps show meanwhile, not asserted: a
        // run this small may end before the browser looks).
        var rows = page.GetByTestId("recs-eval-row");
        await Expect(rows.First).ToBeVisibleAsync();
        var expected = await StoreEvaluation.RunAsync(shop.Store, new StoreEvaluationOptions(), null, Ct);
        Assert.Null(expected.Problem);
        Assert.Equal(["popularity", "item-knn", "als", "content"], expected.Models.Select(m => m.Model));
        await Expect(rows).ToHaveCountAsync(expected.Models.Count);
        foreach (var m in expected.Models)
        {
            var row = page.Locator($"[data-testid=recs-eval-row][data-model='{m.Model}']");
            await Expect(row).ToHaveAttributeAsync("data-ndcg", m.Ndcg.ToString("R", CultureInfo.InvariantCulture));
            await Expect(row.GetByTestId("recs-eval-ndcg")).ToHaveTextAsync(m.Ndcg.ToString("0.0000", CultureInfo.InvariantCulture));
            await Expect(row.GetByTestId("recs-eval-precision")).ToHaveTextAsync(m.Precision.ToString("0.0000", CultureInfo.InvariantCulture));
            await Expect(row.GetByTestId("recs-eval-recall")).ToHaveTextAsync(m.Recall.ToString("0.0000", CultureInfo.InvariantCulture));
            await Expect(row.GetByTestId("recs-eval-hit-rate")).ToHaveTextAsync(m.HitRate.ToString("0.0000", CultureInfo.InvariantCulture));
            await Expect(row.GetByTestId("recs-eval-coverage")).ToHaveTextAsync(m.Coverage.ToString("0.0000", CultureInfo.InvariantCulture));
        }

        var best = expected.Models.MaxBy(m => m.Ndcg)!.Model;
        await Expect(page.Locator("[data-testid=recs-eval-row][data-best=true]")).ToHaveAttributeAsync("data-model", best);
        await Expect(page.Locator("[data-testid=recs-eval-row][data-best=true]").GetByTestId("recs-eval-best")).ToHaveTextAsync("best by NDCG");
        await Expect(page.GetByTestId("recs-eval-served")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=recs-eval-row][data-model='item-knn']").GetByTestId("recs-eval-served")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("recs-evaluation-summary")).ToContainTextAsync($"{expected.EvaluatedCustomers} customers evaluated");
        await Expect(page.GetByTestId("recs-eval-chart").Locator("svg")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "recs-shop-overview");
    }

    [Fact]
    public async Task The_pages_speak_Chinese()
    {
        var page = await OpenShopAsync(Roles.Admin, "recommendations/products?sku=COF-BEANS", "zh-CN");

        await Expect(page.GetByTestId("nav-NavRecommendations")).ToContainTextAsync("商品推荐");
        await Expect(page.GetByTestId("recs-tab-products")).ToHaveTextAsync("商品关联");
        await Expect(Rows(page, "product-rec-list").First.GetByTestId("rec-reason")).ToHaveTextAsync("相似商品");
        await ScreenshotAsync(page, "recs-shop-products");

        await GotoAsync(page, "recommendations/customer?customer=nobody-at-all");
        await Expect(page.GetByTestId("recs-status")).ToContainTextAsync("暂无该客户的购买或浏览记录");
        await Expect(Rows(page, "customer-rec-list").First.GetByTestId("rec-reason")).ToHaveTextAsync("全店热销");

        await ScreenshotAsync(page, "recs-shop-customer");

        await GotoAsync(page, "recommendations/rules");
        await Expect(page.GetByTestId("rule-new")).ToHaveTextAsync("新建规则");
        await ScreenshotAsync(page, "recs-shop-rules");

        await GotoAsync(page, "recommendations");
        await Expect(page.GetByTestId("recs-evaluate")).ToHaveTextAsync("用本店数据评估");
        await Expect(page.GetByTestId("recs-retrain")).ToHaveTextAsync("立即重新训练");
        await page.GetByTestId("recs-evaluate").ClickAsync();
        await Expect(page.GetByTestId("recs-eval-row").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("recs-eval-table").Locator("th").Nth(2)).ToHaveTextAsync("精确率");
        await Expect(page.Locator("[data-testid=recs-eval-row][data-model=popularity]").GetByTestId("recs-eval-model")).ToHaveTextAsync("热门商品");
        await ScreenshotAsync(page, "recs-shop-overview");

        await GotoAsync(page, "customers/" + RecommendationShop.BeansOnly);
        await Expect(page.GetByTestId("recs-card-item").First).ToContainTextAsync("相似商品");
        await ScreenshotAsync(page, "recs-shop-360");
    }
}
