using Kith.Core.Loyalty;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>
/// The mall's catalogue, as the console edits it: list, create and change rewards (docs/loyalty.md, "Points mall").
/// Ordering and cancelling are <see cref="PointsMall"/>'s; a save never writes <see cref="MallRewardRow.Sold"/>, which
/// only the mall's conditional UPDATE moves.
/// </summary>
public sealed class MallRewards(KithStore store, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Kinds = [MallRewardRow.Goods, MallRewardRow.Coupon, MallRewardRow.Service, MallRewardRow.Experience];

    public async Task<List<MallRewardRow>> ListAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.MallRewards.AsNoTracking().OrderByDescending(r => r.Active).ThenBy(r => r.PointsPrice).ThenBy(r => r.Id).ToListAsync(ct);
    }

    public async Task<MallRewardRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.MallRewards.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>Creates (<see cref="MallRewardRow.Id"/> 0) or changes a reward, or returns its problems, each naming its field.</summary>
    public async Task<(MallRewardRow? Reward, IReadOnlyList<string> Problems)> SaveAsync(MallRewardRow draft, CancellationToken ct)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            problems.Add("name: required.");
        }

        if (!Kinds.Contains(draft.Kind))
        {
            problems.Add($"kind: one of {string.Join(", ", Kinds)}.");
        }

        if (draft.PointsPrice <= 0)
        {
            problems.Add("pointsPrice: must be more than zero.");
        }

        if (draft.CashPriceMinor < 0)
        {
            problems.Add("cashPrice: must not be negative.");
        }

        if (!CurrencyUnits.IsKnown(draft.Currency))
        {
            problems.Add($"currency: '{draft.Currency}' is not an ISO 4217 code Kith knows.");
        }

        if (draft.Stock is < 0)
        {
            problems.Add("stock: must not be negative (or absent for unlimited).");
        }

        if (draft.PerCustomerLimit is <= 0)
        {
            problems.Add("perCustomerLimit: must be at least 1 (or absent for no limit).");
        }

        if (draft.MinTierRank is < 0)
        {
            problems.Add("minTierRank: must not be negative.");
        }

        if (draft.Kind == MallRewardRow.Coupon && draft.CouponTemplateId is null)
        {
            problems.Add("couponTemplateId: a coupon reward needs the offer its codes are issued from.");
        }

        await using var db = store.CreateContext();
        if (draft.CouponTemplateId is { } templateId && !await db.CouponTemplates.AnyAsync(t => t.Id == templateId, ct))
        {
            problems.Add($"couponTemplateId: no offer {templateId}.");
        }

        MallRewardRow? row = null;
        if (draft.Id != 0)
        {
            row = await db.MallRewards.SingleOrDefaultAsync(r => r.Id == draft.Id, ct);
            if (row is null)
            {
                problems.Add($"id: no reward {draft.Id}.");
            }
            else if (draft.Stock is { } stock && stock < row.Sold)
            {
                problems.Add($"stock: {row.Sold} are sold already; the stock cannot be lower.");
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        if (row is null)
        {
            row = new MallRewardRow { CreatedAt = time.GetUtcNow() };
            db.MallRewards.Add(row);
        }

        row.Name = draft.Name.Trim();
        row.Kind = draft.Kind;
        row.Description = string.IsNullOrWhiteSpace(draft.Description) ? null : draft.Description.Trim();
        row.PointsPrice = draft.PointsPrice;
        row.CashPriceMinor = draft.CashPriceMinor;
        row.Currency = draft.Currency;
        row.Stock = draft.Stock;
        row.PerCustomerLimit = draft.PerCustomerLimit;
        row.MinTierRank = draft.MinTierRank;
        row.CouponTemplateId = draft.Kind == MallRewardRow.Coupon ? draft.CouponTemplateId : null;
        row.Active = draft.Active;
        await db.SaveChangesAsync(ct);
        return (row, []);
    }
}
