using System.Globalization;

namespace Kith.Core.Recommendations;

/// <summary>What the catalogue says about an item, for content-based similarity. Any part may be missing.</summary>
public sealed partial record ItemAttributes(string? CategoryPath = null, string? Brand = null, decimal? Price = null, string? Text = null)
{
    /// <summary>
    /// The item's features as tokens: every prefix of the category path (<c>cat:Home</c>, <c>cat:Home &gt; Kitchen</c>),
    /// <c>brand:…</c>, the price band (powers of two: <c>price:4</c> is 4 ≤ price &lt; 8) and the words of at least three
    /// letters or digits in the text (<c>w:…</c>), lower-cased.
    /// </summary>
    public IReadOnlyList<string> Features()
    {
        var tokens = new List<string>();
        if (!string.IsNullOrWhiteSpace(CategoryPath))
        {
            var path = "";
            foreach (var level in CategoryPath.Split('>', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                path = path.Length == 0 ? level : path + " > " + level;
                tokens.Add("cat:" + path.ToLowerInvariant());
            }
        }

        if (!string.IsNullOrWhiteSpace(Brand))
        {
            tokens.Add("brand:" + Brand.Trim().ToLowerInvariant());
        }

        if (Price is > 0m)
        {
            var band = Math.Pow(2, Math.Floor(Math.Log2((double)Price.Value)));
            tokens.Add("price:" + band.ToString("G6", CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrWhiteSpace(Text))
        {
            foreach (System.Text.RegularExpressions.Match word in Words().Matches(Text.ToLowerInvariant()))
            {
                tokens.Add("w:" + word.Value);
            }
        }

        return [.. tokens.Distinct(StringComparer.Ordinal)];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[\p{L}\p{Nd}]{3,}")]
    private static partial System.Text.RegularExpressions.Regex Words();
}
