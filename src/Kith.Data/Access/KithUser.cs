using Microsoft.AspNetCore.Identity;

namespace Kith.Data.Access;

/// <summary>An operator who signs in to the console (ASP.NET Core Identity). Roles: see <c>Kith.Core.Access.Roles</c>.</summary>
public sealed class KithUser : IdentityUser
{
    /// <summary>Set when the password was issued by someone else (<c>kith user create</c>); the user must choose a new one at sign-in.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
