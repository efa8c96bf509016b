using System.Globalization;
using Kith.Core.Recommendations;

namespace Kith.Data.Recommendations;

/// <summary>
/// Reads a GroupLens MovieLens ratings file (u.data, ua.base, ua.test…: <c>user TAB item TAB rating TAB unix-seconds</c>).
/// Every rating at or above <c>minRating</c> becomes one piece of implicit feedback of weight 1: for implicit
/// recommendation a rating says "watched", whatever its value.
/// </summary>
public static class MovieLensReader
{
    public static async Task<FeedbackFile> ReadAsync(string path, int minRating = 1, CancellationToken ct = default)
    {
        if (!File.Exists(path))
        {
            return new FeedbackFile([], $"{path}: file not found");
        }

        var feedback = new List<FeedbackEvent>();
        var line = 0;
        var setAside = 0;
        using var reader = new StreamReader(path);
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var f = text.Split('\t');
            if (f.Length != 4)
            {
                return FeedbackFile.Failed(path, line, $"expected 4 tab-separated fields (user, item, rating, timestamp), found {f.Length}");
            }

            if (!int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rating))
            {
                return FeedbackFile.Failed(path, line, $"rating '{f[2]}' is not a whole number");
            }

            if (!long.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
            {
                return FeedbackFile.Failed(path, line, $"timestamp '{f[3]}' is not unix seconds");
            }

            if (f[0].Length == 0 || f[1].Length == 0)
            {
                return FeedbackFile.Failed(path, line, "empty user or item id");
            }

            if (rating < minRating)
            {
                setAside++;
                continue;
            }

            feedback.Add(new FeedbackEvent(f[0], f[1], 1f, DateTimeOffset.FromUnixTimeSeconds(seconds)));
        }

        return new FeedbackFile(feedback, null, line, setAside);
    }
}
