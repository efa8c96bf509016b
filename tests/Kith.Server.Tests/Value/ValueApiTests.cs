using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kith.Data.Store;
using Kith.Data.Value;
using Xunit;

namespace Kith.Server.Tests.Value;

public class ValueApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(Kith.Tests.Shared.TestStores.Providers), MemberType = typeof(Kith.Tests.Shared.TestStores))]
    public async Task A_customer_value_is_served_after_a_recompute(StoreProvider provider)
    {
        // The server's clock says 2026-11-01, the recompute's as-of date, so a live update racing the recompute gives the same values.
        await using var kith = await RunningKith.StartAsync(provider, ct: Ct, time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/customers/c1", Json("{}"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/customers/c2", Json("{}"), Ct)).StatusCode);
        foreach (var (id, day, total) in new[] { ("o1", "2026-10-01", 120), ("o2", "2026-10-20", 80) })
        {
            var order = $$"""{"customerId":"c1","status":"paid","placedAt":"{{day}}T10:00:00Z","paidAt":"{{day}}T10:05:00Z","total":{{total}}}""";
            Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync($"/api/v1/orders/{id}", Json(order), Ct)).StatusCode);
        }

        // c1 first bought 31 days before the as-of date: within the 45-day active window, so "new".
        var before = await kith.Client.GetAsync("/api/v1/customers/c1/value", Ct);
        var facts = await OrderFactsLoader.LoadAsync(kith.Store, TimeZoneInfo.Utc, null, Ct);
        await CustomerValueWriter.WriteAsync(kith.Store, facts, Core.Value.ValueEngine.Compute(facts, new DateOnly(2026, 11, 1), new Core.Value.ValueOptions()), null, Ct);
        var c1 = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c1/value", Ct);
        var c2 = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c2/value", Ct);
        var unknown = await kith.Client.GetAsync("/api/v1/customers/nobody/value", Ct);
        var anonymous = await kith.Anonymous().GetAsync("/api/v1/customers/c1/value", Ct);

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Contains("kith recompute", await before.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(("2026-11-01", 12, 2, 200m, "new", "high_value"), ((string)c1!["asOf"]!, (int)c1["recencyDays"]!, (int)c1["frequency"]!, (decimal)c1["monetary"]!, (string)c1["lifecycle"]!, (string)c1["tier"]!));
        Assert.Equal(("prospect", 0, ""), ((string)c2!["lifecycle"]!, (int)c2["frequency"]!, (string)c2["tier"]!));
        Assert.Null(c2["recencyDays"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    /// <summary>
    /// After a recompute, orders sent through the API change their customers' values within moments, scored
    /// against the recompute's distribution: a prospect's first order makes them "new" with R 5 (they bought
    /// today, more recently than any of the 5 earlier buyers), a repeat order raises F.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kith.Tests.Shared.TestStores.Providers), MemberType = typeof(Kith.Tests.Shared.TestStores))]
    public async Task Orders_arriving_after_a_recompute_update_their_customers_at_once(StoreProvider provider)
    {
        var now = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        await using var kith = await RunningKith.StartAsync(provider, ct: Ct, time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        async Task PutOrder(string id, string customer, string day, decimal total)
        {
            var order = $$"""{"customerId":"{{customer}}","status":"paid","placedAt":"{{day}}T08:00:00Z","paidAt":"{{day}}T08:05:00Z","total":{{total}}}""";
            Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync($"/api/v1/orders/{id}", Json(order), Ct)).StatusCode);
        }

        foreach (var c in new[] { "c1", "c2", "c3", "c4", "c5", "fresh" })
        {
            Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync($"/api/v1/customers/{c}", Json("{}"), Ct)).StatusCode);
        }

        // Five buyers, 10..50 days ago, one order each of 100..500.
        for (var i = 1; i <= 5; i++)
        {
            await PutOrder($"o{i}", $"c{i}", now.AddDays(-10 * i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 100 * i);
        }

        var facts = await OrderFactsLoader.LoadAsync(kith.Store, TimeZoneInfo.Utc, null, Ct);
        await CustomerValueWriter.WriteAsync(kith.Store, facts, Core.Value.ValueEngine.Compute(facts, DateOnly.FromDateTime(now.UtcDateTime), new Core.Value.ValueOptions()), null, Ct);
        Assert.Equal("prospect", (string)(await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/fresh/value", Ct))!["lifecycle"]!);

        await PutOrder("first", "fresh", "2026-11-01", 250);
        await PutOrder("again", "c5", "2026-10-30", 50);

        async Task<JsonObject> WaitFor(string customer, int frequency)
        {
            for (var attempt = 0; ; attempt++)
            {
                var value = await kith.Client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/value", Ct);
                if ((int)value!["frequency"]! == frequency || attempt == 100)
                {
                    return value;
                }

                await Task.Delay(100, Ct);
            }
        }

        var fresh = await WaitFor("fresh", 1);
        var c5 = await WaitFor("c5", 2);
        // fresh: recency 0 beats all 5 buyers (R 5); 1 order ties with all of them (F 1); 250 is above 100 and 200 (M 1 + ⌊5·2/5⌋ = 3).
        Assert.Equal((0, 1, 250m, 5, 1, 3, "new", "new"), ((int)fresh["recencyDays"]!, (int)fresh["frequency"]!, (decimal)fresh["monetary"]!, (int)fresh["rScore"]!, (int)fresh["fScore"]!, (int)fresh["mScore"]!, (string)fresh["lifecycle"]!, (string)fresh["rfmGroup"]!));
        // c5: last bought 2 days ago (R 5), 2 orders beat 5 single-order buyers (F 5), 550 beats all five (M 5); first order 50 days ago: active.
        Assert.Equal((2, 2, 550m, 5, 5, 5, "active", "champions"), ((int)c5["recencyDays"]!, (int)c5["frequency"]!, (decimal)c5["monetary"]!, (int)c5["rScore"]!, (int)c5["fScore"]!, (int)c5["mScore"]!, (string)c5["lifecycle"]!, (string)c5["rfmGroup"]!));
        // Nobody else moved.
        Assert.Equal(40, (int)(await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/customers/c4/value", Ct))!["recencyDays"]!);
    }

    [Fact]
    public async Task The_server_recomputes_values_on_its_schedule()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, recomputeEvery: TimeSpan.FromMilliseconds(300), ct: Ct);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/customers/c1", Json("{}"), Ct)).StatusCode);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var order = $$"""{"customerId":"c1","status":"paid","placedAt":"{{today}}T00:00:01Z","paidAt":"{{today}}T00:00:02Z","total":42}""";
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/orders/o1", Json(order), Ct)).StatusCode);

        JsonObject? value = null;
        // A tick may fall between the customer and the order: wait for a recompute that has seen the order.
        for (var attempt = 0; attempt < 100 && (value is null || (int)value["frequency"]! == 0); attempt++)
        {
            await Task.Delay(200, Ct);
            var response = await kith.Client.GetAsync("/api/v1/customers/c1/value", Ct);
            value = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>(Ct) : null;
        }

        Assert.NotNull(value);
        Assert.Equal((1, 42m, "new"), ((int)value["frequency"]!, (decimal)value["monetary"]!, (string)value["lifecycle"]!));
        // Tags are written right after the values of the same run: poll for them too.
        JsonArray? tags = null;
        for (var attempt = 0; attempt < 50 && (tags is null || tags.Count == 0); attempt++)
        {
            tags = await kith.Client.GetFromJsonAsync<JsonArray>("/api/v1/customers/c1/tags", Ct);
            await Task.Delay(tags!.Count == 0 ? 200 : 0, Ct);
        }

        Assert.Contains(tags!, t => (string)t!["tag"]! == "promotion:low" && (string)t["source"]! == "computed"); // the order had no coupon or discount
    }

    [Fact]
    public async Task Kpis_and_cohorts_are_served_for_a_period()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/customers/c1", Json("{}"), Ct)).StatusCode);
        foreach (var (id, day, total) in new[] { ("o1", "2026-09-15", 50), ("o2", "2026-10-03", 120), ("o3", "2026-10-20", 80) })
        {
            var order = $$"""{"customerId":"c1","status":"paid","placedAt":"{{day}}T10:00:00Z","paidAt":"{{day}}T10:05:00Z","total":{{total}}}""";
            Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync($"/api/v1/orders/{id}", Json(order), Ct)).StatusCode);
        }

        var kpis = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/reports/kpis?from=2026-10-01&to=2026-10-31", Ct);
        var cohorts = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/reports/cohorts?asOf=2026-10-31", Ct);
        var reversed = await kith.Client.GetAsync("/api/v1/reports/kpis?from=2026-10-31&to=2026-10-01", Ct);

        Assert.Equal((200m, 2, 1, 100m, 1.0), ((decimal)kpis!["gmv"]!, (int)kpis["orders"]!, (int)kpis["customers"]!, (decimal)kpis["aov"]!, (double)kpis["repurchaseRate"]!));
        var september = cohorts!["cohorts"]![0]!;
        Assert.Equal(("2026-09-01", 1), ((string)september["month"]!, (int)september["customers"]!));
        Assert.Equal([1, 1], september["active"]!.AsArray().Select(a => (int)a!));
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
    }

    [Fact]
    public async Task The_kpi_dashboard_and_the_lifecycle_flow_are_served()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/customers/c1", Json("{}"), Ct)).StatusCode);
        foreach (var (id, day, total) in new[] { ("o1", "2026-09-15", 50), ("o2", "2026-10-03", 120), ("o3", "2026-10-20", 80) })
        {
            var order = $$"""{"customerId":"c1","status":"paid","placedAt":"{{day}}T10:00:00Z","paidAt":"{{day}}T10:05:00Z","total":{{total}}}""";
            Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync($"/api/v1/orders/{id}", Json(order), Ct)).StatusCode);
        }

        var dashboard = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/reports/kpis/dashboard?from=2026-10-01&to=2026-10-31", Ct);
        var flow = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/reports/flow?from=2026-09-01&to=2026-10-31", Ct);
        var reversed = await kith.Client.GetAsync("/api/v1/reports/flow?from=2026-10-31&to=2026-09-01", Ct);
        var noPrevious = await kith.Client.GetAsync("/api/v1/reports/kpis/dashboard?from=0001-01-01&to=0001-01-05", Ct);

        // October against the 31 days before it (2026-08-31..09-30), which hold the 50 of 2026-09-15.
        Assert.Equal((200m, 2), ((decimal)dashboard!["current"]!["gmv"]!, (int)dashboard["current"]!["orders"]!));
        Assert.Equal(("2026-08-31", "2026-09-30", 50m), ((string)dashboard["previous"]!["from"]!, (string)dashboard["previous"]!["to"]!, (decimal)dashboard["previous"]!["gmv"]!));
        Assert.Equal((31, 31), (dashboard["days"]!.AsArray().Count, dashboard["previousDays"]!.AsArray().Count));
        Assert.Equal(("2026-10-03", 120m), ((string)dashboard["days"]![2]!["day"]!, (decimal)dashboard["days"]![2]!["gmv"]!));
        Assert.Equal(("2026-09-15", 50m), ((string)dashboard["previousDays"]![15]!["day"]!, (decimal)dashboard["previousDays"]![15]!["gmv"]!));
        // A prospect on 09-01 who first bought 46 days before 10-31 and again 11 days before: active.
        Assert.Equal("prospect", (string)flow!["stages"]![0]!);
        Assert.Equal("active", (string)flow["stages"]![2]!);
        Assert.Equal(1, (int)flow["counts"]![0]![2]!);
        Assert.Equal(1, flow["counts"]!.AsArray().Sum(row => row!.AsArray().Sum(c => (int)c!)));
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noPrevious.StatusCode);
    }
}
