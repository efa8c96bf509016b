using System.Data.Common;
using System.Text.Json;
using Kith.Core;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kith.Data.Loyalty;

/// <summary>
/// Plain ADO.NET commands on a context's open connection and transaction, for the checkout's hot statements: EF's
/// query pipeline (expression funcletizing, cache lookup, shaping) cost several times the SQL itself per statement
/// (issue 8's profile). The SQL is written for both stores: named parameters, <c>RETURNING</c>, <c>ON CONFLICT</c>.
/// Timestamps are Unix microseconds on SQLite and <c>timestamptz</c> on PostgreSQL, as the model maps them.
/// </summary>
internal static class LoyaltySql
{
    public static DbCommand Command(KithDbContext db, string sql)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return cmd;
    }

    public static DbCommand With(this DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return cmd;
    }

    /// <summary>A timestamp as a parameter value: SQLite columns hold Unix microseconds.</summary>
    public static object Time(KithDbContext db, DateTimeOffset value) =>
        db.Provider == StoreProvider.Sqlite ? Timestamps.ToUnixMicroseconds(value) : value;

    public static async Task<int> ExecuteAsync(KithDbContext db, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(db, sql);
        foreach (var (name, value) in parameters)
        {
            cmd.With(name, value);
        }

        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public static DateTimeOffset ReadTime(DbDataReader reader, int i, StoreProvider provider) =>
        provider == StoreProvider.Sqlite ? Timestamps.FromUnixMicroseconds(reader.GetInt64(i)) : reader.GetFieldValue<DateTimeOffset>(i);

    public static DateTimeOffset? ReadNullableTime(DbDataReader reader, int i, StoreProvider provider) =>
        reader.IsDBNull(i) ? null : ReadTime(reader, i, provider);

    public static long? ReadNullableLong(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    public static int? ReadNullableInt(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);

    /// <summary>A list of strings: a JSON array on SQLite (EF's primitive collection), <c>text[]</c> on PostgreSQL.</summary>
    public static List<string> ReadList(DbDataReader reader, int i, StoreProvider provider)
    {
        if (provider != StoreProvider.Sqlite)
        {
            return [.. reader.GetFieldValue<string[]>(i)];
        }

        var json = reader.GetString(i);
        return json == "[]" ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }
}
