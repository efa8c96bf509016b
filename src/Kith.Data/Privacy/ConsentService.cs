using Kith.Core;
using Kith.Core.Privacy;
using Kith.Data.Audit;
using Kith.Data.Store;

namespace Kith.Data.Privacy;

/// <summary>
/// Per-channel consent and unsubscribe, from the API and the console. A change is written with its
/// <see cref="AuditActions.CustomerUpdated"/> line in one transaction; a request that changes nothing writes nothing.
/// </summary>
public sealed class ConsentService(KithStore store, AuditLog audit, TimeProvider time)
{
    public async Task<PrivacyResult<ConsentChange>> SetAsync(string externalId, ConsentUpdate update, string actor, CancellationToken ct)
    {
        if (update.IsEmpty)
        {
            return new(null, new PrivacyError(PrivacyErrorKind.Invalid, "consents", "give at least one of email, sms, push, weChat"));
        }

        await using var db = store.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var customer = await CustomerEraser.LockAsync(db, externalId, ct);
        if (customer is null)
        {
            return new(null, PrivacyError.NoCustomer(externalId));
        }

        // An erased customer has withdrawn everything and has no contact details left to send to; opting in would be a new relationship.
        if (customer.ErasedAt is not null && (update.Email == true || update.Sms == true || update.Push == true || update.WeChat == true))
        {
            return new(null, new PrivacyError(PrivacyErrorKind.Invalid, "consents", $"customer '{externalId}' was erased; consent cannot be given again"));
        }

        var changed = new List<string>();
        customer.ConsentEmail = Apply(customer.ConsentEmail, update.Email, "email", changed);
        customer.ConsentSms = Apply(customer.ConsentSms, update.Sms, "sms", changed);
        customer.ConsentPush = Apply(customer.ConsentPush, update.Push, "push", changed);
        customer.ConsentWeChat = Apply(customer.ConsentWeChat, update.WeChat, "weChat", changed);
        var consents = new CustomerConsents(customer.ConsentEmail, customer.ConsentSms, customer.ConsentPush, customer.ConsentWeChat);
        if (changed.Count > 0)
        {
            customer.UpdatedAt = Timestamps.Normalize(time.GetUtcNow());
            await db.SaveChangesAsync(ct);
            var detail = "consents: " + string.Join(", ", changed.Select(c => $"{c}={(Flag(c, consents) ? "on" : "off")}"));
            await audit.WriteAsync(db, actor, AuditActions.CustomerUpdated, $"customer:{externalId}", detail, ct);
            await tx.CommitAsync(ct);
        }

        return new(new ConsentChange(externalId, consents, changed), null);
    }

    private static bool Apply(bool stored, bool? wanted, string channel, List<string> changed)
    {
        if (wanted is { } w && w != stored)
        {
            changed.Add(channel);
            return w;
        }

        return stored;
    }

    private static bool Flag(string channel, CustomerConsents c) => channel switch
    {
        "email" => c.Email,
        "sms" => c.Sms,
        "push" => c.Push,
        _ => c.WeChat,
    };
}
