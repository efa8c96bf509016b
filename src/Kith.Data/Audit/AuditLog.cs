using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Audit;

/// <summary>Writes and searches the append-only audit log.</summary>
public sealed class AuditLog(KithStore store, TimeProvider time)
{
    public sealed record Query(string? Actor = null, string? Action = null, string? Target = null,
        DateTimeOffset? From = null, DateTimeOffset? To = null, int Take = 100, long? BeforeId = null);

    public async Task WriteAsync(string actor, string action, string target, string? detail, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await WriteAsync(db, actor, action, target, detail, ct);
    }

    /// <summary>Adds the line to <paramref name="db"/> and saves, so that a caller's transaction holds both its change and the line.</summary>
    public async Task WriteAsync(KithDbContext db, string actor, string action, string target, string? detail, CancellationToken ct)
    {
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), Actor = actor, Action = action, Target = target, Detail = detail });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Newest first; <see cref="Query.BeforeId"/> pages on (keyset), so that paging stays fast on a long log.</summary>
    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(Query query, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var q = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            q = q.Where(e => e.Actor == query.Actor.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            q = q.Where(e => e.Action == query.Action.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            q = q.Where(e => e.Target == query.Target.Trim());
        }

        if (query.From is { } from)
        {
            q = q.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            q = q.Where(e => e.At < to);
        }

        if (query.BeforeId is { } before)
        {
            q = q.Where(e => e.Id < before);
        }

        return await q.OrderByDescending(e => e.Id).Take(Math.Clamp(query.Take, 1, 1000)).ToListAsync(ct);
    }
}
