using System.Text;
using Kith.Core.Access;
using Kith.Core.Segments;
using Kith.Data.Audit;
using Kith.Data.Segments;
using Kith.Data.Store;
using Kith.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kith.Server.Segments;

public sealed record RuleRequest(string? Rule, int? Take);

public sealed record ExplainRequest(string? Rule, string? CustomerId);

public sealed record CreateSegmentRequest(string? Name, string? Rule, string? Description);

public sealed record CreateStaticSegmentRequest(string? Name, List<string>? CustomerIds, string? Description);

public sealed record SegmentResponse(long Id, string Name, string Kind, string? Rule, string? Description, int MemberCount, DateTimeOffset? MaterializedAt, string? Problem, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static SegmentResponse From(Segment s) => new(s.Id, s.Name, s.Kind, s.Rule, s.Description, s.MemberCount, s.MaterializedAt, s.Problem, s.CreatedBy, s.CreatedAt);
}

public sealed record PreviewResponse(SegmentCount Count, List<SegmentCustomer> Customers);

public sealed record StaticSegmentResponse(SegmentResponse Segment, IReadOnlyList<string> UnknownCustomerIds);

public sealed record MemberPage(List<SegmentCustomer> Customers, long? Next);

public sealed record ChangeResponse(DateTimeOffset At, string Change, string CustomerId);

/// <summary>A problem in a rule, as problem details list it.</summary>
public sealed record RuleProblemResponse(int Line, int Column, int Offset, string Message, IReadOnlyList<string> Expected);

/// <summary>Segments: rules counted live, previews, explain, saved segments (dynamic and static), members, history (docs/segments.md).</summary>
public static class SegmentsApi
{
    public static void MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/segments").WithTags("Segments");
        api.MapPost("/count", CountAsync).RequireAuthorization(Permissions.SegmentsView).WithName("CountSegmentRule")
            .WithSummary("How many customers a rule catches, counted in memory (400 with line and column for a bad rule)");
        api.MapPost("/preview", PreviewAsync).RequireAuthorization(Permissions.SegmentsView).WithName("PreviewSegmentRule")
            .WithSummary("The count and the first customers (default 20, at most 100) a rule catches; personal data masked unless pii.view");
        api.MapPost("/explain", ExplainRuleAsync).RequireAuthorization(Permissions.SegmentsView).WithName("ExplainSegmentRule")
            .WithSummary("For one customer, each condition of a rule with the customer's value and whether it holds");
        api.MapGet("/", ListAsync).RequireAuthorization(Permissions.SegmentsView).WithName("ListSegments").WithSummary("Saved segments");
        api.MapPost("/", CreateAsync).RequireAuthorization(Permissions.SegmentsEdit).WithName("CreateSegment")
            .WithSummary("Save a dynamic segment (a rule); its members are materialised at once");
        api.MapPost("/static", CreateStaticAsync).RequireAuthorization(Permissions.SegmentsEdit).WithName("CreateStaticSegment")
            .WithSummary("Save a static segment from a list of customer ids; ids that name no customer are reported back");
        api.MapGet("/{id:long}", GetAsync).RequireAuthorization(Permissions.SegmentsView).WithName("GetSegment").WithSummary("One saved segment");
        api.MapDelete("/{id:long}", DeleteAsync).RequireAuthorization(Permissions.SegmentsEdit).WithName("DeleteSegment").WithSummary("Delete a segment, its membership and history");
        api.MapGet("/{id:long}/members", MembersAsync).RequireAuthorization(Permissions.SegmentsView).WithName("GetSegmentMembers")
            .WithSummary("Members by customer id, after=LAST for the next page; personal data masked unless pii.view");
        api.MapGet("/{id:long}/export", ExportAsync).RequireAuthorization(Permissions.SegmentsView).WithName("ExportSegmentMembers")
            .WithSummary("All members as CSV; personal data masked unless pii.view (an unmasked export is audited)");
        api.MapGet("/{id:long}/history", HistoryAsync).RequireAuthorization(Permissions.SegmentsView).WithName("GetSegmentHistory")
            .WithSummary("Who entered or left the segment, and when, newest first");
        api.MapGet("/{id:long}/explain/{customerId}", ExplainSegmentAsync).RequireAuthorization(Permissions.SegmentsView).WithName("ExplainSegmentMember")
            .WithSummary("Why a customer is in or out of a saved segment: each condition with the customer's value");
    }

    /// <summary>400 problem details for a rule that does not parse, with each problem's line and column.</summary>
    public static ProblemHttpResult BadRule(RuleException e) =>
        TypedResults.Problem(
            detail: e.Message,
            statusCode: StatusCodes.Status400BadRequest,
            title: "The rule has problems",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { ["rule"] = [.. e.Problems.Select(p => p.ToString())] },
                ["problems"] = e.Problems.Select(p => new RuleProblemResponse(p.At.Line, p.At.Column, p.At.Offset, p.Message, p.Expected)).ToList(),
            });

    private static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem($"No {what}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static async Task<Results<Ok<SegmentCount>, ProblemHttpResult>> CountAsync(RuleRequest body, SegmentWorkbench workbench, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await workbench.CountAsync(body.Rule ?? "", ct));
        }
        catch (RuleException e)
        {
            return BadRule(e);
        }
    }

    private static async Task<Results<Ok<PreviewResponse>, ProblemHttpResult>> PreviewAsync(RuleRequest body, HttpContext http, SegmentWorkbench workbench, CancellationToken ct)
    {
        try
        {
            var (count, customers) = await workbench.PreviewAsync(body.Rule ?? "", body.Take ?? 20, http.User.Has(Permissions.PiiView), ct);
            return TypedResults.Ok(new PreviewResponse(count, customers));
        }
        catch (RuleException e)
        {
            return BadRule(e);
        }
    }

    private static async Task<Results<Ok<SegmentExplanation>, ProblemHttpResult>> ExplainRuleAsync(ExplainRequest body, SegmentWorkbench workbench, CancellationToken ct)
    {
        try
        {
            return await workbench.ExplainAsync(body.Rule ?? "", body.CustomerId ?? "", ct) is { } explanation
                ? TypedResults.Ok(explanation)
                : NotFound($"customer '{body.CustomerId}'");
        }
        catch (RuleException e)
        {
            return BadRule(e);
        }
    }

    private static async Task<Ok<List<SegmentResponse>>> ListAsync(SegmentCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok((await catalog.ListAsync(ct)).Select(SegmentResponse.From).ToList());

    private static async Task<Results<Created<SegmentResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateSegmentRequest body, HttpContext http, SegmentWorkbench workbench, CancellationToken ct)
    {
        var (segment, error) = await workbench.SaveAsync(body.Name ?? "", body.Rule ?? "", body.Description, http.User.Actor(), ct);
        if (segment is null)
        {
            return error!.Problems.Count > 0 ? BadRule(new RuleException(error.Problems)) : Invalid(error.Field, error.Message);
        }

        return TypedResults.Created($"/api/v1/segments/{segment.Id}", SegmentResponse.From(segment));
    }

    private static async Task<Results<Created<StaticSegmentResponse>, ValidationProblem>> CreateStaticAsync(
        CreateStaticSegmentRequest body, HttpContext http, SegmentCatalog catalog, TimeProvider time, CancellationToken ct)
    {
        if (body.CustomerIds is null)
        {
            return Invalid("customerIds", "A static segment needs a list of customer ids.");
        }

        var (segment, unknown, error) = await catalog.CreateStaticAsync(body.Name ?? "", body.CustomerIds, body.Description, http.User.Actor(), time.GetUtcNow(), ct);
        return segment is null
            ? Invalid(error!.Field, error.Message)
            : TypedResults.Created($"/api/v1/segments/{segment.Id}", new StaticSegmentResponse(SegmentResponse.From(segment), unknown));
    }

    private static async Task<Results<Ok<SegmentResponse>, ProblemHttpResult>> GetAsync(long id, SegmentCatalog catalog, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is { } s ? TypedResults.Ok(SegmentResponse.From(s)) : NotFound($"segment {id}");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, HttpContext http, SegmentCatalog catalog, AuditLog audit, KithStore store, CancellationToken ct)
    {
        if (!await catalog.DeleteAsync(id, ct))
        {
            return NotFound($"segment {id}");
        }

        await using var db = store.CreateContext();
        await audit.WriteAsync(db, http.User.Actor(), "segment.deleted", $"segment:{id}", null, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MemberPage>, ProblemHttpResult>> MembersAsync(
        long id, long? after, int? take, HttpContext http, SegmentCatalog catalog, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is null)
        {
            return NotFound($"segment {id}");
        }

        var size = Math.Clamp(take ?? 50, 1, 1000);
        var rows = await catalog.MembersAsync(id, after ?? 0, size, ct);
        var unmasked = http.User.Has(Permissions.PiiView);
        var customers = rows.Select(r => Customer(r, unmasked)).ToList();
        return TypedResults.Ok(new MemberPage(customers, rows.Count == size ? rows[^1].CustomerId : null));
    }

    private static SegmentCustomer Customer(SegmentMemberRow r, bool unmasked) => unmasked
        ? new SegmentCustomer(r.ExternalId, r.Name, r.Email, r.Phone, null, null, null, null)
        : new SegmentCustomer(r.ExternalId, Kith.Core.Privacy.PiiMask.Name(r.Name), Kith.Core.Privacy.PiiMask.Email(r.Email), Kith.Core.Privacy.PiiMask.Phone(r.Phone), null, null, null, null);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        long id, HttpContext http, SegmentCatalog catalog, AuditLog audit, KithStore store, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is not { } segment)
        {
            return NotFound($"segment {id}");
        }

        var unmasked = http.User.Has(Permissions.PiiView);
        // UTF-8 with a BOM, so that spreadsheet tools read Chinese names.
        var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(true), leaveOpen: true))
        {
            await catalog.WriteMembersCsvAsync(segment.Id, writer, unmasked, ct);
        }

        var csv = buffer.ToArray();
        if (unmasked)
        {
            await using var db = store.CreateContext();
            await audit.WriteAsync(db, http.User.Actor(), AuditActions.PiiViewed, $"segment:{id}", "api: segment export", ct);
        }

        return TypedResults.File(csv, "text/csv; charset=utf-8", $"segment-{segment.Id}.csv");
    }

    private static async Task<Results<Ok<List<ChangeResponse>>, ProblemHttpResult>> HistoryAsync(long id, int? take, SegmentCatalog catalog, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is null)
        {
            return NotFound($"segment {id}");
        }

        var changes = await catalog.ChangesAsync(id, Math.Clamp(take ?? 100, 1, 1000), ct);
        return TypedResults.Ok(changes.Select(c => new ChangeResponse(c.At, c.Entered ? SegmentChange.EnteredType : SegmentChange.LeftType, c.ExternalId)).ToList());
    }

    private static async Task<Results<Ok<SegmentExplanation>, ProblemHttpResult>> ExplainSegmentAsync(
        long id, string customerId, SegmentCatalog catalog, SegmentWorkbench workbench, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is not { } segment)
        {
            return NotFound($"segment {id}");
        }

        if (segment.Kind != Segment.Dynamic)
        {
            return TypedResults.Problem("A static segment has no rule to explain: its members were uploaded.", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            return await workbench.ExplainAsync(segment.Rule ?? "", customerId, ct) is { } e ? TypedResults.Ok(e) : NotFound($"customer '{customerId}'");
        }
        catch (RuleException e)
        {
            return BadRule(e);
        }
    }
}
