using System.Globalization;
using Kith.Core.Privacy;
using Kith.Core.Segments;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Segments;

/// <summary>An expected failure of a segment request, keyed by the field the caller sent (for problem details).</summary>
public sealed record SegmentError(string Field, string Message, IReadOnlyList<RuleProblem> Problems)
{
    public bool NotFound { get; init; }
}

/// <summary>A customer of a segment, for the members list and exports.</summary>
public sealed record SegmentMemberRow(long CustomerId, string ExternalId, string? Name, string? Email, string? Phone, DateTimeOffset Since);

/// <summary>One entry or exit, for the segment's history.</summary>
public sealed record SegmentChangeRow(DateTimeOffset At, bool Entered, string ExternalId, string? Name);

/// <summary>Saved segments: create (dynamic or static), find, list, delete, and read members and history.</summary>
public sealed class SegmentCatalog(KithStore store)
{
    /// <summary>Checks a name and a rule and stores a dynamic segment (not yet materialised).</summary>
    public async Task<(Segment? Segment, SegmentError? Error)> CreateAsync(string name, string rule, string? description, string actor, DateTimeOffset now, CancellationToken ct)
    {
        if (CheckName(name) is { } nameError)
        {
            return (null, nameError);
        }

        SegmentRule parsed;
        try
        {
            parsed = SegmentRule.Parse(rule ?? "");
        }
        catch (RuleException e)
        {
            return (null, new SegmentError("rule", e.Message, e.Problems));
        }

        return await InsertAsync(new Segment { Name = name.Trim(), Kind = Segment.Dynamic, Rule = parsed.Text, Description = description, CreatedBy = actor, CreatedAt = now, UpdatedAt = now }, ct);
    }

    /// <summary>Stores a static segment of the given external ids; ids that name no customer are returned, not stored.</summary>
    public async Task<(Segment? Segment, IReadOnlyList<string> Unknown, SegmentError? Error)> CreateStaticAsync(
        string name, IReadOnlyCollection<string> externalIds, string? description, string actor, DateTimeOffset now, CancellationToken ct)
    {
        if (CheckName(name) is { } nameError)
        {
            return (null, [], nameError);
        }

        var wanted = externalIds.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var db = store.CreateContext())
        {
            foreach (var chunk in wanted.Chunk(500))
            {
                foreach (var c in await db.Customers.AsNoTracking().Where(c => chunk.Contains(c.ExternalId) && c.ErasedAt == null).Select(c => new { c.ExternalId, c.Id }).ToListAsync(ct))
                {
                    found[c.ExternalId] = c.Id;
                }
            }
        }

        var (segment, error) = await InsertAsync(new Segment { Name = name.Trim(), Kind = Segment.Static, Description = description, CreatedBy = actor, CreatedAt = now, UpdatedAt = now }, ct);
        if (segment is null)
        {
            return (null, [], error);
        }

        var result = await SegmentMaterializer.ReplaceMembersAsync(store, segment, [.. found.Values.Order()], now, ct);
        segment.MemberCount = result.Members;
        segment.MaterializedAt = now;
        return (segment, [.. wanted.Where(e => !found.ContainsKey(e))], null);
    }

    public async Task<List<Segment>> ListAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.Segments.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
    }

    public async Task<Segment?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
    }

    /// <summary>By id (all digits) or by name.</summary>
    public async Task<Segment?> FindAsync(string idOrName, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        if (long.TryParse(idOrName, out var id) && await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } byId)
        {
            return byId;
        }

        return await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Name == idOrName, ct);
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await db.Segments.Where(s => s.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Members in customer id order, after <paramref name="afterCustomerId"/> (keyset paging).</summary>
    public async Task<List<SegmentMemberRow>> MembersAsync(long segmentId, long afterCustomerId, int take, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await (
            from m in db.SegmentMembers.AsNoTracking()
            where m.SegmentId == segmentId && m.CustomerId > afterCustomerId
            join c in db.Customers on m.CustomerId equals c.Id
            orderby m.CustomerId
            select new SegmentMemberRow(c.Id, c.ExternalId, c.Name, c.Email, c.Phone, m.Since))
            .Take(take)
            .ToListAsync(ct);
    }

    /// <summary>
    /// Writes every member as CSV (customer_id, name, email, phone, member_since), personal fields masked unless
    /// <paramref name="unmasked"/>; returns the number of members. A field starting with = + - @ gets a leading '
    /// so that spreadsheets do not run it as a formula.
    /// </summary>
    public async Task<int> WriteMembersCsvAsync(long segmentId, TextWriter writer, bool unmasked, CancellationToken ct)
    {
        await writer.WriteLineAsync("customer_id,name,email,phone,member_since");
        long after = 0;
        var rows = 0;
        while (true)
        {
            var page = await MembersAsync(segmentId, after, 5000, ct);
            foreach (var m in page)
            {
                await writer.WriteLineAsync(string.Join(',',
                    Csv(m.ExternalId), Csv(unmasked ? m.Name : PiiMask.Name(m.Name)), Csv(unmasked ? m.Email : PiiMask.Email(m.Email)),
                    Csv(unmasked ? m.Phone : PiiMask.Phone(m.Phone)), m.Since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
            }

            rows += page.Count;
            if (page.Count < 5000)
            {
                return rows;
            }

            after = page[^1].CustomerId;
        }
    }

    private static string Csv(string? value) => CsvCell.Of(value);

    /// <summary>The latest entries and exits, newest first.</summary>
    public async Task<List<SegmentChangeRow>> ChangesAsync(long segmentId, int take, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return await (
            from ch in db.SegmentChanges.AsNoTracking()
            where ch.SegmentId == segmentId
            join c in db.Customers on ch.CustomerId equals c.Id
            orderby ch.Id descending
            select new SegmentChangeRow(ch.At, ch.Entered, c.ExternalId, c.Name))
            .Take(take)
            .ToListAsync(ct);
    }

    private static SegmentError? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? new SegmentError("name", "A segment needs a name.", [])
        : name.Trim().Length > Segment.MaxNameLength ? new SegmentError("name", $"A segment name has at most {Segment.MaxNameLength} characters.", [])
        : null;

    private async Task<(Segment?, SegmentError?)> InsertAsync(Segment segment, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        if (await db.Segments.AnyAsync(s => s.Name == segment.Name, ct))
        {
            return (null, new SegmentError("name", $"There is already a segment named '{segment.Name}'.", []));
        }

        db.Segments.Add(segment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two operators saving the same name at once: the unique index decides.
            return (null, new SegmentError("name", $"There is already a segment named '{segment.Name}'.", []));
        }

        return (segment, null);
    }
}
