using System.CommandLine;
using System.Globalization;
using Kith.Data.Audit;
using Kith.Data.Privacy;
using Kith.Data.Store;
using Spectre.Console;

namespace Kith.Cli.Privacy;

/// <summary><c>kith customer export|erase ID</c>: privacy requests from the command line, audited as <c>cli:USER</c>.</summary>
public static class CustomerCommand
{
    public static Command Create()
    {
        var exportId = new Argument<string>("ID") { Description = "The customer's external id" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the JSON to this file instead of standard output" };
        var export = new Command("export", "Export everything held about one customer as JSON (data-subject access request)") { exportId, output };
        export.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            var id = parse.GetValue(exportId)!;
            var result = await new CustomerExporter(store, new AuditLog(store, TimeProvider.System), TimeProvider.System).ExportAsync(id, Actor, ct);
            if (result.Value is not { } document)
            {
                Console.Error.WriteLine(result.Error!.Message);
                return 1;
            }

            var json = CustomerExporter.ToJson(document);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllBytesAsync(file.FullName, json, ct);
                Console.Error.WriteLine($"Exported customer {id} to {file.FullName} ({document.Orders.Count} orders, {document.Events.Count} events).");
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(json, ct);
                await stdout.WriteAsync("\n"u8.ToArray(), ct);
            }

            return 0;
        });

        var eraseId = new Argument<string>("ID") { Description = "The customer's external id" };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation (required when not run from a terminal)" };
        var erase = new Command("erase", "Erase one customer's personal data; orders are kept, anonymously. Cannot be undone") { eraseId, yes };
        erase.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(eraseId)!;
            if (!parse.GetValue(yes))
            {
                // A script must say --yes: erasure cannot be undone, so it never happens by a piped default.
                if (Console.IsInputRedirected || Console.IsOutputRedirected)
                {
                    Console.Error.WriteLine($"Refusing to erase customer {id} without confirmation: not run from a terminal. Add --yes to erase.");
                    return 2;
                }

                if (!AnsiConsole.Confirm($"Erase the personal data of customer [bold]{Markup.Escape(id)}[/]? This cannot be undone.", defaultValue: false))
                {
                    Console.Error.WriteLine("Nothing erased.");
                    return 1;
                }
            }

            var store = await OpenAsync(parse, ct);
            var result = await new CustomerEraser(store, new AuditLog(store, TimeProvider.System), TimeProvider.System).EraseAsync(id, Actor, ct);
            if (result.Value is not { } r)
            {
                Console.Error.WriteLine(result.Error!.Message);
                return 1;
            }

            var i = CultureInfo.InvariantCulture;
            Console.WriteLine(r.AlreadyErased ? $"Customer {r.CustomerId} was already erased." : $"Customer {r.CustomerId} erased.");
            Console.WriteLine($"receipt:         {r.ReceiptId}");
            Console.WriteLine($"erased at (UTC): {r.ErasedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", i)}");
            Console.WriteLine($"fields cleared:  {r.FieldsCleared.ToString(i)}");
            Console.WriteLine($"events scrubbed: {r.EventsScrubbed.ToString(i)}");
            Console.WriteLine($"tags removed:    {r.TagsRemoved.ToString(i)}");
            Console.WriteLine($"orders kept:     {r.OrdersKept.ToString(i)}");
            return 0;
        });

        return new Command("customer", "Privacy requests for one customer: export, erase") { export, erase };
    }

    private static string Actor => $"cli:{Environment.UserName}";

    private static async Task<KithStore> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
        await store.MigrateAsync(ct);
        return store;
    }
}
