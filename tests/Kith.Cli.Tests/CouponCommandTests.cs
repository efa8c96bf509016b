using Kith.Data.Store;
using Kith.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Kith.Cli.Tests;

/// <summary><c>kith coupon create|issue|export|list</c> on a SQLite store, checked against the store's rows.</summary>
public class CouponCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_operator_creates_a_300_off_50_offer_issues_it_to_a_segment_and_as_anonymous_codes_and_exports_them()
    {
        var location = await TestStores.CreateLocationAsync(StoreProvider.Sqlite, Ct);
        var db = location.ConnectionString.Split('=', ';')[1];
        (await KithProcess.RunAsync(Ct, "demo", "--customers", "200", "--no-events", "--db", db)).EnsureSuccess();
        (await KithProcess.RunAsync(Ct, "recompute", "--db", db)).EnsureSuccess();
        (await KithProcess.RunAsync(Ct, "segment", "create", "Buyers", "orders >= 1", "--db", db)).EnsureSuccess();

        var bad = await KithProcess.RunAsync(Ct, "coupon", "create", "bad", "--kind", "Threshold", "--min-spend", "300", "--amount-off", "50.001", "--db", db);
        var created = await KithProcess.RunAsync(Ct, "coupon", "create", "满300减50", "--kind", "Threshold", "--min-spend", "300", "--amount-off", "50", "--valid-days", "30", "--db", db);
        var toSegment = await KithProcess.RunAsync(Ct, "coupon", "issue", "满300减50", "--segment", "Buyers", "--db", db);
        var anonymous = await KithProcess.RunAsync(Ct, "coupon", "issue", "满300减50", "--count", "1000", "--prefix", "D11-", "--db", db);
        var file = Path.Combine(Path.GetDirectoryName(db)!, "codes.csv");
        var export = await KithProcess.RunAsync(Ct, "coupon", "export", "满300减50", "--out", file, "--db", db);
        var list = await KithProcess.RunAsync(Ct, "coupon", "list", "--db", db);

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--amount-off", bad.Error, StringComparison.Ordinal);
        created.EnsureSuccess();
        toSegment.EnsureSuccess();
        anonymous.EnsureSuccess();
        export.EnsureSuccess();
        list.EnsureSuccess();

        await using var check = new KithStore(location).CreateContext();
        var members = await check.SegmentMembers.Select(m => m.CustomerId).OrderBy(c => c).ToListAsync(Ct);
        var codes = await check.CouponCodes.AsNoTracking().ToListAsync(Ct);
        Assert.NotEmpty(members);
        Assert.Equal(members, codes.Where(c => c.CustomerId != null).Select(c => c.CustomerId!.Value).Order().ToList());
        Assert.Equal(1000, codes.Count(c => c.CustomerId == null && c.Code.StartsWith("D11-", StringComparison.Ordinal)));
        Assert.Equal(codes.Count, codes.Select(c => c.Code).Distinct().Count());
        Assert.All(codes, c => Assert.InRange((c.ValidTo!.Value - c.IssuedAt).TotalDays, 29.99, 30.01));

        var lines = await File.ReadAllLinesAsync(file, Ct);
        Assert.Equal("code,customer_id,max_uses,uses,valid_from,valid_to,issued_at,batch", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(codes.Count, lines.Length - 1);
        Assert.Equal(codes.Select(c => c.Code).Order(StringComparer.Ordinal), lines.Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal));
        Assert.Contains($"{codes.Count:N0}", list.Output, StringComparison.Ordinal);
    }
}
