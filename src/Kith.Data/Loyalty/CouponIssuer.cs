using System.Globalization;
using System.Text;
using Kith.Core;
using Kith.Core.Loyalty.Coupons;
using Kith.Data.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Kith.Data.Loyalty;

/// <summary>What an issue wrote: the batch name and how many codes.</summary>
public sealed record CouponIssue(long TemplateId, string Batch, int Codes);

/// <summary>
/// Creates offers and issues their codes in bulk (docs/loyalty.md, "Issuing"): one single-use code per customer of a
/// list or segment, anonymous single-use codes to print or hand to a partner, or one shared code with a usage limit.
/// Codes are written through the provider's bulk path (prepared multi-row inserts on SQLite, binary COPY on PostgreSQL), in
/// code order, in one transaction: an issue is all or nothing.
/// </summary>
public sealed class CouponIssuer(KithStore store, TimeProvider time)
{
    public const int MaxCodesPerIssue = 10_000_000;

    /// <summary>Saves a new offer, or returns the problems with it, each naming its field.</summary>
    public async Task<(CouponTemplateRow? Template, IReadOnlyList<string> Problems)> CreateTemplateAsync(CouponTemplateRow draft, CancellationToken ct)
    {
        var problems = new List<string>(draft.Terms.Validate());
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            problems.Add("name: required.");
        }

        if (draft.ValidFrom is { } f && draft.ValidTo is { } t && t < f)
        {
            problems.Add("validTo: before validFrom.");
        }

        if (draft.ValidDaysAfterIssue is <= 0)
        {
            problems.Add("validDaysAfterIssue: must be at least 1.");
        }

        if (draft.PerCustomerLimit is <= 0)
        {
            problems.Add("perCustomerLimit: must be at least 1 (or absent for no limit).");
        }

        if (draft.BudgetMinor is < 0)
        {
            problems.Add("budget: must not be negative.");
        }

        if (draft.Purpose == CouponPurpose.MemberExclusive && draft.MinTierRank is null)
        {
            problems.Add("minTierRank: a member-exclusive offer needs the lowest tier allowed.");
        }

        await using var db = store.CreateContext();
        if (problems.Count == 0 && await db.CouponTemplates.AnyAsync(x => x.Name == draft.Name, ct))
        {
            problems.Add($"name: an offer called '{draft.Name}' exists.");
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        draft.Id = 0;
        draft.BudgetUsedMinor = 0;
        draft.IssuedCount = 0;
        draft.CreatedAt = time.GetUtcNow();
        db.CouponTemplates.Add(draft);
        await db.SaveChangesAsync(ct);
        return (draft, []);
    }

    /// <summary>One single-use code for each customer (internal ids); customers who already hold a code of this offer get another.</summary>
    public Task<CouponIssue> IssueToCustomersAsync(long templateId, IReadOnlyList<long> customerIds, string batch, string? prefix, IProgress<int>? progress, CancellationToken ct) =>
        WriteCodesAsync(templateId, customerIds.Count, i => customerIds[i], batch, prefix, 1, progress, ct);

    /// <summary>One single-use code for each member of a saved segment, as it is materialised now.</summary>
    public async Task<CouponIssue> IssueToSegmentAsync(long templateId, long segmentId, string? prefix, IProgress<int>? progress, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var members = await db.SegmentMembers.Where(m => m.SegmentId == segmentId).OrderBy(m => m.CustomerId).Select(m => m.CustomerId).ToListAsync(ct);
        var batch = $"segment:{segmentId} {time.GetUtcNow():yyyy-MM-dd HH:mm}";
        return await IssueToCustomersAsync(templateId, members, batch, prefix, progress, ct);
    }

    /// <summary>Anonymous single-use codes (anyone may use each once), e.g. to print or export.</summary>
    public Task<CouponIssue> GenerateAsync(long templateId, int count, string batch, string? prefix, IProgress<int>? progress, CancellationToken ct) =>
        WriteCodesAsync(templateId, count, _ => null, batch, prefix, 1, progress, ct);

    /// <summary>One code anyone may use, up to <paramref name="maxUses"/> times in total (e.g. "DOUBLE11").</summary>
    public async Task<CouponCodeRow> CreateSharedCodeAsync(long templateId, string code, int maxUses, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUses, 1);
        await using var db = store.CreateContext();
        var template = await db.CouponTemplates.SingleAsync(t => t.Id == templateId, ct);
        var now = time.GetUtcNow();
        var row = new CouponCodeRow
        {
            TemplateId = templateId, Code = CouponCodes.Normalize(code), MaxUses = maxUses, IssuedAt = now,
            ValidFrom = template.ValidFrom, ValidTo = template.ValidTo, Batch = "shared",
        };
        db.CouponCodes.Add(row);
        template.IssuedCount += 1;
        await db.SaveChangesAsync(ct);
        return row;
    }

    private async Task<CouponIssue> WriteCodesAsync(
        long templateId, int count, Func<int, long?> customerOf, string batch, string? prefix, int maxUses, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCodesPerIssue);
        CouponTemplateRow template;
        await using (var db = store.CreateContext())
        {
            template = await db.CouponTemplates.AsNoTracking().SingleAsync(t => t.Id == templateId, ct);
        }

        var now = time.GetUtcNow();
        var validTo = template.ValidDaysAfterIssue is { } days
            ? Min(template.ValidTo, now.AddDays(days))
            : template.ValidTo;

        // A fresh batch collides with an existing code with probability ~count × issued / 30¹²: retry once more.
        for (var attempt = 0; ; attempt++)
        {
            var codes = CouponCodes.Generate(count, prefix);
            var order = ByCode(codes, prefix?.Length ?? 0);
            try
            {
                await using var connection = await store.OpenConnectionAsync(ct);
                await using var tx = await connection.BeginTransactionAsync(ct);
                if (connection is NpgsqlConnection pg)
                {
                    await CopyAsync(pg, templateId, codes, order, customerOf, maxUses, template.ValidFrom, validTo, now, batch, progress, ct);
                }
                else
                {
                    Insert((SqliteConnection)connection, (SqliteTransaction)tx, templateId, codes, order, customerOf, maxUses, template.ValidFrom, validTo, now, batch, progress, ct);
                }

                await using (var bump = connection.CreateCommand())
                {
                    bump.Transaction = tx;
                    bump.CommandText = $"UPDATE coupon_templates SET issued_count = issued_count + {count} WHERE id = {templateId}";
                    await bump.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
                progress?.Report(count);
                return new CouponIssue(templateId, batch, count);
            }
            catch (Exception e) when (attempt < 2 && e is SqliteException { SqliteErrorCode: 19 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // constraint violation: a generated code already exists; the transaction rolled back, draw again
            }
        }
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private const string Columns = "template_id, code, customer_id, max_uses, uses, valid_from, valid_to, issued_at, batch";

    /// <summary>
    /// The order to write the rows in: by code (ordinal), so that the unique index on codes fills in key order instead of
    /// at random places (fewer pages touched and split). Which customer gets which code is unchanged: codes[i] goes to
    /// the i-th customer, as drawn.
    /// </summary>
    private static int[] ByCode(string[] codes, int prefixLength)
    {
        // Every code of a batch is the same prefix and Length symbols of an alphabet in ordinal order, so its symbols
        // read as a base-30 number sort like the string, and numbers sort much faster than strings.
        var keys = new long[codes.Length];
        var order = new int[codes.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            long key = 0;
            foreach (var symbol in codes[i].AsSpan(prefixLength))
            {
                key = key * CouponCodes.Alphabet.Length + SymbolValue[symbol];
            }

            keys[i] = key;
            order[i] = i;
        }

        Array.Sort(keys, order);
        return order;
    }

    private static readonly byte[] SymbolValue = CouponCodes.Alphabet.Aggregate(new byte[128], (table, c) =>
    {
        table[c] = (byte)CouponCodes.Alphabet.IndexOf(c, StringComparison.Ordinal);
        return table;
    });

    /// <summary>Rows per INSERT on SQLite: one statement step per 500 rows instead of per row (2 parameters a row, well under SQLite's limit).</summary>
    private const int RowsPerInsert = 500;

    private static void Insert(SqliteConnection connection, SqliteTransaction tx, long templateId, string[] codes, int[] order, Func<int, long?> customerOf, int maxUses,
        DateTimeOffset? validFrom, DateTimeOffset? validTo, DateTimeOffset now, string batch, IProgress<int>? progress, CancellationToken ct)
    {
        SqliteCommand? full = null;
        var reported = 0;
        try
        {
            for (var start = 0; start < codes.Length; start += RowsPerInsert)
            {
                var rows = Math.Min(RowsPerInsert, codes.Length - start);
                using var tail = rows < RowsPerInsert ? InsertCommand(connection, tx, rows, templateId, maxUses, validFrom, validTo, now, batch) : null;
                var cmd = tail ?? (full ??= InsertCommand(connection, tx, RowsPerInsert, templateId, maxUses, validFrom, validTo, now, batch));
                for (var r = 0; r < rows; r++)
                {
                    var i = order[start + r];
                    cmd.Parameters[2 * r].Value = codes[i];
                    cmd.Parameters[(2 * r) + 1].Value = customerOf(i) is { } c ? c : DBNull.Value;
                }

                cmd.ExecuteNonQuery();
                if (start + rows - reported >= 100_000)
                {
                    reported = start + rows;
                    progress?.Report(reported);
                    ct.ThrowIfCancellationRequested();
                }
            }
        }
        finally
        {
            full?.Dispose();
        }
    }

    /// <summary>A prepared INSERT of <paramref name="rows"/> rows: parameters 2r and 2r+1 are row r's code and customer; the rest is the same for all.</summary>
    private static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction tx, int rows, long templateId, int maxUses,
        DateTimeOffset? validFrom, DateTimeOffset? validTo, DateTimeOffset now, string batch)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        var sql = new StringBuilder($"INSERT INTO coupon_codes ({Columns}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(r == 0 ? "" : ",")}($t, $c{r}, $u{r}, $max, 0, $from, $to, $at, $batch)");
            cmd.Parameters.Add(new SqliteParameter($"$c{r}", SqliteType.Text));
            cmd.Parameters.Add(new SqliteParameter($"$u{r}", SqliteType.Integer));
        }

        cmd.CommandText = sql.ToString();
        cmd.Parameters.AddWithValue("$t", templateId);
        cmd.Parameters.AddWithValue("$max", maxUses);
        cmd.Parameters.AddWithValue("$from", validFrom is { } f ? Timestamps.ToUnixMicroseconds(f) : DBNull.Value);
        cmd.Parameters.AddWithValue("$to", validTo is { } t ? Timestamps.ToUnixMicroseconds(t) : DBNull.Value);
        cmd.Parameters.AddWithValue("$at", Timestamps.ToUnixMicroseconds(now));
        cmd.Parameters.AddWithValue("$batch", batch);
        cmd.Prepare();
        return cmd;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, long templateId, string[] codes, int[] order, Func<int, long?> customerOf, int maxUses,
        DateTimeOffset? validFrom, DateTimeOffset? validTo, DateTimeOffset now, string batch, IProgress<int>? progress, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY coupon_codes ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        for (var k = 0; k < codes.Length; k++)
        {
            var i = order[k];
            await writer.StartRowAsync(ct);
            writer.Write(templateId, NpgsqlDbType.Bigint);
            writer.Write(codes[i], NpgsqlDbType.Varchar);
            WriteNullable(writer, customerOf(i), NpgsqlDbType.Bigint);
            writer.Write(maxUses, NpgsqlDbType.Integer);
            writer.Write(0, NpgsqlDbType.Integer);
            WriteNullable(writer, validFrom, NpgsqlDbType.TimestampTz);
            WriteNullable(writer, validTo, NpgsqlDbType.TimestampTz);
            writer.Write(now, NpgsqlDbType.TimestampTz);
            writer.Write(batch, NpgsqlDbType.Varchar);
            if (k % 100_000 == 0)
            {
                progress?.Report(k);
            }
        }

        await writer.CompleteAsync(ct);
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            writer.Write(v, type);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
