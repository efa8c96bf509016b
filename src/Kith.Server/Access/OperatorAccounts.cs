using Kith.Core.Access;
using Kith.Data.Access;
using Kith.Data.Audit;
using Kith.Data.Store;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kith.Server.Access;

/// <summary>Creates and lists operators (used by <c>kith user</c>, the demo and the console's settings).</summary>
public sealed class OperatorAccounts(UserManager<KithUser> users, RoleManager<IdentityRole> roles, AuditLog audit, TimeProvider time)
{
    /// <summary>Operator accounts outside the server (the CLI): a small container with Identity over the store. Dispose it.</summary>
    public static ServiceProvider Standalone(KithStore store, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection();
        services.AddSingleton(store);
        services.AddSingleton(time);
        services.AddSingleton<AuditLog>();
        services.AddScoped<OperatorAccounts>();
        services.AddKithIdentity();
        return services.BuildServiceProvider();
    }

    /// <summary>One demo operator per role, each with a fresh random password (printed by <c>kith serve --demo</c>).</summary>
    public async Task<IReadOnlyList<Created>> CreateDemoUsersAsync(CancellationToken ct)
    {
        var created = new List<Created>();
        foreach (var role in Roles.All)
        {
            created.Add(await CreateAsync($"{role}@demo.kith", role, "demo", KithIdentity.GeneratePassword(), ct));
        }

        return created;
    }

    public sealed record Created(string Email, string Role, string Password);

    public sealed record Operator(string Email, IReadOnlyList<string> Roles, bool LockedOut, bool MustChangePassword, DateTimeOffset CreatedAt);

    /// <summary>
    /// Creates an operator with a one-time password (they choose their own at first sign-in) — or, with
    /// <paramref name="password"/>, a known one that need not be changed (demo users). An existing email gets
    /// the role and a new password.
    /// </summary>
    public async Task<Created> CreateAsync(string email, string role, string actor, string? password, CancellationToken ct)
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"unknown role '{role}'; known: {string.Join(", ", Roles.All)}", nameof(role));
        }

        await EnsureRolesAsync();
        var oneTime = password is null;
        password ??= KithIdentity.GeneratePassword();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new KithUser { UserName = email, Email = email, EmailConfirmed = true, MustChangePassword = oneTime, CreatedAt = time.GetUtcNow() };
            Check(await users.CreateAsync(user, password), "email");
        }
        else
        {
            user.MustChangePassword = oneTime;
            Check(await users.RemovePasswordAsync(user), "password");
            Check(await users.AddPasswordAsync(user, password), "password");
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            Check(await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user)), "role");
        }

        Check(await users.AddToRoleAsync(user, role), "role");
        await audit.WriteAsync(actor, AuditActions.UserCreated, $"user:{email}", $"role {role}", ct);
        return new Created(email, role, password);
    }

    public async Task<IReadOnlyList<Operator>> ListAsync()
    {
        var result = new List<Operator>();
        foreach (var user in users.Users.OrderBy(u => u.Email).ToList())
        {
            var locked = user.LockoutEnd is { } end && end > time.GetUtcNow();
            result.Add(new Operator(user.Email ?? user.UserName ?? "", [.. await users.GetRolesAsync(user)], locked, user.MustChangePassword, user.CreatedAt));
        }

        return result;
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), "role");
            }
        }
    }

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            throw new ArgumentException(string.Join(" ", result.Errors.Select(e => e.Description)), field);
        }
    }
}
