using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Threading.Channels;
using Kith.Core.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;

namespace Kith.Data.Ingestion;

/// <summary>
/// Imports one file into the store through one <see cref="IngestSession"/>: all or nothing by default
/// (the first bad record stops writing, the rest of the file is still checked so that every bad row is
/// reported, and nothing is committed), or with <see cref="ImportOptions.SkipInvalid"/> the good records
/// are committed and the bad ones reported. The file is streamed in batches.
/// </summary>
public sealed class FileImporter(KithStore store, TimeProvider time)
{
    public async Task<ImportReport> ImportAsync(
        ImportOptions options, IProgress<ImportProgress>? progress, Action<ImportError>? onError, CancellationToken ct)
    {
        var format = options.Format ?? ImportOptions.Guess(options.Path);
        var fileName = Path.GetFileName(options.Path);
        var report = new ImportReport { File = fileName, Kind = options.Kind, Format = format };
        var clock = Stopwatch.StartNew();
        if (format is ImportFormat.Cdnow or ImportFormat.CdnowSample or ImportFormat.OnlineRetail && options.Kind != ImportKind.Orders)
        {
            report.FileError = $"the {format} format holds orders: use `kith import orders`";
            return report;
        }

        var zoneId = options.TimeZone ?? (format == ImportFormat.OnlineRetail ? "Europe/London" : "UTC");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            report.FileError = $"unknown time zone '{zoneId}' (use an IANA name such as Asia/Shanghai)";
            return report;
        }

        await using var file = new FileStream(options.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var totalBytes = file.Length;
        Stream stream = options.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        var parse = new ValueParser(zone);
        string? fileError = null;
        void Fail(string message) => fileError = message;
        if (format == ImportFormat.OnlineRetail)
        {
            report.Cleanup = new CleanupSummary();
        }

        var records = format switch
        {
            ImportFormat.KithCsv => new KithCsvReader(options.Kind, parse).Read(text, fileName, Fail),
            ImportFormat.Jsonl => new JsonLinesReader(options.Kind).Read(text),
            ImportFormat.Cdnow => new CdnowReader(sample: false).Read(text),
            ImportFormat.CdnowSample => new CdnowReader(sample: true).Read(text),
            _ => new OnlineRetailReader(parse, report.Cleanup!).Read(text, Fail),
        };

        await using var session = await IngestSession.BeginAsync(store, time, options.Currency, ct);
        var failed = false;
        void Report(ImportError error)
        {
            report.ErrorCount++;
            if (report.Errors.Count < options.ErrorsKept)
            {
                report.Errors.Add(error);
            }

            onError?.Invoke(error);
            if (!options.SkipInvalid && !failed)
            {
                failed = true;
                session.WriteEnabled = false; // keep checking the rest, write nothing more
            }
        }

        // Parsing runs on its own thread one batch ahead of writing: the two overlap on a multi-core machine.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var batches = Channel.CreateBounded<(List<ImportRecord> Records, long Position)>(
            new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(
            async () =>
            {
                try
                {
                    var batch = new List<ImportRecord>(options.BatchSize);
                    foreach (var record in records)
                    {
                        batch.Add(record);
                        if (batch.Count >= options.BatchSize)
                        {
                            await batches.Writer.WriteAsync((batch, file.Position), stop.Token);
                            batch = new List<ImportRecord>(options.BatchSize);
                        }
                    }

                    await batches.Writer.WriteAsync((batch, totalBytes), stop.Token);
                    batches.Writer.Complete();
                }
                catch (Exception e)
                {
                    batches.Writer.Complete(e);
                }
            },
            stop.Token);

        try
        {
            await foreach (var (batch, position) in batches.Reader.ReadAllAsync(ct))
            {
                report.Records += batch.Count;
                await WriteBatchAsync(session, batch, options.Kind, format, fileName, report, Report, ct);
                progress?.Report(new ImportProgress(position, totalBytes, report.Records));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reader;
        }

        report.FileError = fileError;
        (report.Customers, report.Products, report.Orders, report.Events) = (session.Customers, session.Products, session.Orders, session.Events);
        if (fileError is null && (options.SkipInvalid || report.ErrorCount == 0))
        {
            await session.CommitAsync(ct);
            report.Committed = true;
        }

        report.Elapsed = clock.Elapsed;
        return report;
    }

    private static async Task WriteBatchAsync(
        IngestSession session, List<ImportRecord> batch, ImportKind kind, ImportFormat format, string file,
        ImportReport report, Action<ImportError> error, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        ct.ThrowIfCancellationRequested();
        var rejected = new HashSet<long>();
        foreach (var r in batch.Where(r => r.Errors is not null))
        {
            foreach (var (line, column, reason) in r.Errors!)
            {
                error(new ImportError(file, line, column, reason));
            }

            rejected.Add(r.Line);
        }

        var good = batch.Where(r => r.Errors is null).ToList();
        var customers = good.Where(r => r.Customer is not null).Select(r => new IngestItem<CustomerInput>(r.Line, r.Customer!)).ToList();
        var products = good.Where(r => r.Products is not null).SelectMany(r => r.Products!.Select(p => new IngestItem<ProductInput>(r.Line, p))).ToList();
        var byLine = good.ToDictionary(r => r.Line);
        void Map(BatchResult result, ImportKind of)
        {
            foreach (var e in result.Errors)
            {
                var (line, column) = Locate(byLine.GetValueOrDefault(e.Index), e, of, format);
                error(new ImportError(file, line, column, e.Message));
                rejected.Add(e.Index);
            }
        }

        if (customers.Count > 0)
        {
            Map(await session.UpsertCustomersAsync(customers, ct), ImportKind.Customers);
        }

        if (products.Count > 0)
        {
            Map(await session.UpsertProductsAsync(products, ct), ImportKind.Products);
        }

        var inputs = good.Where(r => r.Input is not null && !rejected.Contains(r.Line)).ToList();
        switch (kind)
        {
            case ImportKind.Customers:
                Map(await session.UpsertCustomersAsync(inputs.Select(r => new IngestItem<CustomerInput>(r.Line, (CustomerInput)r.Input!)).ToList(), ct), kind);
                break;
            case ImportKind.Products:
                Map(await session.UpsertProductsAsync(inputs.Select(r => new IngestItem<ProductInput>(r.Line, (ProductInput)r.Input!)).ToList(), ct), kind);
                break;
            case ImportKind.Orders:
                Map(await session.UpsertOrdersAsync(inputs.Select(r => new IngestItem<OrderInput>(r.Line, (OrderInput)r.Input!)).ToList(), ct), kind);
                break;
            default:
                Map(await session.InsertEventsAsync(inputs.Select(r => new IngestItem<EventInput>(r.Line, (EventInput)r.Input!)).ToList(), ct), kind);
                break;
        }

        report.RejectedRecords += rejected.Count;
    }

    /// <summary>Where a store-side error points in the file: the row of the order line it names, and the file's column name.</summary>
    private static (long Line, string Column) Locate(ImportRecord? record, ItemError e, ImportKind kind, ImportFormat format)
    {
        var line = e.Index;
        if (record?.LineRows is { } rows && e.Field.StartsWith("lines[", StringComparison.Ordinal))
        {
            var close = e.Field.IndexOf(']', StringComparison.Ordinal);
            if (int.TryParse(e.Field.AsSpan(6, close - 6), System.Globalization.CultureInfo.InvariantCulture, out var i) && i < rows.Length)
            {
                line = rows[i];
            }
        }

        var column = format switch
        {
            ImportFormat.KithCsv => KithCsvReader.ColumnOf(kind, e.Field),
            ImportFormat.Cdnow or ImportFormat.CdnowSample => e.Field switch
            {
                "total" => "amount",
                "itemCount" => "quantity",
                "placedAt" or "paidAt" or "completedAt" => "date",
                _ => "customer_id",
            },
            ImportFormat.OnlineRetail => e.Field switch
            {
                var f when f.EndsWith("sku", StringComparison.Ordinal) => "StockCode",
                var f when f.EndsWith("quantity", StringComparison.Ordinal) => "Quantity",
                var f when f.EndsWith("unitPrice", StringComparison.Ordinal) => "UnitPrice",
                "customerId" or "externalId" => "CustomerID",
                _ => "InvoiceDate",
            },
            _ => e.Field,
        };
        return (line, column);
    }
}
