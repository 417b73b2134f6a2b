using FromScratch.Shared.FileSystems;

namespace FromScratch.CrashHarness;

/// <summary>Options of a <see cref="CrashPointHarness"/>.</summary>
public sealed record CrashHarnessOptions
{
    /// <summary>The environment variable that asks for the long, exhaustive runs (value <c>1</c>).</summary>
    public const string ExhaustiveVariable = "FROMSCRATCH_EXHAUSTIVE";

    /// <summary>
    /// The seed of every random crash outcome. The outcome <c>j</c> at crash point <c>k</c> uses
    /// <see cref="CrashPointHarness.OutcomeSeed"/>(Seed, k, j), so one case replays on its own.
    /// </summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Random crash outcomes per crash point, in addition to the two deterministic extremes
    /// (every unsynced change lost, every one kept) that are always checked.
    /// </summary>
    public int RandomOutcomesPerCrashPoint { get; init; } = 4;

    /// <summary>Which unsynced changes a crash may keep; <see cref="CrashModel.Pessimistic"/> by default.</summary>
    public CrashModel Model { get; init; } = CrashModel.Pessimistic;

    /// <summary>
    /// At most this many crash points, spread evenly over 0..N (both ends included); null visits
    /// every one (exhaustive).
    /// </summary>
    public int? MaxCrashPoints { get; init; }

    /// <summary>Receives a <see cref="CrashProgress"/> after every crash point, on the harness's thread; null for none.</summary>
    public IProgress<CrashProgress>? Progress { get; init; }

    /// <summary>Stop at the first violation (true) or collect every one (false, the default).</summary>
    public bool StopAtFirstViolation { get; init; }

    /// <summary>
    /// Also crash the recovery: for every outcome that passes, run <see cref="ICrashWorkload.Recover"/>
    /// on it with the power cut after each of its operations (and after the last), crash that state
    /// again (<see cref="CrashPointHarness.RecoveryOutcomesPerCrashPoint"/> ways) and Verify. Off by
    /// default: it multiplies the outcomes by about 3 (R + 1), R the operations of a recovery.
    /// </summary>
    public bool CrashDuringRecovery { get; init; }

    /// <summary>How many of the last operations before the crash a violation shows.</summary>
    public int TraceTailLength { get; init; } = 10;

    /// <summary>Whether <see cref="ExhaustiveVariable"/> is set to 1: tests then run bigger workloads and more outcomes.</summary>
    public static bool ExhaustiveRequested =>
        Environment.GetEnvironmentVariable(ExhaustiveVariable) == "1";
}
