using System.Data.Common;
using Kith.Core;
using Kith.Core.Catalog;
using Kith.Core.Customers;
using Kith.Core.Events;
using Kith.Core.Orders;
using Kith.Data.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Ingestion;

/// <summary>
/// SQLite fast path: prepared statements reused for every row inside one IMMEDIATE transaction (the
/// write lock is taken up front, so ids can be handed out from MAX(id) without a race).
/// </summary>
internal sealed class SqliteIngestSession : IngestSession
{
    private readonly Dictionary<string, long> _nextId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private SqliteIngestSession(KithDbContext db, SqliteConnection connection, SqliteTransaction transaction, TimeProvider time, string currency)
        : base(db, connection, transaction, time, currency)
    {
    }

    private new SqliteConnection Connection => (SqliteConnection)base.Connection;
    private new SqliteTransaction Transaction => (SqliteTransaction)base.Transaction;

    public static async Task<IngestSession> StartAsync(KithStore store, DbConnection connection, TimeProvider time, string currency, CancellationToken ct)
    {
        var sqlite = (SqliteConnection)connection;
        var transaction = sqlite.BeginTransaction(deferred: false);
        var db = store.CreateContext(connection);
        await db.Database.UseTransactionAsync(transaction, ct);
        return new SqliteIngestSession(db, sqlite, transaction, time, currency);
    }

    protected override async Task<long[]> AllocateIdsAsync(string table, int count, CancellationToken ct)
    {
        if (count == 0)
        {
            return [];
        }

        if (!_nextId.TryGetValue(table, out var next))
        {
            await using var cmd = Connection.CreateCommand();
            cmd.Transaction = Transaction;
            cmd.CommandText = $"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}";
            next = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = next++;
        }

        _nextId[table] = next;
        return ids;
    }

    private const string CustomerColumns =
        "external_id, name, phone, email, we_chat_id, app_user_id, gender, birthday, country, region, city, time_zone, " +
        "registered_at, source_channel, consent_email, consent_sms, consent_push, consent_we_chat, attributes, created_at, updated_at";

    protected override Task InsertCustomersAsync(IReadOnlyList<Customer> rows, CancellationToken ct) =>
        RunAsync("customers.insert", $"INSERT INTO customers (id, {CustomerColumns}) VALUES ({Params(22)})", rows, c => [c.Id, .. CustomerValues(c)], ct);

    // The erased_at guard keeps the tombstone even if a row was erased after this session read it (CustomerMerge.Apply).
    protected override Task UpdateCustomersAsync(IReadOnlyList<Customer> rows, CancellationToken ct) =>
        RunAsync("customers.update", $"UPDATE customers SET ({CustomerColumns}) = ({Params(21)}) WHERE id = $p21 AND erased_at IS NULL", rows, c => [.. CustomerValues(c), c.Id], ct);

    private static object?[] CustomerValues(Customer c) =>
    [
        c.ExternalId, c.Name, c.Phone, c.Email, c.WeChatId, c.AppUserId, c.Gender.ToString(), c.Birthday, c.Country, c.Region,
        c.City, c.TimeZone, Micros(c.RegisteredAt), c.SourceChannel, c.ConsentEmail, c.ConsentSms, c.ConsentPush,
        c.ConsentWeChat, c.Attributes, Micros(c.CreatedAt), Micros(c.UpdatedAt),
    ];

    private const string ProductColumns = "sku, name, category_path, brand, style, price, currency, in_stock, attributes, created_at, updated_at";

    protected override Task InsertProductsAsync(IReadOnlyList<Product> rows, CancellationToken ct) =>
        RunAsync("products.insert", $"INSERT INTO products (id, {ProductColumns}) VALUES ({Params(12)})", rows, p => [p.Id, .. ProductValues(p)], ct);

    protected override Task UpdateProductsAsync(IReadOnlyList<Product> rows, CancellationToken ct) =>
        RunAsync("products.update", $"UPDATE products SET ({ProductColumns}) = ({Params(11)}) WHERE id = $p11", rows, p => [.. ProductValues(p), p.Id], ct);

    private static object?[] ProductValues(Product p) =>
        [p.Sku, p.Name, p.CategoryPath, p.Brand, p.Style, p.Price, p.Currency, p.InStock, p.Attributes, Micros(p.CreatedAt), Micros(p.UpdatedAt)];

    private const string OrderColumns =
        "external_id, customer_id, status, currency, total, discount, shipping_fee, refunded_amount, item_count, coupon_code, channel, " +
        "placed_at, paid_at, shipped_at, delivered_at, completed_at, cancelled_at, refunded_at, version";

    protected override Task InsertOrdersAsync(IReadOnlyList<Order> rows, CancellationToken ct) =>
        RunAsync("orders.insert", $"INSERT INTO orders (id, {OrderColumns}) VALUES ({Params(20)})", rows, o => [o.Id, .. OrderValues(o)], ct);

    protected override Task UpdateOrdersAsync(IReadOnlyList<Order> rows, CancellationToken ct) =>
        RunAsync("orders.update", $"UPDATE orders SET ({OrderColumns}) = ({Params(19)}) WHERE id = $p19", rows, o => [.. OrderValues(o), o.Id], ct);

    private static object?[] OrderValues(Order o) =>
    [
        o.ExternalId, o.CustomerId, o.Status.ToString(), o.Currency, o.Total, o.Discount, o.ShippingFee, o.RefundedAmount,
        o.ItemCount, o.CouponCode, o.Channel, Micros(o.PlacedAt), Micros(o.PaidAt), Micros(o.ShippedAt), Micros(o.DeliveredAt),
        Micros(o.CompletedAt), Micros(o.CancelledAt), Micros(o.RefundedAt), Micros(o.Version),
    ];

    protected override Task DeleteLinesAsync(IReadOnlyList<long> orderIds, CancellationToken ct) =>
        RunAsync("lines.delete", "DELETE FROM order_lines WHERE order_id = $p0", orderIds, id => [id], ct);

    protected override Task InsertLinesAsync(IReadOnlyList<OrderLine> rows, CancellationToken ct) =>
        RunAsync(
            "lines.insert",
            $"INSERT INTO order_lines (order_id, line_number, product_id, sku, quantity, unit_price, discount) VALUES ({Params(7)})",
            rows,
            l => [l.OrderId, l.LineNumber, l.ProductId, l.Sku, l.Quantity, l.UnitPrice, l.Discount],
            ct);

    protected override Task InsertEventsAsync(IReadOnlyList<CustomerEvent> rows, CancellationToken ct) =>
        RunAsync(
            "events.insert",
            $"INSERT INTO events (event_id, type, occurred_at, customer_id, product_id, order_id, properties, received_at) VALUES ({Params(8)})",
            rows,
            e => [e.EventId, e.Type, Micros(e.OccurredAt), e.CustomerId, e.ProductId, e.OrderId, e.Properties, Micros(e.ReceivedAt)],
            ct);

    protected override async ValueTask ReleaseStatementsAsync()
    {
        foreach (var cmd in _commands.Values)
        {
            await cmd.DisposeAsync();
        }
    }

    private Task RunAsync<T>(string name, string sql, IReadOnlyList<T> rows, Func<T, object?[]> values, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (!_commands.TryGetValue(name, out var cmd))
        {
            cmd = Connection.CreateCommand();
            cmd.Transaction = Transaction;
            cmd.CommandText = sql;
            var count = values(rows[0]).Length;
            for (var i = 0; i < count; i++)
            {
                cmd.Parameters.Add(new SqliteParameter($"$p{i}", null));
            }

            cmd.Prepare();
            _commands[name] = cmd;
        }

        foreach (var row in rows)
        {
            var v = values(row);
            for (var i = 0; i < v.Length; i++)
            {
                cmd.Parameters[i].Value = v[i] ?? DBNull.Value;
            }

            // Microsoft.Data.Sqlite runs synchronously anyway; the async wrapper only adds overhead per row.
            cmd.ExecuteNonQuery();
        }

        ct.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    private static string Params(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"$p{i}"));

    private static long? Micros(DateTimeOffset? value) => value is { } v ? Timestamps.ToUnixMicroseconds(v) : null;
}
