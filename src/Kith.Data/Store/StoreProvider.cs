namespace Kith.Data.Store;

public enum StoreProvider
{
    Sqlite,
    Postgres,
}
