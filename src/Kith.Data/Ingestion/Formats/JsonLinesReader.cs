using System.Text.Json;
using System.Text.Json.Serialization;
using Kith.Core.Ingestion;

namespace Kith.Data.Ingestion.Formats;

/// <summary>Reads JSON Lines: one API record (camelCase) per line; blank lines are skipped.</summary>
internal sealed class JsonLinesReader(ImportKind kind)
{
    /// <summary>The same JSON rules as the API: camelCase, snake_case enums, unknown fields refused.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public IEnumerable<ImportRecord> Read(TextReader text)
    {
        long line = 0;
        while (text.ReadLine() is { } content)
        {
            line++;
            if (string.IsNullOrWhiteSpace(content))
            {
                continue;
            }

            var r = new ImportRecord { Line = line };
            try
            {
                r.Input = kind switch
                {
                    ImportKind.Customers => JsonSerializer.Deserialize<CustomerInput>(content, Options),
                    ImportKind.Products => JsonSerializer.Deserialize<ProductInput>(content, Options),
                    ImportKind.Orders => JsonSerializer.Deserialize<OrderInput>(content, Options),
                    _ => JsonSerializer.Deserialize<EventInput>(content, Options),
                };
                if (r.Input is null)
                {
                    r.Error("$", "expected a JSON object");
                }
            }
            catch (JsonException e)
            {
                r.Error(FieldOf(e.Path), Reason(e));
            }

            yield return r;
        }
    }

    private static string FieldOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "$" : path.TrimStart('$', '.');

    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
