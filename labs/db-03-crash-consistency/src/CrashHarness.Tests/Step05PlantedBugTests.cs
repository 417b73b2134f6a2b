using FromScratch.CrashHarness.PlantedBugs;

namespace FromScratch.CrashHarness.Tests;

/// <summary>
/// Step 05: the tests that prove the harness can fail. Each classic durability mistake is a small
/// writer; the harness must report it, naming the acknowledged write that was lost, and must pass
/// the same writer without the mistake (its correct twin).
/// </summary>
public sealed class Step05PlantedBugTests(ITestOutputHelper output)
{
    private static readonly CrashHarnessOptions Options = new() { Seed = 2014, RandomOutcomesPerCrashPoint = 4 };

    private CrashRunReport Run(ICrashWorkload workload)
    {
        var report = new CrashPointHarness(Options).Run(workload);
        output.WriteLine(report.ToString());
        return report;
    }

    [Fact]
    [Trait("Step", "05")]
    public void Harness_catches_rename_without_fsync_of_the_file()
    {
        var report = Run(new AtomicReplaceWriter(AtomicReplaceMistake.RenameWithoutFileSync));

        report.Violations.Should().NotBeEmpty();
        report.Violations.Should().Contain(v =>
            v.Message.Contains("which was never written", StringComparison.Ordinal) &&
            v.Message.Contains("\"{\"version\": ", StringComparison.Ordinal) &&
            v.Message.Contains("was lost", StringComparison.Ordinal),
            "the target names a file whose data never reached the disk, and the acknowledged version is named as lost");
    }

    [Fact]
    [Trait("Step", "05")]
    public void Harness_catches_rename_without_fsync_of_the_directory()
    {
        var report = Run(new AtomicReplaceWriter(AtomicReplaceMistake.RenameWithoutDirectorySync));

        report.Violations.Should().NotBeEmpty();
        report.Violations.Should().Contain(v =>
            (v.Message.Contains("missing after the crash, but attempt #", StringComparison.Ordinal) ||
             v.Message.Contains("older than the acknowledged attempt", StringComparison.Ordinal)) &&
            v.Message.Contains("\"{\"version\": ", StringComparison.Ordinal),
            "the rename is undone: the file is gone or old, and the acknowledged version is named");
    }

    [Fact]
    [Trait("Step", "05")]
    public void Harness_catches_trusting_a_retried_fsync_after_a_failed_one()
    {
        var report = Run(new AppendLogWriter(AppendMistake.RetrySyncAfterFailure, records: 5, failedSyncRecord: 3));

        report.Violations.Should().NotBeEmpty();
        report.Violations.Should().Contain(v => v.Message.StartsWith("'events.log': acknowledged record #3 \"event 3 ", StringComparison.Ordinal),
            "record 3's data was dropped by the failed fsync, and the retry acknowledged it anyway");
        report.Violations.Should().OnlyContain(v => v.Message.Contains("record #3", StringComparison.Ordinal),
            "only the record whose fsync failed is lost");
    }

    [Fact]
    [Trait("Step", "05")]
    public void Harness_catches_acknowledging_an_append_before_fsync()
    {
        var report = Run(new AppendLogWriter(AppendMistake.AcknowledgeBeforeSync, records: 5));

        report.Violations.Should().NotBeEmpty();
        report.Violations.Should().Contain(v => v.Message.StartsWith("'events.log': acknowledged record #1 \"event 1 ", StringComparison.Ordinal));
        report.Violations.Should().OnlyContain(v => v.Outcome != 1, "keeping every unsynced write loses nothing");
    }

    [Theory]
    [Trait("Step", "05")]
    [InlineData(1)]
    [InlineData(3)]
    public void Correct_atomic_replace_passes_at_every_crash_point(int versions)
    {
        var report = Run(new AtomicReplaceWriter(AtomicReplaceMistake.None, versions));

        report.Passed.Should().BeTrue(report.ToString());
        report.CrashPoints.Should().Be(report.OperationCount + 1);
    }

    [Theory]
    [Trait("Step", "05")]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Correct_append_log_passes_at_every_crash_point_even_after_a_failed_fsync(int? failedSyncRecord)
    {
        var report = Run(new AppendLogWriter(AppendMistake.None, records: 5, failedSyncRecord));

        report.Passed.Should().BeTrue(report.ToString());
        report.CrashPoints.Should().Be(report.OperationCount + 1);
    }
}
