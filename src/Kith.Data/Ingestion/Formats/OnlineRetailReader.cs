using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Kith.Core.Ingestion;
using Kith.Core.Orders;

namespace Kith.Data.Ingestion.Formats;

/// <summary>
/// Reads the UCI Online Retail invoice-line CSV (<c>InvoiceNo,StockCode,Description,Quantity,InvoiceDate,
/// UnitPrice,CustomerID,Country</c>). One order per invoice with its lines; <c>C</c> invoices are returns
/// (refunded orders with positive quantities). Rows that cannot be an order line are counted in the
/// <see cref="CleanupSummary"/> by reason, never silently dropped. Invoice rows are mostly consecutive; an
/// invoice is complete once it has not been seen for <see cref="Window"/> rows, which keeps memory bounded.
/// </summary>
internal sealed class OnlineRetailReader(ValueParser parse, CleanupSummary summary)
{
    public const string NoCustomer = "no customer id";
    public const string Adjustment = "adjustment (A invoice)";
    public const string ZeroPrice = "zero unit price";
    public const string NegativePrice = "negative unit price";
    public const string NegativeQuantity = "negative quantity outside a return (C) invoice";
    public const string PositiveReturn = "positive quantity in a return (C) invoice";
    private const int Window = 5000;

    private static readonly string[] Header = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];

    private sealed class PendingInvoice
    {
        public required ImportRecord Record { get; init; }
        public required OrderInput Order { get; init; }
        public List<long> Rows { get; } = [];
        public long LastRow { get; set; }
    }

    public IEnumerable<ImportRecord> Read(TextReader text, Action<string> fail)
    {
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header || !header.SequenceEqual(Header, StringComparer.Ordinal))
        {
            fail($"expected the header {string.Join(",", Header)}");
            yield break;
        }

        var invoices = new HashSet<string>(StringComparer.Ordinal);
        var customers = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Dictionary<string, PendingInvoice>(StringComparer.Ordinal);
        long rows = 0;
        while (csv.Read())
        {
            rows++;
            var line = csv.Parser.RawRow;
            var f = csv.Parser.Record ?? [];
            summary.RowsRead++;
            var r = new ImportRecord { Line = line };
            if (f.Length != Header.Length)
            {
                r.Error("InvoiceNo", $"expected {Header.Length} columns, found {f.Length}");
                yield return r;
                continue;
            }

            var invoice = f[0];
            invoices.Add(invoice);
            var customer = f[6].EndsWith(".0", StringComparison.Ordinal) ? f[6][..^2] : f[6];
            if (customer.Length > 0 && customers.Add(customer))
            {
                // Every customer id becomes a customer, even one whose rows are all set aside.
                r.Customer = new CustomerInput { ExternalId = customer, Country = f[7].Length > 0 ? f[7] : null };
            }

            var quantity = ValueParser.Int(r, "Quantity", f[3]) ?? 0;
            var price = ValueParser.Decimal(r, "UnitPrice", f[5]) ?? 0m;
            var at = parse.Time(r, "InvoiceDate", f[4]);
            if (r.Errors is not null)
            {
                yield return r;
                continue;
            }

            var isReturn = invoice.StartsWith('C');
            var reason = invoice.StartsWith('A') ? Adjustment
                : customer.Length == 0 ? NoCustomer
                : price == 0m ? ZeroPrice
                : price < 0m ? NegativePrice
                : quantity < 0 && !isReturn ? NegativeQuantity
                : quantity > 0 && isReturn ? PositiveReturn
                : null;
            if (reason is not null)
            {
                summary.SetAside(reason, invoice);
                if (r.Customer is not null)
                {
                    yield return r;
                }
            }
            else
            {
                if (!pending.TryGetValue(invoice, out var p))
                {
                    var record = new ImportRecord { Line = line, Customer = r.Customer, Products = [] };
                    var placed = at!.Value;
                    p = new PendingInvoice
                    {
                        Record = record,
                        Order = new OrderInput
                        {
                            ExternalId = invoice,
                            CustomerId = customer,
                            Status = isReturn ? OrderStatus.Refunded : OrderStatus.Completed,
                            Currency = "GBP",
                            PlacedAt = placed,
                            PaidAt = placed,
                            CompletedAt = isReturn ? null : placed,
                            RefundedAt = isReturn ? placed : null,
                            Lines = [],
                        },
                    };
                    pending[invoice] = p;
                }
                else if (r.Customer is not null)
                {
                    p.Record.Customer ??= r.Customer;
                }

                p.Order.Lines!.Add(new OrderLineInput { Sku = f[1], Quantity = Math.Abs(quantity), UnitPrice = price });
                p.Record.Products!.Add(new ProductInput { Sku = f[1], Name = string.IsNullOrWhiteSpace(f[2]) ? null : f[2].Trim() });
                p.Rows.Add(line);
                p.LastRow = rows;
            }

            if (rows % 1000 == 0)
            {
                foreach (var done in pending.Values.Where(x => x.LastRow < rows - Window).ToList())
                {
                    pending.Remove(done.Order.ExternalId!);
                    yield return Complete(done);
                }
            }
        }

        foreach (var done in pending.Values.OrderBy(x => x.Record.Line))
        {
            yield return Complete(done);
        }

        summary.DistinctOrders = invoices.Count;
        summary.DistinctCustomers = customers.Count;
    }

    private static ImportRecord Complete(PendingInvoice p)
    {
        p.Record.Input = p.Order;
        p.Record.LineRows = [.. p.Rows];
        return p.Record;
    }
}
