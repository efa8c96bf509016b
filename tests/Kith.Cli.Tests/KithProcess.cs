using System.Diagnostics;
using System.Text;
using Kith.Tests.Shared;

namespace Kith.Cli.Tests;

/// <summary>Runs the real <c>kith</c> binary (the build output of src/Kith.Cli) as a child process.</summary>
public static class KithProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>Fails the test with what the process printed unless it exited with 0.</summary>
        public Result EnsureSuccess() => ExitCode == 0
            ? this
            : throw new Xunit.Sdk.XunitException($"kith exited with {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}");
    }

    public static string Dll { get; } = FindDll();

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment.Remove("KITH_DB");
        return info;
    }

    public static async Task<Result> RunAsync(CancellationToken ct, params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new Result(process.ExitCode, await output, await error);
    }

    private static string FindDll()
    {
        // The test's own configuration (Debug/Release) names the matching CLI build.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(TestFiles.RepositoryRoot, "src", "Kith.Cli", "bin", configuration, "net10.0", "kith.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Kith.Cli first", dll);
    }
}
