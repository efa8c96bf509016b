using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Churn;

/// <summary>The latest trained churn model, one row of <c>churn_models</c>.</summary>
public static class ChurnModelStore
{
    public static async Task SaveAsync(KithStore store, ChurnModelRow row, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(row);
        await using var db = store.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ChurnModels.Where(m => m.Id == ChurnModelRow.Current).ExecuteDeleteAsync(ct);
        row.Id = ChurnModelRow.Current;
        db.ChurnModels.Add(row);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public static async Task<ChurnModelRow?> LoadAsync(KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.ChurnModels.AsNoTracking().SingleOrDefaultAsync(m => m.Id == ChurnModelRow.Current, ct);
    }
}
