using Kith.Data.Loyalty;
using Kith.Data.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kith.Server.Loyalty;

public static class LoyaltyServices
{
    public static IServiceCollection AddLoyalty(this IServiceCollection services)
    {
        services.AddSingleton<LoyaltySettings>();
        services.AddSingleton<CouponIssuer>();
        services.AddSingleton<CouponRedemptions>();
        services.AddSingleton(sp => new PointsLedger(sp.GetRequiredService<KithStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<LoyaltySettings>()));
        services.AddSingleton<PointsMall>();
        services.AddSingleton<CustomerTiers>();
        services.AddSingleton<CouponVelocity>();
        services.AddSingleton<Referrals>();
        services.AddSingleton(sp => new OrderLoyalty(sp.GetRequiredService<KithStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PointsLedger>(),
            sp.GetRequiredService<CouponRedemptions>(), sp.GetRequiredService<Referrals>(), sp.GetRequiredService<CustomerTiers>(),
            TimeZoneInfo.FindSystemTimeZoneById(sp.GetRequiredService<Hosting.KithServerSettings>().TimeZone)));
        services.AddSingleton<LoyaltyOrderQueue>();
        services.AddSingleton<LoyaltyInbox>();
        services.AddHostedService<LoyaltyOrderService>();
        services.AddHostedService<LoyaltySweeper>();
        return services;
    }
}

/// <summary>
/// Ends coupon holds that timed out, expires points past their date, and reviews tiers whose review date came.
/// Holds and points also expire lazily when their code or account is touched, so this only keeps idle ones tidy
/// (and the monitor's counts current).
/// </summary>
internal sealed partial class LoyaltySweeper(CouponRedemptions coupons, PointsLedger points, CustomerTiers tiers, TimeProvider time, ILogger<LoyaltySweeper> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                var holds = await coupons.ExpireHoldsAsync(stoppingToken);
                var accounts = await points.ExpireDueAsync(stoppingToken);
                var reviewed = await tiers.ReviewDueAsync(null, stoppingToken);
                if (holds + accounts + reviewed > 0)
                {
                    Swept(holds, accounts, reviewed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loyalty sweep: {Holds} coupon holds ended, points expired on {Accounts} accounts, {Tiers} tiers changed")]
    private partial void Swept(int holds, int accounts, int tiers);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loyalty sweep failed")]
    private partial void Failed(Exception e);
}
