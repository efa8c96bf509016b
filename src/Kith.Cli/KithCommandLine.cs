using System.CommandLine;
using Kith.Cli.Access;
using Kith.Cli.Churn;
using Kith.Cli.Clv;
using Kith.Cli.Loyalty;
using Kith.Cli.Customers;
using Kith.Cli.Hosting;
using Kith.Cli.Ingestion;
using Kith.Cli.Privacy;
using Kith.Cli.Recommendations;
using Kith.Cli.Segments;
using Kith.Cli.Value;

namespace Kith.Cli;

/// <summary>The <c>kith</c> command tree. Each command lives with its capability; this only assembles them.</summary>
public static class KithCommandLine
{
    /// <summary><c>--db</c>: a SQLite file path, or a PostgreSQL connection string (<c>Host=...</c>). Default <c>KITH_DB</c>, then <c>kith.db</c>.</summary>
    public static Option<string?> DbOption { get; } = new("--db")
    {
        Description = "Store: a SQLite file path, or a PostgreSQL connection string (Host=...). Default: $KITH_DB, then ./kith.db",
        Recursive = true,
    };

    /// <summary><c>--timezone</c>: the store's time zone (IANA), which decides an order's day; checked when given.</summary>
    /// <summary>Runs a command's work; input the domain refuses (an <see cref="ArgumentException"/>: a model that cannot be fitted, data that cannot be summarised) is an error message on standard error and exit code 1.</summary>
    public static async Task<int> RunAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message.Split(" (Parameter", 2)[0]);
            return 1;
        }
    }

    public static Option<string> TimeZoneOption()
    {
        var zone = new Option<string>("--timezone") { Description = "The store's time zone, which decides an order's day (IANA)", DefaultValueFactory = _ => "UTC" };
        zone.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } id && !TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
            {
                r.AddError($"--timezone: unknown time zone '{id}' (use an IANA name such as Asia/Shanghai)");
            }
        });
        return zone;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("Kith — customer relationships for e-commerce stores (电商客户关系管理)")
        {
            DbOption,
            ServeCommand.Create(),
            ImportCommand.Create(),
            StatsCommand.Create(),
            DemoCommand.Create(),
            ApiKeyCommand.Create(),
            UserCommand.Create(),
            CustomerCommand.Create(),
            ValueCommands.CreateReport(),
            ValueCommands.CreateExport(),
            ValueCommands.CreateKpis(),
            ValueCommands.CreateRecompute(),
            TagCommand.Create(),
            SegmentCommand.Create(),
            ClvCommand.Create(),
            ChurnCommand.Create(),
            CouponCommand.Create(),
            RecsCommand.Create(),
        };
        return root;
    }
}
