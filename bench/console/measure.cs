// Console benchmark (bench/console/run.sh): the server-side time of the customer list (CustomerDirectory.SearchAsync)
// and of the customer 360 page (CustomerProfiles.LoadAsync, then the Customer360 component rendered to its render
// tree), called in-process on a store, the way the console's interactive circuit calls them.
// Usage: dotnet run measure.cs -- DB HEAVY_EXTERNAL_ID [REPEAT=60] [SEED=42]
// Prints a Markdown table per measurement (p50/p95/max in ms) and one summary line per target.
#:project ../../src/Kith.Server/Kith.Server.csproj
#:property PublishAot=false
#:property RootNamespace=Kith.Bench
// A renderer of its own is the point here (an interactive renderer without a browser), hence the render-tree types.
#pragma warning disable BL0006
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Security.Claims;
using Kith.Core.Access;
using Kith.Data.Audit;
using Kith.Data.Customers;
using Kith.Data.Store;
using Kith.Server.Console;
using Kith.Server.Console.Pages.Customers;
using Kith.Server.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;
using MudBlazor.Services;

var db = args[0];
var heavy = args[1];
var repeat = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
var random = new Random(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 42);
CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");

var store = new KithStore(StoreLocation.Parse(db));
var directory = new CustomerDirectory(store);
var profiles = new CustomerProfiles(store);

// Values to search for, sampled from the store: random customers by id.
var (minId, maxId, samples, stages, tiers) = await SampleAsync(store, random, repeat);
Console.Error.WriteLine($"customers {minId}..{maxId}; sampled {samples.Count}; stages {string.Join(',', stages)}; tiers {string.Join(',', tiers)}");
T Pick<T>(IReadOnlyList<T> list) => list[random.Next(list.Count)];
string Prefix(string name, int runes) => string.Concat(name.EnumerateRunes().Take(runes).Select(r => r.ToString()));
ConsentChannel[] channels = [ConsentChannel.Email, ConsentChannel.Sms, ConsentChannel.Push, ConsentChannel.WeChat];

var kinds = new List<(string Name, Func<int, CustomerQuery> Query)>
{
    ("first page, no filter", _ => new CustomerQuery()),
    ("next page at a random depth (AfterId)", _ => new CustomerQuery(AfterId: random.NextInt64(minId, maxId + 1))),
    ("previous page at a random depth (BeforeId)", _ => new CustomerQuery(BeforeId: random.NextInt64(minId, maxId + 1))),
    ("external id, exact", i => new CustomerQuery(samples[i % samples.Count].ExternalId)),
    ("phone, exact", i => new CustomerQuery(samples[i % samples.Count].Phone)),
    ("email, exact", i => new CustomerQuery(samples[i % samples.Count].Email)),
    ("name prefix, 1 character", i => new CustomerQuery(Prefix(samples[i % samples.Count].Name, 1))),
    ("name prefix, 2 characters", i => new CustomerQuery(Prefix(samples[i % samples.Count].Name, 2))),
    ("lifecycle filter", _ => new CustomerQuery(Lifecycle: Pick(stages))),
    ("tier filter", _ => new CustomerQuery(Tier: Pick(tiers))),
    ("consent filter", _ => new CustomerQuery(ConsentFor: Pick(channels))),
    ("lifecycle + consent + name prefix (1 char)", i => new CustomerQuery(Prefix(samples[i % samples.Count].Name, 1), Lifecycle: Pick(stages), ConsentFor: Pick(channels))),
    ("tier + name prefix (2 chars), page 2", i => new CustomerQuery(Prefix(samples[i % samples.Count].Name, 2), Tier: Pick(tiers))),
};

// BENCH_SQL=1: print the SQL of one query of each kind (for EXPLAIN) instead of measuring.
if (Environment.GetEnvironmentVariable("BENCH_SQL") == "1")
{
    using var capture = DiagnosticListener.AllListeners.Subscribe(new SqlCapture());
    foreach (var (name, query) in kinds)
    {
        var q = query(0);
        Console.WriteLine($"-- {name}: {q}");
        await directory.SearchAsync(q, CancellationToken.None);
    }

    return;
}

// Warm-up: every kind a few times (JIT, EF query cache, SQLite page cache).
foreach (var (_, query) in kinds)
{
    for (var i = 0; i < 5; i++)
    {
        await directory.SearchAsync(query(i), CancellationToken.None);
    }
}

var all = new List<double>();
Console.WriteLine("| query kind (search box field: any; 25 per page; total counted up to 10,000) | n | p50 ms | p95 ms | max ms |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
foreach (var (name, query) in kinds)
{
    var times = new List<double>();
    for (var i = 0; i < repeat; i++)
    {
        var q = query(i);
        var sw = Stopwatch.StartNew();
        var page = await directory.SearchAsync(q, CancellationToken.None);
        if (name.EndsWith("page 2", StringComparison.Ordinal) && page.NextAfterId is { } next)
        {
            // The second page of the same search: the cursor walk below a combined filter.
            sw.Restart();
            await directory.SearchAsync(q with { AfterId = next }, CancellationToken.None);
        }

        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    all.AddRange(times);
    Console.WriteLine(Row(name, times));
}

// A real walk: 200 pages down from the top, each page timed.
var walk = new List<double>();
long? after = null;
for (var i = 0; i < 200; i++)
{
    var sw = Stopwatch.StartNew();
    var page = await directory.SearchAsync(new CustomerQuery(AfterId: after), CancellationToken.None);
    walk.Add(sw.Elapsed.TotalMilliseconds);
    after = page.NextAfterId;
}

all.AddRange(walk);
Console.WriteLine(Row("walk: pages 1–200 in a row (Next)", walk));
Console.WriteLine(Row("**all list queries**", all));
Console.WriteLine();
var listP95 = Percentile(all, 0.95);
var worst = all.Max();

// Customer 360: data load alone, then load + render of the page component (what the circuit does before it
// serialises the render batch to the browser).
var services = new ServiceCollection();
services.AddLogging();
services.AddSingleton(new KithServerSettings { Store = store.Location });
services.AddSingleton(TimeProvider.System);
services.AddSingleton(store);
services.AddSingleton(profiles);
services.AddSingleton<AuditLog>();
services.AddSingleton<Kith.Data.Privacy.CustomerEraser>();
services.AddSingleton<Kith.Data.Privacy.ConsentService>();
services.AddScoped<StoreClock>();
services.AddLocalization();
services.AddMudServices();
services.AddSingleton<IJSRuntime, NoJs>();
services.AddSingleton<NavigationManager, BenchNavigation>();
await using var provider = services.BuildServiceProvider();

var loads = new List<double>();
var renders = new List<double>();
var frames = 0;
var shape = "";
for (var i = 0; i < repeat + 5; i++)
{
    var sw = Stopwatch.StartNew();
    var data = await profiles.LoadAsync(heavy, CancellationToken.None) ?? throw new InvalidOperationException($"no customer {heavy}");
    if (i >= 5)
    {
        loads.Add(sw.Elapsed.TotalMilliseconds);
    }

    shape = $"{data.OrderCount} orders, {data.EventCount} events, {data.Timeline.Count} timeline entries";
}

foreach (var role in new[] { Roles.Agent, Roles.Marketer })
{
    for (var i = 0; i < repeat + 5; i++)
    {
        await using var scope = provider.CreateAsyncScope();
        using var renderer = new BenchRenderer(scope.ServiceProvider, NullLoggerFactory.Instance);
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "bench"), new Claim(ClaimTypes.Role, role)], "bench"));
        var auth = Task.FromResult(new AuthenticationState(user));
        var sw = Stopwatch.StartNew();
        await renderer.RenderAsync(heavy, auth);
        if (i >= 5)
        {
            renders.Add(sw.Elapsed.TotalMilliseconds);
        }

        frames = renderer.Frames;
    }
}

Console.WriteLine($"| customer 360 of `{heavy}` ({shape}) | n | p50 ms | p95 ms | max ms |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
Console.WriteLine(Row("data load: `CustomerProfiles.LoadAsync`", loads));
Console.WriteLine(Row($"load + render of the `Customer360` component to its render tree ({frames:N0} frames; PII-viewing role, audit line written, and a masked role)", renders));
Console.WriteLine();
Console.WriteLine($"LIST_P95={listP95.ToString("F1", CultureInfo.InvariantCulture)}");
Console.WriteLine($"LIST_MAX={worst.ToString("F1", CultureInfo.InvariantCulture)}");
Console.WriteLine($"C360_P95={Percentile(renders, 0.95).ToString("F1", CultureInfo.InvariantCulture)}");
return;

static string Row(string name, List<double> times) => string.Create(CultureInfo.InvariantCulture,
    $"| {name} | {times.Count} | {Percentile(times, 0.5):F1} | {Percentile(times, 0.95):F1} | {times.Max():F1} |");

static double Percentile(List<double> times, double p)
{
    var sorted = times.Order().ToList();
    var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
}

static async Task<(long Min, long Max, List<(string ExternalId, string Phone, string Email, string Name)> Samples, List<string> Stages, List<string> Tiers)> SampleAsync(
    KithStore store, Random random, int count)
{
    await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
    async Task<List<object[]>> Rows(string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    var bounds = (await Rows("SELECT min(id), max(id) FROM customers"))[0];
    var (min, max) = (Convert.ToInt64(bounds[0], CultureInfo.InvariantCulture), Convert.ToInt64(bounds[1], CultureInfo.InvariantCulture));
    var ids = Enumerable.Range(0, count * 2).Select(_ => random.NextInt64(min, max + 1).ToString(CultureInfo.InvariantCulture));
    var samples = (await Rows($"SELECT external_id, phone, email, name FROM customers WHERE id IN ({string.Join(',', ids)}) AND phone IS NOT NULL AND email IS NOT NULL AND name IS NOT NULL"))
        .Select(r => ((string)r[0], (string)r[1], (string)r[2], (string)r[3])).Take(count).ToList();
    var stages = (await Rows("SELECT DISTINCT lifecycle FROM customer_values")).Select(r => (string)r[0]).Where(s => s.Length > 0).Order(StringComparer.Ordinal).ToList();
    var tiers = (await Rows("SELECT DISTINCT tier FROM customer_values")).Select(r => (string)r[0]).Where(s => s.Length > 0).Order(StringComparer.Ordinal).ToList();
    return (min, max, samples, stages, tiers);
}

/// <summary>
/// An interactive renderer without a browser: renders a component to its render tree the way the server circuit
/// does (data loaded in OnParametersSetAsync because the renderer says it is interactive), counts the frames of
/// each batch and sends nothing anywhere.
/// </summary>
internal sealed class BenchRenderer(IServiceProvider services, ILoggerFactory logging) : Renderer(services, logging)
{
    public int Frames { get; private set; }

    public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

    protected override RendererInfo RendererInfo { get; } = new("Server", isInteractive: true);

    public Task RenderAsync(string externalId, Task<AuthenticationState> auth) => Dispatcher.InvokeAsync(async () =>
    {
        RenderFragment page = b =>
        {
            b.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
            b.AddComponentParameter(1, "Value", auth);
            b.AddComponentParameter(2, "ChildContent", (RenderFragment)(c =>
            {
                c.OpenComponent<Customer360>(0);
                c.AddComponentParameter(1, nameof(Customer360.ExternalId), externalId);
                c.CloseComponent();
            }));
            b.CloseComponent();
        };
        var root = new Host();
        var id = AssignRootComponentId(root);
        await RenderRootComponentAsync(id, ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(Host.Content)] = page }));
    });

    protected override void HandleException(Exception exception) => ExceptionDispatchInfo.Capture(exception).Throw();

    protected override Task UpdateDisplayAsync(in RenderBatch batch)
    {
        Frames += batch.ReferenceFrames.Count;
        return Task.CompletedTask;
    }

    internal sealed class Host : ComponentBase
    {
        [Parameter]
        public RenderFragment? Content { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) => builder.AddContent(0, Content);
    }
}

internal sealed class BenchNavigation : NavigationManager
{
    public BenchNavigation() => Initialize("http://localhost/", "http://localhost/customers");
}

internal sealed class NoJs : IJSRuntime
{
    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
}

/// <summary>Prints each SQL command EF Core sends, with its parameters (BENCH_SQL=1).</summary>
internal sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.EntityFrameworkCore")
        {
            value.Subscribe(this);
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData { Command: { } command } && value.Key.EndsWith("CommandExecuting", StringComparison.Ordinal))
        {
            var parameters = string.Join(", ", command.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => $"{p.ParameterName}={p.Value}"));
            Console.WriteLine($"{command.CommandText};\n-- {parameters}\n");
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
