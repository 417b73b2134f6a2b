namespace FromScratch.Wal.Tests;

/// <summary>
/// Time limits for tests that wait on other threads. With the reference they finish in well under
/// a second; against a broken implementation (a leader that never hands over, a follower never
/// completed, a Dispose that waits for an append that will never finish) they would otherwise
/// hang the whole run. xunit fails such a test when its limit passes, so a learner sees which
/// test is stuck instead of a run that never ends. Only async tests can have a limit.
/// </summary>
internal static class StepTimeouts
{
    /// <summary>Group commit (step 05): two minutes, far above the reference's time on a busy machine.</summary>
    public const int GroupCommit = 120_000;
}
