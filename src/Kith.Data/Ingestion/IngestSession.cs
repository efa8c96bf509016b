using System.Data.Common;
using Kith.Core;
using Kith.Core.Catalog;
using Kith.Core.Customers;
using Kith.Core.Events;
using Kith.Core.Ingestion;
using Kith.Core.Orders;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Ingestion;

/// <summary>
/// One all-or-nothing ingestion: every batch written through a session lands in one transaction, which
/// <see cref="CommitAsync"/> commits. Disposing without committing (an error, Ctrl+C, a killed process)
/// leaves the store exactly as before. Batches validate every item, resolve references by external id,
/// merge with what the store holds, and write only what changed, so the same input twice writes nothing.
/// Not thread-safe: one batch at a time.
/// </summary>
public abstract class IngestSession : IAsyncDisposable
{
    private const int LookupChunk = 2000;
    private const int RememberedKeysCap = 2_000_000;
    private const int ProductIdCacheCap = 200_000;
    private readonly Dictionary<string, long> _productIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>?> _written = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private bool _committed;

    protected IngestSession(KithDbContext db, DbConnection connection, DbTransaction transaction, TimeProvider time, string defaultCurrency)
    {
        Db = db;
        Connection = connection;
        Transaction = transaction;
        _time = time;
        DefaultCurrency = defaultCurrency;
    }

    protected KithDbContext Db { get; }
    protected DbConnection Connection { get; }
    protected DbTransaction Transaction { get; }

    /// <summary>Currency for orders and products that do not name one.</summary>
    public string DefaultCurrency { get; }

    /// <summary>When false, batches are validated and references checked, but nothing is written (used after a strict import has failed, to report every bad row).</summary>
    public bool WriteEnabled { get; set; } = true;

    public IngestTotals Customers { get; } = new();
    public IngestTotals Products { get; } = new();
    public IngestTotals Orders { get; } = new();
    public IngestTotals Events { get; } = new();

    /// <summary>Starts a session on its own connection and transaction.</summary>
    public static async Task<IngestSession> BeginAsync(KithStore store, TimeProvider time, string defaultCurrency, CancellationToken ct)
    {
        var connection = await store.OpenConnectionAsync(ct);
        try
        {
            return store.Provider == StoreProvider.Sqlite
                ? await SqliteIngestSession.StartAsync(store, connection, time, defaultCurrency, ct)
                : await PostgresIngestSession.StartAsync(store, connection, time, defaultCurrency, ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<BatchResult> UpsertCustomersAsync(IReadOnlyList<IngestItem<CustomerInput>> items, CancellationToken ct)
    {
        var now = Now();
        var errors = new List<ItemError>();
        var byKey = new Dictionary<string, CustomerInput>(StringComparer.Ordinal);
        foreach (var (index, input) in items)
        {
            if (AddErrors(errors, index, input.Validate(now)))
            {
                continue;
            }

            var key = input.ExternalId!;
            byKey[key] = byKey.TryGetValue(key, out var earlier) ? CustomerMerge.Overlay(earlier, input) : input;
        }

        var result = await WriteCustomersAsync(byKey, errors, now, ct);
        Customers.Add(result);
        return result;
    }

    /// <summary>Makes sure a customer exists for each id (sources such as CDNOW know customers only by id).</summary>
    public async Task<BatchResult> EnsureCustomersAsync(IEnumerable<string> externalIds, CancellationToken ct)
    {
        var byKey = externalIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => new CustomerInput { ExternalId = id }, StringComparer.Ordinal);
        var result = await WriteCustomersAsync(byKey, [], Now(), ct);
        Customers.Add(result);
        return result;
    }

    private async Task<BatchResult> WriteCustomersAsync(Dictionary<string, CustomerInput> byKey, List<ItemError> errors, DateTimeOffset now, CancellationToken ct)
    {
        if (!WriteEnabled || byKey.Count == 0)
        {
            return new BatchResult(0, 0, 0, errors);
        }

        // Erased customers (tombstones) keep their rows, so the first-load shortcut in LoadExistingAsync never sees
        // an empty table while one exists and every key of a tombstone is looked up and merged by CustomerMerge.Apply,
        // which ignores the update. A key first inserted in this session cannot be erased before it commits.
        var existing = await LoadExistingAsync("customers", byKey.Keys, keys => Db.Customers.AsNoTracking().Where(c => EF.Parameter(keys).Contains(c.ExternalId)), c => c.ExternalId, ct);
        var inserts = new List<Customer>();
        var updates = new List<Customer>();
        foreach (var (key, input) in byKey)
        {
            if (existing.TryGetValue(key, out var stored))
            {
                var merged = CustomerMerge.Apply(stored, input, now);
                if (merged.Changed)
                {
                    updates.Add(merged.Customer);
                }
            }
            else
            {
                inserts.Add(input.ToCustomer(now));
            }
        }

        var ids = await AllocateIdsAsync("customers", inserts.Count, ct);
        for (var i = 0; i < inserts.Count; i++)
        {
            inserts[i].Id = ids[i];
        }

        await InsertCustomersAsync(inserts, ct);
        Remember("customers", inserts.Select(c => c.ExternalId));
        await UpdateCustomersAsync(updates, ct);
        return new BatchResult(inserts.Count, updates.Count, byKey.Count - inserts.Count - updates.Count, errors);
    }

    public async Task<BatchResult> UpsertProductsAsync(IReadOnlyList<IngestItem<ProductInput>> items, CancellationToken ct)
    {
        var now = Now();
        var errors = new List<ItemError>();
        var byKey = new Dictionary<string, ProductInput>(StringComparer.Ordinal);
        foreach (var (index, input) in items)
        {
            if (AddErrors(errors, index, input.Validate()))
            {
                continue;
            }

            var key = input.Sku!;
            byKey[key] = byKey.TryGetValue(key, out var earlier) ? ProductMerge.Overlay(earlier, input) : input;
        }

        if (!WriteEnabled || byKey.Count == 0)
        {
            return Count(Products, new BatchResult(0, 0, 0, errors));
        }

        var existing = await LoadExistingAsync("products", byKey.Keys, keys => Db.Products.AsNoTracking().Where(p => EF.Parameter(keys).Contains(p.Sku)), p => p.Sku, ct);
        var inserts = new List<Product>();
        var updates = new List<Product>();
        foreach (var (key, input) in byKey)
        {
            if (existing.TryGetValue(key, out var stored))
            {
                var merged = ProductMerge.Apply(stored, input, now);
                if (merged.Changed)
                {
                    updates.Add(merged.Product);
                }
            }
            else
            {
                inserts.Add(input.ToProduct(DefaultCurrency, now));
            }
        }

        var ids = await AllocateIdsAsync("products", inserts.Count, ct);
        for (var i = 0; i < inserts.Count; i++)
        {
            inserts[i].Id = ids[i];
        }

        await InsertProductsAsync(inserts, ct);
        foreach (var p in inserts)
        {
            CacheProductId(p.Sku, p.Id);
        }

        Remember("products", inserts.Select(p => p.Sku));
        await UpdateProductsAsync(updates, ct);
        return Count(Products, new BatchResult(inserts.Count, updates.Count, byKey.Count - inserts.Count - updates.Count, errors));
    }

    public async Task<BatchResult> UpsertOrdersAsync(IReadOnlyList<IngestItem<OrderInput>> items, CancellationToken ct)
    {
        var now = Now();
        var errors = new List<ItemError>();
        var valid = new List<IngestItem<OrderInput>>(items.Count);
        foreach (var item in items)
        {
            if (!AddErrors(errors, item.Index, item.Input.Validate(now)))
            {
                valid.Add(item);
            }
        }

        var customerIds = await LookupCustomerIdsAsync(valid.Select(v => v.Input.CustomerId!), ct);
        var productIds = await LookupProductIdsAsync(valid.SelectMany(v => v.Input.Lines ?? []).Select(l => l.Sku!), ct);
        var byKey = new Dictionary<string, Order>(StringComparer.Ordinal);
        foreach (var (index, input) in valid)
        {
            var bad = false;
            if (!customerIds.TryGetValue(input.CustomerId!, out var customerId))
            {
                errors.Add(new ItemError(index, "customerId", $"unknown customer '{input.CustomerId}'"));
                bad = true;
            }

            var order = input.ToOrder(customerId, DefaultCurrency);
            for (var i = 0; i < order.Lines.Count; i++)
            {
                if (productIds.TryGetValue(order.Lines[i].Sku, out var productId))
                {
                    order.Lines[i].ProductId = productId;
                }
                else
                {
                    errors.Add(new ItemError(index, $"lines[{i}].sku", $"unknown product '{order.Lines[i].Sku}'"));
                    bad = true;
                }
            }

            if (!bad)
            {
                byKey[order.ExternalId] = byKey.TryGetValue(order.ExternalId, out var earlier)
                    ? OrderMerge.Merge(earlier, order).Order
                    : order;
            }
        }

        if (!WriteEnabled || byKey.Count == 0)
        {
            return Count(Orders, new BatchResult(0, 0, 0, errors));
        }

        var existing = await LoadExistingAsync("orders", byKey.Keys, keys => Db.Orders.AsNoTracking().Where(o => EF.Parameter(keys).Contains(o.ExternalId)), o => o.ExternalId, ct);
        var inserts = new List<Order>();
        var updates = new List<Order>();
        var lineReplacements = new List<Order>();
        foreach (var (key, incoming) in byKey)
        {
            if (existing.TryGetValue(key, out var stored))
            {
                var merged = OrderMerge.Merge(stored, incoming);
                if (merged.Changed)
                {
                    updates.Add(merged.Order);
                }

                if (merged.IncomingWon && incoming.Lines.Count > 0)
                {
                    merged.Order.Lines = incoming.Lines;
                    lineReplacements.Add(merged.Order);
                }
            }
            else
            {
                inserts.Add(incoming);
            }
        }

        var ids = await AllocateIdsAsync("orders", inserts.Count, ct);
        for (var i = 0; i < inserts.Count; i++)
        {
            inserts[i].Id = ids[i];
        }

        await InsertOrdersAsync(inserts, ct);
        Remember("orders", inserts.Select(o => o.ExternalId));
        await UpdateOrdersAsync(updates, ct);
        await DeleteLinesAsync(lineReplacements.Select(o => o.Id).ToList(), ct);
        var lines = inserts.Concat(lineReplacements).SelectMany(o => o.Lines.Select(l =>
        {
            l.OrderId = o.Id;
            return l;
        })).ToList();
        await InsertLinesAsync(lines, ct);
        return Count(Orders, new BatchResult(inserts.Count, updates.Count, byKey.Count - inserts.Count - updates.Count, errors));
    }

    public async Task<BatchResult> InsertEventsAsync(IReadOnlyList<IngestItem<EventInput>> items, CancellationToken ct)
    {
        var now = Now();
        var errors = new List<ItemError>();
        var valid = new List<IngestItem<EventInput>>(items.Count);
        foreach (var item in items)
        {
            if (!AddErrors(errors, item.Index, item.Input.Validate(now)))
            {
                valid.Add(item);
            }
        }

        var customerIds = await LookupCustomerIdsAsync(valid.Select(v => v.Input.CustomerId!), ct);
        var productIds = await LookupProductIdsAsync(valid.Where(v => v.Input.Sku is not null).Select(v => v.Input.Sku!), ct);
        var orderIds = await LookupOrderIdsAsync(valid.Where(v => v.Input.OrderId is not null).Select(v => v.Input.OrderId!), ct);
        var byKey = new Dictionary<string, CustomerEvent>(StringComparer.Ordinal);
        var duplicatesInBatch = 0;
        foreach (var (index, input) in valid)
        {
            var bad = false;
            if (!customerIds.TryGetValue(input.CustomerId!, out var customerId))
            {
                errors.Add(new ItemError(index, "customerId", $"unknown customer '{input.CustomerId}'"));
                bad = true;
            }

            long? productId = null;
            if (input.Sku is not null)
            {
                if (productIds.TryGetValue(input.Sku, out var p))
                {
                    productId = p;
                }
                else
                {
                    errors.Add(new ItemError(index, "sku", $"unknown product '{input.Sku}'"));
                    bad = true;
                }
            }

            long? orderId = null;
            if (input.OrderId is not null)
            {
                if (orderIds.TryGetValue(input.OrderId, out var o))
                {
                    orderId = o;
                }
                else
                {
                    errors.Add(new ItemError(index, "orderId", $"unknown order '{input.OrderId}'"));
                    bad = true;
                }
            }

            if (bad)
            {
                continue;
            }

            if (!byKey.TryAdd(input.EventId!, new CustomerEvent
            {
                EventId = input.EventId!,
                Type = input.Type!,
                OccurredAt = Timestamps.Normalize(input.OccurredAt!.Value),
                CustomerId = customerId,
                ProductId = productId,
                OrderId = orderId,
                Properties = input.Properties?.ToJsonString(),
                ReceivedAt = now,
            }))
            {
                duplicatesInBatch++;
            }
        }

        if (!WriteEnabled || byKey.Count == 0)
        {
            return Count(Events, new BatchResult(0, 0, 0, errors));
        }

        var known = await LoadExistingAsync("events", byKey.Keys, keys => Db.Events.Where(e => EF.Parameter(keys).Contains(e.EventId)).Select(e => e.EventId), e => e, ct);
        var inserts = byKey.Values.Where(e => !known.ContainsKey(e.EventId)).ToList();
        await InsertEventsAsync(inserts, ct);
        Remember("events", inserts.Select(e => e.EventId));
        return Count(Events, new BatchResult(inserts.Count, 0, byKey.Count - inserts.Count + duplicatesInBatch, errors));
    }

    /// <summary>
    /// Puts orders in the loyalty inbox (<see cref="Loyalty.LoyaltyInboxRow"/>) in this session's transaction, so that
    /// the orders and their pending loyalty work are written together or not at all.
    /// </summary>
    public async Task QueueForLoyaltyAsync(IEnumerable<string> orderRefs, CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.Transaction = Transaction;
        cmd.CommandText = "INSERT INTO loyalty_order_inbox (order_ref, token, attempts) VALUES (@ref, @token, 0) " +
            "ON CONFLICT (order_ref) DO UPDATE SET token = excluded.token, attempts = 0";
        var orderRef = cmd.CreateParameter();
        orderRef.ParameterName = "ref";
        var token = cmd.CreateParameter();
        token.ParameterName = "token";
        cmd.Parameters.Add(orderRef);
        cmd.Parameters.Add(token);
        foreach (var id in orderRefs.Distinct(StringComparer.Ordinal))
        {
            orderRef.Value = id;
            token.Value = Guid.NewGuid().ToString("N");
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Makes everything written in this session visible at once.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        await Transaction.CommitAsync(ct);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try
            {
                await Transaction.RollbackAsync(CancellationToken.None);
            }
            catch (DbException)
            {
                // The connection is already broken; the server discards the transaction.
            }
            catch (InvalidOperationException)
            {
                // Already completed.
            }
        }

        await ReleaseStatementsAsync();
        await Transaction.DisposeAsync();
        await Db.DisposeAsync();
        await Connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual ValueTask ReleaseStatementsAsync() => ValueTask.CompletedTask;

    protected abstract Task<long[]> AllocateIdsAsync(string table, int count, CancellationToken ct);
    protected abstract Task InsertCustomersAsync(IReadOnlyList<Customer> rows, CancellationToken ct);
    protected abstract Task UpdateCustomersAsync(IReadOnlyList<Customer> rows, CancellationToken ct);
    protected abstract Task InsertProductsAsync(IReadOnlyList<Product> rows, CancellationToken ct);
    protected abstract Task UpdateProductsAsync(IReadOnlyList<Product> rows, CancellationToken ct);
    protected abstract Task InsertOrdersAsync(IReadOnlyList<Order> rows, CancellationToken ct);
    protected abstract Task UpdateOrdersAsync(IReadOnlyList<Order> rows, CancellationToken ct);
    protected abstract Task DeleteLinesAsync(IReadOnlyList<long> orderIds, CancellationToken ct);
    protected abstract Task InsertLinesAsync(IReadOnlyList<OrderLine> rows, CancellationToken ct);
    protected abstract Task InsertEventsAsync(IReadOnlyList<CustomerEvent> rows, CancellationToken ct);

    private DateTimeOffset Now() => Timestamps.Normalize(_time.GetUtcNow());

    private static BatchResult Count(IngestTotals totals, BatchResult result)
    {
        totals.Add(result);
        return result;
    }

    private static bool AddErrors(List<ItemError> errors, long index, IReadOnlyList<FieldError> found)
    {
        foreach (var e in found)
        {
            errors.Add(new ItemError(index, e.Field, e.Message));
        }

        return found.Count > 0;
    }

    private Task<Dictionary<string, long>> LookupCustomerIdsAsync(IEnumerable<string> keys, CancellationToken ct) =>
        LookupIdsAsync(keys, k => Db.Customers.Where(c => EF.Parameter(k).Contains(c.ExternalId)).Select(c => new KeyValuePair<string, long>(c.ExternalId, c.Id)), ct);

    // A catalogue is small next to the orders that name it, so product ids are kept for the whole session.
    private async Task<Dictionary<string, long>> LookupProductIdsAsync(IEnumerable<string> keys, CancellationToken ct)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var key in keys)
        {
            if (_productIds.TryGetValue(key, out var id))
            {
                result[key] = id;
            }
            else
            {
                missing.Add(key);
            }
        }

        foreach (var (key, id) in await LookupIdsAsync(missing, k => Db.Products.Where(p => EF.Parameter(k).Contains(p.Sku)).Select(p => new KeyValuePair<string, long>(p.Sku, p.Id)), ct))
        {
            result[key] = id;
            CacheProductId(key, id);
        }

        return result;
    }

    private void CacheProductId(string sku, long id)
    {
        if (_productIds.Count >= ProductIdCacheCap)
        {
            _productIds.Clear();
        }

        _productIds[sku] = id;
    }

    private Task<Dictionary<string, long>> LookupOrderIdsAsync(IEnumerable<string> keys, CancellationToken ct) =>
        LookupIdsAsync(keys, k => Db.Orders.Where(o => EF.Parameter(k).Contains(o.ExternalId)).Select(o => new KeyValuePair<string, long>(o.ExternalId, o.Id)), ct);

    private static async Task<Dictionary<string, long>> LookupIdsAsync(
        IEnumerable<string> keys, Func<List<string>, IQueryable<KeyValuePair<string, long>>> query, CancellationToken ct)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(LookupChunk))
        {
            var list = chunk.ToList();
            foreach (var pair in await query(list).ToListAsync(ct))
            {
                result[pair.Key] = pair.Value;
            }
        }

        return result;
    }

    /// <summary>
    /// Loads the stored rows for these keys. A table that was empty when this session first touched it
    /// holds only what this session wrote (SQLite holds the write lock; on PostgreSQL a concurrent insert of
    /// the same key fails this transaction on the unique index), so only keys written earlier in the session
    /// are looked up: a first load into an empty store skips the lookups. The remembered keys are capped to
    /// keep memory flat on huge files; past the cap every key is looked up again.
    /// </summary>
    private async Task<Dictionary<string, T>> LoadExistingAsync<T>(
        string table, IEnumerable<string> keys, Func<List<string>, IQueryable<T>> query, Func<T, string> keyOf, CancellationToken ct)
    {
        if (!_written.TryGetValue(table, out var written))
        {
            written = await TableIsEmptyAsync(table, ct) ? new HashSet<string>(StringComparer.Ordinal) : null;
            _written[table] = written;
        }

        return await LoadByKeyAsync(written is null ? keys : keys.Where(written.Contains), query, keyOf, ct);
    }

    private void Remember(string table, IEnumerable<string> keys)
    {
        if (_written.GetValueOrDefault(table) is not { } written)
        {
            return;
        }

        written.UnionWith(keys);
        if (written.Count > RememberedKeysCap)
        {
            _written[table] = null;
        }
    }

    private async Task<bool> TableIsEmptyAsync(string table, CancellationToken ct) => table switch
    {
        "customers" => !await Db.Customers.AnyAsync(ct),
        "products" => !await Db.Products.AnyAsync(ct),
        "orders" => !await Db.Orders.AnyAsync(ct),
        _ => !await Db.Events.AnyAsync(ct),
    };

    private static async Task<Dictionary<string, T>> LoadByKeyAsync<T>(
        IEnumerable<string> keys, Func<List<string>, IQueryable<T>> query, Func<T, string> keyOf, CancellationToken ct)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(LookupChunk))
        {
            foreach (var row in await query(chunk.ToList()).ToListAsync(ct))
            {
                result[keyOf(row)] = row;
            }
        }

        return result;
    }
}
