using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Kith.Core.Access;
using Kith.Tests.Shared;
using Xunit;

namespace Kith.Cli.Tests;

/// <summary>The README's first command: <c>kith serve --demo</c> prints one operator per role, and each can sign in.</summary>
public partial class ServeDemoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_demo_prints_an_operator_per_role_who_can_sign_in_and_user_create_gives_a_one_time_password()
    {
        var db = Path.Combine(Path.GetDirectoryName(TestFiles.Write("x", ""))!, "kith.db");
        var port = FreePort();
        using var serve = Process.Start(KithProcess.StartInfo("serve", "--demo", "--demo-customers", "60", "--recompute-hours", "0", "--db", db, "--urls", $"http://127.0.0.1:{port}"))!;
        try
        {
            var credentials = new Dictionary<string, (string Email, string Password)>(StringComparer.Ordinal);
            var printed = new List<string>();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            while (credentials.Count < Roles.All.Count && await serve.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                printed.Add(line);
                var m = CredentialLine().Match(line);
                if (m.Success)
                {
                    credentials[m.Groups["role"].Value] = (m.Groups["email"].Value, m.Groups["password"].Value);
                }
            }

            Assert.True(Roles.All.All(credentials.ContainsKey), "demo operators not printed:\n" + string.Join('\n', printed));
            var address = new Uri($"http://127.0.0.1:{port}");
            await WaitForHealthAsync(address);
            foreach (var role in Roles.All)
            {
                using var client = SignInForm.Client(address);
                var response = await SignInForm.PostAsync(client, credentials[role].Email, credentials[role].Password, Ct);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal("/", response.Headers.Location!.AbsolutePath);
                var home = await client.GetAsync("/", Ct);
                Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            }

            // An operator made with `kith user create` gets a one-time password and must choose their own first.
            var created = (await KithProcess.RunAsync(Ct, "user", "create", "--email", "li.na@example.com", "--role", "analyst", "--db", db)).EnsureSuccess();
            var oneTime = created.Output.Trim();
            Assert.Matches("^[A-Za-z0-9]{16}$", oneTime);
            using var newcomer = SignInForm.Client(address);
            Assert.Equal(HttpStatusCode.Redirect, (await SignInForm.PostAsync(newcomer, "li.na@example.com", oneTime, Ct)).StatusCode);
            var first = await newcomer.GetAsync("/", Ct);
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
            Assert.EndsWith("/account/password", first.Headers.Location!.ToString(), StringComparison.Ordinal);
            var list = (await KithProcess.RunAsync(Ct, "user", "list", "--db", db)).EnsureSuccess();
            Assert.Contains("li.na@example.com", list.Output, StringComparison.Ordinal);
            Assert.Contains("one-time password", list.Output, StringComparison.Ordinal);
            var wrongRole = await KithProcess.RunAsync(Ct, "user", "create", "--email", "x@example.com", "--role", "root", "--db", db);
            Assert.NotEqual(0, wrongRole.ExitCode);
            Assert.Contains("root", wrongRole.Error, StringComparison.Ordinal);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task WaitForHealthAsync(Uri address)
    {
        using var client = new HttpClient { BaseAddress = address };
        for (var i = 0; i < 120; i++)
        {
            try
            {
                if ((await client.GetAsync("/health", Ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(500, Ct);
        }

        Assert.Fail("kith serve did not answer /health");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"│\s*(?<role>admin|marketer|analyst|agent|viewer)\s*│\s*(?<email>\S+@demo\.kith)\s*│\s*(?<password>\S+)\s*│")]
    private static partial Regex CredentialLine();
}
