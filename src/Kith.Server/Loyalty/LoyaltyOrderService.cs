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
/// Applies each arriving order to points, coupons, referrals and tiers (<see cref="OrderLoyalty"/>). The API writes
/// each order's entry in the durable <see cref="LoyaltyInbox"/> with the order; the in-memory queue only wakes this
/// service at once. At start and every <see cref="SweepInterval"/> the inbox is swept, so orders that arrived before a
/// restart, or whose processing failed, are picked up. Processing is idempotent per order, so doing one twice is safe.
/// </summary>
internal sealed partial class LoyaltyOrderService(LoyaltyOrderQueue queue, LoyaltyInbox inbox, OrderLoyalty loyalty, ILogger<LoyaltyOrderService> log) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextSweep = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (DateTime.UtcNow >= nextSweep)
            {
                await SweepAsync(stoppingToken);
                nextSweep = DateTime.UtcNow + SweepInterval;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(SweepInterval);
            try
            {
                if (!await queue.Reader.WaitToReadAsync(wait.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                continue; // time to sweep
            }

            while (queue.Reader.TryRead(out var orderId))
            {
                if (await FindAsync(orderId, stoppingToken) is { } row)
                {
                    await ProcessAsync(row, stoppingToken);
                }
            }
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        try
        {
            foreach (var row in await inbox.PendingAsync(ct))
            {
                await ProcessAsync(row, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SweepFailed(e);
        }
    }

    private async Task<LoyaltyInboxRow?> FindAsync(string orderId, CancellationToken ct)
    {
        try
        {
            return await inbox.FindAsync(orderId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed(orderId, e); // the sweep retries it
            return null;
        }
    }

    private async Task ProcessAsync(LoyaltyInboxRow row, CancellationToken ct)
    {
        try
        {
            var outcome = await loyalty.ProcessAsync(row.OrderRef, ct);
            await inbox.DoneAsync(row, ct);
            if (outcome is not null)
            {
                Processed(row.OrderRef, outcome.PointsEarned, outcome.PointsReversed, outcome.Coupon);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed(row.OrderRef, e);
            try
            {
                await inbox.FailedAsync(row, ct);
            }
            catch (Exception again) when (again is not OperationCanceledException)
            {
                Failed(row.OrderRef, again);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loyalty for order {OrderId}: +{Earned} points, -{Reversed} points, coupon {Coupon}")]
    private partial void Processed(string orderId, long earned, long reversed, string? coupon);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loyalty for order {OrderId} failed; it stays in the inbox and is retried")]
    private partial void Failed(string orderId, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweeping the loyalty inbox failed; the next sweep tries again")]
    private partial void SweepFailed(Exception e);
}
