using System.Globalization;
using Kith.Core.Clv;
using Kith.Tests.Shared;

namespace Kith.Core.Tests.Clv;

/// <summary>
/// The CDNOW 1/10 sample (2,357 customers) as the papers use it: calibration 1997-01-01..1997-09-30, holdout to
/// 1998-06-30, in weeks. Read here straight from the text file, one purchase per row (the summary merges days).
/// </summary>
internal static class CdnowSample
{
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    public static readonly DateOnly HoldoutEnd = new(1998, 6, 30);

    private static readonly Lazy<IReadOnlyList<CustomerPurchases>> Lazy = new(Read);
    private static readonly Lazy<ClvSummary> LazySummary = new(() =>
        ClvSummary.Build(Purchases, new ClvSummaryOptions(CalibrationEnd) { HoldoutEnd = HoldoutEnd, Unit = ClvTimeUnit.Week }));

    public static IReadOnlyList<CustomerPurchases> Purchases => Lazy.Value;

    public static ClvSummary Summary => LazySummary.Value;

    private static List<CustomerPurchases> Read()
    {
        var byCustomer = new Dictionary<string, List<Purchase>>();
        foreach (var line in File.ReadLines(TestFiles.CdnowSample))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 5)
            {
                continue;
            }

            var purchase = new Purchase(DateOnly.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture), decimal.Parse(f[4], CultureInfo.InvariantCulture));
            (byCustomer.TryGetValue(f[1], out var list) ? list : byCustomer[f[1]] = []).Add(purchase);
        }

        return byCustomer.Select(p => new CustomerPurchases(p.Key, p.Value)).ToList();
    }
}
