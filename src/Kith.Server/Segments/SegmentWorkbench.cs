using System.Diagnostics;
using Kith.Core.Privacy;
using Kith.Core.Segments;
using Kith.Data.Segments;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Server.Segments;

/// <summary>A rule's live count on the in-memory profiles.</summary>
/// <param name="Rule">The rule in canonical form.</param>
/// <param name="Total">Customers considered (all but erased).</param>
/// <param name="Warning">Set when the rule can be counted but would be broken if saved (e.g. a tag nobody has).</param>
/// <param name="MissingTags">The rule's tags that no customer has (what the warning is about), for a localised message.</param>
public sealed record SegmentCount(string Rule, int Count, int Total, double ElapsedMs, DateOnly AsOf, string? Warning, IReadOnlyList<string> MissingTags);

/// <summary>A customer in a preview or member list; personal fields masked unless the caller may see them.</summary>
public sealed record SegmentCustomer(string ExternalId, string? Name, string? Email, string? Phone, string? Lifecycle, string? Tier, int? Orders, decimal? Spend);

/// <summary>One condition of a rule for one customer: whether it holds and the customer's value.</summary>
public sealed record ExplainLine(string Condition, bool Holds, string Value);

/// <summary>Why a customer is in or out of a segment (or would be, for an unsaved rule).</summary>
public sealed record SegmentExplanation(string ExternalId, string Rule, bool InSegment, IReadOnlyList<ExplainLine> Conditions, DateOnly AsOf);

/// <summary>
/// What the console's builder and the API do with rules: check, count, preview, explain and save — on the
/// in-memory profiles of <see cref="SegmentProfileCache"/>.
/// </summary>
public sealed class SegmentWorkbench(KithStore store, SegmentProfileCache cache, SegmentCatalog catalog, TimeProvider time)
{
    /// <summary>Counts the customers a rule catches; throws <see cref="RuleException"/> for a bad rule.</summary>
    public async Task<SegmentCount> CountAsync(string rule, CancellationToken ct)
    {
        var parsed = SegmentRule.Parse(rule);
        var profiles = await cache.GetAsync(ct);
        var clock = Stopwatch.StartNew();
        var count = SegmentEvaluator.Evaluate(parsed, profiles).Count();
        return new SegmentCount(parsed.Text, count, profiles.Count, clock.Elapsed.TotalMilliseconds, profiles.AsOf, SegmentMaterializer.ProblemOf(parsed, profiles), SegmentMaterializer.MissingTags(parsed, profiles));
    }

    /// <summary>The count and the first <paramref name="take"/> customers (by id) a rule catches.</summary>
    public async Task<(SegmentCount Count, List<SegmentCustomer> Customers)> PreviewAsync(string rule, int take, bool unmasked, CancellationToken ct)
    {
        var parsed = SegmentRule.Parse(rule);
        var profiles = await cache.GetAsync(ct);
        var clock = Stopwatch.StartNew();
        var members = SegmentEvaluator.Evaluate(parsed, profiles);
        var count = new SegmentCount(parsed.Text, members.Count(), profiles.Count, clock.Elapsed.TotalMilliseconds, profiles.AsOf, SegmentMaterializer.ProblemOf(parsed, profiles), SegmentMaterializer.MissingTags(parsed, profiles));
        var ids = members.Positions().Take(Math.Clamp(take, 0, 100)).Select(i => profiles.CustomerIds[i]).ToList();
        return (count, await CustomersAsync(ids, unmasked, ct));
    }

    public async Task<List<SegmentCustomer>> CustomersAsync(IReadOnlyCollection<long> ids, bool unmasked, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var rows = await (
            from c in db.Customers.AsNoTracking()
            where ids.Contains(c.Id)
            join v in db.CustomerValues on c.Id equals v.CustomerId into vs
            from v in vs.DefaultIfEmpty()
            orderby c.Id
            select new { c.ExternalId, c.Name, c.Email, c.Phone, Lifecycle = v == null ? null : v.Lifecycle, Tier = v == null ? null : v.Tier, Orders = v == null ? (int?)null : v.Frequency, Spend = v == null ? (decimal?)null : v.Monetary })
            .ToListAsync(ct);
        return [.. rows.Select(r => unmasked
            ? new SegmentCustomer(r.ExternalId, r.Name, r.Email, r.Phone, r.Lifecycle, r.Tier, r.Orders, r.Spend)
            : new SegmentCustomer(r.ExternalId, PiiMask.Name(r.Name), PiiMask.Email(r.Email), PiiMask.Phone(r.Phone), r.Lifecycle, r.Tier, r.Orders, r.Spend))];
    }

    /// <summary>Each condition of the rule for one customer; null when there is no such customer.</summary>
    public async Task<SegmentExplanation?> ExplainAsync(string rule, string externalId, CancellationToken ct)
    {
        var parsed = SegmentRule.Parse(rule);
        long? id;
        await using (var db = store.CreateContext())
        {
            id = await db.Customers.Where(c => c.ExternalId == externalId && c.ErasedAt == null).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        }

        var profiles = await cache.GetAsync(ct);
        var position = id is { } found ? profiles.PositionOf(found) : -1;
        if (position < 0)
        {
            return null;
        }

        var lines = parsed.Root.Leaves().Select(leaf =>
        {
            var (holds, value) = SegmentEvaluator.Explain(leaf, profiles, position);
            return new ExplainLine(leaf.ToString(), holds, value);
        }).ToList();
        return new SegmentExplanation(externalId, parsed.Text, SegmentEvaluator.Evaluate(parsed, profiles)[position], lines, profiles.AsOf);
    }

    /// <summary>Saves a dynamic segment and materialises it at once.</summary>
    public async Task<(Segment? Segment, SegmentError? Error)> SaveAsync(string name, string rule, string? description, string actor, CancellationToken ct)
    {
        var (segment, error) = await catalog.CreateAsync(name, rule, description, actor, time.GetUtcNow(), ct);
        if (segment is null)
        {
            return (null, error);
        }

        // A rule that is broken on today's data (a tag nobody has) is saved, marked broken with the reason.
        await SegmentMaterializer.MaterializeAsync(store, segment, await cache.GetAsync(ct), time.GetUtcNow(), ct);
        return (await catalog.FindAsync(segment.Id, ct) ?? segment, null);
    }
}
