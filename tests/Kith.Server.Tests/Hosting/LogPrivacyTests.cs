using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Kith.Core.Access;
using Kith.Data.Store;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kith.Server.Tests.Hosting;

/// <summary>Personal data must never reach the log, whatever the requests do — good, bad, or refused.</summary>
public class LogPrivacyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Phone = "13912345678";
    private const string Email = "li.lei.private@example.com";
    private const string Name = "李雷隐私";

    [Fact]
    public async Task No_personal_data_is_logged_at_any_level()
    {
        var log = new CapturingLoggerProvider();
        await using var kith = await RunningKith.StartAsync(StoreProvider.Sqlite, scopes: "ingest,read,admin", ct: Ct, logging: b =>
        {
            b.AddProvider(log);
            b.SetMinimumLevel(LogLevel.Trace);
        });

        var body = $$"""{"name":"{{Name}}","phone":"{{Phone}}","email":"{{Email}}","consentEmail":true}""";
        (await kith.Client.PutAsync("/api/v1/customers/LOG1", Json(body), Ct)).EnsureSuccessStatusCode();
        (await kith.Client.GetAsync("/api/v1/customers/LOG1", Ct)).EnsureSuccessStatusCode();
        // Bad input that carries personal data: a wrong type and an unknown field.
        var bad = await kith.Client.PostAsync("/api/v1/customers/batch", Json($$"""{"items":[{"externalId":"LOG2","phone":"{{Phone}}","birthday":"{{Email}}"}]}"""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var unknown = await kith.Client.PutAsync("/api/v1/customers/LOG3", Json($$"""{"nmae":"{{Name}}","phone":"{{Phone}}"}"""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        // A refused caller, and an operator browsing the customer.
        using var viewer = await kith.SignInAsync(Roles.Viewer, Ct);
        await viewer.GetAsync("/api/v1/customers/LOG1", Ct);
        using var admin = await kith.SignInAsync(Roles.Admin, Ct);
        await admin.GetAsync("/api/v1/customers/LOG1", Ct);
        await admin.GetAsync("/customers/LOG1", Ct);
        await admin.GetAsync("/customers?q=" + Phone, Ct);

        Assert.NotEmpty(log.Lines);
        foreach (var secret in new[] { Phone, Email, Name, "12345678" })
        {
            Assert.DoesNotContain(log.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
