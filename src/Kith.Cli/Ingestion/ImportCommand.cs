using System.CommandLine;

namespace Kith.Cli.Ingestion;

/// <summary><c>kith import customers|products|orders|events FILE</c> (placeholder: filled in by the import work).</summary>
public static class ImportCommand
{
    public static Command Create() => new("import", "Import customers, products, orders or events from a file");
}
