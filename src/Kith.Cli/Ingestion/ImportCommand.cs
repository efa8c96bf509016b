using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Kith.Data.Ingestion;
using Kith.Data.Ingestion.Formats;
using Kith.Data.Store;
using Spectre.Console;

namespace Kith.Cli.Ingestion;

/// <summary><c>kith import customers|products|orders|events FILE</c>: one all-or-nothing import with a progress bar.</summary>
public static class ImportCommand
{
    private const int ErrorsShown = 20;

    public static Command Create()
    {
        var command = new Command("import", "Import customers, products, orders or events from a file (all or nothing; see docs/import-formats.md)");
        foreach (var kind in Enum.GetValues<ImportKind>())
        {
            command.Subcommands.Add(CreateFor(kind));
        }

        return command;
    }

    private static Command CreateFor(ImportKind kind)
    {
        var name = kind.ToString().ToLowerInvariant();
        var file = new Argument<FileInfo>("FILE") { Description = "The file to import (.gz is read directly)" };
        var format = new Option<string?>("--format")
        {
            Description = "kith-csv | jsonl" + (kind == ImportKind.Orders ? " | cdnow | cdnow-sample | online-retail" : string.Empty) + " (default: from the extension)",
        };
        format.AcceptOnlyFromAmong(kind == ImportKind.Orders
            ? ["kith-csv", "jsonl", "cdnow", "cdnow-sample", "online-retail"]
            : ["kith-csv", "jsonl"]);
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Import the good rows and report the bad ones (default: one bad row aborts the import)" };
        var errors = new Option<FileInfo?>("--errors") { Description = "Write every bad row to this CSV file (file,line,column,reason)" };
        var zone = new Option<string?>("--timezone") { Description = "IANA zone for timestamps without an offset (default UTC; Europe/London for online-retail)" };
        var currency = new Option<string>("--currency") { Description = "Currency of amounts that do not name one", DefaultValueFactory = _ => "CNY" };
        var command = new Command(name, $"Import {name}") { file, format, skipInvalid, errors, zone, currency };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]No such file:[/] {path.FullName}");
                return 2;
            }

            var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
            await store.MigrateAsync(ct);
            var options = new ImportOptions(path.FullName, kind)
            {
                Format = ParseFormat(parse.GetValue(format)),
                SkipInvalid = parse.GetValue(skipInvalid),
                TimeZone = parse.GetValue(zone),
                Currency = parse.GetValue(currency)!,
            };
            return await RunAsync(store, options, parse.GetValue(errors), ct);
        });
        return command;
    }

    private static ImportFormat? ParseFormat(string? text) => text switch
    {
        null => null,
        "kith-csv" => ImportFormat.KithCsv,
        "jsonl" => ImportFormat.Jsonl,
        "cdnow" => ImportFormat.Cdnow,
        "cdnow-sample" => ImportFormat.CdnowSample,
        _ => ImportFormat.OnlineRetail,
    };

    private static async Task<int> RunAsync(KithStore store, ImportOptions options, FileInfo? errorsFile, CancellationToken ct)
    {
        var shown = 0;
        StreamWriter? errorWriter = null;
        CsvWriter? errorCsv = null;
        if (errorsFile is not null)
        {
            errorWriter = new StreamWriter(errorsFile.FullName);
            errorCsv = new CsvWriter(errorWriter, CultureInfo.InvariantCulture);
            errorCsv.WriteField("file");
            errorCsv.WriteField("line");
            errorCsv.WriteField("column");
            errorCsv.WriteField("reason");
            await errorCsv.NextRecordAsync();
        }

        var lines = new List<string>();
        void OnError(ImportError e)
        {
            if (shown++ < ErrorsShown)
            {
                lines.Add(e.ToString());
            }

            if (errorCsv is not null)
            {
                errorCsv.WriteField(e.File);
                errorCsv.WriteField(e.Line);
                errorCsv.WriteField(e.Column);
                errorCsv.WriteField(e.Reason);
                errorCsv.NextRecord();
            }
        }

        ImportReport report;
        var importer = new FileImporter(store, TimeProvider.System);
        try
        {
            report = await AnsiConsole.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RecordRateColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progressContext =>
                {
                    var task = progressContext.AddTask($"{options.Kind.ToString().ToLowerInvariant()} ← {Path.GetFileName(options.Path)}", maxValue: 1);
                    var progress = new SynchronousProgress<ImportProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.TotalBytes);
                        task.Value = p.BytesRead;
                        RecordRateColumn.Records = p.Records;
                    });
                    return await importer.ImportAsync(options, progress, OnError, ct);
                });
        }
        finally
        {
            if (errorCsv is not null)
            {
                await errorCsv.DisposeAsync();
            }

            if (errorWriter is not null)
            {
                await errorWriter.DisposeAsync();
            }
        }

        foreach (var line in lines)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{line}[/]");
        }

        if (report.ErrorCount > ErrorsShown)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"[red]... and {report.ErrorCount - ErrorsShown} more[/]{(errorsFile is null ? "; write them all with --errors FILE" : $"; all are in {errorsFile.Name}")}");
        }

        if (report.FileError is { } fileError)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{report.File}: {fileError}[/]");
            AnsiConsole.MarkupLine("[red]Nothing was imported.[/]");
            return 1;
        }

        PrintSummary(report);
        if (!report.Committed)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"[red]Aborted: {report.RejectedRecords} bad record(s); the store is unchanged.[/] Fix them, or use --skip-invalid to import the rest.");
            return 1;
        }

        if (report.ErrorCount > 0)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]Imported the good records; {report.RejectedRecords} bad record(s) skipped.[/]");
            return 1;
        }

        return 0;
    }

    private static void PrintSummary(ImportReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Title($"{report.File}: {report.Records.ToString("N0", c)} records in {report.Elapsed.TotalSeconds.ToString("0.0", c)} s")
            .AddColumn("records").AddColumn(new TableColumn("new").RightAligned()).AddColumn(new TableColumn("updated").RightAligned())
            .AddColumn(new TableColumn("unchanged").RightAligned());
        foreach (var (name, totals) in new[] { ("customers", report.Customers), ("products", report.Products), ("orders", report.Orders), ("events", report.Events) })
        {
            if (totals.Inserted + totals.Updated + totals.Unchanged > 0)
            {
                table.AddRow(name, totals.Inserted.ToString("N0", c), totals.Updated.ToString("N0", c), totals.Unchanged.ToString("N0", c));
            }
        }

        AnsiConsole.Write(table);
        if (report.Cleanup is { } cleanup)
        {
            var t = new Table().Title($"Clean-up: {cleanup.RowsRead.ToString("N0", c)} rows, {cleanup.DistinctOrders.ToString("N0", c)} invoices, {cleanup.DistinctCustomers.ToString("N0", c)} customer ids")
                .AddColumn("set aside because").AddColumn(new TableColumn("rows").RightAligned()).AddColumn(new TableColumn("invoices").RightAligned());
            foreach (var line in cleanup.Lines)
            {
                t.AddRow(line.Reason, line.Rows.ToString("N0", c), line.Orders.ToString("N0", c));
            }

            AnsiConsole.Write(t);
        }
    }

    /// <summary>Records per second, next to the byte-based bar and ETA.</summary>
    private sealed class RecordRateColumn : ProgressColumn
    {
        public static long Records { get; set; }

        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var seconds = task.ElapsedTime?.TotalSeconds ?? 0;
            var rate = seconds > 0 ? Records / seconds : 0;
            return new Text(string.Create(CultureInfo.InvariantCulture, $"{Records:N0} rows {rate:N0}/s"));
        }
    }
}
