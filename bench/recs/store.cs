// The server's whole training path on a store (bench/recs/run.sh with STORE=…, issue 9's second measurement):
// StoreFeedbackLoader.LoadAsync (products, customers, paid order lines, product events of the last 365 days, weighted
// and decayed as the server does), then RecommendationSnapshot.Train with the server's default settings (id maps,
// InteractionMatrix, popularity, item-kNN, ALS). Reads the store only.
// Usage: dotnet run store.cs -- DB [NOW=2026-11-01]
// Prints Markdown.
#:project ../../src/Kith.Server/Kith.Server.csproj
#:property PublishAot=false
#:property RootNamespace=Kith.Bench
using System.Diagnostics;
using System.Globalization;
using Kith.Core.Recommendations;
using Kith.Data.Recommendations;
using Kith.Data.Store;
using Kith.Server.Recommendations;

CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
var store = new KithStore(StoreLocation.Parse(args[0]));
var now = args.Length > 1 ? DateTimeOffset.Parse(args[1] + "T00:00:00Z", CultureInfo.InvariantCulture) : new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
var process = Process.GetCurrentProcess();
double Cpu()
{
    process.Refresh();
    return process.TotalProcessorTime.TotalSeconds;
}

var (sw, cpu0) = (Stopwatch.StartNew(), Cpu());
var feedback = await StoreFeedbackLoader.LoadAsync(store, new StoreFeedbackWeights(), now, CancellationToken.None);
var (loadS, loadCpu) = (sw.Elapsed.TotalSeconds, Cpu() - cpu0);
Console.Error.WriteLine($"loaded {feedback.Events.Count:N0} feedback events in {loadS:F1} s");
GC.Collect();
(sw, cpu0) = (Stopwatch.StartNew(), Cpu());
var snapshot = RecommendationSnapshot.Train(feedback, new RecommenderSettings(), now, CancellationToken.None);
var (trainS, trainCpu) = (sw.Elapsed.TotalSeconds, Cpu() - cpu0);
Console.WriteLine($"Store path (`StoreFeedbackLoader.LoadAsync` + `RecommendationSnapshot.Train`, the server's defaults, as of {now:yyyy-MM-dd}) on {args[0]}: {feedback.Catalogue.Count:N0} products, {feedback.Events.Count:N0} feedback events ({feedback.PaidLines:N0} paid order lines), matrix {snapshot.Matrix.Users:N0} customers × {snapshot.Matrix.ItemCount:N0} products, {snapshot.Matrix.NonZeros:N0} pairs.");
Console.WriteLine();
Console.WriteLine("| step | wall s | CPU s |");
Console.WriteLine("| --- | ---: | ---: |");
Console.WriteLine($"| reading the feedback (`StoreFeedbackLoader.LoadAsync`) | {loadS:F1} | {loadCpu:F1} |");
Console.WriteLine($"| training (`RecommendationSnapshot.Train`: id maps, matrix, popularity, item-kNN, ALS) | {trainS:F1} | {trainCpu:F1} |");
Console.WriteLine($"| **both** | **{loadS + trainS:F1}** | **{loadCpu + trainCpu:F1}** |");
Console.WriteLine();
Console.WriteLine($"Process peak RSS: {process.PeakWorkingSet64 / 1e6:F0} MB.");
