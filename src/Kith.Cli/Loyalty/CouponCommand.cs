using System.CommandLine;
using System.Globalization;
using System.Text;
using Kith.Core.Loyalty;
using Kith.Core.Loyalty.Coupons;
using Kith.Data.Loyalty;
using Kith.Data.Segments;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Kith.Cli.Loyalty;

/// <summary><c>kith coupon create|list|issue|export</c> (docs/loyalty.md, "Coupons").</summary>
public static class CouponCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static async Task<KithStore> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var store = new KithStore(StoreLocation.Resolve(parse.GetValue(KithCommandLine.DbOption)));
        await store.MigrateAsync(ct);
        return store;
    }

    public static Command Create() => new("coupon", "Coupon offers: create them, issue codes in bulk (to a segment or anonymous), export codes (docs/loyalty.md)")
    {
        CreateCreate(), CreateList(), CreateIssue(), CreateExport(),
    };

    private static async Task<CouponTemplateRow?> FindAsync(KithStore store, string offer, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return long.TryParse(offer, NumberStyles.None, Invariant, out var id)
            ? await db.CouponTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct)
            : await db.CouponTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Name == offer, ct);
    }

    private static Command CreateCreate()
    {
        var name = new Argument<string>("name") { Description = "The offer's name, e.g. \"满300减50\"" };
        var kind = new Option<CouponKind>("--kind") { Description = "FixedAmount, Percentage, Threshold (满X减Y) or FreeShipping", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 currency", DefaultValueFactory = _ => "CNY" };
        var amountOff = new Option<decimal?>("--amount-off") { Description = "Amount off (fixed and threshold), in currency units" };
        var percentOff = new Option<decimal?>("--percent-off") { Description = "Percent off (percentage)" };
        var maxDiscount = new Option<decimal?>("--max-discount") { Description = "Cap on a percentage discount" };
        var minSpend = new Option<decimal?>("--min-spend") { Description = "Minimum spend on covered goods (the X of 满X减Y)" };
        var categories = new Option<string[]>("--category") { Description = "Only goods in this category (and its sub-categories); repeatable", AllowMultipleArgumentsPerToken = true };
        var excluded = new Option<string[]>("--exclude-category") { Description = "Never goods in this category; repeatable", AllowMultipleArgumentsPerToken = true };
        var days = new Option<int?>("--valid-days") { Description = "Each issued code is valid this many days from issue" };
        var validTo = new Option<DateTimeOffset?>("--valid-to") { Description = "Valid until (ISO 8601)" };
        var limit = new Option<int?>("--per-customer") { Description = "How often one customer may use the offer" };
        var budget = new Option<decimal?>("--budget") { Description = "The most the offer may give away in total (reserved + committed)" };
        var command = new Command("create", "Create a coupon offer") { name, kind, currency, amountOff, percentOff, maxDiscount, minSpend, categories, excluded, days, validTo, limit, budget };
        command.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            var cur = parse.GetValue(currency)!.ToUpperInvariant();
            if (!CurrencyUnits.IsKnown(cur))
            {
                Console.Error.WriteLine($"error: --currency: '{cur}' is not an ISO 4217 code Kith knows");
                return 1;
            }

            var problems = new List<string>();
            long? Minor(string option, decimal? value)
            {
                if (value is null)
                {
                    return null;
                }

                var minor = CurrencyUnits.ToMinor(value.Value, cur);
                if (minor is null)
                {
                    problems.Add($"{option}: {value} is negative or has more decimals than {cur} allows");
                }

                return minor;
            }

            var row = new CouponTemplateRow
            {
                Name = parse.GetValue(name)!, Kind = parse.GetValue(kind), Currency = cur, Purpose = CouponPurpose.Promotion,
                AmountOffMinor = Minor("--amount-off", parse.GetValue(amountOff)) ?? 0, PercentOff = parse.GetValue(percentOff) ?? 0,
                MaxDiscountMinor = Minor("--max-discount", parse.GetValue(maxDiscount)), MinSpendMinor = Minor("--min-spend", parse.GetValue(minSpend)) ?? 0,
                IncludeCategories = [.. parse.GetValue(categories) ?? []], ExcludeCategories = [.. parse.GetValue(excluded) ?? []],
                ValidFrom = DateTimeOffset.UtcNow, ValidTo = parse.GetValue(validTo)?.ToUniversalTime(), ValidDaysAfterIssue = parse.GetValue(days),
                PerCustomerLimit = parse.GetValue(limit), BudgetMinor = Minor("--budget", parse.GetValue(budget)), CreatedBy = "cli",
            };
            if (problems.Count == 0)
            {
                var (template, more) = await new CouponIssuer(store, TimeProvider.System).CreateTemplateAsync(row, ct);
                if (template is not null)
                {
                    AnsiConsole.MarkupLineInterpolated(Invariant, $"offer {template.Id} '{template.Name}' created");
                    return 0;
                }

                problems.AddRange(more);
            }

            foreach (var p in problems)
            {
                Console.Error.WriteLine($"error: {p}");
            }

            return 1;
        });
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "Offers with codes issued, used and budget spent");
        command.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            await using var db = store.CreateContext();
            var offers = await db.CouponTemplates.AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct);
            var used = await db.CouponRedemptions.Where(r => r.Status == CouponRedemptionRow.Committed)
                .GroupBy(r => r.TemplateId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
            var table = new Table().AddColumns("id", "name", "kind", "issued", "redeemed", "budget used", "status");
            foreach (var t in offers)
            {
                table.AddRow(t.Id.ToString(Invariant), Markup.Escape(t.Name), t.Kind.ToString(), t.IssuedCount.ToString("N0", Invariant),
                    used.GetValueOrDefault(t.Id).ToString("N0", Invariant),
                    t.BudgetMinor is { } b ? $"{CurrencyUnits.Format(t.BudgetUsedMinor, t.Currency)} / {CurrencyUnits.Format(b, t.Currency)}" : "—", t.Status);
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command CreateIssue()
    {
        var offer = new Argument<string>("offer") { Description = "Offer name or id" };
        var segment = new Option<string?>("--segment") { Description = "One single-use code per member of this saved segment (name or id)" };
        var count = new Option<int?>("--count") { Description = "This many anonymous single-use codes" };
        var prefix = new Option<string?>("--prefix") { Description = "Code prefix, e.g. D11-" };
        var command = new Command("issue", "Issue single-use codes of an offer in bulk: to a segment's members, or anonymous codes to export") { offer, segment, count, prefix };
        command.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            if (await FindAsync(store, parse.GetValue(offer)!, ct) is not { } template)
            {
                Console.Error.WriteLine($"error: no offer '{parse.GetValue(offer)}' (kith coupon list shows them)");
                return 1;
            }

            if ((parse.GetValue(segment) is null) == (parse.GetValue(count) is null))
            {
                Console.Error.WriteLine("error: give exactly one of --segment or --count");
                return 1;
            }

            var issuer = new CouponIssuer(store, TimeProvider.System);
            var pre = parse.GetValue(prefix)?.ToUpperInvariant();
            CouponIssue issued;
            if (parse.GetValue(segment) is { } segmentName)
            {
                if (await new SegmentCatalog(store).FindAsync(segmentName, ct) is not { } found)
                {
                    Console.Error.WriteLine($"error: no segment '{segmentName}' (kith segment list shows them)");
                    return 1;
                }

                issued = await WithProgressAsync(found.MemberCount, p => issuer.IssueToSegmentAsync(template.Id, found.Id, pre, p, ct));
            }
            else
            {
                var n = parse.GetValue(count)!.Value;
                if (n is < 1 or > CouponIssuer.MaxCodesPerIssue)
                {
                    Console.Error.WriteLine($"error: --count must be from 1 to {CouponIssuer.MaxCodesPerIssue:N0}");
                    return 1;
                }

                issued = await WithProgressAsync(n, p => issuer.GenerateAsync(template.Id, n, $"cli {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}", pre, p, ct));
            }

            AnsiConsole.MarkupLineInterpolated(Invariant, $"{issued.Codes:N0} codes of '{template.Name}' issued (batch '{issued.Batch}'); kith coupon export writes them");
            return 0;
        });
        return command;
    }

    private static Command CreateExport()
    {
        var offer = new Argument<string>("offer") { Description = "Offer name or id" };
        var batch = new Option<string?>("--batch") { Description = "Only codes of this batch (as printed by issue)" };
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write", Required = true };
        var command = new Command("export", "Write an offer's codes to CSV (code, customer_id, max_uses, uses, valid_from, valid_to, issued_at, batch)") { offer, batch, output };
        command.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse, ct);
            if (await FindAsync(store, parse.GetValue(offer)!, ct) is not { } template)
            {
                Console.Error.WriteLine($"error: no offer '{parse.GetValue(offer)}' (kith coupon list shows them)");
                return 1;
            }

            var file = parse.GetValue(output)!;
            int rows;
            await using (var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(true)))
            {
                rows = await WithProgressAsync((int)template.IssuedCount, p => CouponCodeExport.WriteCsvAsync(store, template.Id, parse.GetValue(batch), writer, p, ct));
            }

            AnsiConsole.MarkupLineInterpolated(Invariant, $"{rows:N0} codes of '{template.Name}' → {file.FullName}");
            return 0;
        });
        return command;
    }

    /// <summary>A progress bar when a person is watching; plain otherwise.</summary>
    private static async Task<T> WithProgressAsync<T>(int total, Func<IProgress<int>?, Task<T>> run)
    {
        if (Console.IsOutputRedirected || total <= 0)
        {
            return await run(null);
        }

        return await AnsiConsole.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask("codes", maxValue: total);
            return await run(new SynchronousProgress<int>(n => task.Value = n));
        });
    }
}
