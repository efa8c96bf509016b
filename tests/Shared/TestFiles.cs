namespace Kith.Tests.Shared;

/// <summary>Paths to the shared public datasets (never copied into the repository) and scratch files.</summary>
public static class TestFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>A file under <c>../shared/datasets</c>, or under <c>KITH_DATASETS</c> when scripts/test.sh found them elsewhere.</summary>
    public static string Dataset(params string[] parts) =>
        Path.GetFullPath(Path.Combine([Environment.GetEnvironmentVariable("KITH_DATASETS") ?? Path.Combine(RepositoryRoot, "..", "shared", "datasets"), .. parts]));

    public static string CdnowMaster => Dataset("cdnow", "CDNOW_master.txt");
    public static string CdnowSample => Dataset("cdnow", "CDNOW_sample.txt");
    public static string OnlineRetail => Dataset("online-retail", "online_retail_2010-12-01_2011-12-09.csv.gz");

    /// <summary>Writes text to a new temp file with the given name and returns its path.</summary>
    public static string Write(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kith-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kith.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Kith.slnx not found above " + AppContext.BaseDirectory);
    }
}
