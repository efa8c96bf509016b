using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kith.Core.Clv;
using Kith.Data.Churn;
using Kith.Data.Clv;
using Kith.Data.Store;
using Xunit;

namespace Kith.Server.Tests.Clv;

public class PredictionApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(Kith.Tests.Shared.TestStores.Providers), MemberType = typeof(Kith.Tests.Shared.TestStores))]
    public async Task A_customer_prediction_is_served_after_clv_score_with_churn_risk_after_churn_score(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, ct: Ct);
        // c1 bought on days 0, 10, 20; c2 on day 0 and 5; c3 once; "late" first buys after the as-of day; "none" never.
        var orders = new[] { ("c1", 0, 30m), ("c1", 10, 50m), ("c1", 20, 40m), ("c2", 0, 20m), ("c2", 5, 25m), ("c3", 3, 10m), ("late", 40, 10m) };
        foreach (var c in new[] { "c1", "c2", "c3", "late", "none" })
        {
            Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync($"/api/v1/customers/{c}", Json("{}"), Ct)).StatusCode);
        }

        var day0 = new DateOnly(2026, 1, 1);
        for (var i = 0; i < orders.Length; i++)
        {
            var (customer, offset, total) = orders[i];
            var day = day0.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var order = $$"""{"customerId":"{{customer}}","status":"paid","placedAt":"{{day}}T10:00:00Z","paidAt":"{{day}}T10:05:00Z","total":{{total}}}""";
            Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync($"/api/v1/orders/o{i}", Json(order), Ct)).StatusCode);
        }

        var before = await kith.Client.GetAsync("/api/v1/customers/c1/prediction", Ct);
        var asOf = day0.AddDays(30);
        var stored = await CustomerPredictionScorer.ScoreAndStoreAsync(kith.Store, TimeZoneInfo.Utc, "bgnbd", asOf, ClvTimeUnit.Day, new ClvOptions { HorizonDays = 90 }, Ct);
        var c1 = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c1/prediction", Ct);
        var late = await kith.Client.GetAsync("/api/v1/customers/late/prediction", Ct);
        var none = await kith.Client.GetAsync("/api/v1/customers/none/prediction", Ct);
        var unknown = await kith.Client.GetAsync("/api/v1/customers/nobody/prediction", Ct);
        var anonymous = await kith.Anonymous().GetAsync("/api/v1/customers/c1/prediction", Ct);

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.NotNull(c1);
        Assert.Equal(["customerId", "asOf", "model", "horizonDays", "expectedPurchases", "pAlive", "expectedSpend", "clv", "churnRisk", "churnBand"], c1.Select(p => p.Key));
        Assert.Equal(("c1", "2026-01-31", "bgnbd", 90), ((string)c1["customerId"]!, (string)c1["asOf"]!, (string)c1["model"]!, (int)c1["horizonDays"]!));
        // c1 in days: x = 2 repeat purchases, t_x = 20, T = 30; the API serves the fitted model's predictions for it.
        var (x, tx, t) = (2, 20.0, 30.0);
        var expected = stored.Purchases.Model;
        Assert.Equal(expected.ProbabilityAlive(x, tx, t), (double)c1["pAlive"]!, 12);
        Assert.Equal(expected.ExpectedPurchases(90, x, tx, t), (double)c1["expectedPurchases"]!, 12);
        Assert.Null(c1["churnRisk"]);
        Assert.Null(c1["churnBand"]);
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        await ChurnRiskWriter.WriteAsync(kith.Store, [stored.CustomerIds[0]], [0.9f], Ct); // c1: the first customer created
        var scored = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c1/prediction", Ct);
        Assert.Equal((0.9, "high"), (Math.Round((double)scored!["churnRisk"]!, 6), (string)scored["churnBand"]!));
    }
}
