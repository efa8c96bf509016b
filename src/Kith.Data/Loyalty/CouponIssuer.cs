using System.Globalization;
using System.Text;
using Kith.Core;
using Kith.Core.Loyalty.Coupons;
using Kith.Data.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

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
            var codes = CouponCodes.GenerateNumbers(count);
            var order = ByCode(codes);
            try
            {
                await using var connection = await store.OpenConnectionAsync(ct);
                await using var tx = await connection.BeginTransactionAsync(ct);
                if (connection is NpgsqlConnection pg)
                {
                    await CopyAsync(pg, templateId, codes, prefix, order, customerOf, maxUses, template.ValidFrom, validTo, now, batch, progress, ct);
                }
                else
                {
                    Insert((SqliteConnection)connection, templateId, codes, prefix, order, customerOf, maxUses, template.ValidFrom, validTo, now, batch, progress, ct);
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
    /// The order to write the rows in: by code, so that the unique index on codes fills in key order instead of at
    /// random places (fewer pages touched and split). Which customer gets which code is unchanged: codes[i] goes to
    /// the i-th customer, as drawn. The numbers sort as their codes (<see cref="CouponCodes.GenerateNumbers"/>).
    /// </summary>
    private static int[] ByCode(long[] codes)
    {
        var keys = (long[])codes.Clone();
        var order = new int[codes.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        return order;
    }

    /// <summary>Rows per INSERT on SQLite: one statement step per 64 rows instead of per row.</summary>
    private const int RowsPerInsert = 64;

    /// <summary>
    /// The SQLite bulk path, on the connection's own handle (inside the transaction the caller began): one INSERT of
    /// <see cref="RowsPerInsert"/> rows prepared once, bound by parameter number and reset for the next rows. Not
    /// through SqliteCommand: it binds every parameter by name on every execution, and SQLite finds a name by scanning
    /// the statement's parameters — at 500 rows an INSERT, binding was half of a 1M-code issue (issue 8's profile).
    /// The values the rows share are bound once: a reset statement keeps its bindings.
    /// </summary>
    private static void Insert(SqliteConnection connection, long templateId, long[] codes, string? prefix, int[] order, Func<int, long?> customerOf, int maxUses,
        DateTimeOffset? validFrom, DateTimeOffset? validTo, DateTimeOffset now, string batch, IProgress<int>? progress, CancellationToken ct)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        sqlite3_stmt? full = null;
        var reported = 0;
        try
        {
            for (var start = 0; start < codes.Length; start += RowsPerInsert)
            {
                var rows = Math.Min(RowsPerInsert, codes.Length - start);
                var tail = rows < RowsPerInsert ? Prepare(db, rows, templateId, maxUses, validFrom, validTo, now, batch) : null;
                try
                {
                    var stmt = tail ?? (full ??= Prepare(db, RowsPerInsert, templateId, maxUses, validFrom, validTo, now, batch));
                    for (var r = 0; r < rows; r++)
                    {
                        var i = order[start + r];
                        Check(db, raw.sqlite3_bind_text(stmt, SharedParameters + (2 * r) + 1, CouponCodes.Format(codes[i], prefix)));
                        Check(db, customerOf(i) is { } c ? raw.sqlite3_bind_int64(stmt, SharedParameters + (2 * r) + 2, c) : raw.sqlite3_bind_null(stmt, SharedParameters + (2 * r) + 2));
                    }

                    var rc = raw.sqlite3_step(stmt);
                    raw.sqlite3_reset(stmt);
                    if (rc != raw.SQLITE_DONE)
                    {
                        SqliteException.ThrowExceptionForRC(rc, db);
                    }
                }
                finally
                {
                    tail?.Dispose();
                }

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

    /// <summary>?1..?6: template, max uses, valid from, valid to, issued at, batch; then ?(7+2r) code and ?(8+2r) customer of row r.</summary>
    private const int SharedParameters = 6;

    private static sqlite3_stmt Prepare(sqlite3 db, int rows, long templateId, int maxUses, DateTimeOffset? validFrom, DateTimeOffset? validTo, DateTimeOffset now, string batch)
    {
        var sql = new StringBuilder($"INSERT INTO coupon_codes ({Columns}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            var p = SharedParameters + (2 * r) + 1;
            sql.Append(CultureInfo.InvariantCulture, $"{(r == 0 ? "" : ",")}(?1, ?{p}, ?{p + 1}, ?2, 0, ?3, ?4, ?5, ?6)");
        }

        Check(db, raw.sqlite3_prepare_v2(db, sql.ToString(), out var stmt));
        Check(db, raw.sqlite3_bind_int64(stmt, 1, templateId));
        Check(db, raw.sqlite3_bind_int64(stmt, 2, maxUses));
        Check(db, validFrom is { } f ? raw.sqlite3_bind_int64(stmt, 3, Timestamps.ToUnixMicroseconds(f)) : raw.sqlite3_bind_null(stmt, 3));
        Check(db, validTo is { } t ? raw.sqlite3_bind_int64(stmt, 4, Timestamps.ToUnixMicroseconds(t)) : raw.sqlite3_bind_null(stmt, 4));
        Check(db, raw.sqlite3_bind_int64(stmt, 5, Timestamps.ToUnixMicroseconds(now)));
        Check(db, raw.sqlite3_bind_text(stmt, 6, batch));
        return stmt;
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, long templateId, long[] codes, string? prefix, int[] order, Func<int, long?> customerOf, int maxUses,
        DateTimeOffset? validFrom, DateTimeOffset? validTo, DateTimeOffset now, string batch, IProgress<int>? progress, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY coupon_codes ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        for (var k = 0; k < codes.Length; k++)
        {
            var i = order[k];
            await writer.StartRowAsync(ct);
            writer.Write(templateId, NpgsqlDbType.Bigint);
            writer.Write(CouponCodes.Format(codes[i], prefix), NpgsqlDbType.Varchar);
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
