using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kith.Data.Store;

/// <summary>Applies Kith's SQLite pragmas to every connection EF Core opens.</summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite)
        {
            KithStore.ApplyPragmasAsync(sqlite, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        connection is SqliteConnection sqlite ? KithStore.ApplyPragmasAsync(sqlite, cancellationToken) : Task.CompletedTask;
}
