using System.Diagnostics;
using System.Globalization;
using FromScratch.CrashHarness.PlantedBugs;

namespace FromScratch.CrashHarness.Benchmarks;

/// <summary>
/// <c>crash-scaling</c>: the cost of an exhaustive run as the workload grows. Crash point k replays
/// operations 1..k from an empty simulator, so a run over every crash point of an N-operation
/// workload replays about N²/2 operations. The correct append log is run with a growing number of
/// records and only the two extreme outcomes per point; each row prints N, the outcomes, N(N+1)/2,
/// the wall time and time/N².
/// <code>
///   dotnet run -c Release --project labs/db-03-crash-consistency/src/CrashHarness.Benchmarks -- crash-scaling [--records 200,400,800,1600]
/// </code>
/// </summary>
internal static class CrashScalingExperiment
{
    public static int Run(string[] args)
    {
        int[] sizes = [200, 400, 800, 1600];
        if (args is ["--records", var list])
        {
            sizes = [.. list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        }
        else if (args.Length > 0)
        {
            Console.Error.WriteLine("Usage: crash-scaling [--records 200,400,800,1600]");
            return 2;
        }

        var harness = new CrashPointHarness(new CrashHarnessOptions { Seed = 1, RandomOutcomesPerCrashPoint = 0 });
        harness.Run(new AppendLogWriter(AppendMistake.None, records: 100)); // warm-up: JIT, first allocations
        Console.WriteLine("exhaustive crash points, correct append log, 2 extreme outcomes per point");
        Console.WriteLine();
        Console.WriteLine("| records | N operations | crash points | outcomes | N(N+1)/2 | time (s) | time / N² (ns) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var records in sizes)
        {
            var watch = Stopwatch.StartNew();
            var report = harness.Run(new AppendLogWriter(AppendMistake.None, records: records));
            watch.Stop();
            var n = report.OperationCount;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {records:N0} | {n:N0} | {report.CrashPoints:N0} | {report.OutcomesExplored:N0} | {n * (n + 1) / 2:N0} | {watch.Elapsed.TotalSeconds:F2} | {watch.Elapsed.TotalNanoseconds / ((double)n * n):N0} |"));
            if (report.Violations.Count > 0)
            {
                Console.Error.WriteLine($"unexpected: {report.Violations.Count} violations on the correct writer");
                return 1;
            }
        }

        return 0;
    }
}
