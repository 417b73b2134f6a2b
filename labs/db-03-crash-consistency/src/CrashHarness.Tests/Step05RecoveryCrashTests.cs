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
    public void Recovery_is_cut_after_each_of_its_operations_the_last_one_included()
    {
        // This recovery issues R = 2 counted operations on every outcome (create a marker, sync it), so
        // each outcome that passed adds (R + 1) x 3 recovery outcomes: r = 0 (before recovery starts),
        // r = 1, and r = 2, after its last operation, where only what recovery left unsynced is at
        // stake (a harness that stopped at r < R missed exactly that case and passed every other test).
        var workload = new HarnessDelegateWorkload(
            "recovery writes a marker",
            (fs, ledger) => HarnessDurableFiles.Run(fs, ledger, files: 1),
            (fs, ledger) => HarnessDurableFiles.Verify(fs, ledger, files: 1),
            recover: fs =>
            {
                using var marker = fs.OpenFile("/recovered", FileOpenMode.CreateOrTruncate);
                marker.Sync();
            });

        var report = new CrashPointHarness(new CrashHarnessOptions { RandomOutcomesPerCrashPoint = 0, CrashDuringRecovery = true }).Run(workload);

        report.Passed.Should().BeTrue(report.ToString());
        report.CrashPoints.Should().Be(HarnessDurableFiles.OperationCount(1) + 1);
        report.RecoveryOutcomesExplored.Should().Be(report.CrashPoints * 2 * 3 * 3, "2 outcomes per crash point, r = 0..2, 3 second crashes each");
        report.OutcomesExplored.Should().Be((report.CrashPoints * 2) + report.RecoveryOutcomesExplored);
    }

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
