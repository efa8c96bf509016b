using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kith.Server.Hosting;

/// <summary>
/// Turns the failures a client can act on into problem details: unreadable JSON (naming the path),
/// and a write that lost a race with another request for the same new record (409, retry).
/// Everything else stays a 500 with a trace id.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => new ValidationProblemDetails(
                new Dictionary<string, string[]> { [Path(json.Path)] = [Reason(json)] })
            {
                Title = "The request body is not valid JSON for this endpoint",
                Status = StatusCodes.Status400BadRequest,
            },
            BadHttpRequestException bad => new ProblemDetails { Title = "Bad request", Detail = bad.Message, Status = bad.StatusCode },
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } or SqliteException { SqliteErrorCode: 19 } => new ProblemDetails
            {
                Title = "Conflict with a concurrent write",
                Detail = "Another request created the same record at the same time; nothing was written. Retry the request.",
                Status = StatusCodes.Status409Conflict,
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static string Path(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "$" : path.TrimStart('$', '.');

    private static string Reason(JsonException e)
    {
        // System.Text.Json names .NET types; a store engineer needs to know the field is not part of the record.
        if (e.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "is not a field of this record (check the spelling against the API reference at /api)";
        }

        var cut = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? e.Message[..cut] : e.Message;
    }
}
