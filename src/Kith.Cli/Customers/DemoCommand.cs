using System.CommandLine;
using Kith.Data.Store;

namespace Kith.Cli.Customers;

/// <summary><c>kith demo --customers N [--seed S] [--export DIR]</c> (placeholder: filled in by the demo work).</summary>
public static class DemoCommand
{
    public static Command Create() => new("demo", "Generate a realistic demo store");

    public static Task FillIfEmptyAsync(KithStore store, int customers, int seed, CancellationToken ct) => Task.CompletedTask;
}
