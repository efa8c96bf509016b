namespace Kith.Core.Access;

/// <summary>The operator roles. Each sees and does what <see cref="PermissionMatrix"/> allows it, nothing else.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Marketer = "marketer";
    public const string Analyst = "analyst";

    /// <summary>Customer service.</summary>
    public const string Agent = "agent";

    public const string Viewer = "viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Marketer, Analyst, Agent, Viewer];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
