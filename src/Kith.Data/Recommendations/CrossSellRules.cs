using System.Text.Json;
using Kith.Core.Recommendations;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Recommendations;

/// <summary>Reads and writes the operator's cross-sell rules (<c>recommendation_rules</c>).</summary>
public sealed class CrossSellRules(KithStore store, TimeProvider time)
{
    /// <summary>Every rule, highest priority first, then by name.</summary>
    public async Task<IReadOnlyList<CrossSellRule>> ListAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var rows = await db.CrossSellRules.AsNoTracking().ToListAsync(ct);
        return [.. rows.Select(ToRule).OrderByDescending(r => r.Priority).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>Creates or replaces the rule of that name; true when it was new.</summary>
    public async Task<bool> PutAsync(CrossSellRule rule, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var row = await db.CrossSellRules.SingleOrDefaultAsync(r => r.Name == rule.Name, ct);
        var created = row is null;
        row ??= db.CrossSellRules.Add(new CrossSellRuleRow { Name = rule.Name }).Entity;
        row.TriggerSku = rule.TriggerSku;
        row.TriggerCategory = rule.TriggerCategory;
        row.TargetSkus = JsonSerializer.Serialize(rule.Targets);
        row.Priority = rule.Priority;
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return created;
    }

    /// <summary>False when there was no rule of that name.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.CrossSellRules.Where(r => r.Name == name).ExecuteDeleteAsync(ct) > 0;
    }

    private static CrossSellRule ToRule(CrossSellRuleRow row) =>
        new(row.Name, row.TriggerSku, row.TriggerCategory, JsonSerializer.Deserialize<string[]>(row.TargetSkus) ?? [], row.Priority);
}
