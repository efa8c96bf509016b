using Kith.Core.Access;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace Kith.Server.Console.Layout;

/// <summary>
/// The console's navigation, by capability. A section appears once it has pages (sections still to be built are
/// simply not listed) and only to operators whose role holds its permission.
/// </summary>
public static class ConsoleSections
{
    public sealed record Section(string TextKey, string Href, string Icon, string Permission, NavLinkMatch Match = NavLinkMatch.Prefix);

    public static IReadOnlyList<Section> All { get; } =
    [
        new("NavDashboard", "", Icons.Material.Filled.Dashboard, Permissions.DashboardView, NavLinkMatch.All),
        new("NavCustomers", "customers", Icons.Material.Filled.People, Permissions.CustomersView),
        new("NavValue", "value", Icons.Material.Filled.Insights, Permissions.ValueView),
        new("NavClv", "clv", Icons.Material.Filled.QueryStats, Permissions.ValueView),
        new("NavSegments", "segments", Icons.Material.Filled.Groups, Permissions.SegmentsView),
        new("NavLoyalty", "loyalty", Icons.Material.Filled.Loyalty, Permissions.LoyaltyView),
        new("NavRecommendations", "recommendations", Icons.Material.Filled.Recommend, Permissions.CustomersView),
        new("NavAudit", "settings/audit", Icons.Material.Filled.FactCheck, Permissions.AuditView),
        new("NavUsers", "settings/users", Icons.Material.Filled.ManageAccounts, Permissions.SettingsManage),
    ];
}
