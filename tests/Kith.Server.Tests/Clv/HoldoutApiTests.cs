using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Server.Tests.Clv;

/// <summary>GET /api/v1/clv/holdout: <c>kith clv report</c> as JSON, on CDNOW_sample imported as the CLI imports it.</summary>
public class HoldoutApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<RunningKith> CdnowAsync()
    {
        var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, ct: Ct);
        var import = await new FileImporter(kith.Store, TimeProvider.System).ImportAsync(
            new ImportOptions(TestFiles.CdnowSample, ImportKind.Orders) { Format = ImportFormat.CdnowSample }, null, null, Ct);
        Assert.True(import.Committed);
        return kith;
    }

    [Fact]
    public async Task The_cdnow_report_has_the_published_bgnbd_fit_and_holdout_purchases()
    {
        await using var kith = await CdnowAsync();

        var report = await kith.Client.GetFromJsonAsync<JsonObject>("/api/v1/clv/holdout?model=bgnbd&calibrationEnd=1997-09-30&holdoutEnd=1998-06-30&timeUnit=week", Ct);

        Assert.NotNull(report);
        Assert.Equal(("bgnbd", "1997-09-30", "1998-06-30", "week"), ((string)report["model"]!, (string)report["calibrationEnd"]!, (string)report["holdoutEnd"]!, (string)report["timeUnit"]!));
        var p = report["params"]!;
        Assert.Equal([0.243, 4.414, 0.793, 2.426], new[] { "r", "alpha", "a", "b" }.Select(n => Math.Round((double)p[n]!, 3)));
        Assert.Equal(-9_582.4, Math.Round((double)report["logLikelihood"]!, 1));
        Assert.True((bool)report["converged"]!);
        Assert.Equal((2_357, 1_882), ((int)report["customers"]!, (int)report["actual"]!));
        Assert.Equal(1_653, Math.Round((double)report["predicted"]!));
        Assert.Equal(8, report["byFrequency"]!.AsArray().Count);
        Assert.Equal(78, report["tracking"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("calibrationEnd=1997-09-30", "holdoutEnd", "is required (YYYY-MM-DD)")]
    [InlineData("calibrationEnd=30.09.1997&holdoutEnd=1998-06-30", "calibrationEnd", "'30.09.1997' is not a date (YYYY-MM-DD)")]
    [InlineData("calibrationEnd=1997-09-30&holdoutEnd=1998-06-30&timeUnit=month", "timeUnit", "must be day or week")]
    [InlineData("calibrationEnd=1997-09-30&holdoutEnd=1998-06-30&model=gammagamma", "model", "unknown purchase model 'gammagamma': bgnbd or paretonbd")]
    [InlineData("calibrationEnd=1997-09-30&holdoutEnd=1997-09-01", "holdoutEnd", "the holdout end 1997-09-01 must be at least one week after the calibration end 1997-09-30")]
    [InlineData("calibrationEnd=1996-12-31&holdoutEnd=1997-06-30", "calibrationEnd", "no customer made a purchase on or before the calibration end 1996-12-31")]
    public async Task Bad_input_is_a_400_naming_the_parameter(string query, string field, string message)
    {
        await using var kith = await CdnowAsync();

        var response = await kith.Client.GetAsync("/api/v1/clv/holdout?" + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(message, (string)problem!["errors"]![field]![0]!);
    }
}
