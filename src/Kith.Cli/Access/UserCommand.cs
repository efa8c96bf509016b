using System.CommandLine;
using System.Globalization;
using Kith.Core.Access;
using Kith.Data.Store;
using Kith.Server.Access;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kith.Cli.Access;

/// <summary><c>kith user create|list</c>: operators who sign in to the console.</summary>
public static class UserCommand
{
    public static Command Create()
    {
        var email = new Option<string>("--email") { Description = "The operator's email (their sign-in name)", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var create = new Command("create", "Create an operator (or reset one) and print a one-time password, to be changed at first sign-in") { email, role };
        create.SetAction(async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse, ct);
            await using var scope = services.CreateAsyncScope();
            try
            {
                var created = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>()
                    .CreateAsync(parse.GetValue(email)!.Trim(), parse.GetValue(role)!, $"cli:{Environment.UserName}", password: null, ct);
                Console.WriteLine(created.Password);
                Console.Error.WriteLine($"Operator {created.Email} ({created.Role}) can sign in with the one-time password above; they choose their own at first sign-in.");
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"{e.ParamName}: {e.Message.Split(" (Parameter")[0]}");
                return 2;
            }
        });

        var list = new Command("list", "List operators and their roles");
        list.SetAction(async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse, ct);
            await using var scope = services.CreateAsyncScope();
            var table = new Table().AddColumns("email", "roles", "created (UTC)", "state");
            foreach (var op in await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().ListAsync())
            {
                var state = op.LockedOut ? "locked out" : op.MustChangePassword ? "one-time password" : "active";
                table.AddRow(Markup.Escape(op.Email), string.Join(", ", op.Roles), op.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), state);
            }

            AnsiConsole.Write(table);
            return 0;
        });

        return new Command("user", "Create and list console operators") { create, list };
    }

    private static async Task<ServiceProvider> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
        await store.MigrateAsync(ct);
        return OperatorAccounts.Standalone(store, TimeProvider.System);
    }
}
