using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using CsvHelper.Configuration;
using Kith.Core.Recommendations;

namespace Kith.Data.Recommendations;

/// <summary>
/// Reads the UCI Online Retail invoice lines (CSV, optionally gzip) as customer × StockCode purchases, one piece of
/// feedback of weight 1 per invoice line. Set aside: cancellations (<c>C</c> invoices) and bad-debt adjustments
/// (<c>A</c>), rows without a CustomerID (guests cannot be recommended to), non-positive quantities or prices, and
/// the service codes that are not products (postage, carriage, fees, manual adjustments — see <see cref="NotProducts"/>),
/// which would otherwise top every popularity list.
/// </summary>
public static class OnlineRetailFeedbackReader
{
    /// <summary>StockCodes that are charges or bookkeeping, not goods.</summary>
    public static IReadOnlySet<string> NotProducts { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "POST", "DOT", "M", "D", "C2", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS",
    };

    private static readonly string[] Header = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];

    public static async Task<FeedbackFile> ReadAsync(string path, CancellationToken ct = default)
    {
        if (!File.Exists(path))
        {
            return new FeedbackFile([], $"{path}: file not found");
        }

        await using var file = File.OpenRead(path);
        await using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var text = new StreamReader(stream);
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is not { } header || !header.SequenceEqual(Header, StringComparer.Ordinal))
        {
            return FeedbackFile.Failed(path, 1, $"expected the header {string.Join(",", Header)}");
        }

        var feedback = new List<FeedbackEvent>();
        var items = new Dictionary<string, ItemAttributes>(StringComparer.Ordinal);
        var rows = 0;
        var setAside = 0;
        while (await csv.ReadAsync())
        {
            rows++;
            if (rows % 50_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var line = csv.Parser.RawRow;
            var f = csv.Parser.Record ?? [];
            if (f.Length != Header.Length)
            {
                return FeedbackFile.Failed(path, line, $"expected {Header.Length} columns, found {f.Length}");
            }

            if (!int.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity))
            {
                return FeedbackFile.Failed(path, line, $"Quantity '{f[3]}' is not a whole number");
            }

            if (!decimal.TryParse(f[5], NumberStyles.Number, CultureInfo.InvariantCulture, out var price))
            {
                return FeedbackFile.Failed(path, line, $"UnitPrice '{f[5]}' is not a number");
            }

            if (!DateTime.TryParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            {
                return FeedbackFile.Failed(path, line, $"InvoiceDate '{f[4]}' is not YYYY-MM-DD HH:MM:SS");
            }

            var customer = f[6].EndsWith(".0", StringComparison.Ordinal) ? f[6][..^2] : f[6];
            if (f[0].StartsWith('C') || f[0].StartsWith('A') || customer.Length == 0 || quantity <= 0 || price <= 0 || NotProducts.Contains(f[1]))
            {
                setAside++;
                continue;
            }

            feedback.Add(new FeedbackEvent(customer, f[1], 1f, new DateTimeOffset(at, TimeSpan.Zero)));
            if (!items.ContainsKey(f[1]) && !string.IsNullOrWhiteSpace(f[2]))
            {
                items[f[1]] = new ItemAttributes(Price: price, Text: f[2]);
            }
        }

        return new FeedbackFile(feedback, null, rows, setAside) { Items = items };
    }
}
