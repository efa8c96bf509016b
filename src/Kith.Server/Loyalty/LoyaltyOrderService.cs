using System.Threading.Channels;
using Kith.Data.Loyalty;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kith.Server.Loyalty;

/// <summary>Orders that arrived through the API, waiting for <see cref="LoyaltyOrderService"/>.</summary>
public sealed class LoyaltyOrderQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    internal ChannelReader<string> Reader => _channel.Reader;

    public void Enqueue(IEnumerable<string> orderIds)
    {
        foreach (var id in orderIds)
        {
            _channel.Writer.TryWrite(id);
        }
    }
}

/// <summary>
/// Applies each arriving order to points, coupons, referrals and tiers (<see cref="OrderLoyalty"/>). Processing is
/// idempotent, so an order sent twice or processed after a crash is safe. The queue is in memory: an order that
/// arrived just before a restart is picked up again when the store re-sends it (see docs/loyalty.md, "Orders").
/// </summary>
internal sealed partial class LoyaltyOrderService(LoyaltyOrderQueue queue, OrderLoyalty loyalty, ILogger<LoyaltyOrderService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var orderId in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var outcome = await loyalty.ProcessAsync(orderId, stoppingToken);
                if (outcome is not null)
                {
                    Processed(orderId, outcome.PointsEarned, outcome.PointsReversed, outcome.Coupon);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(orderId, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loyalty for order {OrderId}: +{Earned} points, -{Reversed} points, coupon {Coupon}")]
    private partial void Processed(string orderId, long earned, long reversed, string? coupon);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loyalty for order {OrderId} failed")]
    private partial void Failed(string orderId, Exception e);
}
