// CLV benchmark (bench/clv/run.sh): on a store holding the demo data, in-process and in one run, each phase timed
// separately, with `kith clv score`'s defaults (BG/NBD, weeks, 52-week horizon, margin 1, no discount):
//   1. reading the paid orders into purchases (OrderFactsLoader.LoadAsync), once;
//   2. the summary (ClvSummary.Build), the BG/NBD fit, the Gamma-Gamma fit and the scoring of every customer
//      (CustomerLifetimeValue.Score: expected purchases, P(alive), expected spend, CLV): a first, cold pass (JIT,
//      first touch of the memory — what one `kith clv score` process does), then REPEAT warm passes; median, min and
//      max wall time of each and of their sum, and the process CPU time (both cores) of the median pass;
//   3. the same computation through the production entry point (CustomerPredictionScorer.Score, which also maps the
//      customers to store ids), checked against the phases, and writing customer_predictions
//      (CustomerPredictionWriter.WriteAsync), once.
// Every pass must give bit-identical parameters and totals (the fits are deterministic); the run stops if not.
// Usage: dotnet run measure.cs -- DB [REPEAT=5] [AS_OF=2026-11-01] [SUMMARY_CSV]
// With SUMMARY_CSV the summary (x, t_x, T in weeks, z̄ per customer) is also written there, for other tools.
// Prints Markdown; lines KEY=value at the end are for run.sh's summary.
#:project ../../src/Kith.Data/Kith.Data.csproj
#:property PublishAot=false
#:property RootNamespace=Kith.Bench
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kith.Core.Clv;
using Kith.Data.Clv;
using Kith.Data.Store;
using Kith.Data.Value;

CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
var store = new KithStore(StoreLocation.Parse(args[0]));
var repeat = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var asOf = args.Length > 2 ? DateOnly.ParseExact(args[2], "yyyy-MM-dd", CultureInfo.InvariantCulture) : new DateOnly(2026, 11, 1);
var summaryCsv = args.Length > 3 ? args[3] : null;
var zone = TimeZoneInfo.Utc;
var ct = CancellationToken.None;
const string Model = "bgnbd";
const ClvTimeUnit Unit = ClvTimeUnit.Week;
var options = new ClvOptions { HorizonDays = 7 * 52, Margin = 1, AnnualDiscountRate = 0 };
var process = Process.GetCurrentProcess();
double Cpu()
{
    process.Refresh();
    return process.TotalProcessorTime.TotalSeconds;
}

await store.MigrateAsync(ct);

var sw = Stopwatch.StartNew();
var facts = await OrderFactsLoader.LoadAsync(store, zone, null, ct);
var readS = sw.Elapsed.TotalSeconds;

string[] phases = ["summary", "bgnbd", "gammagamma", "score"];
var passes = new List<(double[] Wall, double[] Cpu)>();
ClvSummary? summary = null;
ModelFit<BgNbdModel>? bgnbd = null;
ModelFit<GammaGammaModel>? gg = null;
ClvScore[]? scores = null;
string? fingerprint = null;
for (var run = 0; run <= repeat; run++)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var (wall, cpu) = (new double[phases.Length], new double[phases.Length]);
    var t = Stopwatch.StartNew();
    var (lap, cpuLap, at) = (0.0, Cpu(), 0);
    void Lap()
    {
        var (now, cpuNow) = (t.Elapsed.TotalSeconds, Cpu());
        (wall[at], cpu[at]) = (now - lap, cpuNow - cpuLap);
        (lap, cpuLap, at) = (now, cpuNow, at + 1);
    }

    summary = ClvSummary.Build(facts, new ClvSummaryOptions(asOf) { Unit = Unit });
    Lap();
    bgnbd = BgNbdModel.Fit(summary);
    Lap();
    gg = GammaGammaModel.Fit(summary);
    Lap();
    scores = CustomerLifetimeValue.Score(summary, bgnbd.Model, gg.Model, options);
    Lap();
    var print = $"{bgnbd.Model} {gg.Model} {scores.Sum(s => s.Clv):R} {scores.Sum(s => s.ExpectedPurchases):R}";
    if (fingerprint is not null && print != fingerprint)
    {
        throw new InvalidOperationException($"pass {run} differs: {print} vs {fingerprint}");
    }

    fingerprint = print;
    Console.Error.WriteLine($"pass {run}: {string.Join(", ", phases.Select((p, i) => $"{p} {wall[i]:F2} s (cpu {cpu[i]:F2} s)"))}; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    passes.Add((wall, cpu));
}

// What `kith clv score` stores: the same predictions through the production path, then the store write.
var predictions = CustomerPredictionScorer.Score(facts, Model, asOf, Unit, options);
if (!Equals(predictions.Purchases.Model, bgnbd!.Model) || !Equals(predictions.Spend.Model, gg!.Model) || predictions.Count != scores!.Length)
{
    throw new InvalidOperationException("CustomerPredictionScorer.Score fitted different parameters than the measured phases");
}

sw.Restart();
await CustomerPredictionWriter.WriteAsync(store, predictions, null, ct);
var writeS = sw.Elapsed.TotalSeconds;

if (summaryCsv is not null)
{
    var sb = new StringBuilder("x,t_x,T,monetary\n");
    for (var i = 0; i < summary!.CustomerCount; i++)
    {
        sb.Append(CultureInfo.InvariantCulture, $"{summary.X[i]},{summary.Tx[i]:R},{summary.T[i]:R},{summary.Monetary[i]:R}\n");
    }

    await File.WriteAllTextAsync(summaryCsv, sb.ToString(), ct);
}

static double Median(IEnumerable<double> values)
{
    var s = values.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
}

var (coldPass, warm) = (passes[0], passes.Skip(1).ToList());
var totals = warm.Select(p => p.Wall.Sum()).ToList();
// The CPU time shown for the total is that of the pass whose wall time is the median (odd REPEAT) or nearest above it.
var medianPass = warm.OrderBy(p => p.Wall.Sum()).ElementAt(warm.Count / 2);
var distinct = Enumerable.Range(0, summary!.CustomerCount).Select(i => (summary.X[i], summary.Tx[i], summary.T[i])).Distinct().Count();
var (p, g) = (bgnbd.Model, gg.Model);
Console.WriteLine($"Store: {store.Provider}, {facts.CustomerCount:N0} customers, {facts.OrderCount:N0} paid orders; as of {asOf:yyyy-MM-dd}; `kith clv score`'s defaults (BG/NBD, weeks, 52-week horizon, margin 1, no discount).");
Console.WriteLine($"Summary: {summary.CustomerCount:N0} customers bought on or before {asOf:yyyy-MM-dd} ({distinct:N0} distinct (x, t_x, T)); Σx = {summary.X.Sum(x => (long)x):N0} repeat purchases, {summary.X.Count(x => x == 0):N0} customers with x = 0; Gamma-Gamma on {gg.Customers:N0} repeat buyers.");
Console.WriteLine($"BG/NBD: r = {p.R:G6}, α = {p.Alpha:G6}, a = {p.A:G6}, b = {p.B:G6}; LL = {bgnbd.LogLikelihood:F2}; {bgnbd.Optimizer}, {bgnbd.Iterations} iterations, converged: {bgnbd.Converged}.");
Console.WriteLine($"Gamma-Gamma: p = {g.P:G6}, q = {g.Q:G6}, γ = {g.V:G6}; LL = {gg.LogLikelihood:F2}; {gg.Optimizer}, {gg.Iterations} iterations, converged: {gg.Converged}{(gg.Note is null ? " (an interior maximum: the q → ∞ boundary of docs/clv.md §2 is not reached)" : $" — {gg.Note}")}.");
Console.WriteLine($"Totals over all customers: {scores!.Sum(s => s.ExpectedPurchases):N1} expected purchases in 52 weeks, CLV {scores.Sum(s => s.Clv):N2}.");
Console.WriteLine();
Console.WriteLine($"| phase | wall s, median of {warm.Count} | min | max | CPU s (2 cores) | cold pass, wall s |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
Console.WriteLine($"| reading the paid orders into purchases (`OrderFactsLoader.LoadAsync`, once) | {readS:F2} | | | | |");
string[] labels =
[
    "summary (`ClvSummary.Build`: orders merged by day; x, t_x, T, z̄)",
    "BG/NBD fit (`BgNbdModel.Fit`, with standard errors)",
    "Gamma-Gamma fit (`GammaGammaModel.Fit`, interior and both boundary limits)",
    "scoring every customer (`CustomerLifetimeValue.Score`: E[Y(52 weeks)], P(alive), E[Z], CLV)",
];
for (var i = 0; i < phases.Length; i++)
{
    var w = warm.Select(x => x.Wall[i]).ToList();
    Console.WriteLine($"| {labels[i]} | {Median(w):F2} | {w.Min():F2} | {w.Max():F2} | {Median(warm.Select(x => x.Cpu[i])):F2} | {coldPass.Wall[i]:F2} |");
}

Console.WriteLine($"| **fit + scoring in memory** (the four phases above) | **{Median(totals):F2}** | {totals.Min():F2} | {totals.Max():F2} | {medianPass.Cpu.Sum():F2} | {coldPass.Wall.Sum():F2} |");
Console.WriteLine($"| writing `customer_predictions` (`CustomerPredictionWriter.WriteAsync`, {predictions.Count:N0} rows, once) | {writeS:F2} | | | | |");
Console.WriteLine();
Console.WriteLine($"Every pass gave bit-identical parameters and totals. CPU s: process CPU time of the phase (median over the warm passes; for the total, that of the median pass), which the other sessions on this machine do not inflate the way they inflate wall time.");
Console.WriteLine($"READ_S={readS:F2} SUMMARY_S={Median(warm.Select(x => x.Wall[0])):F2} BGNBD_S={Median(warm.Select(x => x.Wall[1])):F2} GG_S={Median(warm.Select(x => x.Wall[2])):F2} SCORE_S={Median(warm.Select(x => x.Wall[3])):F2} FIT_SCORE_S={Median(totals):F2} FIT_SCORE_COLD_S={coldPass.Wall.Sum():F2} WRITE_S={writeS:F2} CUSTOMERS={predictions.Count}");
