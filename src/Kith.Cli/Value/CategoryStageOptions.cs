using System.CommandLine;
using System.Globalization;
using Kith.Core;
using Kith.Core.Value;
using Spectre.Console;

namespace Kith.Cli.Value;

/// <summary>The options that give categories lifecycle stages of their own (<c>tag refresh</c>, <c>export tags</c>).</summary>
internal sealed class CategoryStageOptions
{
    public Option<string[]> Windows { get; } = new("--category-windows")
    {
        Description = "Lifecycle windows for a category with its own consumption cycle, CATEGORY=ACTIVE,SILENT,SLEEPING days (repeatable), e.g. \"母婴 Baby=20,40,60\"",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> Calibrate { get; } = new("--calibrate-categories")
    {
        Description = $"Give every other category with {CategoryLifecycle.MinBuyersToCalibrate}+ buyers windows that split its buyers 3:3:3:1",
    };

    public Option<DateOnly?> AsOf { get; } = new("--as-of") { Description = "Category stages as of the end of this day (YYYY-MM-DD); default today in --timezone" };

    public CategoryStageOptions()
    {
        Windows.Validators.Add(r =>
        {
            foreach (var text in r.GetValueOrDefault<string[]>() ?? [])
            {
                try
                {
                    CategoryLifecycleOptions.ParseWindows(text);
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    r.AddError("--category-windows " + e.Message);
                }
            }
        });
    }

    public IEnumerable<Option> All => [Windows, Calibrate, AsOf];

    /// <summary>Null when no category gets stages.</summary>
    public CategoryLifecycleOptions? From(ParseResult parse, TimeZoneInfo zone)
    {
        var fixedWindows = (parse.GetValue(Windows) ?? []).Select(CategoryLifecycleOptions.ParseWindows).ToDictionary(w => w.Category, w => w.Windows, StringComparer.Ordinal);
        if (fixedWindows.Count == 0 && !parse.GetValue(Calibrate))
        {
            return null;
        }

        var asOf = parse.GetValue(AsOf) ?? Timestamps.DayIn(DateTimeOffset.UtcNow, zone);
        return new CategoryLifecycleOptions(asOf, fixedWindows, parse.GetValue(Calibrate));
    }

    /// <summary>Prints the windows each category's stages used.</summary>
    public static void Report(IReadOnlyDictionary<string, LifecycleWindows> windows)
    {
        if (windows.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("category", "active ≤", "silent ≤", "sleeping ≤");
        foreach (var (category, w) in windows.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(category), w.Active.ToString(CultureInfo.InvariantCulture), w.Silent.ToString(CultureInfo.InvariantCulture), w.Sleeping.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table.Caption("lifecycle windows per category (days since the last purchase in it)"));
    }
}
