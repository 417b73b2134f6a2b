namespace FromScratch.CrashHarness;

/// <summary>Where a <see cref="CrashPointHarness.Run"/> is, reported after every crash point.</summary>
/// <param name="Workload">The workload's name.</param>
/// <param name="CrashPointsDone">Crash points finished so far.</param>
/// <param name="CrashPointsTotal">Crash points the run will visit.</param>
/// <param name="OutcomesExplored">Crash outcomes verified so far (each crash point has several).</param>
/// <param name="Violations">Violations found so far.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record CrashProgress(
    string Workload,
    long CrashPointsDone,
    long CrashPointsTotal,
    long OutcomesExplored,
    int Violations,
    TimeSpan Elapsed);
