using MudBlazor;

namespace Kith.Server.Console.Pages.Clv;

/// <summary>How the CLV pages name models and parameters, and colour churn bands (the same on every page).</summary>
public static class ClvWords
{
    public static string Model(string? model) => model switch
    {
        "bgnbd" => "BG/NBD",
        "paretonbd" => "Pareto/NBD",
        _ => model ?? "–",
    };

    /// <summary>Parameters as the papers write them (α, β); the API and CLI spell them out.</summary>
    public static string Parameter(string name) => name switch
    {
        "alpha" => "α",
        "beta" => "β",
        _ => name,
    };

    public static Color BandColor(string? band) => band switch
    {
        "high" => Color.Error,
        "medium" => Color.Warning,
        "low" => Color.Success,
        _ => Color.Default,
    };
}
