using System.Threading.Channels;

namespace Kith.Server.Value;

/// <summary>
/// Customers whose orders changed, waiting for <see cref="IncrementalValueService"/> to re-score them. While a
/// full recompute runs, the customers enqueued meanwhile are also remembered and enqueued again when it has
/// written its values: the recompute read the orders before theirs arrived and would otherwise overwrite
/// their fresh values with stale ones.
/// </summary>
public sealed class ValueUpdateQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private HashSet<string>? _duringRecompute;

    internal ChannelReader<string> Reader => _channel.Reader;

    public void Enqueue(IEnumerable<string> customerExternalIds)
    {
        lock (_lock)
        {
            foreach (var id in customerExternalIds)
            {
                _duringRecompute?.Add(id);
                _channel.Writer.TryWrite(id);
            }
        }
    }

    internal void RecomputeStarting()
    {
        lock (_lock)
        {
            _duringRecompute = new HashSet<string>(StringComparer.Ordinal);
        }
    }

    internal void RecomputeFinished()
    {
        HashSet<string>? again;
        lock (_lock)
        {
            (again, _duringRecompute) = (_duringRecompute, null);
        }

        foreach (var id in again ?? [])
        {
            _channel.Writer.TryWrite(id);
        }
    }
}
