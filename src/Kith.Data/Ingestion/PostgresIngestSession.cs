using System.Data.Common;
using Kith.Core.Catalog;
using Kith.Core.Customers;
using Kith.Core.Events;
using Kith.Core.Orders;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Kith.Data.Ingestion;

/// <summary>
/// PostgreSQL fast path: new rows go in by binary COPY straight into their tables (ids drawn from the
/// tables' identity sequences first, so that lines can point at their orders); the few updated rows go
/// in one batched round trip. A concurrent writer creating the same new row makes this transaction fail
/// on the unique index, never write twice; the caller may retry.
/// </summary>
internal sealed class PostgresIngestSession : IngestSession
{
    private PostgresIngestSession(KithDbContext db, NpgsqlConnection connection, NpgsqlTransaction transaction, TimeProvider time, string currency)
        : base(db, connection, transaction, time, currency)
    {
    }

    private new NpgsqlConnection Connection => (NpgsqlConnection)base.Connection;
    private new NpgsqlTransaction Transaction => (NpgsqlTransaction)base.Transaction;

    public static async Task<IngestSession> StartAsync(KithStore store, DbConnection connection, TimeProvider time, string currency, CancellationToken ct)
    {
        var pg = (NpgsqlConnection)connection;
        var transaction = await pg.BeginTransactionAsync(ct);
        var db = store.CreateContext(connection);
        await db.Database.UseTransactionAsync(transaction, ct);
        return new PostgresIngestSession(db, pg, transaction, time, currency);
    }

    protected override async Task<long[]> AllocateIdsAsync(string table, int count, CancellationToken ct)
    {
        if (count == 0)
        {
            return [];
        }

        await using var cmd = new NpgsqlCommand(
            $"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)", Connection, Transaction);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        var ids = new long[count];
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var i = 0;
        while (await reader.ReadAsync(ct))
        {
            ids[i++] = reader.GetInt64(0);
        }

        return ids;
    }

    private const string CustomerColumns =
        "external_id, name, phone, email, we_chat_id, app_user_id, gender, birthday, country, region, city, time_zone, " +
        "registered_at, source_channel, consent_email, consent_sms, consent_push, consent_we_chat, attributes, created_at, updated_at";

    private static readonly NpgsqlDbType[] CustomerTypes =
    [
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.Text, NpgsqlDbType.Date, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Boolean, NpgsqlDbType.Boolean, NpgsqlDbType.Boolean,
        NpgsqlDbType.Boolean, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz,
    ];

    private static object?[] CustomerValues(Customer c) =>
    [
        c.ExternalId, c.Name, c.Phone, c.Email, c.WeChatId, c.AppUserId, c.Gender.ToString(), c.Birthday, c.Country, c.Region,
        c.City, c.TimeZone, c.RegisteredAt, c.SourceChannel, c.ConsentEmail, c.ConsentSms, c.ConsentPush, c.ConsentWeChat,
        c.Attributes, c.CreatedAt, c.UpdatedAt,
    ];

    protected override Task InsertCustomersAsync(IReadOnlyList<Customer> rows, CancellationToken ct) =>
        CopyAsync("customers", "id, " + CustomerColumns, [NpgsqlDbType.Bigint, .. CustomerTypes], rows, c => [c.Id, .. CustomerValues(c)], ct);

    // An erasure committed after this session read the row must win: under READ COMMITTED the guard is checked
    // again on the newest row version, so the update skips a customer erased meanwhile (CustomerMerge.Apply).
    protected override Task UpdateCustomersAsync(IReadOnlyList<Customer> rows, CancellationToken ct) =>
        UpdateAsync("customers", CustomerColumns, CustomerTypes, rows, c => c.Id, CustomerValues, guard: "erased_at IS NULL", ct);

    private const string ProductColumns = "sku, name, category_path, brand, style, price, currency, in_stock, attributes, created_at, updated_at";

    private static readonly NpgsqlDbType[] ProductTypes =
    [
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Numeric,
        NpgsqlDbType.Text, NpgsqlDbType.Boolean, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz,
    ];

    private static object?[] ProductValues(Product p) =>
        [p.Sku, p.Name, p.CategoryPath, p.Brand, p.Style, p.Price, p.Currency, p.InStock, p.Attributes, p.CreatedAt, p.UpdatedAt];

    protected override Task InsertProductsAsync(IReadOnlyList<Product> rows, CancellationToken ct) =>
        CopyAsync("products", "id, " + ProductColumns, [NpgsqlDbType.Bigint, .. ProductTypes], rows, p => [p.Id, .. ProductValues(p)], ct);

    protected override Task UpdateProductsAsync(IReadOnlyList<Product> rows, CancellationToken ct) =>
        UpdateAsync("products", ProductColumns, ProductTypes, rows, p => p.Id, ProductValues, guard: null, ct);

    private const string OrderColumns =
        "external_id, customer_id, status, currency, total, discount, shipping_fee, refunded_amount, item_count, coupon_code, channel, " +
        "placed_at, paid_at, shipped_at, delivered_at, completed_at, cancelled_at, refunded_at, version";

    private static readonly NpgsqlDbType[] OrderTypes =
    [
        NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric,
        NpgsqlDbType.Numeric, NpgsqlDbType.Numeric, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz,
        NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz,
    ];

    private static object?[] OrderValues(Order o) =>
    [
        o.ExternalId, o.CustomerId, o.Status.ToString(), o.Currency, o.Total, o.Discount, o.ShippingFee, o.RefundedAmount,
        o.ItemCount, o.CouponCode, o.Channel, o.PlacedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CompletedAt, o.CancelledAt,
        o.RefundedAt, o.Version,
    ];

    protected override Task InsertOrdersAsync(IReadOnlyList<Order> rows, CancellationToken ct) =>
        CopyAsync("orders", "id, " + OrderColumns, [NpgsqlDbType.Bigint, .. OrderTypes], rows, o => [o.Id, .. OrderValues(o)], ct);

    // The version guard keeps a newer state written by a concurrent request.
    protected override Task UpdateOrdersAsync(IReadOnlyList<Order> rows, CancellationToken ct) =>
        UpdateAsync("orders", OrderColumns, OrderTypes, rows, o => o.Id, OrderValues, guard: "version <= $19", ct);

    protected override async Task DeleteLinesAsync(IReadOnlyList<long> orderIds, CancellationToken ct)
    {
        if (orderIds.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand("DELETE FROM order_lines WHERE order_id = ANY($1)", Connection, Transaction);
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. orderIds] });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    protected override Task InsertLinesAsync(IReadOnlyList<OrderLine> rows, CancellationToken ct) =>
        CopyAsync(
            "order_lines",
            "order_id, line_number, product_id, sku, quantity, unit_price, discount",
            [NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric],
            rows,
            l => [l.OrderId, l.LineNumber, l.ProductId, l.Sku, l.Quantity, l.UnitPrice, l.Discount],
            ct);

    protected override Task InsertEventsAsync(IReadOnlyList<CustomerEvent> rows, CancellationToken ct) =>
        CopyAsync(
            "events",
            "event_id, type, occurred_at, customer_id, product_id, order_id, properties, received_at",
            [NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz],
            rows,
            e => [e.EventId, e.Type, e.OccurredAt, e.CustomerId, e.ProductId, e.OrderId, e.Properties, e.ReceivedAt],
            ct);

    private async Task CopyAsync<T>(string table, string columns, NpgsqlDbType[] types, IReadOnlyList<T> rows, Func<T, object?[]> values, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var writer = await Connection.BeginBinaryImportAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            var v = values(row);
            // Synchronous writes: the importer buffers, and an async state machine per value costs more than it saves.
            writer.StartRow();
            for (var i = 0; i < v.Length; i++)
            {
                if (v[i] is null)
                {
                    writer.WriteNull();
                }
                else
                {
                    writer.Write(v[i], types[i]);
                }
            }
        }

        await writer.CompleteAsync(ct);
    }

    private async Task UpdateAsync<T>(
        string table, string columns, NpgsqlDbType[] types, IReadOnlyList<T> rows, Func<T, long> idOf, Func<T, object?[]> values, string? guard, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var names = columns.Split(", ");
        var set = string.Join(", ", names.Select((n, i) => $"{n} = ${i + 1}"));
        var where = $"id = ${names.Length + 1}" + (guard is null ? string.Empty : " AND " + guard.Replace("$19", $"${names.Length}", StringComparison.Ordinal));
        var sql = $"UPDATE {table} SET {set} WHERE {where}";
        foreach (var chunk in rows.Chunk(500))
        {
            await using var batch = new NpgsqlBatch(Connection, Transaction);
            foreach (var row in chunk)
            {
                var cmd = new NpgsqlBatchCommand(sql);
                var v = values(row);
                for (var i = 0; i < v.Length; i++)
                {
                    cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = types[i], Value = v[i] ?? DBNull.Value });
                }

                cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = idOf(row) });
                batch.BatchCommands.Add(cmd);
            }

            await batch.ExecuteNonQueryAsync(ct);
        }
    }
}
