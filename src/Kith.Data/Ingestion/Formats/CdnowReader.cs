using System.Globalization;
using Kith.Core.Ingestion;
using Kith.Core.Orders;

namespace Kith.Data.Ingestion.Formats;

/// <summary>
/// Reads the CDNOW transaction logs (Fader &amp; Hardie). Master: <c>customer_id date quantity amount</c>;
/// 1/10 sample: <c>customer_id sample_id date quantity amount</c>, where the first column is the master id
/// (so sample and master name customers alike). Each row becomes a completed order without lines, paid
/// on that day at 00:00 UTC, in USD; its id is <c>cdnow-{customer}-{yyyyMMdd}-{n}</c>, n counting the
/// customer's rows of that day in file order, so the same file always gives the same ids.
/// </summary>
internal sealed class CdnowReader(bool sample)
{
    public IEnumerable<ImportRecord> Read(TextReader text)
    {
        var sameDay = new Dictionary<(string, string), int>();
        var columns = sample
            ? new[] { "customer_id", "sample_id", "date", "quantity", "amount" }
            : ["customer_id", "date", "quantity", "amount"];
        long line = 0;
        while (text.ReadLine() is { } content)
        {
            line++;
            var fields = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || (line == 1 && !char.IsAsciiDigit(fields[0][0])))
            {
                continue; // blank line or the header lifetimes added to the master file
            }

            var r = new ImportRecord { Line = line };
            if (fields.Length != columns.Length)
            {
                r.Error(columns[Math.Min(fields.Length, columns.Length - 1)], $"expected {columns.Length} columns ({string.Join(" ", columns)}), found {fields.Length}" + (fields.Length, sample) switch
                {
                    (5, false) => " — the 1/10 sample file (CDNOW_sample.txt) has a sample id column: use --format cdnow-sample",
                    (4, true) => " — the master file (CDNOW_master.txt) has no sample id column: use --format cdnow",
                    _ => "",
                });
                yield return r;
                continue;
            }

            var at = sample ? 1 : 0;
            var customer = fields[0];
            var dateText = fields[at + 1];
            var quantity = ValueParser.Int(r, "quantity", fields[at + 2]);
            var amount = ValueParser.Decimal(r, "amount", fields[at + 3]);
            if (!DateOnly.TryParseExact(dateText, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                r.Error("date", $"'{dateText}' is not a date (YYYYMMDD)");
            }

            if (quantity < 0)
            {
                r.Error("quantity", "must not be negative");
            }

            if (amount < 0)
            {
                r.Error("amount", "must not be negative");
            }

            var key = (customer, dateText);
            var n = sameDay.TryGetValue(key, out var seen) ? seen + 1 : 1;
            sameDay[key] = n;
            var paid = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            r.Customer = new CustomerInput { ExternalId = customer };
            r.Input = new OrderInput
            {
                ExternalId = $"cdnow-{customer}-{dateText}-{n}",
                CustomerId = customer,
                Status = OrderStatus.Completed,
                Currency = "USD",
                Total = amount,
                ItemCount = quantity,
                PlacedAt = paid,
                PaidAt = paid,
                CompletedAt = paid,
            };
            yield return r;
        }
    }
}
