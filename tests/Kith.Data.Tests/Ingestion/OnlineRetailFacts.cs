using System.IO.Compression;

namespace Kith.Data.Tests.Ingestion;

/// <summary>
/// Facts about the UCI Online Retail file computed by a plain pass, independent of Kith's reader:
/// quoted fields are handled by splitting off the fixed trailing columns from the right.
/// </summary>
internal sealed record OnlineRetailFacts(long RowsWithoutCustomer, long AdjustmentRows, long KeptRows, int KeptInvoices, int ReturnInvoices)
{
    public static OnlineRetailFacts Compute(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        reader.ReadLine();
        long noCustomer = 0, adjustments = 0, kept = 0;
        var keptInvoices = new HashSet<string>();
        var returns = new HashSet<string>();
        while (reader.ReadLine() is { } line)
        {
            var invoice = line[..line.IndexOf(',', StringComparison.Ordinal)];
            // The last five columns (Quantity, InvoiceDate, UnitPrice, CustomerID, Country) contain no commas.
            var tail = line.Split(',')[^5..];
            var quantity = int.Parse(tail[0], System.Globalization.CultureInfo.InvariantCulture);
            var price = decimal.Parse(tail[2], System.Globalization.CultureInfo.InvariantCulture);
            var customer = tail[3];
            if (customer.Length == 0)
            {
                noCustomer++;
            }

            if (invoice.StartsWith('A'))
            {
                adjustments++;
                continue;
            }

            var isReturn = invoice.StartsWith('C');
            if (customer.Length > 0 && price > 0 && (isReturn ? quantity < 0 : quantity > 0))
            {
                kept++;
                keptInvoices.Add(invoice);
                if (isReturn)
                {
                    returns.Add(invoice);
                }
            }
        }

        return new OnlineRetailFacts(noCustomer, adjustments, kept, keptInvoices.Count, returns.Count);
    }
}
