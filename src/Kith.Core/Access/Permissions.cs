namespace Kith.Core.Access;

/// <summary>
/// What a page or an endpoint needs. Each is also the name of an authorization policy, so pages can say
/// <c>[Authorize(Policy = Permissions.CustomersView)]</c>. The matrix of who holds which is <see cref="PermissionMatrix"/>.
/// </summary>
public static class Permissions
{
    public const string DashboardView = "dashboard.view";

    /// <summary>Customer list, search and 360 page, with personal data masked.</summary>
    public const string CustomersView = "customers.view";

    /// <summary>Personal data (name, phone, email, address, ids) unmasked; every such view is audited.</summary>
    public const string PiiView = "pii.view";

    /// <summary>Change a customer: consents, unsubscribe, manual tags.</summary>
    public const string CustomersEdit = "customers.edit";

    /// <summary>Export one customer's data (a privacy request) or bulk data files.</summary>
    public const string CustomersExport = "customers.export";

    /// <summary>Erase one customer's personal data (a privacy request).</summary>
    public const string CustomersErase = "customers.erase";

    /// <summary>RFM, tiers, lifecycle, KPIs, cohorts, CLV and churn risk (pages, reports and predictions).</summary>
    public const string ValueView = "value.view";

    /// <summary>Segments: see them, count and preview rules, see members (masked per pii.view) and history.</summary>
    public const string SegmentsView = "segments.view";

    /// <summary>Save, upload and delete segments.</summary>
    public const string SegmentsEdit = "segments.edit";

    /// <summary>Send customers, products, orders and events through the ingestion API.</summary>
    public const string Ingest = "data.ingest";

    /// <summary>See tiers, points, coupons, the mall and the coupon monitor.</summary>
    public const string LoyaltyView = "loyalty.view";

    /// <summary>Design tiers, points rules, coupon offers and mall rewards; issue coupons; adjust a customer's points.</summary>
    public const string LoyaltyManage = "loyalty.manage";

    /// <summary>A store's checkout: validate and redeem coupons, earn and redeem points, order in the mall.</summary>
    public const string LoyaltyCheckout = "loyalty.checkout";

    /// <summary>Operator cross-sell rules that recommendations apply first (product or category → SKUs).</summary>
    public const string RecommendationsManage = "recommendations.manage";

    public const string AuditView = "audit.view";

    /// <summary>Operators, roles, API keys and store settings.</summary>
    public const string SettingsManage = "settings.manage";

    public static IReadOnlyList<string> All { get; } =
    [
        DashboardView, CustomersView, PiiView, CustomersEdit, CustomersExport, CustomersErase,
        ValueView, SegmentsView, SegmentsEdit, Ingest, LoyaltyView, LoyaltyManage, LoyaltyCheckout, RecommendationsManage, AuditView, SettingsManage,
    ];
}
