using System.Text.RegularExpressions;

namespace Kith.Server.Console.Pages.Loyalty;

/// <summary>
/// A problem the loyalty code returned, "path: message" (e.g. <c>levels[1].benefits.discountPercent: must be between 0 and 100.</c>),
/// taken apart so that a page can name the field in the operator's language.
/// </summary>
/// <param name="Path">The whole path, as the API would key it.</param>
/// <param name="Field">Its last name (<c>discountPercent</c>); empty when the problem is about a whole item (<c>levels[1]</c>).</param>
/// <param name="Index">The first index in the path (the level or campaign), if any.</param>
public sealed partial record FieldProblem(string Path, string Field, int? Index, string Message)
{
    public static FieldProblem Parse(string problem)
    {
        var colon = problem.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return new FieldProblem("", "", null, problem);
        }

        var path = problem[..colon];
        var last = path[(path.LastIndexOf('.') + 1)..];
        var index = IndexPattern().Match(path);
        // "levels[1]: needs a threshold" is about the level itself, not one of its fields.
        return new FieldProblem(path, last.Contains('[', StringComparison.Ordinal) ? "" : last, index.Success ? int.Parse(index.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null, problem[(colon + 2)..]);
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex IndexPattern();
}
