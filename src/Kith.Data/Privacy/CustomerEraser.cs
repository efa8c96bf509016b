using System.Globalization;
using Kith.Core;
using Kith.Core.Customers;
using Kith.Data.Audit;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Privacy;

/// <summary>
/// Erases one customer's personal data on request (docs/privacy.md). In one transaction: the personal fields are
/// cleared, consents withdrawn, event properties scrubbed, tags deleted and a <see cref="AuditActions.CustomerErased"/>
/// line written. Orders, their lines and the events themselves are kept, linked to the now anonymous customer, so
/// that GMV, order counts and funnels still add up. The row stays as a tombstone: ingestion never writes personal
/// data into it again (<see cref="CustomerMerge.Apply"/>).
/// </summary>
public sealed class CustomerEraser(KithStore store, AuditLog audit, TimeProvider time)
{
    public async Task<PrivacyResult<ErasureReceipt>> EraseAsync(string externalId, string actor, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var customer = await LockAsync(db, externalId, ct);
        if (customer is null)
        {
            return new(null, PrivacyError.NoCustomer(externalId));
        }

        var ordersKept = await db.Orders.CountAsync(o => o.CustomerId == customer.Id, ct);
        if (customer.ErasedAt is { } erasedBefore)
        {
            // Idempotent: a repeated request (a retry, a second operator) changes nothing and is not an error.
            return new(new ErasureReceipt(ReceiptId(customer.Id, erasedBefore), externalId, erasedBefore, true, 0, 0, 0, ordersKept), null);
        }

        var now = Timestamps.Normalize(time.GetUtcNow());
        var fieldsCleared = Clear(customer);
        customer.ErasedAt = now;
        customer.UpdatedAt = now;
        await db.SaveChangesAsync(ct);

        // Events stay (counts, funnels, attribution) but their free properties may hold search terms, addresses, notes.
        var eventsScrubbed = await db.Events.Where(e => e.CustomerId == customer.Id && e.Properties != null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Properties, (string?)null), ct);
        var tagsRemoved = await db.CustomerTags.Where(t => t.CustomerId == customer.Id).ExecuteDeleteAsync(ct);

        var receipt = new ErasureReceipt(ReceiptId(customer.Id, now), externalId, now, false, fieldsCleared, eventsScrubbed, tagsRemoved, ordersKept);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"receipt={receipt.ReceiptId}; fields cleared={fieldsCleared}; events scrubbed={eventsScrubbed}; tags removed={tagsRemoved}; orders kept={ordersKept}");
        await audit.WriteAsync(db, actor, AuditActions.CustomerErased, $"customer:{externalId}", detail, ct);
        await tx.CommitAsync(ct);
        return new(receipt, null);
    }

    /// <summary>
    /// Reads the customer for change. Two requests on one customer at once (a retry, a consent change): on PostgreSQL the
    /// row lock makes the second wait and then see the first's result; on SQLite the transaction is IMMEDIATE, so
    /// writers are serialised from the start.
    /// </summary>
    internal static async Task<Customer?> LockAsync(KithDbContext db, string externalId, CancellationToken ct) =>
        db.Provider == StoreProvider.Postgres
            ? (await db.Customers.FromSql($"SELECT * FROM customers WHERE external_id = {externalId} FOR UPDATE").ToListAsync(ct)).SingleOrDefault()
            : await db.Customers.SingleOrDefaultAsync(c => c.ExternalId == externalId, ct);

    /// <summary>Clears every personal field; returns how many held something.</summary>
    private static int Clear(Customer c)
    {
        var held = new object?[] { c.Name, c.Phone, c.Email, c.WeChatId, c.AppUserId, c.Birthday, c.Region, c.City, c.TimeZone, c.Attributes }
            .Count(v => v is not null)
            + (c.Gender != Gender.Unknown ? 1 : 0)
            + new[] { c.ConsentEmail, c.ConsentSms, c.ConsentPush, c.ConsentWeChat }.Count(v => v);
        c.Name = null;
        c.Phone = null;
        c.Email = null;
        c.WeChatId = null;
        c.AppUserId = null;
        c.Birthday = null;
        c.Region = null;
        c.City = null;
        c.TimeZone = null;
        c.Attributes = null;
        c.Gender = Gender.Unknown;
        c.ConsentEmail = false;
        c.ConsentSms = false;
        c.ConsentPush = false;
        c.ConsentWeChat = false;
        return held;
    }

    private static string ReceiptId(long customerRowId, DateTimeOffset erasedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"ER-{erasedAt.UtcDateTime:yyyyMMddHHmmss}-{customerRowId}");
}
