namespace FromScratch.Wal.Tests;

/// <summary>
/// Time limits for tests that wait on other threads. With the reference they finish in well under
/// a second; against a broken implementation (a leader that never hands over, a follower never
/// completed, a Dispose that waits for an append that will never finish) they would otherwise
/// hang the whole run.
/// </summary>
/// <remarks>
/// This limit is only the backstop. xunit fails a test when its <c>Timeout</c> passes only if the
/// test is awaiting at that moment; a test thread blocked inside <c>AppendAsync</c> or
/// <c>Dispose</c> is never timed out. The step-05 tests therefore make every call into the log
/// that may block through <see cref="Bounded"/>, which runs it off the test thread and fails after
/// <see cref="Bounded.Patience"/> naming what did not complete, well before this limit.
/// </remarks>
internal static class StepTimeouts
{
    /// <summary>Group commit (step 05): two minutes, far above the reference's time on a busy machine.</summary>
    public const int GroupCommit = 120_000;
}
