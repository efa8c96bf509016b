using System.Reflection;
using System.Text.RegularExpressions;
using Kith.Core.Access;
using Kith.Server.Console;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Kith.Console.Tests;

/// <summary>The console's pages, found in the server assembly (a new page is covered without touching the tests), and the pictures taken of them.</summary>
public static partial class ConsolePages
{
    /// <summary>A routable page guarded by a permission policy (<c>[Authorize(Policy = Permissions.X)]</c>).</summary>
    public sealed record Guarded(string Route, string Permission, string Component);

    public static IReadOnlyList<Guarded> All { get; } =
    [
        .. from type in typeof(ConsoleHost).Assembly.GetTypes()
           where typeof(IComponent).IsAssignableFrom(type)
           from route in type.GetCustomAttributes<RouteAttribute>()
           from authorize in type.GetCustomAttributes<AuthorizeAttribute>()
           where authorize.Policy is { Length: > 0 }
           orderby route.Template
           select new Guarded(route.Template, authorize.Policy!, type.Name),
    ];

    /// <summary>Whether some page answers at this route (e.g. "/settings/audit"), parameters aside.</summary>
    public static bool Exists(string route) =>
        typeof(ConsoleHost).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Any(r => string.Equals(r.Template.TrimStart('/'), route.TrimStart('/'), StringComparison.OrdinalIgnoreCase));

    /// <summary>A URL for a route template: parameters get a sample value (authorization is decided before the page runs).</summary>
    public static string Sample(string template) =>
        Parameter().Replace(template, m => m.Groups["constraint"].Value.Equals("guid", StringComparison.OrdinalIgnoreCase) ? Guid.Empty.ToString() : "1").TrimStart('/');

    [GeneratedRegex(@"\{\*?\*?(?<name>\w+)(:(?<constraint>\w+)(\([^)]*\))?)*\??(=[^}]*)?\}")]
    private static partial Regex Parameter();

    /// <summary>
    /// The pages pictured in docs/screenshots (scripts/screenshots.sh), in English and 简体中文: name, path, the role
    /// that opens it and a selector that shows the page is ready (its data, not just its frame). Add a line per new page.
    /// </summary>
    /// <summary>The demo customer pictured on the 360 page (the demo store is the same for a given seed).</summary>
    public const string ScreenCustomer = "C0000012";

    /// <summary>The product pictured on the recommendations' product page (the demo catalogue's first skincare product).</summary>
    public const string ScreenProduct = "SKN-0001";

    /// <summary>The rule pictured in the segment builder.</summary>
    public const string ScreenRule = "(lifecycle = \"active\" or tier = \"high_value\") and orders >= 2 and not tag = \"do_not_disturb\"";

    /// <summary>The period pictured on the KPI dashboard: the demo store's last month (its data ends on 2026-11-01).</summary>
    public const string ScreenPeriodFrom = "2026-10-01";

    public const string ScreenPeriodTo = "2026-10-31";

    /// <summary>The lifecycle flow pictured: the demo store's last quarter.</summary>
    public const string ScreenFlowFrom = "2026-08-01";

    /// <summary>The calibration/holdout report pictured: the papers' windows on CDNOW (<see cref="Screen.Cdnow"/>).</summary>
    public const string ScreenHoldout = "clv/holdout?model=bgnbd&calibrationEnd=1997-09-30&holdoutEnd=1998-06-30&timeUnit=week";

    /// <summary>A page to picture; <paramref name="Cdnow"/>: on <see cref="CdnowConsole"/> (as its analyst) rather than the demo store.</summary>
    public sealed record Screen(string Name, string Path, string Role, string Ready, bool Cdnow = false);

    public static IReadOnlyList<Screen> Screens { get; } =
    [
        new("dashboard", "", Roles.Admin, "[data-testid=kpi-gmv] [data-testid=kpi-value]"),
        new("customers", "customers", Roles.Admin, "[data-testid=customer-row]"),
        new("customers-masked", "customers", Roles.Viewer, "[data-testid=customer-row]"),
        new("customer-360", "customers/" + ScreenCustomer, Roles.Admin, "[data-testid=timeline-entry]"),
        new("value", "value", Roles.Analyst, "[data-testid=rfm-grid]"),
        new("kpis", $"value/kpis?from={ScreenPeriodFrom}&to={ScreenPeriodTo}", Roles.Analyst, "[data-testid=kpi-row]"),
        new("cohorts", $"value/cohorts?asOf={ScreenPeriodTo}", Roles.Analyst, "[data-testid=cohort-row]"),
        new("flow", $"value/flow?from={ScreenFlowFrom}&to={ScreenPeriodTo}", Roles.Analyst, "[data-testid=flow-cell]"),
        new("clv", "clv", Roles.Analyst, "[data-testid=clv-band-row]"),
        new("clv-holdout", ScreenHoldout, Roles.Analyst, "[data-testid=holdout-bucket]", Cdnow: true),
        new("clv-churn", "clv/churn", Roles.Marketer, "[data-testid=churn-row]"),
        new("segments", "segments", Roles.Marketer, "[data-testid=segment-table]"),
        new("segment-builder", "segments/new?rule=" + Uri.EscapeDataString(ScreenRule), Roles.Marketer, "[data-testid=preview-row]"),
        new("audit-log", "settings/audit", Roles.Admin, "[data-testid=audit-row]"),
        new("loyalty-tiers", "loyalty/tiers", Roles.Marketer, "[data-testid=tier-count-row]"),
        new("loyalty-points", "loyalty/points", Roles.Marketer, "[data-testid=behaviour-row]"),
        new("loyalty-coupons", "loyalty/coupons", Roles.Marketer, "[data-testid=coupon-row]"),
        new("loyalty-coupon-new", "loyalty/coupons/new", Roles.Marketer, "[data-testid=coupon-form]"),
        new("loyalty-monitor", "loyalty/monitor", Roles.Marketer, "[data-testid=monitor-offer-row]"),
        new("loyalty-mall", "loyalty/mall", Roles.Marketer, "[data-testid=reward-row]"),
        new("customer-360-loyalty", "customers/" + ScreenCustomer, Roles.Marketer, "[data-testid=loyalty-coupon]"),
        new("recommendations", "recommendations", Roles.Admin, "[data-testid=recs-fig-customers]"),
        new("recommendations-products", "recommendations/products?sku=" + ScreenProduct, Roles.Marketer, "[data-testid=rec-row]"),
        new("recommendations-rules", "recommendations/rules", Roles.Marketer, "[data-testid=rules-empty], [data-testid=rule-table]"),
        new("recommendations-customer", "recommendations/customer?customer=" + ScreenCustomer, Roles.Agent, "[data-testid=rec-row]"),
        new("customer-360-recommendations", "customers/" + ScreenCustomer, Roles.Agent, "[data-testid=recs-card-item]"),
    ];
}
