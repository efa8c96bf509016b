using Kith.Core.Catalog;
using Kith.Core.Customers;
using Kith.Core.Events;
using Kith.Core.Orders;
using Kith.Data.Access;
using Kith.Data.Audit;
using Kith.Data.Churn;
using Kith.Data.Clv;
using Kith.Data.Loyalty;
using Kith.Data.Segments;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Kith.Data.Value;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Store;

/// <summary>
/// The system of record. One subclass per provider (<see cref="SqliteKithDbContext"/>,
/// <see cref="PostgresKithDbContext"/>) so that each keeps its own migrations.
/// </summary>
public abstract class KithDbContext(DbContextOptions options) : IdentityDbContext<KithUser>(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<CustomerEvent> Events => Set<CustomerEvent>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<CustomerValueRow> CustomerValues => Set<CustomerValueRow>();
    public DbSet<CustomerValueSnapshot> CustomerValueSnapshots => Set<CustomerValueSnapshot>();
    public DbSet<ValueScaleRow> ValueScales => Set<ValueScaleRow>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Segment> Segments => Set<Segment>();
    public DbSet<SegmentMember> SegmentMembers => Set<SegmentMember>();
    public DbSet<SegmentChange> SegmentChanges => Set<SegmentChange>();
    public DbSet<CustomerPredictionRow> CustomerPredictions => Set<CustomerPredictionRow>();
    public DbSet<ChurnModelRow> ChurnModels => Set<ChurnModelRow>();
    public DbSet<CouponTemplateRow> CouponTemplates => Set<CouponTemplateRow>();
    public DbSet<CouponCodeRow> CouponCodes => Set<CouponCodeRow>();
    public DbSet<CouponRedemptionRow> CouponRedemptions => Set<CouponRedemptionRow>();
    public DbSet<CouponCustomerUseRow> CouponCustomerUses => Set<CouponCustomerUseRow>();
    public DbSet<CouponFlagRow> CouponFlags => Set<CouponFlagRow>();
    public DbSet<LoyaltyInboxRow> LoyaltyInbox => Set<LoyaltyInboxRow>();
    public DbSet<PointsAccountRow> PointsAccounts => Set<PointsAccountRow>();
    public DbSet<PointsEntryRow> PointsEntries => Set<PointsEntryRow>();
    public DbSet<PointsLotRow> PointsLots => Set<PointsLotRow>();
    public DbSet<PointsLotMoveRow> PointsLotMoves => Set<PointsLotMoveRow>();
    public DbSet<LoyaltySettingRow> LoyaltySettings => Set<LoyaltySettingRow>();
    public DbSet<IdempotencyRow> IdempotencyKeys => Set<IdempotencyRow>();
    public DbSet<MallRewardRow> MallRewards => Set<MallRewardRow>();
    public DbSet<MallOrderRow> MallOrders => Set<MallOrderRow>();
    public DbSet<MallCustomerUseRow> MallCustomerUses => Set<MallCustomerUseRow>();
    public DbSet<CustomerTierRow> CustomerTiers => Set<CustomerTierRow>();
    public DbSet<ReferralCodeRow> ReferralCodes => Set<ReferralCodeRow>();
    public DbSet<ReferralRow> Referrals => Set<ReferralRow>();
    public DbSet<Kith.Data.Recommendations.CrossSellRuleRow> CrossSellRules => Set<Kith.Data.Recommendations.CrossSellRuleRow>();

    public abstract StoreProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Identity's tables under plain names (users, roles, ...) rather than AspNet*.
        builder.Entity<KithUser>().ToTable("users");
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        // Passkeys are not offered (yet); without this the model would need Identity schema version 3 from DI.
        builder.Ignore<IdentityUserPasskey<string>>();
        builder.Ignore<IdentityPasskeyData>();
        builder.ApplyConfigurationsFromAssembly(typeof(KithDbContext).Assembly);
    }
}
