using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Kith.Data.Store;

/// <summary>
/// Applies Kith's SQLite pragmas to every connection EF Core (or a bulk path) opens — once per physical connection:
/// the pragmas are settings of the SQLite handle, which Microsoft.Data.Sqlite keeps in its pool between opens, so
/// running them again on every open only cost a statement per request.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly SqlitePragmaInterceptor Instance = new();

    // Handles already set up; a handle closed by the pool is collected and drops out of the table.
    private readonly ConditionalWeakTable<sqlite3, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite)
        {
            ApplyOnceAsync(sqlite, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        connection is SqliteConnection sqlite ? ApplyOnceAsync(sqlite, cancellationToken) : Task.CompletedTask;

    public async Task ApplyOnceAsync(SqliteConnection connection, CancellationToken ct)
    {
        if (connection.Handle is not { } handle || _configured.TryGetValue(handle, out _))
        {
            return;
        }

        await KithStore.ApplyPragmasAsync(connection, ct);
        _configured.AddOrUpdate(handle, this);
    }
}
