using System.CommandLine;
using System.Text.Json;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Kith.Cli.Ingestion;

/// <summary><c>kith stats [--json]</c>: how many records the store holds.</summary>
public static class StatsCommand
{
    public sealed record StoreCounts(long Customers, long Products, long Orders, long OrderLines, long Events);

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("stats", "Count customers, products, orders, order lines and events") { json };
        command.SetAction(async (parse, ct) =>
        {
            var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
            await store.MigrateAsync(ct);
            var counts = await CountAsync(store, ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(counts, JsonSerializerOptions.Web));
                return 0;
            }

            var table = new Table().AddColumn("records").AddColumn(new TableColumn("count").RightAligned());
            table.AddRow("customers", counts.Customers.ToString("N0", System.Globalization.CultureInfo.CurrentCulture));
            table.AddRow("products", counts.Products.ToString("N0", System.Globalization.CultureInfo.CurrentCulture));
            table.AddRow("orders", counts.Orders.ToString("N0", System.Globalization.CultureInfo.CurrentCulture));
            table.AddRow("order lines", counts.OrderLines.ToString("N0", System.Globalization.CultureInfo.CurrentCulture));
            table.AddRow("events", counts.Events.ToString("N0", System.Globalization.CultureInfo.CurrentCulture));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    public static async Task<StoreCounts> CountAsync(KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return new StoreCounts(
            await db.Customers.LongCountAsync(ct),
            await db.Products.LongCountAsync(ct),
            await db.Orders.LongCountAsync(ct),
            await db.OrderLines.LongCountAsync(ct),
            await db.Events.LongCountAsync(ct));
    }
}
