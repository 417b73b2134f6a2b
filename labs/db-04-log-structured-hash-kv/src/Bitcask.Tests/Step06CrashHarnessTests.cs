using FromScratch.CrashHarness;

namespace FromScratch.Bitcask.Tests;

/// <summary>db-03's crash-point harness over Bitcask: a power loss after every I/O operation of a workload of puts, deletes, a batch and merges, each followed by several crash outcomes.</summary>
[Trait("Step", "06")]
public sealed class Step06CrashHarnessTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(SyncMode.None)]
    [InlineData(SyncMode.GroupCommit)]
    [InlineData(SyncMode.Always)]
    public void Every_crash_point_keeps_acknowledged_writes_and_resurrects_no_deleted_key(SyncMode mode)
    {
        var harness = new CrashPointHarness(new CrashHarnessOptions { Seed = 4, RandomOutcomesPerCrashPoint = 3 });
        var report = harness.Run(new BitcaskCrashWorkload(mode));

        output.WriteLine(report.ToString());
        report.Violations.Should().BeEmpty(report.ToString());
        report.OutcomesExplored.Should().BeGreaterThan(700, "every crash point of the workload is explored");
    }

    [Fact]
    public void A_crash_during_recovery_loses_nothing_either()
    {
        // Recovery changes the directory too (finishes a merge, cuts a torn tail, creates the
        // active file): the harness cuts the power after each of its operations and recovers again.
        var harness = new CrashPointHarness(new CrashHarnessOptions { Seed = 5, RandomOutcomesPerCrashPoint = 1, CrashDuringRecovery = true });
        var report = harness.Run(new BitcaskCrashWorkload(SyncMode.None, operations: 40));

        output.WriteLine(report.ToString());
        report.Violations.Should().BeEmpty(report.ToString());
        report.RecoveryOutcomesExplored.Should().BeGreaterThan(0);
    }
}
