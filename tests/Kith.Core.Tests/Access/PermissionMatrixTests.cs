using System.Text;
using Kith.Core.Access;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Core.Tests.Access;

public class PermissionMatrixTests
{
    [Fact]
    public void The_documented_matrix_is_the_one_in_the_code()
    {
        var doc = File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "docs", "permissions.md"));
        var start = doc.IndexOf("<!-- matrix:start -->", StringComparison.Ordinal);
        var end = doc.IndexOf("<!-- matrix:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/permissions.md lacks the matrix markers");
        var documented = doc[(start + "<!-- matrix:start -->".Length)..end].Trim();

        Assert.Equal(Render(), documented);
    }

    [Fact]
    public void Only_admins_erase_and_only_admins_and_agents_see_personal_data()
    {
        Assert.Equal([Roles.Admin], Roles.All.Where(r => PermissionMatrix.RoleHas(r, Permissions.CustomersErase)));
        Assert.Equal([Roles.Admin, Roles.Agent], Roles.All.Where(r => PermissionMatrix.RoleHas(r, Permissions.PiiView)));
        Assert.All(Permissions.All, p => Assert.True(PermissionMatrix.RoleHas(Roles.Admin, p)));
        Assert.False(PermissionMatrix.ScopeHas(PermissionMatrix.ScopeRead, Permissions.PiiView));
        Assert.False(PermissionMatrix.RoleHas("root", Permissions.DashboardView));
    }

    /// <summary>The markdown table docs/permissions.md must hold (printed by a failing test, ready to paste).</summary>
    private static string Render()
    {
        var sb = new StringBuilder();
        sb.Append("| permission | ").AppendJoin(" | ", Roles.All).Append(" | key: ").AppendJoin(" | key: ", PermissionMatrix.Scopes).Append(" |\n");
        sb.Append("|---|").Append(string.Concat(Enumerable.Repeat("---|", Roles.All.Count + PermissionMatrix.Scopes.Count))).Append('\n');
        foreach (var p in Permissions.All)
        {
            sb.Append("| `").Append(p).Append("` | ")
                .AppendJoin(" | ", Roles.All.Select(r => PermissionMatrix.RoleHas(r, p) ? "✓" : "·")).Append(" | ")
                .AppendJoin(" | ", PermissionMatrix.Scopes.Select(s => PermissionMatrix.ScopeHas(s, p) ? "✓" : "·")).Append(" |\n");
        }

        return sb.ToString().TrimEnd('\n');
    }
}
