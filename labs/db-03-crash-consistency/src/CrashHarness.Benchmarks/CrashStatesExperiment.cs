using System.Diagnostics;
using System.Globalization;
using FromScratch.CrashHarness.PlantedBugs;
using FromScratch.CrashHarness.Workloads;
using FromScratch.Shared.FileSystems;

namespace FromScratch.CrashHarness.Benchmarks;

/// <summary>
/// <c>crash-states</c>: how many crash states the harness checks per second. For each workload it
/// runs the harness exhaustively over every crash point with R random outcomes per point (plus the
/// two extremes) and prints one row: operations, crash points, outcomes explored, wall time,
/// outcomes per second. An "outcome" is one complete crash state: run to k, crash, recover, verify.
/// <code>
///   dotnet run -c Release --project labs/db-03-crash-consistency/src/CrashHarness.Benchmarks -- crash-states [--outcomes 8] [--model pessimistic|ext4] [--seed 1]
/// </code>
/// </summary>
internal static class CrashStatesExperiment
{
    public static int Run(string[] args)
    {
        var outcomes = 8;
        var seed = 1;
        var model = CrashModel.Pessimistic;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--outcomes" when i + 1 < args.Length:
                    outcomes = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seed" when i + 1 < args.Length:
                    seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--model" when i + 1 < args.Length:
                    model = args[++i] switch
                    {
                        "pessimistic" => CrashModel.Pessimistic,
                        "ext4" => CrashModel.Ext4Ordered,
                        var other => throw new ArgumentException($"unknown model '{other}': pessimistic or ext4"),
                    };
                    break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'. Usage: crash-states [--outcomes N] [--model pessimistic|ext4] [--seed N]");
                    return 2;
            }
        }

        ICrashWorkload[] workloads =
        [
            new LogWriterWorkload(records: 24),
            new GroupCommitWorkload(rounds: 8, appenders: 6),
            new PageFileWorkload(pageSize: 1024),
            new AppendLogWriter(AppendMistake.None, records: 24, failedSyncRecord: 12),
            new AtomicReplaceWriter(AtomicReplaceMistake.None, versions: 8),
        ];
        var modelName = model == CrashModel.Pessimistic ? "pessimistic" : "ext4-ordered";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"crash states checked per second: seed {seed}, model {modelName}, {outcomes} random outcomes + 2 extremes per crash point, {Environment.ProcessorCount} cores"));
        Console.WriteLine();
        Console.WriteLine("| workload | operations | crash points | outcomes | violations | time (s) | outcomes/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var total = Stopwatch.StartNew();
        long allOutcomes = 0;
        foreach (var workload in workloads)
        {
            var harness = new CrashPointHarness(new CrashHarnessOptions { Seed = seed, Model = model, RandomOutcomesPerCrashPoint = outcomes });
            var report = harness.Run(workload);
            allOutcomes += report.OutcomesExplored;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {report.Workload} | {report.OperationCount} | {report.CrashPoints} | {report.OutcomesExplored} | {report.Violations.Count} | {report.Elapsed.TotalSeconds:F2} | {report.OutcomesPerSecond:F0} |"));
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all: {allOutcomes} outcomes in {total.Elapsed.TotalSeconds:F2} s = {allOutcomes / total.Elapsed.TotalSeconds:F0} crash states/s"));
        return 0;
    }
}
