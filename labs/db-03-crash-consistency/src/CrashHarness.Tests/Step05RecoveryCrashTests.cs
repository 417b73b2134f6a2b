using FromScratch.Shared.FileSystems;

namespace FromScratch.CrashHarness.Tests;

/// <summary>
/// Step 05: a crash during recovery. A recovery that rewrites a file in place (truncate, write,
/// fsync) passes every crash of the workload, because recovery itself always completes there; it
/// loses an acknowledged file only when the power goes again in the middle of it. The harness must
/// find that with CrashDuringRecovery, and pass the twin that rewrites through a synced rename.
/// </summary>
public sealed class Step05RecoveryCrashTests(ITestOutputHelper output)
{
    private const int Files = 2;

    private static void RewriteInPlace(IFileSystem fileSystem)
    {
        for (var i = 1; i <= Files; i++)
        {
            var path = HarnessDurableFiles.Path(i);
            if (fileSystem.FileExists(path))
            {
                var contents = fileSystem.ReadAllBytes(path);
                using var file = fileSystem.OpenFile(path, FileOpenMode.OpenExisting);
                file.SetLength(0);
                file.Write(contents, 0);
                file.Sync();
            }
        }
    }

    private static void RewriteThroughRename(IFileSystem fileSystem)
    {
        for (var i = 1; i <= Files; i++)
        {
            var path = HarnessDurableFiles.Path(i);
            if (fileSystem.FileExists(path))
            {
                var contents = fileSystem.ReadAllBytes(path);
                using (var file = fileSystem.OpenFile(path + ".rec", FileOpenMode.CreateOrTruncate))
                {
                    file.Write(contents, 0);
                    file.Sync();
                }
                fileSystem.RenameFile(path + ".rec", path);
                fileSystem.SyncDirectory(HarnessDurableFiles.Directory);
            }
        }
    }

    private static HarnessDelegateWorkload Workload(string name, Action<IFileSystem> recover) => new(
        name,
        (fs, ledger) => HarnessDurableFiles.Run(fs, ledger, Files),
        (fs, ledger) =>
        {
            recover(fs);
            HarnessDurableFiles.Verify(fs, ledger, Files);
        },
        recover: recover);

    private static CrashPointHarness Harness(bool crashDuringRecovery) =>
        new(new CrashHarnessOptions { Seed = 31, RandomOutcomesPerCrashPoint = 1, CrashDuringRecovery = crashDuringRecovery });

    [Fact]
    [Trait("Step", "05")]
    public void Recovery_that_rewrites_in_place_is_caught_only_when_the_recovery_is_crashed()
    {
        var workload = Workload("recovery rewrites in place", RewriteInPlace);

        var withoutRecoveryCrashes = Harness(crashDuringRecovery: false).Run(workload);
        var withRecoveryCrashes = Harness(crashDuringRecovery: true).Run(workload);

        output.WriteLine(withRecoveryCrashes.ToString());
        withoutRecoveryCrashes.Passed.Should().BeTrue("recovery always completes when only the workload is crashed");
        withoutRecoveryCrashes.RecoveryOutcomesExplored.Should().Be(0);
        withRecoveryCrashes.Violations.Should().NotBeEmpty()
            .And.OnlyContain(v => v.RecoveryCrashPoint != null && v.RecoveryOutcome != null);
        withRecoveryCrashes.Violations.Should().Contain(v =>
            v.Message.StartsWith("'file1': recovered (0 bytes), which was never written; acknowledged attempt #1 \"file 1 ", StringComparison.Ordinal),
            "the power went between recovery's truncation and its rewrite of an acknowledged file");
    }

    [Fact]
    [Trait("Step", "05")]
    public void Recovery_crash_case_is_named_and_replays_exactly()
    {
        var harness = Harness(crashDuringRecovery: true);
        var report = harness.Run(Workload("recovery rewrites in place", RewriteInPlace));
        var violation = report.Violations.Should().NotBeEmpty().And.Subject.Last();

        var replay = harness.Replay(Workload("recovery rewrites in place", RewriteInPlace),
            violation.CrashPoint, violation.Outcome, violation.RecoveryCrashPoint!.Value, violation.RecoveryOutcome!.Value);

        output.WriteLine(violation.ToString());
        violation.ToString().Should().Contain($"recovery cut after its operation {violation.RecoveryCrashPoint}, then ")
            .And.Contain($"recoveryCrashPoint: {violation.RecoveryCrashPoint}, recoveryOutcome: {violation.RecoveryOutcome})");
        replay.Verdict.Should().Be(CrashVerdict.Violated);
        replay.Message.Should().Be(violation.Message);
    }

    [Fact]
    [Trait("Step", "05")]
    public void Recovery_that_rewrites_through_a_synced_rename_passes_every_recovery_crash()
    {
        var report = Harness(crashDuringRecovery: true).Run(Workload("recovery rewrites through a rename", RewriteThroughRename));

        output.WriteLine(report.ToString());
        report.Passed.Should().BeTrue(report.ToString());
        report.RecoveryOutcomesExplored.Should().BeGreaterThan(report.CrashPoints * 3, "every recovery of a file has 5 operations to crash after");
    }
}
