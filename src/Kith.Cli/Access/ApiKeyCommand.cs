using System.CommandLine;
using System.Globalization;
using Kith.Data.Access;
using Kith.Data.Store;
using Spectre.Console;

namespace Kith.Cli.Access;

/// <summary><c>kith apikey create|list|revoke</c>: keys for store systems calling the API.</summary>
public static class ApiKeyCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "What the key is for, e.g. checkout", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated: ingest, read, admin", DefaultValueFactory = _ => "ingest,read" };
        var create = new Command("create", "Create a key; it is printed once and only its hash is stored") { name, scopes };
        create.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            var wanted = parse.GetValue(scopes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = wanted.Except(ApiKeyStore.KnownScopes, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"Unknown scope(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", ApiKeyStore.KnownScopes)}.");
                return 2;
            }

            var created = await new ApiKeyStore(store, TimeProvider.System).CreateAsync(parse.GetValue(name)!, wanted, ct);
            Console.WriteLine(created.Secret);
            Console.Error.WriteLine($"API key '{created.Key.Name}' ({created.Key.Scopes}) created. Store it now: it is not shown again.");
            return 0;
        });

        var list = new Command("list", "List keys (never their secrets)");
        list.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            var table = new Table().AddColumns("name", "prefix", "scopes", "created (UTC)", "revoked (UTC)");
            foreach (var k in await new ApiKeyStore(store, TimeProvider.System).ListAsync(ct))
            {
                table.AddRow(
                    Markup.Escape(k.Name), k.Prefix, k.Scopes, k.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    k.RevokedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-");
            }

            AnsiConsole.Write(table);
            return 0;
        });

        var which = new Argument<string>("NAME_OR_PREFIX") { Description = "The key's name or prefix" };
        var revoke = new Command("revoke", "Revoke keys by name or prefix; they stop working at once") { which };
        revoke.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            var count = await new ApiKeyStore(store, TimeProvider.System).RevokeAsync(parse.GetValue(which)!, ct);
            Console.WriteLine(count == 0 ? "No live key has that name or prefix." : $"Revoked {count} key(s).");
            return count == 0 ? 1 : 0;
        });

        return new Command("apikey", "Create, list and revoke API keys") { create, list, revoke };
    }

    private static async Task<KithStore> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
        await store.MigrateAsync(ct);
        return store;
    }
}
