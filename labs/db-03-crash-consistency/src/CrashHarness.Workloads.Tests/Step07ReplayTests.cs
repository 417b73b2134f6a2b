using FromScratch.CrashHarness.PlantedBugs;

namespace FromScratch.CrashHarness.Workloads.Tests;

/// <summary>
/// Step 07: what the demo and the crash-states benchmark rely on: every shipped workload issues
/// the same operations on every run (so a printed replay line reproduces the case), and a run's
/// throughput figure is its outcomes over its time.
/// </summary>
public sealed class Step07ReplayTests
{
    public static TheoryData<string> Workloads => ["log writer", "group commit", "page file", "append log", "atomic replace"];

    private static ICrashWorkload Create(string name) => name switch
    {
        "log writer" => new LogWriterWorkload(records: 6),
        "group commit" => new GroupCommitWorkload(rounds: 3, appenders: 4),
        "page file" => new PageFileWorkload(),
        "append log" => new AppendLogWriter(AppendMistake.RetrySyncAfterFailure, records: 4, failedSyncRecord: 2),
        "atomic replace" => new AtomicReplaceWriter(AtomicReplaceMistake.RenameWithoutFileSync),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [Trait("Step", "07")]
    [MemberData(nameof(Workloads))]
    public void Shipped_workload_issues_the_same_operations_on_every_run(string name)
    {
        var harness = new CrashPointHarness(new CrashHarnessOptions { Seed = 7 });
        var n = harness.CountOperations(Create(name));

        var runs = Enumerable.Range(0, 3).Select(_ => harness.Replay(Create(name), n, outcome: 2)).ToList();

        runs.Should().OnlyContain(r => r.Trace.Count == n);
        runs.Select(r => string.Join("\n", r.Trace)).Distinct().Should().ContainSingle("a replay must see the same operations");
        runs.Select(r => (r.Verdict, r.Message)).Distinct().Should().ContainSingle();
    }

    [Fact]
    [Trait("Step", "07")]
    public void Outcomes_per_second_is_outcomes_explored_over_elapsed_time()
    {
        var report = new CrashPointHarness().Run(new AtomicReplaceWriter(AtomicReplaceMistake.None));

        report.Elapsed.Should().BePositive();
        report.OutcomesPerSecond.Should().BeApproximately(report.OutcomesExplored / report.Elapsed.TotalSeconds, 1e-6);
        report.ToString().Should().Contain($"{report.OutcomesExplored} outcomes explored");
    }
}
