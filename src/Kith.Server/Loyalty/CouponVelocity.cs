using System.Collections.Concurrent;

namespace Kith.Server.Loyalty;

/// <summary>
/// Anti-fraud velocity limits on coupon attempts (validate and reserve): at most <see cref="PerMinute"/> per customer,
/// per device and per shopper IP in a minute. Counts are per server node and in memory (fixed one-minute windows):
/// they slow a script hammering one node down; they are not a global quota. The shopper's device and IP come from the
/// checkout's request body (the connection's address is the store's server).
/// </summary>
public sealed class CouponVelocity(TimeProvider time)
{
    public int PerMinute { get; init; } = 30;

    private readonly ConcurrentDictionary<string, (long Minute, int Count)> _counts = new(StringComparer.Ordinal);

    // The minute of the last sweep for stale windows. Sweeping at most once a minute: when more than 100,000 keys are
    // live in the current minute a sweep frees nothing, and sweeping on every attempt made each attempt a scan of them all.
    private long _sweptMinute = long.MinValue;

    /// <summary>Counts one attempt; false (with the key that tripped) if any of the keys is over the limit this minute.</summary>
    public (bool Allowed, string? Tripped) Attempt(string? customer, string? device, string? ip)
    {
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        string? tripped = null;
        foreach (var key in new[] { customer is null ? null : "customer:" + customer, device is null ? null : "device:" + device, ip is null ? null : "ip:" + ip })
        {
            if (key is null)
            {
                continue;
            }

            var now = _counts.AddOrUpdate(key, (minute, 1), (_, c) => c.Minute == minute ? (minute, c.Count + 1) : (minute, 1));
            if (now.Count > PerMinute)
            {
                tripped ??= key;
            }
        }

        var swept = Interlocked.Read(ref _sweptMinute);
        if (_counts.Count > 100_000 && swept < minute && Interlocked.CompareExchange(ref _sweptMinute, minute, swept) == swept)
        {
            foreach (var stale in _counts.Where(kv => kv.Value.Minute < minute).Select(kv => kv.Key).ToList())
            {
                _counts.TryRemove(stale, out _);
            }
        }

        return (tripped is null, tripped);
    }
}
