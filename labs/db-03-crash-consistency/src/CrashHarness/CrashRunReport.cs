using System.Globalization;
using System.Text;
using FromScratch.Shared.FileSystems;

namespace FromScratch.CrashHarness;

/// <summary>What a <see cref="CrashPointHarness.Run"/> explored and found.</summary>
/// <param name="Workload">The workload's name.</param>
/// <param name="Seed">The harness seed.</param>
/// <param name="Model">The crash model.</param>
/// <param name="OperationCount">N: counted operations of the workload's uninterrupted reference run.</param>
/// <param name="CrashPoints">Crash points visited (N + 1 when exhaustive: k = 0..N).</param>
/// <param name="OutcomesExplored">Crash outcomes verified, over all crash points.</param>
/// <param name="AcceptedCorruptions">Outcomes in which recovery raised a corruption report the workload accepts.</param>
/// <param name="UnreachedCrashPoints">
/// Crash points at which the run finished before reaching operation k + 1 (only a workload whose
/// operation count varies from run to run, such as a multi-threaded one, has any).
/// </param>
/// <param name="Violations">Every violation found (the first one only with <see cref="CrashHarnessOptions.StopAtFirstViolation"/>).</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record CrashRunReport(
    string Workload,
    int Seed,
    CrashModel Model,
    long OperationCount,
    long CrashPoints,
    long OutcomesExplored,
    long AcceptedCorruptions,
    long UnreachedCrashPoints,
    IReadOnlyList<CrashViolation> Violations,
    TimeSpan Elapsed)
{
    private const int ViolationsShown = 5;

    /// <summary>
    /// Of <see cref="OutcomesExplored"/>, the crash-during-recovery cases (0 unless
    /// <see cref="CrashHarnessOptions.CrashDuringRecovery"/> is set).
    /// </summary>
    public long RecoveryOutcomesExplored { get; init; }

    /// <summary>Whether no violation was found.</summary>
    public bool Passed => Violations.Count == 0;

    /// <summary>Crash outcomes verified per second of wall-clock time.</summary>
    public double OutcomesPerSecond => Elapsed > TimeSpan.Zero ? OutcomesExplored / Elapsed.TotalSeconds : 0;

    /// <summary>The summary line, then the first few violations in full (tests print this on failure).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"[{Workload}] seed {Seed}: {OperationCount} operations, {CrashPoints} crash points, {OutcomesExplored} outcomes explored, ")
            .Append(CultureInfo.InvariantCulture,
            $"{AcceptedCorruptions} accepted corruption reports, {Violations.Count} violations ({Elapsed.TotalSeconds:F1} s, {OutcomesPerSecond:F0} outcomes/s)");
        if (RecoveryOutcomesExplored > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {RecoveryOutcomesExplored} of the outcomes crash the recovery too");
        }
        if (UnreachedCrashPoints > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {UnreachedCrashPoints} crash points not reached");
        }
        foreach (var violation in Violations.Take(ViolationsShown))
        {
            text.AppendLine().Append(violation);
        }
        if (Violations.Count > ViolationsShown)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"... and {Violations.Count - ViolationsShown} more violations");
        }
        return text.ToString();
    }
}
