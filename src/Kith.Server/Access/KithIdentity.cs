using System.Security.Claims;
using Kith.Data.Access;
using Kith.Data.Store;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kith.Server.Access;

/// <summary>ASP.NET Core Identity for operators, shared by the server and by <c>kith user</c>.</summary>
public static class KithIdentity
{
    public const string MustChangePasswordClaim = "kith:must_change_password";
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    /// <summary>Identity's user and role managers over the store (the store must already be registered as a singleton).</summary>
    public static IdentityBuilder AddKithIdentity(this IServiceCollection services)
    {
        // Identity's EF stores take the context from DI; each scope gets its own on the one store.
        services.AddScoped<KithDbContext>(sp => sp.GetRequiredService<KithStore>().CreateContext());
        return services.AddIdentityCore<KithUser>(ConfigureOptions)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<KithDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<KithClaimsFactory>()
            .AddDefaultTokenProviders();
    }

    public static void ConfigureOptions(IdentityOptions o)
    {
        o.User.RequireUniqueEmail = true;
        o.Password.RequiredLength = 10;
        o.Password.RequireDigit = true;
        o.Password.RequireLowercase = true;
        o.Password.RequireUppercase = true;
        o.Password.RequireNonAlphanumeric = false;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
        o.Lockout.DefaultLockoutTimeSpan = LockoutTime;
        o.SignIn.RequireConfirmedAccount = false;
    }

    /// <summary>A random password that meets the rules: 16 characters of letters and digits, at least one of each kind.</summary>
    public static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789";
        const string all = lower + upper + digits;
        var chars = new char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = all[System.Security.Cryptography.RandomNumberGenerator.GetInt32(all.Length)];
        }

        chars[3] = lower[System.Security.Cryptography.RandomNumberGenerator.GetInt32(lower.Length)];
        chars[7] = upper[System.Security.Cryptography.RandomNumberGenerator.GetInt32(upper.Length)];
        chars[11] = digits[System.Security.Cryptography.RandomNumberGenerator.GetInt32(digits.Length)];
        return new string(chars);
    }
}

/// <summary>Adds the email and the must-change-password flag to the sign-in cookie's principal.</summary>
internal sealed class KithClaimsFactory(UserManager<KithUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<KithUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(KithUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.Email is { } email && !identity.HasClaim(c => c.Type == ClaimTypes.Email))
        {
            identity.AddClaim(new Claim(ClaimTypes.Email, email));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(KithIdentity.MustChangePasswordClaim, "true"));
        }

        return identity;
    }
}
