using System.Collections.Frozen;

namespace Kith.Core.Access;

/// <summary>
/// Who may do what: operator roles and API key scopes to permissions. This table is the single source: the
/// server's policies, the console's navigation and the authorization tests all read it, and docs/permissions.md
/// is checked against it.
/// </summary>
public static class PermissionMatrix
{
    /// <summary>API key scopes (<c>kith apikey create --scopes</c>).</summary>
    public const string ScopeIngest = "ingest";
    public const string ScopeRead = "read";
    public const string ScopeAdmin = "admin";
    public const string ScopeCheckout = "checkout";

    public static IReadOnlyList<string> Scopes { get; } = [ScopeIngest, ScopeRead, ScopeCheckout, ScopeAdmin];

    private static readonly FrozenDictionary<string, FrozenSet<string>> ByRole = new Dictionary<string, FrozenSet<string>>
    {
        [Roles.Admin] = Permissions.All.ToFrozenSet(),
        [Roles.Marketer] = Set(Permissions.DashboardView, Permissions.CustomersView, Permissions.CustomersEdit, Permissions.ValueView,
            Permissions.SegmentsView, Permissions.SegmentsEdit, Permissions.LoyaltyView, Permissions.LoyaltyManage, Permissions.RecommendationsManage),
        [Roles.Analyst] = Set(Permissions.DashboardView, Permissions.CustomersView, Permissions.ValueView, Permissions.SegmentsView, Permissions.SegmentsEdit,
            Permissions.LoyaltyView),
        [Roles.Agent] = Set(Permissions.DashboardView, Permissions.CustomersView, Permissions.PiiView, Permissions.CustomersEdit,
            Permissions.CustomersExport, Permissions.LoyaltyView),
        [Roles.Viewer] = Set(Permissions.DashboardView, Permissions.CustomersView),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, FrozenSet<string>> ByScope = new Dictionary<string, FrozenSet<string>>
    {
        [ScopeIngest] = Set(Permissions.Ingest),
        // Store systems reading back: masked like an analyst unless the key is an admin key.
        [ScopeRead] = Set(Permissions.DashboardView, Permissions.CustomersView, Permissions.ValueView, Permissions.SegmentsView, Permissions.LoyaltyView),
        // The store's checkout: coupons, points and the mall, nothing else.
        [ScopeCheckout] = Set(Permissions.LoyaltyCheckout, Permissions.LoyaltyView),
        [ScopeAdmin] = Permissions.All.ToFrozenSet(),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool RoleHas(string role, string permission) =>
        ByRole.TryGetValue(role, out var set) && set.Contains(permission);

    public static bool ScopeHas(string scope, string permission) =>
        ByScope.TryGetValue(scope, out var set) && set.Contains(permission);

    public static IReadOnlySet<string> OfRole(string role) => ByRole.TryGetValue(role, out var set) ? set : FrozenSet<string>.Empty;

    private static FrozenSet<string> Set(params string[] permissions) => permissions.ToFrozenSet(StringComparer.Ordinal);
}
