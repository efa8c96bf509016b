// Recommendation training benchmark (bench/recs/run.sh, issue 9: "training item-kNN + MF on 1M customers / 5M orders /
// 50k products ≤ 60 s"). In-process, in one run, for each size CUSTOMERS:ORDERS (products fixed at PRODUCTS):
//   1. generates the purchases, deterministically (seed 42): PRODUCTS products in 100 categories with a Zipf-like
//      long tail (global rank r has weight 1/(r + 10)); each customer has a lognormal activity and one to three
//      favourite categories (drawn by category popularity); ORDERS orders go to customers in proportion to activity
//      (so some customers have no order), each with 1 + Geometric(½) lines (capped at 8, mean ≈ 2); a line is from one
//      of the customer's favourite categories with probability 0.7 (Zipf within the category), else from the whole
//      catalogue; its weight is a paid line's, 1.0, decayed with a 90-day half-life over a random age of 0–730 days,
//      as StoreFeedbackWeights does;
//   2. times, each apart (wall and process CPU seconds, peak RSS during the phase, bytes allocated):
//      InteractionMatrix.Build, PopularityModel.Fit (weighted, as the server does), ItemKnnModel.Fit and AlsModel.Fit
//      with their default options, as RecommendationSnapshot.Train calls them;
//      SOLVERS_<customers> or SOLVERS (env, default "ConjugateGradient Cholesky") chooses which ALS solvers are timed,
//      as Solver[:iterations]: the first one should be the default, which counts for the target; the others are timed
//      for the comparison (with fewer iterations, extrapolated to 15 in the table);
//   3. checks the models: a fingerprint of the factors / neighbour lists, and recall@10 of one held-out line per
//      customer for 5,000 sampled customers (the held-out line is removed from training).
// Usage: dotnet run train.cs -- [SIZES="100000:500000 1000000:5000000"] [PRODUCTS=50000]
// Prints Markdown; lines KEY=value at the end are for run.sh's summary.
#:project ../../src/Kith.Core/Kith.Core.csproj
#:property PublishAot=false
#:property RootNamespace=Kith.Bench
#:property ServerGarbageCollection=false
#:property ConcurrentGarbageCollection=false
using System.Diagnostics;
using System.Globalization;
using Kith.Core.Recommendations;

CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
var sizes = (args.Length > 0 ? args[0] : "100000:500000 1000000:5000000")
    .Split(' ', StringSplitOptions.RemoveEmptyEntries)
    .Select(s => s.Split(':'))
    .Select(p => (Customers: int.Parse(p[0], CultureInfo.InvariantCulture), Orders: int.Parse(p[1], CultureInfo.InvariantCulture)))
    .ToArray();
var products = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
// "Solver" or "Solver:iterations" (fewer sweeps than the default, to time a slow solver's sweep at a large size).
(AlsSolver Solver, int Iterations)[] SolversFor(int customers) =>
    [.. (Environment.GetEnvironmentVariable($"SOLVERS_{customers}") ?? Environment.GetEnvironmentVariable("SOLVERS") ?? "ConjugateGradient Cholesky")
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(t => t.Split(':'))
        .Select(t => (Enum.Parse<AlsSolver>(t[0]), t.Length > 1 ? int.Parse(t[1], CultureInfo.InvariantCulture) : new AlsOptions().Iterations))];
var process = Process.GetCurrentProcess();

// Peak RSS sampler: every 10 ms, the max since the last reset.
long peak = 0;
var sampler = new Thread(() =>
{
    while (true)
    {
        var ws = Environment.WorkingSet;
        long seen;
        do
        {
            seen = Interlocked.Read(ref peak);
        }
        while (ws > seen && Interlocked.CompareExchange(ref peak, ws, seen) != seen);
        Thread.Sleep(10);
    }
}) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
sampler.Start();

Console.WriteLine($"Products: {products:N0}; processors seen by .NET: {Environment.ProcessorCount}; ALS defaults: {new AlsOptions()}; item-kNN defaults: {new ItemKnnOptions()}.");
Console.WriteLine();
var summary = new List<string>();
foreach (var (customers, orders) in sizes)
{
    var sw = Stopwatch.StartNew();
    var (all, heldOut, lines) = Generate(customers, orders, products, 42);
    var genS = sw.Elapsed.TotalSeconds;
    Console.Error.WriteLine($"{customers:N0} customers: generated {lines:N0} lines in {genS:F1} s");
    var rows = new List<string>();
    InteractionMatrix? matrix = null;
    rows.Add(Measure("`InteractionMatrix.Build` (CSR: sort each row, sum repeats)", () => matrix = InteractionMatrix.Build(customers, products, all)));
    all = null!;
    GC.Collect();
    var m = matrix!;
    PopularityModel? pop = null;
    rows.Add(Measure("`PopularityModel.Fit` (weighted)", () => pop = PopularityModel.Fit(m, weighted: true)));
    ItemKnnModel? knn = null;
    var knnRow = Timed("`ItemKnnModel.Fit` (defaults: cosine, binary, 20 neighbours, shrinkage 10)", () => knn = ItemKnnModel.Fit(m), out var knnWall, out var knnCpu);
    rows.Add(knnRow);
    var alsResults = new List<(AlsSolver Solver, int Iterations, double Wall, double Cpu, AlsModel Model)>();
    var defaults = new AlsOptions();
    foreach (var (solver, iterations) in SolversFor(customers))
    {
        AlsModel? als = null;
        var options = new AlsOptions { Solver = solver, Iterations = iterations };
        var label = options == defaults ? $"`AlsModel.Fit` (defaults: {solver}, 32 factors, 15 iterations)"
            : iterations == defaults.Iterations ? $"`AlsModel.Fit` with `Solver = {solver}` (otherwise the defaults)"
            : $"`AlsModel.Fit` with `Solver = {solver}`, **{iterations} iteration(s)** instead of {defaults.Iterations} (otherwise the defaults)";
        rows.Add(Timed(label, () => als = AlsModel.Fit(m, options), out var w, out var c));
        alsResults.Add((solver, iterations, w, c, als!));
        if (iterations != defaults.Iterations)
        {
            rows.Add($"| ↳ the same, 15 iterations extrapolated (the fixed part — transpose, initial factors — counted {defaults.Iterations} times too: an upper bound) | ≈ {w * defaults.Iterations / iterations:F0} | ≈ {c * defaults.Iterations / iterations:F0} | | |");
        }

        GC.Collect();
    }

    var main = alsResults[0];
    Console.WriteLine($"### {customers:N0} customers, {orders:N0} orders, {products:N0} products");
    Console.WriteLine();
    var withLines = 0;
    for (var u = 0; u < m.Users; u++)
    {
        withLines += m.ItemsOf(u).Length > 0 ? 1 : 0;
    }

    var itemsSeen = m.Transpose();
    var itemsWith = 0;
    var top1 = 0;
    for (var i = 0; i < itemsSeen.Users; i++)
    {
        itemsWith += itemsSeen.ItemsOf(i).Length > 0 ? 1 : 0;
        top1 = Math.Max(top1, itemsSeen.ItemsOf(i).Length);
    }

    Console.WriteLine($"Data: {lines:N0} order lines (generated in {genS:F1} s), one line per customer held out for the check ({heldOut.Count(h => h >= 0):N0}); training matrix {m.NonZeros:N0} distinct (customer, product) pairs, {withLines:N0} customers with a purchase, {itemsWith:N0} products bought, the most popular by {top1:N0} customers.");
    Console.WriteLine();
    Console.WriteLine("| phase | wall s | CPU s | peak RSS MB (during) | allocated MB |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
    foreach (var r in rows)
    {
        Console.WriteLine(r);
    }

    var target = knnWall + main.Wall;
    Console.WriteLine($"| **item-kNN + ALS ({main.Solver})** | **{target:F1}** | **{knnCpu + main.Cpu:F1}** | | |");
    Console.WriteLine();
    Console.WriteLine("Check: recall@10 of the held-out line of 5,000 sampled customers with one (its product not among the customer's training items; a random pick scores about 10/50,000):");
    Console.WriteLine();
    var sample = Sample(heldOut, m, 5_000);
    Console.WriteLine($"- popularity {Recall(pop!, sample):F4}, item-kNN {Recall(knn!, sample):F4}");
    foreach (var a in alsResults)
    {
        Console.WriteLine($"- ALS ({a.Solver}{(a.Iterations == defaults.Iterations ? "" : $", {a.Iterations} iteration(s)")}) {Recall(a.Model, sample):F4}; factor fingerprint Σ|x| = {a.Model.UserFactors.Sum(v => (double)Math.Abs(v)):F3}, Σ|y| = {a.Model.ItemFactors.Sum(v => (double)Math.Abs(v)):F3}");
    }

    if (alsResults.Count > 1 && alsResults[1].Iterations == alsResults[0].Iterations)
    {
        var same = 0;
        foreach (var (u, _) in sample.Take(2000))
        {
            var a = alsResults[0].Model.Recommend(u, 10).Select(s => s.Item).ToHashSet();
            same += alsResults[1].Model.Recommend(u, 10).Count(s => a.Contains(s.Item));
        }

        Console.WriteLine($"- top-10 overlap of ALS {alsResults[0].Solver} and {alsResults[1].Solver} on 2,000 of those customers: {same / 20000.0:P1}");
    }

    var nb = knn!.Neighbours;
    double simSum = 0;
    for (var i = 0; i < nb.ItemCount; i++)
    {
        foreach (var s in nb.SimilaritiesOf(i))
        {
            simSum += s;
        }
    }

    Console.WriteLine($"- item-kNN fingerprint: Σ similarities = {simSum:F4} over {Enumerable.Range(0, nb.ItemCount).Sum(i => nb.Of(i).Length):N0} neighbour entries");
    Console.WriteLine();
    summary.Add($"KNN_ALS_S_{customers}={target:F1}");
    summary.Add($"KNN_ALS_CPU_{customers}={knnCpu + main.Cpu:F1}");
    GC.Collect();
}

Console.WriteLine($"Process peak RSS: {process.PeakWorkingSet64 / 1e6:F0} MB (Linux VmHWM).");
foreach (var s in summary)
{
    Console.WriteLine(s);
}

string Measure(string label, Action action) => Timed(label, action, out _, out _);

string Timed(string label, Action action, out double wall, out double cpu)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    process.Refresh();
    var cpu0 = process.TotalProcessorTime.TotalSeconds;
    var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
    Interlocked.Exchange(ref peak, Environment.WorkingSet);
    var sw = Stopwatch.StartNew();
    action();
    wall = sw.Elapsed.TotalSeconds;
    process.Refresh();
    cpu = process.TotalProcessorTime.TotalSeconds - cpu0;
    var ws = Environment.WorkingSet;
    var p = Math.Max(Interlocked.Read(ref peak), ws);
    var alloc = GC.GetTotalAllocatedBytes(precise: true) - alloc0;
    Console.Error.WriteLine($"  {label}: {wall:F2} s wall, {cpu:F2} s CPU, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    return $"| {label} | {wall:F2} | {cpu:F2} | {p / 1e6:F0} | {alloc / 1e6:F0} |";
}

static (Interaction[] All, int[] HeldOut, long Lines) Generate(int customers, int orders, int products, int seed)
{
    const int Categories = 100;
    var random = new Random(seed);
    // Global long tail: product at rank r has weight 1/(r + 10); ranks are shuffled over product ids.
    var rankToProduct = Enumerable.Range(0, products).ToArray();
    random.Shuffle(rankToProduct);
    var globalCdf = Cdf(products, r => 1.0 / (r + 10));
    // Categories: product p is in category p % Categories; within a category, products ordered by global rank.
    var byCategory = new List<int>[Categories];
    for (var c = 0; c < Categories; c++)
    {
        byCategory[c] = [];
    }

    for (var r = 0; r < products; r++)
    {
        byCategory[rankToProduct[r] % Categories].Add(rankToProduct[r]);
    }

    var categoryCdfs = byCategory.Select(list => Cdf(list.Count, r => 1.0 / (r + 3))).ToArray();
    var categoryPopularity = Cdf(Categories, c => 1.0 / (c + 2));
    // Customers: lognormal activity, 1–3 favourite categories.
    var activity = new double[customers];
    var favourites = new int[customers * 3];
    var favouriteCount = new byte[customers];
    for (var u = 0; u < customers; u++)
    {
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        activity[u] = Math.Exp(1.0 * z);
        favouriteCount[u] = (byte)(1 + random.Next(3));
        for (var f = 0; f < favouriteCount[u]; f++)
        {
            favourites[u * 3 + f] = Draw(categoryPopularity, random);
        }
    }

    var customerCdf = Cdf(customers, u => activity[u]);
    var all = new List<Interaction>(orders * 2 + 1000);
    var lastLine = new int[customers];
    Array.Fill(lastLine, -1);
    for (var o = 0; o < orders; o++)
    {
        var u = Draw(customerCdf, random);
        var lines = 1;
        while (lines < 8 && random.NextDouble() < 0.5)
        {
            lines++;
        }

        var age = random.NextDouble() * 730;
        var weight = (float)Math.Pow(0.5, age / 90);
        for (var l = 0; l < lines; l++)
        {
            int product;
            if (random.NextDouble() < 0.7)
            {
                var c = favourites[u * 3 + random.Next(favouriteCount[u])];
                product = byCategory[c][Draw(categoryCdfs[c], random)];
            }
            else
            {
                product = rankToProduct[Draw(globalCdf, random)];
            }

            lastLine[u] = all.Count;
            all.Add(new Interaction(u, product, weight));
        }
    }

    // Hold out each customer's last generated line when the customer has bought that product only once.
    var count = all.Count;
    var heldOut = new int[customers];
    Array.Fill(heldOut, -1);
    var remove = new bool[count];
    var seen = new Dictionary<(int, int), int>();
    for (var u = 0; u < customers; u++)
    {
        if (lastLine[u] >= 0)
        {
            seen[(u, all[lastLine[u]].Item)] = 0;
        }
    }

    foreach (var x in all)
    {
        if (seen.TryGetValue((x.User, x.Item), out var n))
        {
            seen[(x.User, x.Item)] = n + 1;
        }
    }

    for (var u = 0; u < customers; u++)
    {
        if (lastLine[u] >= 0 && seen[(u, all[lastLine[u]].Item)] == 1)
        {
            heldOut[u] = all[lastLine[u]].Item;
            remove[lastLine[u]] = true;
        }
    }

    var kept = new Interaction[count - remove.Count(r => r)];
    var w = 0;
    for (var i = 0; i < count; i++)
    {
        if (!remove[i])
        {
            kept[w++] = all[i];
        }
    }

    return (kept, heldOut, count);
}

static double[] Cdf(int n, Func<int, double> weight)
{
    var cdf = new double[n];
    double sum = 0;
    for (var i = 0; i < n; i++)
    {
        sum += weight(i);
        cdf[i] = sum;
    }

    for (var i = 0; i < n; i++)
    {
        cdf[i] /= sum;
    }

    return cdf;
}

static int Draw(double[] cdf, Random random)
{
    var x = random.NextDouble();
    var i = Array.BinarySearch(cdf, x);
    i = i < 0 ? ~i : i;
    return Math.Min(i, cdf.Length - 1);
}

static (int User, int Item)[] Sample(int[] heldOut, InteractionMatrix m, int n)
{
    var random = new Random(7);
    var result = new List<(int, int)>();
    var candidates = Enumerable.Range(0, heldOut.Length).Where(u => heldOut[u] >= 0 && m.ItemsOf(u).Length > 0).ToArray();
    random.Shuffle(candidates);
    foreach (var u in candidates.Take(n))
    {
        result.Add((u, heldOut[u]));
    }

    return [.. result];
}

static double Recall(IRecommender model, (int User, int Item)[] sample)
{
    var hits = 0;
    foreach (var (u, item) in sample)
    {
        hits += model.Recommend(u, 10).Any(s => s.Item == item) ? 1 : 0;
    }

    return sample.Length == 0 ? 0 : (double)hits / sample.Length;
}
