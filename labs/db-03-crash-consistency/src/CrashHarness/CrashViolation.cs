using System.Globalization;
using System.Text;
using FromScratch.Shared.FileSystems;

namespace FromScratch.CrashHarness;

/// <summary>
/// One failed crash case: enough to read what went wrong and to replay exactly that case with
/// <see cref="CrashPointHarness.Replay(ICrashWorkload, long, int)"/>.
/// </summary>
/// <param name="Workload">The workload's name.</param>
/// <param name="Seed">The harness seed (<see cref="CrashHarnessOptions.Seed"/>).</param>
/// <param name="CrashPoint">k: the power went after operation k (0 = before the first one).</param>
/// <param name="Outcome">The index of the crash outcome at that point (see <see cref="CrashPointHarness.DescribeOutcome"/>).</param>
/// <param name="OutcomeDescription">The outcome in words, e.g. <c>losing all unsynced</c> or <c>random #3 (seed 1234)</c>.</param>
/// <param name="Message">What was lost or invented, or how recovery failed.</param>
/// <param name="TraceTail">The last operations before the power loss.</param>
public sealed record CrashViolation(
    string Workload,
    int Seed,
    long CrashPoint,
    int Outcome,
    string OutcomeDescription,
    string Message,
    IReadOnlyList<FileSystemOperation> TraceTail)
{
    /// <summary>For a crash during recovery: r, the recovery operation after which the power went a second time; null otherwise.</summary>
    public long? RecoveryCrashPoint { get; init; }

    /// <summary>For a crash during recovery: the second crash's outcome index (0..2); null otherwise.</summary>
    public int? RecoveryOutcome { get; init; }

    /// <summary>For a crash during recovery: the second crash in words; null otherwise.</summary>
    public string? RecoveryOutcomeDescription { get; init; }

    /// <summary>The one line of C# that re-runs exactly this case.</summary>
    public string ReplayHint => RecoveryCrashPoint is { } r
        ? string.Create(CultureInfo.InvariantCulture,
            $"new CrashPointHarness(options with {{ Seed = {Seed} }}).Replay(workload, crashPoint: {CrashPoint}, outcome: {Outcome}, recoveryCrashPoint: {r}, recoveryOutcome: {RecoveryOutcome})")
        : string.Create(CultureInfo.InvariantCulture,
            $"new CrashPointHarness(options with {{ Seed = {Seed} }}).Replay(workload, crashPoint: {CrashPoint}, outcome: {Outcome})");

    /// <summary>The violation on several lines: where, what, the trace tail and the replay hint.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{Workload}] seed {Seed}, crash point k={CrashPoint}, outcome {Outcome} ({OutcomeDescription})");
        if (RecoveryCrashPoint is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", {RecoveryOutcomeDescription}");
        }
        text.AppendLine();
        text.Append("  ").AppendLine(Message);
        text.AppendLine(TraceTail.Count == 0 ? "  no operation ran before the power loss" : "  last operations before the power loss:");
        foreach (var operation in TraceTail)
        {
            text.Append("    ").AppendLine(operation.ToString());
        }
        text.Append("  replay: ").Append(ReplayHint);
        return text.ToString();
    }
}
