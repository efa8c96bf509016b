using Kith.Core.Catalog;
using Kith.Core.Ingestion;
using Kith.Core.Orders;
using Kith.Data.Ingestion;
using Kith.Data.Store;
using Kith.Core.Access;
using Kith.Server.Access;
using Kith.Server.Hosting;
using Kith.Server.Loyalty;
using Kith.Server.Value;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Kith.Server.Ingestion;

/// <summary>
/// The ingestion API for store systems: customers, products, orders and events, one at a time or in
/// batches of up to 10,000. Writes are idempotent (upsert by external id / de-duplication by event id) and
/// a batch is all or nothing: one bad item and nothing is written, with a problem naming items[i].field.
/// </summary>
public static class IngestionApi
{
    public const int MaxBatch = 10_000;

    public static RouteGroupBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Ingestion");
        var write = api.MapGroup(string.Empty).RequireAuthorization(Permissions.Ingest);
        write.MapPut("/customers/{externalId}", PutCustomerAsync).WithName("PutCustomer").WithSummary("Create or update one customer");
        write.MapPost("/customers/batch", (BatchRequest<CustomerInput> body, IngestRunner run, CancellationToken ct) =>
            run.BatchAsync(body.Items, (s, items, c) => s.UpsertCustomersAsync(items, c), ct)).WithName("PutCustomers").WithSummary("Create or update up to 10,000 customers, all or nothing");
        write.MapPut("/products/{sku}", PutProductAsync).WithName("PutProduct").WithSummary("Create or update one product");
        write.MapPost("/products/batch", (BatchRequest<ProductInput> body, IngestRunner run, CancellationToken ct) =>
            run.BatchAsync(body.Items, (s, items, c) => s.UpsertProductsAsync(items, c), ct)).WithName("PutProducts").WithSummary("Create or update up to 10,000 products, all or nothing");
        write.MapPut("/orders/{externalId}", PutOrderAsync).WithName("PutOrder")
            .WithSummary("Create or update one order (an older update never overwrites a newer one)");
        write.MapPost("/orders/batch", (BatchRequest<OrderInput> body, IngestRunner run, CancellationToken ct) =>
            run.BatchAsync(body.Items, (s, items, c) => s.UpsertOrdersAsync(items, c), ct)).WithName("PutOrders").WithSummary("Create or update up to 10,000 orders, all or nothing");
        write.MapPost("/events", (EventInput body, IngestRunner run, CancellationToken ct) =>
            run.SingleAsync(body, (s, items, c) => s.InsertEventsAsync(items, c), ct)).WithName("PostEvent").WithSummary("Record one behaviour event (de-duplicated by eventId)");
        write.MapPost("/events/batch", (BatchRequest<EventInput> body, IngestRunner run, CancellationToken ct) =>
            run.BatchAsync(body.Items, (s, items, c) => s.InsertEventsAsync(items, c), ct)).WithName("PostEvents").WithSummary("Record up to 10,000 events, all or nothing");

        var read = api.MapGroup(string.Empty).RequireAuthorization(Permissions.CustomersView);
        // GET /customers/{externalId} is in Privacy/PrivacyApi: it masks personal data by permission.
        read.MapGet("/orders/{externalId}", GetOrderAsync).WithName("GetOrder").WithSummary("One order with its lines by external id");
        return api;
    }

    private static Task<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>> PutCustomerAsync(
        string externalId, CustomerInput body, IngestRunner run, CancellationToken ct)
    {
        body.ExternalId ??= externalId;
        return body.ExternalId != externalId
            ? Task.FromResult<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>>(Mismatch("externalId"))
            : run.SingleAsync(body, (s, items, c) => s.UpsertCustomersAsync(items, c), ct);
    }

    private static Task<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>> PutProductAsync(
        string sku, ProductInput body, IngestRunner run, CancellationToken ct)
    {
        body.Sku ??= sku;
        return body.Sku != sku
            ? Task.FromResult<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>>(Mismatch("sku"))
            : run.SingleAsync(body, (s, items, c) => s.UpsertProductsAsync(items, c), ct);
    }

    private static Task<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>> PutOrderAsync(
        string externalId, OrderInput body, IngestRunner run, CancellationToken ct)
    {
        body.ExternalId ??= externalId;
        return body.ExternalId != externalId
            ? Task.FromResult<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>>(Mismatch("externalId"))
            : run.SingleAsync(body, (s, items, c) => s.UpsertOrdersAsync(items, c), ct);
    }

    private static ValidationProblem Mismatch(string field) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["must match the id in the URL"] });

    private static async Task<Results<Ok<Order>, NotFound>> GetOrderAsync(string externalId, KithStore store, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines.OrderBy(l => l.LineNumber)).SingleOrDefaultAsync(o => o.ExternalId == externalId, ct);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(order);
    }
}

/// <summary>Runs one request's items through one all-or-nothing <see cref="IngestSession"/>.</summary>
public sealed class IngestRunner(KithStore store, TimeProvider time, KithServerSettings settings, ValueUpdateQueue values, LoyaltyOrderQueue loyalty)
{
    public delegate Task<BatchResult> Write<T>(IngestSession session, IReadOnlyList<IngestItem<T>> items, CancellationToken ct);

    public Task<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>> SingleAsync<T>(T item, Write<T> write, CancellationToken ct) =>
        RunAsync([new IngestItem<T>(0, item)], write, batch: false, ct);

    public async Task<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>> BatchAsync<T>(List<T>? items, Write<T> write, CancellationToken ct)
    {
        if (items is null || items.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["items"] = ["must hold at least one item"] });
        }

        if (items.Count > IngestionApi.MaxBatch)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["items"] = [$"holds {items.Count} items; a batch holds at most {IngestionApi.MaxBatch}"] },
                title: "Batch too large");
        }

        var indexed = new IngestItem<T>[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [$"items[{i}]"] = ["must be an object"] });
            }

            indexed[i] = new IngestItem<T>(i, items[i]);
        }

        return await RunAsync(indexed, write, batch: true, ct);
    }

    private async Task<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>> RunAsync<T>(
        IngestItem<T>[] items, Write<T> write, bool batch, CancellationToken ct)
    {
        await using var session = await IngestSession.BeginAsync(store, time, settings.Currency, ct);
        var result = await write(session, items, ct);
        if (result.Errors.Count > 0)
        {
            // Disposing without commit writes nothing.
            var errors = result.Errors
                .GroupBy(e => batch ? $"items[{e.Index}].{e.Field}" : e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
            return TypedResults.ValidationProblem(errors, detail: batch
                ? $"{result.Errors.Select(e => e.Index).Distinct().Count()} of {items.Length} items are invalid; nothing was written."
                : "The record is invalid; nothing was written.");
        }

        var orders = items as IngestItem<OrderInput>[];
        if (orders is not null)
        {
            // Points, coupon redemptions, referrals and tiers follow the order (idempotent per order); the inbox row is
            // written with the order, so a restart before processing loses nothing.
            await session.QueueForLoyaltyAsync(orders.Select(o => o.Input.ExternalId!), ct);
        }

        await session.CommitAsync(ct);
        if (orders is not null)
        {
            // Their customers' values change now, not at the next recompute.
            values.Enqueue(orders.Select(o => o.Input.CustomerId!));
            loyalty.Enqueue(orders.Select(o => o.Input.ExternalId!));
        }

        return TypedResults.Ok(new IngestResult(result.Inserted, result.Updated, result.Unchanged));
    }
}
