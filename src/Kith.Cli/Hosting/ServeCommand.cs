using System.CommandLine;
using System.Globalization;
using Kith.Cli.Customers;
using Kith.Core;
using Kith.Data.Store;
using Kith.Server.Access;
using Kith.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kith.Cli.Hosting;

/// <summary><c>kith serve [--demo] [--urls URL]</c>: API and console on the chosen store.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var demo = new Option<bool>("--demo") { Description = "Fill an empty store with a demo store first" };
        var demoCustomers = new Option<int>("--demo-customers") { Description = "Size of the demo store", DefaultValueFactory = _ => 2000 };
        var recomputeHours = new Option<double>("--recompute-hours") { Description = "Recompute customer values every N hours (0: only by kith recompute)", DefaultValueFactory = _ => 24 };
        var recsRefreshHours = new Option<double>("--recs-refresh-hours")
        {
            Description = "Retrain recommendations every N hours (0: only at start and on POST /api/v1/recommendations/refresh)",
            DefaultValueFactory = _ => 6,
        };
        var timeZone = KithCommandLine.TimeZoneOption();
        var categories = new Kith.Cli.Value.CategoryStageOptions();
        var command = new Command("serve", "Run the API and web console") { urls, demo, demoCustomers, recomputeHours, recsRefreshHours, timeZone, categories.Windows, categories.Calibrate };
        command.SetAction(async (parse, ct) =>
        {
            var location = StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption));
            var store = new KithStore(location);
            await store.MigrateAsync(ct);
            IReadOnlyList<OperatorAccounts.Created> demoUsers = [];
            if (parse.GetValue(demo))
            {
                // The demo store ends today (in the store's zone), so that "the last 7 days" in segments and reports have data.
                var zone = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(timeZone)!);
                var today = Timestamps.DayIn(DateTimeOffset.UtcNow, zone);
                await DemoCommand.FillIfEmptyAsync(store, parse.GetValue(demoCustomers), seed: 42, today, ct);
                await using var accounts = OperatorAccounts.Standalone(store, TimeProvider.System);
                await using var scope = accounts.CreateAsyncScope();
                demoUsers = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().CreateDemoUsersAsync(ct);
            }

            var hours = parse.GetValue(recomputeHours);
            var recsHours = parse.GetValue(recsRefreshHours);
            var app = KithServer.Build(new KithServerSettings
            {
                Store = location,
                Urls = parse.GetValue(urls)!,
                RecomputeEvery = hours > 0 ? TimeSpan.FromHours(hours) : null,
                TimeZone = parse.GetValue(timeZone)!,
                CategoryWindows = (parse.GetValue(categories.Windows) ?? []).Select(Kith.Core.Value.CategoryLifecycleOptions.ParseWindows).ToDictionary(w => w.Category, w => w.Windows, StringComparer.Ordinal),
                CalibrateCategories = parse.GetValue(categories.Calibrate),
                Recommendations = new Kith.Server.Recommendations.RecommendationServingSettings
                {
                    RefreshEvery = recsHours > 0 ? TimeSpan.FromHours(recsHours) : Timeout.InfiniteTimeSpan,
                },
            });
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Kith on [bold]{location.Describe()}[/] at [link]{parse.GetValue(urls)}[/]  (console: /, API reference: /api, Ctrl+C to stop)");
            if (demoUsers.Count > 0)
            {
                var table = new Table().Title("Demo operators (new passwords at every start)").AddColumns("role", "email", "password");
                foreach (var u in demoUsers)
                {
                    table.AddRow(u.Role, u.Email, u.Password);
                }

                AnsiConsole.Write(table);
            }

            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
