using System.Globalization;
using FromScratch.CrashHarness;
using FromScratch.CrashHarness.Demo;
using FromScratch.CrashHarness.PlantedBugs;
using FromScratch.CrashHarness.Workloads;
using FromScratch.Shared.FileSystems;

// db-03 demo: crash db-02's log and db-01's page file at every I/O operation, recover, check; then
// do the same to a writer with a classic durability bug and watch the harness catch it.
// Run: ./lab demo db-03   (or: dotnet run -c Release --project labs/db-03-crash-consistency/src/CrashHarness.Demo -- [--seed N])

var seed = args.Length == 2 && args[0] == "--seed" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2014;
const int RandomOutcomes = 16;

Section($"1. The crash-point harness over db-02's write-ahead log and db-01's page file (seed {seed})");
Console.WriteLine("For every k: run the workload until operation k, cut the power, then for the 2 extreme and");
Console.WriteLine($"{RandomOutcomes} random crash outcomes: recover on what survived and check every acknowledged write is");
Console.WriteLine("there and nothing else is. Crash model: pessimistic (torn sectors, reordered writes, lengths");
Console.WriteLine("without data, directory operations lost unless the directory was fsynced).");
Console.WriteLine();

ICrashWorkload[] workloads =
[
    new LogWriterWorkload(records: 12),
    new GroupCommitWorkload(rounds: 6, appenders: 5),
    new PageFileWorkload(pageSize: 1024),
];
var reports = new List<CrashRunReport>();
foreach (var workload in workloads)
{
    var harness = new CrashPointHarness(new CrashHarnessOptions
    {
        Seed = seed,
        Model = CrashModel.Pessimistic,
        RandomOutcomesPerCrashPoint = RandomOutcomes,
        Progress = new ConsoleProgress(),
    });
    reports.Add(harness.Run(workload));
}

Console.WriteLine();
Console.WriteLine("| workload | operations | crash points | outcomes explored | accepted corruption reports | violations | time |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var r in reports)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Workload} | {r.OperationCount} | {r.CrashPoints} | {r.OutcomesExplored} | {r.AcceptedCorruptions} | {r.Violations.Count} | {r.Elapsed.TotalSeconds:F1} s |"));
}
foreach (var r in reports.Where(r => !r.Passed))
{
    Console.WriteLine();
    Console.WriteLine(r);
}
Console.WriteLine();
Console.WriteLine("Accepted corruption reports: a page written since the last Sync was torn, and the page file said so");
Console.WriteLine("(PageCorruptionException) instead of returning it; that is its specified answer.");

Section("2. A planted bug: trusting a retried fsync after a failed one");
Console.WriteLine("The writer appends 5 records, fsyncing each. The fsync of record 3 fails (EIO, injected); the");
Console.WriteLine("writer retries, the retry succeeds, and it acknowledges record 3. On Linux the failed fsync has");
Console.WriteLine("already dropped the dirty pages, so the success proves nothing.");
Console.WriteLine();
var planted = new CrashPointHarness(new CrashHarnessOptions { Seed = seed, RandomOutcomesPerCrashPoint = RandomOutcomes, Progress = new ConsoleProgress() })
    .Run(new AppendLogWriter(AppendMistake.RetrySyncAfterFailure, records: 5, failedSyncRecord: 3));
var twin = new CrashPointHarness(new CrashHarnessOptions { Seed = seed, RandomOutcomesPerCrashPoint = RandomOutcomes, Progress = new ConsoleProgress() })
    .Run(new AppendLogWriter(AppendMistake.None, records: 5, failedSyncRecord: 3));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"planted bug: {planted.Violations.Count} violations in {planted.OutcomesExplored} outcomes; the first one:"));
Console.WriteLine();
Console.WriteLine(planted.Violations.Count > 0 ? planted.Violations[0].ToString() : "  none: the harness missed the bug!");
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"correct twin (after the failed fsync it writes record 3 again, then fsyncs): {twin.Violations.Count} violations in {twin.OutcomesExplored} outcomes."));

return planted.Violations.Count > 0 && reports.TrueForAll(r => r.Passed) && twin.Passed ? 0 : 1;

static void Section(string title)
{
    Console.WriteLine();
    Console.WriteLine(title);
    Console.WriteLine(new string('-', title.Length));
}
