using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kith.Core.Value;
using Kith.Data.Store;
using Kith.Data.Value;
using Kith.Server.Segments;
using Kith.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kith.Server.Tests.Segments;

public class SegmentsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static JsonContent Rule(string rule) => JsonContent.Create(new { rule });

    /// <summary>Three customers (c1 two orders, c2 one, c3 none) sent through the API, values recomputed, profiles reloaded.</summary>
    private static async Task SeedAsync(RunningKith kith)
    {
        var paid = DateTimeOffset.UtcNow.AddDays(-3).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (id, name, phone) in new[] { ("c1", "张伟", "13812345678"), ("c2", "Ana Lima", "13900000002"), ("c3", "李娜", "13700000003") })
        {
            Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync($"/api/v1/customers/{id}", Json($$"""{"name":"{{name}}","phone":"{{phone}}"}"""), Ct)).StatusCode);
        }

        foreach (var (order, customer) in new[] { ("o1", "c1"), ("o2", "c1"), ("o3", "c2") })
        {
            var body = $$"""{"customerId":"{{customer}}","status":"paid","placedAt":"{{paid}}","paidAt":"{{paid}}","total":100}""";
            Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync($"/api/v1/orders/{order}", Json(body), Ct)).StatusCode);
        }

        var facts = await OrderFactsLoader.LoadAsync(kith.Store, TimeZoneInfo.Utc, null, Ct);
        await CustomerValueWriter.WriteAsync(kith.Store, facts, ValueEngine.Compute(facts, DateOnly.FromDateTime(DateTime.UtcNow), new ValueOptions()), null, Ct);
        await kith.App.Services.GetRequiredService<SegmentProfileCache>().RefreshAsync(Ct);
    }

    [Theory]
    [MemberData(nameof(TestStores.Providers), MemberType = typeof(TestStores))]
    public async Task Count_preview_save_members_export_history_and_explain(StoreProvider provider)
    {
        await using var kith = await RunningKith.StartAsync(provider, "ingest,read", ct: Ct);
        await SeedAsync(kith);
        var marketer = await kith.SignInAsync("marketer", Ct);

        var count = await (await marketer.PostAsync("/api/v1/segments/count", Rule("orders >= 1 and orders < 2 or orders >= 2"), Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(2, (int)count!["count"]!);
        Assert.Equal(3, (int)count["total"]!);
        Assert.Equal("(orders >= 1 and orders < 2) or orders >= 2", (string)count["rule"]!);

        var preview = await (await marketer.PostAsync("/api/v1/segments/preview", Rule("orders >= 1"), Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var rows = preview!["customers"]!.AsArray();
        Assert.Equal(["c1", "c2"], rows.Select(r => (string)r!["externalId"]!));
        Assert.Equal(["张*", "A** L***"], rows.Select(r => (string)r!["name"]!)); // masked: a marketer has no pii.view
        Assert.Equal("138****5678", (string)rows[0]!["phone"]!);

        var created = await marketer.PostAsync("/api/v1/segments", JsonContent.Create(new { name = "Repeat buyers", rule = "orders >= 2" }), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var segment = await created.Content.ReadFromJsonAsync<JsonObject>(Ct);
        var id = (long)segment!["id"]!;
        Assert.Equal(1, (int)segment["memberCount"]!);

        var members = await marketer.GetFromJsonAsync<JsonObject>($"/api/v1/segments/{id}/members", Ct);
        Assert.Equal("c1", (string)members!["customers"]![0]!["externalId"]!);
        Assert.Equal("张*", (string)members["customers"]![0]!["name"]!);
        var csv = await marketer.GetStringAsync($"/api/v1/segments/{id}/export", Ct);
        Assert.Contains("c1,张*,,138****5678,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", csv, StringComparison.Ordinal);
        var admin = await kith.SignInAsync("admin", Ct);
        Assert.Contains("c1,张伟,,13812345678,", await admin.GetStringAsync($"/api/v1/segments/{id}/export", Ct), StringComparison.Ordinal);

        var history = await marketer.GetFromJsonAsync<JsonArray>($"/api/v1/segments/{id}/history", Ct);
        Assert.Equal(("segment.entered", "c1"), ((string)history![0]!["change"]!, (string)history[0]!["customerId"]!));

        var explain = await marketer.GetFromJsonAsync<JsonObject>($"/api/v1/segments/{id}/explain/c2", Ct);
        Assert.False((bool)explain!["inSegment"]!);
        Assert.Equal(("orders >= 2", false, "1"), ((string)explain["conditions"]![0]!["condition"]!, (bool)explain["conditions"]![0]!["holds"]!, (string)explain["conditions"]![0]!["value"]!));

        var duplicate = await marketer.PostAsync("/api/v1/segments", JsonContent.Create(new { name = "Repeat buyers", rule = "orders >= 1" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("already a segment named", await duplicate.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var upload = await marketer.PostAsync("/api/v1/segments/static", JsonContent.Create(new { name = "Picked", customerIds = new[] { "c3", "nobody" } }), Ct);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploaded = await upload.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(["nobody"], uploaded!["unknownCustomerIds"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(1, (int)uploaded["segment"]!["memberCount"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await marketer.DeleteAsync($"/api/v1/segments/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await marketer.GetAsync($"/api/v1/segments/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_server_re_materialises_segments_when_data_changes()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, "ingest,read", ct: Ct);
        await SeedAsync(kith);
        var marketer = await kith.SignInAsync("marketer", Ct);
        var created = await (await marketer.PostAsync("/api/v1/segments", JsonContent.Create(new { name = "Repeat", rule = "orders >= 2" }), Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        var id = (long)created!["id"]!;
        Assert.Equal(1, (int)created["memberCount"]!);

        // c2 places a second order; a recompute stores the new values and asks the refresher to run (as the scheduled recompute does).
        var paid = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, (await kith.Client.PutAsync("/api/v1/orders/o4", Json($$"""{"customerId":"c2","status":"paid","placedAt":"{{paid}}","paidAt":"{{paid}}","total":50}"""), Ct)).StatusCode);
        var facts = await OrderFactsLoader.LoadAsync(kith.Store, TimeZoneInfo.Utc, null, Ct);
        await CustomerValueWriter.WriteAsync(kith.Store, facts, ValueEngine.Compute(facts, DateOnly.FromDateTime(DateTime.UtcNow), new ValueOptions()), null, Ct);
        kith.App.Services.GetRequiredService<SegmentRefreshService>().RequestRefresh();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject? segment;
        do
        {
            await Task.Delay(200, Ct);
            segment = await marketer.GetFromJsonAsync<JsonObject>($"/api/v1/segments/{id}", Ct);
        }
        while ((int)segment!["memberCount"]! != 2 && DateTime.UtcNow < deadline);

        Assert.Equal(2, (int)segment["memberCount"]!);
        var history = await marketer.GetFromJsonAsync<JsonArray>($"/api/v1/segments/{id}/history", Ct);
        Assert.Equal(("segment.entered", "c2"), ((string)history![0]!["change"]!, (string)history[0]!["customerId"]!));
        var live = await (await marketer.PostAsync("/api/v1/segments/count", Rule("orders >= 2"), Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(2, (int)live!["count"]!); // live counts use the reloaded profiles too
    }

    [Fact]
    public async Task A_malformed_rule_is_a_400_with_each_problem_and_its_position()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, "read", ct: Ct);
        var response = await kith.Client.PostAsync("/api/v1/segments/count", Rule("recency <= 90 and\n  lifecycle = \"sleepng\""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        var problems = problem!["problems"]!.AsArray();
        Assert.Equal(2, problems.Count);
        Assert.Equal((1, 1), ((int)problems[0]!["line"]!, (int)problems[0]!["column"]!));
        Assert.Contains("did you mean recency_days", (string)problems[0]!["message"]!, StringComparison.Ordinal);
        Assert.Equal((2, 15), ((int)problems[1]!["line"]!, (int)problems[1]!["column"]!));
        Assert.Contains("line 2, column 15", (string)problem["errors"]!["rule"]![1]!, StringComparison.Ordinal);
    }

    /// <summary>Random text, SQL fragments and near-rules thrown at the count endpoint: every answer is 200 or 400 problem details, never a server error, and the store is intact.</summary>
    [Fact]
    public async Task Fuzzed_rules_get_200_or_400_and_never_reach_sql_as_text()
    {
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, "ingest,read", ct: Ct);
        await SeedAsync(kith);
        string[] pieces =
        [
            "orders", ">=", "2", "and", "or", "not", "(", ")", "\"", "'", ";", "--", "DROP TABLE customers", "1=1", "tag", "=", "\"vip\"", "in", ",",
            "events(", "\"view_product\"", "7d", "same_product", "bought(", "\\", "\n", "lifecycle", "\"active\"", "spend", "300.5", "-1", "9999999999999999999999",
            "' OR '1'='1", "%", "_", "/*", "*/", "\u201C", "张", "\0", "recency_days", "<=", "!=", "999d", "x".PadRight(70, 'x'),
        ];
        var random = new Random(7);
        var client = kith.Client;
        for (var i = 0; i < 300; i++)
        {
            var rule = string.Join(random.Next(3) == 0 ? "" : " ", Enumerable.Range(0, random.Next(1, 9)).Select(_ => pieces[random.Next(pieces.Length)]));
            var response = await client.PostAsync("/api/v1/segments/count", Rule(rule), Ct);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {rule}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
                Assert.True(problem!["problems"]!.AsArray().Count > 0, rule);
            }
        }

        var after = await (await client.PostAsync("/api/v1/segments/count", Rule("orders >= 0"), Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(3, (int)after!["total"]!);
    }
}
