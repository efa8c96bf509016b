using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Loyalty;

/// <summary>
/// An order that arrived through the API and still waits for <see cref="OrderLoyalty"/> (<c>loyalty_order_inbox</c>).
/// Written in the same transaction as the order itself, so an order the API accepted is never forgotten by a restart.
/// <see cref="Token"/> changes each time the order arrives again: the row is only removed if it was not re-queued
/// while the order was being processed.
/// </summary>
public sealed class LoyaltyInboxRow
{
    public string OrderRef { get; set; } = "";
    public string Token { get; set; } = "";
    public int Attempts { get; set; }
}

internal sealed class LoyaltyInboxConfiguration : IEntityTypeConfiguration<LoyaltyInboxRow>
{
    public void Configure(EntityTypeBuilder<LoyaltyInboxRow> b)
    {
        b.ToTable("loyalty_order_inbox");
        b.HasKey(r => r.OrderRef);
        b.Property(r => r.OrderRef).HasMaxLength(128);
        b.Property(r => r.Token).HasMaxLength(32);
    }
}

/// <summary>The durable queue of orders for loyalty processing (see <see cref="LoyaltyInboxRow"/>).</summary>
public sealed class LoyaltyInbox(KithStore store)
{
    /// <summary>Orders that fail this many times stay in the inbox, visible, but are no longer retried.</summary>
    public const int MaxAttempts = 10;

    /// <summary>Every order waiting, oldest arrivals not guaranteed first (processing is per order and idempotent).</summary>
    public async Task<List<LoyaltyInboxRow>> PendingAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.LoyaltyInbox.AsNoTracking().Where(r => r.Attempts < MaxAttempts).ToListAsync(ct);
    }

    public async Task<LoyaltyInboxRow?> FindAsync(string orderRef, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.LoyaltyInbox.AsNoTracking().SingleOrDefaultAsync(r => r.OrderRef == orderRef, ct);
    }

    /// <summary>Done with this arrival of the order; a newer arrival (another token) stays.</summary>
    public async Task DoneAsync(LoyaltyInboxRow row, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await db.LoyaltyInbox.Where(r => r.OrderRef == row.OrderRef && r.Token == row.Token).ExecuteDeleteAsync(ct);
    }

    public async Task FailedAsync(LoyaltyInboxRow row, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await db.LoyaltyInbox.Where(r => r.OrderRef == row.OrderRef).ExecuteUpdateAsync(s => s.SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
    }
}
