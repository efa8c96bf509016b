using System.Text.Json;
using System.Text.Json.Serialization;
using Kith.Core.Loyalty.Points;
using Kith.Core.Loyalty.Tiers;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>
/// The points program and the tier scheme, stored as JSON documents in <c>loyalty_settings</c> (defaults until an
/// operator saves one). Saving validates first and returns the problems, each naming its field.
/// </summary>
public sealed class LoyaltySettings(KithStore store, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task<PointsProgram> PointsProgramAsync(CancellationToken ct) => ReadAsync(LoyaltySettingRow.PointsProgram, () => new PointsProgram(), ct);

    public Task<TierScheme> TierSchemeAsync(CancellationToken ct) => ReadAsync(LoyaltySettingRow.TierScheme, () => new TierScheme(), ct);

    public async Task<IReadOnlyList<string>> SavePointsProgramAsync(PointsProgram program, string by, CancellationToken ct)
    {
        var problems = program.Validate();
        if (problems.Count == 0)
        {
            await WriteAsync(LoyaltySettingRow.PointsProgram, program, by, ct);
        }

        return problems;
    }

    public async Task<IReadOnlyList<string>> SaveTierSchemeAsync(TierScheme scheme, string by, CancellationToken ct)
    {
        var problems = scheme.Validate();
        if (problems.Count == 0)
        {
            await WriteAsync(LoyaltySettingRow.TierScheme, scheme, by, ct);
        }

        return problems;
    }

    private async Task<T> ReadAsync<T>(string key, Func<T> fallback, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var json = await db.LoyaltySettings.Where(s => s.Key == key).Select(s => s.Json).SingleOrDefaultAsync(ct);
        return json is null ? fallback() : JsonSerializer.Deserialize<T>(json, Json) ?? fallback();
    }

    private async Task WriteAsync<T>(string key, T value, string by, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var row = await db.LoyaltySettings.SingleOrDefaultAsync(s => s.Key == key, ct);
        if (row is null)
        {
            row = new LoyaltySettingRow { Key = key };
            db.LoyaltySettings.Add(row);
        }

        row.Json = JsonSerializer.Serialize(value, Json);
        row.UpdatedAt = time.GetUtcNow();
        row.UpdatedBy = by;
        await db.SaveChangesAsync(ct);
    }
}
