using System.CommandLine;

namespace Kith.Cli.Access;

/// <summary><c>kith apikey create|list|revoke</c> (placeholder: filled in by the API work).</summary>
public static class ApiKeyCommand
{
    public static Command Create() => new("apikey", "Create, list and revoke API keys");
}
