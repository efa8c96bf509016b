using System.Net;
using System.Text;
using Kith.Data.Recommendations;
using Kith.Data.Store;
using Kith.Server.Recommendations;
using Kith.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kith.Server.Tests.Recommendations;

/// <summary>
/// The evaluation on the store's own data (time split) and the skipped retraining, on both stores, over a shop
/// built through the API. Before the split, kettles (A) go with teapots (B) and tents (C) with sleeping bags (D);
/// c7 has a kettle, c8 a tent. After it, c7 buys a teapot and c8 a sleeping bag; c7 also views a lantern (F),
/// which is not a purchase and so not something a model is judged on.
/// Worked by hand at K = 1: item-kNN gives c7 B and c8 D (two hits of two). Popularity before the split counts
/// A 4, B 3, C 5, D 5, F 1: c7 (has A) gets C or D — a miss either way — and c8 (has C) gets D — a hit: 1 of 2.
/// </summary>
public class StoreEvaluationTests
{
    private static readonly DateTimeOffset Split = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task PutAsync(RunningKith kith, string url, string json)
    {
        var response = await kith.Client.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.True(response.IsSuccessStatusCode, $"PUT {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private static async Task OrderAsync(RunningKith kith, string customer, string id, DateTimeOffset paidAt, params string[] skus)
    {
        var lines = string.Join(",", skus.Select(s => $$"""{"sku":"{{s}}","quantity":1,"unitPrice":10}"""));
        await PutAsync(kith, $"/api/v1/orders/{id}",
            $$"""{"customerId":"{{customer}}","status":"paid","placedAt":"{{paidAt:O}}","paidAt":"{{paidAt:O}}","total":{{skus.Length * 10}},"lines":[{{lines}}]}""");
    }

    private static async Task<RunningKith> StartShopAsync(StoreProvider provider)
    {
        var kith = await RunningKith.StartAsync(provider, scopes: "ingest,read,admin", ct: Ct);
        foreach (var (sku, name) in new[] { ("A", "Kettle"), ("B", "Teapot"), ("C", "Tent"), ("D", "Sleeping bag"), ("F", "Lantern") })
        {
            await PutAsync(kith, $"/api/v1/products/{sku}", $$"""{"name":"{{name}}","price":10,"inStock":true}""");
        }

        var before = Split.AddDays(-10);
        (string Customer, string[] Skus)[] baskets =
        [
            ("c1", ["A", "B"]), ("c2", ["A", "B"]), ("c3", ["A", "B"]),
            ("c4", ["C", "D"]), ("c5", ["C", "D"]), ("c6", ["C", "D", "F"]), ("c9", ["C", "D"]), ("c10", ["D"]),
            ("c7", ["A"]), ("c8", ["C"]),
        ];
        foreach (var (customer, skus) in baskets)
        {
            await PutAsync(kith, $"/api/v1/customers/{customer}", "{}");
            await OrderAsync(kith, customer, $"o-{customer}", before, skus);
        }

        await OrderAsync(kith, "c7", "o-c7-later", Split.AddDays(3), "B");
        await OrderAsync(kith, "c8", "o-c8-later", Split.AddDays(4), "D");
        var view = $$"""{"eventId":"view-c7-lantern","type":"view_product","customerId":"c7","sku":"F","occurredAt":"{{Split.AddDays(2):O}}"}""";
        var posted = await kith.Client.PostAsync("/api/v1/events", new StringContent(view, Encoding.UTF8, "application/json"), Ct);
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync(Ct));
        return kith;
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_store_evaluation_trains_before_the_split_and_judges_by_the_purchases_after_it(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider);

        var result = await StoreEvaluation.RunAsync(kith.Store, new StoreEvaluationOptions { K = 1, SplitAt = Split }, null, Ct);

        Assert.Null(result.Problem);
        Assert.Equal(Split, result.SplitAt);
        Assert.Equal(2, result.HeldOutPurchases);
        Assert.Equal(2, result.EvaluatedCustomers);
        Assert.Equal(18, result.TrainEvents);
        Assert.Equal(["popularity", "item-knn", "als", "content"], result.Models.Select(m => m.Model));
        var knn = result.Models.Single(m => m.Model == "item-knn");
        Assert.Equal(1.0, knn.HitRate, 6);
        Assert.Equal(1.0, knn.Ndcg, 6);
        Assert.Equal(1.0, knn.Precision, 6);
        var popularity = result.Models.Single(m => m.Model == "popularity");
        Assert.Equal(0.5, popularity.HitRate, 6);
        Assert.Equal(0.5, popularity.Recall, 6);
        Assert.All(result.Models, m => Assert.Equal(2, m.Users));
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task The_default_split_holds_out_the_latest_fifth_of_paid_lines_and_an_empty_store_has_nothing_to_evaluate(StoreProvider provider)
    {
        await using (var kith = await StartShopAsync(provider))
        {
            // 20 paid lines, 18 of them at one instant: the line at offset ⌊20 × 0.8⌋ = 16 in time order is one of those,
            // so the split falls on that instant and nothing lies before it to train on.
            var result = await StoreEvaluation.RunAsync(kith.Store, new StoreEvaluationOptions { K = 1 }, null, Ct);
            Assert.Equal(Split.AddDays(-10), result.SplitAt);
            Assert.Equal(StoreEvaluation.NotEnoughData, result.Problem);
        }

        await using var empty = await RunningKith.StartAsync(provider, scopes: "read", ct: Ct);
        var none = await StoreEvaluation.RunAsync(empty.Store, new StoreEvaluationOptions(), null, Ct);
        Assert.Equal(StoreEvaluation.NotEnoughData, none.Problem);
        Assert.Empty(none.Models);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task A_scheduled_retraining_is_skipped_while_the_store_is_unchanged_and_runs_after_a_new_order(StoreProvider provider)
    {
        await using var kith = await StartShopAsync(provider);
        var index = kith.App.Services.GetRequiredService<RecommendationIndex>();
        var first = await index.RefreshAsync(Ct);

        var again = await index.RefreshAsync(Ct, onlyIfChanged: true);
        Assert.Same(first, again);

        await OrderAsync(kith, "c1", "o-c1-later", Split.AddDays(5), "F");
        var after = await index.RefreshAsync(Ct, onlyIfChanged: true);
        Assert.NotSame(first, after);
        Assert.Equal(first.PaidLines + 1, after.PaidLines);

        // A forced retraining (the API's refresh) always trains.
        var response = await kith.Client.PostAsync("/api/v1/recommendations/refresh", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotSame(after, index.Current);
    }
}
