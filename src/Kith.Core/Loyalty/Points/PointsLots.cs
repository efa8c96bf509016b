namespace Kith.Core.Loyalty.Points;

/// <summary>
/// A parcel of earned points: what is left of it, when it becomes usable (after the return window) and when it
/// expires. Redemptions take from usable lots that expire first, so the oldest points go first.
/// </summary>
public sealed record PointsLot(long Id, long Remaining, DateTimeOffset UsableAt, DateTimeOffset? ExpiresAt)
{
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } e && e <= now;

    public bool IsUsable(DateTimeOffset now) => UsableAt <= now && !IsExpired(now);

    public bool IsPending(DateTimeOffset now) => UsableAt > now && !IsExpired(now);
}

public static class PointsAllocation
{
    /// <summary>
    /// Takes <paramref name="points"/> from usable lots, earliest expiry first (never-expiring lots last; ties by
    /// age), or returns null if the usable balance is short.
    /// </summary>
    public static IReadOnlyList<(long LotId, long Points)>? TakeUsable(IEnumerable<PointsLot> lots, long points, DateTimeOffset now)
    {
        var plan = new List<(long, long)>();
        var left = points;
        foreach (var lot in lots.Where(l => l.Remaining > 0 && l.IsUsable(now))
                     .OrderBy(l => l.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(l => l.Id))
        {
            if (left == 0)
            {
                break;
            }

            var take = Math.Min(left, lot.Remaining);
            plan.Add((lot.Id, take));
            left -= take;
        }

        return left == 0 ? plan : null;
    }
}
