using FromScratch.Shared.FileSystems;

namespace FromScratch.CrashHarness;

/// <summary>The result of one crash case (one crash point, one outcome), as <see cref="CrashPointHarness.Replay(ICrashWorkload, long, int)"/> returns it.</summary>
/// <param name="CrashPoint">k: the power went after operation k.</param>
/// <param name="Outcome">The outcome index.</param>
/// <param name="Verdict">Passed, accepted corruption, or violated.</param>
/// <param name="Message">The violation's or the accepted corruption's message; null when it passed.</param>
/// <param name="Trace">Every counted operation of the interrupted run, in order.</param>
public sealed record CrashCaseResult(
    long CrashPoint,
    int Outcome,
    CrashVerdict Verdict,
    string? Message,
    IReadOnlyList<FileSystemOperation> Trace);
