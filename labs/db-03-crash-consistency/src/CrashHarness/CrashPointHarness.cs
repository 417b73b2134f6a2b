using System.Diagnostics;
using System.Globalization;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.CrashHarness;

/// <summary>
/// Crashes a workload at every I/O operation and checks what recovery finds.
/// <code>
///   reference run on a fresh SimulatedFileSystem:   N counted operations
///
///   for k = 0 .. N                                   (crash points; k = N: after the last one)
///     fresh fs, PowerLossAfter = k, fresh ledger
///     Run(fs, ledger)          ── operation k+1 throws PowerLossException; the run ends there
///     for j = 0 .. 1 + R                             (crash outcomes at this point)
///       crashed = j = 0: fs.CrashLosingAllUnsynced()
///                 j = 1: fs.CrashKeepingAllUnsynced()
///                 j ≥ 2: fs.Crash(new Random(OutcomeSeed(seed, k, j)))
///       Verify(crashed, ledger) ── passes, or raises an accepted corruption report, or violates
/// </code>
/// <para><b>Crash during recovery</b> (<see cref="CrashHarnessOptions.CrashDuringRecovery"/>): for
/// each outcome that passed, the workload's <see cref="ICrashWorkload.Recover"/> runs on that state
/// with the power cut after its operation r, for r = 0..R (R = its operation count), the state is
/// crashed again (losing all, keeping all, one random choice of what recovery left unsynced) and
/// Verify checks it: recovery must be safe to interrupt (a truncation not yet synced, a rewrite in
/// place) and safe to repeat.</para>
/// <para>Crash point k means "the power went after operation k": operations 1..k happened (and
/// those not made durable may or may not survive, per <see cref="CrashModel"/>), operation k + 1
/// did not. Together with the random outcomes this explores what a real power failure could leave
/// at each moment, and a failing case is named by (seed, k, j) and replays on its own with
/// <see cref="Replay(ICrashWorkload, long, int)"/>.</para>
/// <para><b>What replays exactly.</b> A workload that runs on one thread issues the same
/// operations on every run, so (seed, k, j) reproduces the same file-system state bit for bit. A
/// workload with threads replays exactly only if its operation order does not depend on timing
/// (the group-commit workload makes batching deterministic with a gate); otherwise the harness
/// still checks every run's invariants against that run's own ledger, so a verdict never depends
/// on timing, but a replay may visit a different state.</para>
/// <para>Not thread-safe; a run is sequential (one crash point at a time).</para>
/// </summary>
public sealed class CrashPointHarness
{
    private const int ExtremeOutcomes = 2;

    /// <summary>Creates a harness with <paramref name="options"/> (defaults when null).</summary>
    public CrashPointHarness(CrashHarnessOptions? options = null)
    {
        Options = options ?? new CrashHarnessOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(Options.RandomOutcomesPerCrashPoint, nameof(options));
        if (Options.MaxCrashPoints is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 2, nameof(options));
        }
        ArgumentNullException.ThrowIfNull(Options.Model, nameof(options));
    }

    /// <summary>The options of this harness.</summary>
    public CrashHarnessOptions Options { get; }

    /// <summary>Crash outcomes per crash point: the two extremes plus the random ones.</summary>
    public int OutcomesPerCrashPoint => ExtremeOutcomes + Options.RandomOutcomesPerCrashPoint;

    /// <summary>
    /// The seed of random outcome <paramref name="outcome"/> at crash point
    /// <paramref name="crashPoint"/>: a fixed mix (SplitMix64's finaliser) of the three numbers,
    /// the same on every platform and in every process (unlike <see cref="HashCode"/>).
    /// </summary>
    public static int OutcomeSeed(int seed, long crashPoint, int outcome)
    {
        var x = (ulong)(uint)seed;
        x = Mix(x + 0x9E3779B97F4A7C15UL);
        x = Mix(x ^ (ulong)crashPoint);
        x = Mix(x ^ (uint)outcome);
        return (int)(x & 0x7FFF_FFFF);
    }

    /// <summary>
    /// Second crashes per recovery crash point when <see cref="CrashHarnessOptions.CrashDuringRecovery"/>
    /// is set: 0 losing all that recovery left unsynced, 1 keeping all of it, 2 a random choice.
    /// </summary>
    public static int RecoveryOutcomesPerCrashPoint => 3;

    /// <summary>
    /// The seed of the random second crash (recovery outcome 2) after recovery of crash (k, j) was
    /// interrupted after its operation <paramref name="recoveryCrashPoint"/>.
    /// </summary>
    public static int RecoveryOutcomeSeed(int seed, long crashPoint, int outcome, long recoveryCrashPoint) =>
        OutcomeSeed(OutcomeSeed(seed, crashPoint, outcome), recoveryCrashPoint, ExtremeOutcomes);

    /// <summary>A recovery crash case in words, e.g. <c>recovery cut after its operation 2, then keeping all unsynced</c>.</summary>
    public string DescribeRecoveryOutcome(long crashPoint, int outcome, long recoveryCrashPoint, int recoveryOutcome) =>
        string.Create(CultureInfo.InvariantCulture, $"recovery cut after its operation {recoveryCrashPoint}, then ") + recoveryOutcome switch
        {
            0 => "losing all unsynced",
            1 => "keeping all unsynced",
            _ => string.Create(CultureInfo.InvariantCulture, $"random (seed {RecoveryOutcomeSeed(Options.Seed, crashPoint, outcome, recoveryCrashPoint)})"),
        };

    /// <summary>The outcome index in words: 0 losing all unsynced, 1 keeping all unsynced, j ≥ 2 random with its seed.</summary>
    public string DescribeOutcome(long crashPoint, int outcome) => outcome switch
    {
        0 => "losing all unsynced",
        1 => "keeping all unsynced",
        _ => string.Create(CultureInfo.InvariantCulture, $"random #{outcome - ExtremeOutcomes + 1} (seed {OutcomeSeed(Options.Seed, crashPoint, outcome)})"),
    };

    /// <summary>Runs <paramref name="workload"/> once without a crash and returns its number of counted operations, N.</summary>
    /// <exception cref="InvalidOperationException">The workload failed without any crash.</exception>
    public long CountOperations(ICrashWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var fileSystem = new SimulatedFileSystem(Options.Model);
        try
        {
            workload.Run(fileSystem, new CrashLedger());
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"The workload '{workload.Name}' failed without any crash, so there is nothing to crash-test: {e.Message}", e);
        }
        return fileSystem.OperationCount;
    }

    /// <summary>Crashes <paramref name="workload"/> at every crash point (or <see cref="CrashHarnessOptions.MaxCrashPoints"/> of them) and verifies every outcome.</summary>
    /// <returns>The counts and every violation.</returns>
    /// <exception cref="InvalidOperationException">The workload failed without any crash.</exception>
    public CrashRunReport Run(ICrashWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var stopwatch = Stopwatch.StartNew();
        var operationCount = CountOperations(workload);
        var points = CrashPoints(operationCount);
        var violations = new List<CrashViolation>();
        long done = 0, outcomes = 0, accepted = 0, unreached = 0, recoveryOutcomes = 0;

        foreach (var k in points)
        {
            var run = RunUntilPowerLoss(workload, k);
            if (!run.PowerWentOut && run.FileSystem.OperationCount < k)
            {
                unreached++;
            }
            if (run.Failure is not null)
            {
                violations.Add(Violation(workload, k, -1, run.PowerWentOut ? "after the power loss" : "before the power loss",
                    FailureMessage(run), run.FileSystem.Trace));
            }
            else
            {
                for (var j = 0; j < OutcomesPerCrashPoint; j++)
                {
                    var (verdict, message) = Check(workload, run, k, j);
                    outcomes++;
                    if (verdict == CrashVerdict.AcceptedCorruption)
                    {
                        accepted++;
                    }
                    else if (verdict == CrashVerdict.Violated)
                    {
                        violations.Add(Violation(workload, k, j, DescribeOutcome(k, j), message!, run.FileSystem.Trace));
                        if (Options.StopAtFirstViolation)
                        {
                            break;
                        }
                    }
                    else if (Options.CrashDuringRecovery)
                    {
                        var recoveryOperations = CountRecoveryOperations(workload, run, k, j);
                        for (long r = 0; r <= recoveryOperations && !(Options.StopAtFirstViolation && violations.Count > 0); r++)
                        {
                            for (var i = 0; i < RecoveryOutcomesPerCrashPoint; i++)
                            {
                                var (recoveryVerdict, recoveryMessage) = CheckRecoveryCrash(workload, run, k, j, r, i);
                                outcomes++;
                                recoveryOutcomes++;
                                if (recoveryVerdict == CrashVerdict.AcceptedCorruption)
                                {
                                    accepted++;
                                }
                                else if (recoveryVerdict == CrashVerdict.Violated)
                                {
                                    violations.Add(Violation(workload, k, j, DescribeOutcome(k, j), recoveryMessage!, run.FileSystem.Trace) with
                                    {
                                        RecoveryCrashPoint = r,
                                        RecoveryOutcome = i,
                                        RecoveryOutcomeDescription = DescribeRecoveryOutcome(k, j, r, i),
                                    });
                                    if (Options.StopAtFirstViolation)
                                    {
                                        break;
                                    }
                                }
                            }
                        }
                        if (Options.StopAtFirstViolation && violations.Count > 0)
                        {
                            break;
                        }
                    }
                }
            }

            done++;
            Options.Progress?.Report(new CrashProgress(workload.Name, done, points.Count, outcomes, violations.Count, stopwatch.Elapsed));
            if (Options.StopAtFirstViolation && violations.Count > 0)
            {
                break;
            }
        }

        return new CrashRunReport(workload.Name, Options.Seed, Options.Model, operationCount, done, outcomes, accepted, unreached, violations, stopwatch.Elapsed)
        {
            RecoveryOutcomesExplored = recoveryOutcomes,
        };
    }

    /// <summary>
    /// Re-runs exactly one case: the workload interrupted after operation <paramref name="crashPoint"/>,
    /// crash outcome <paramref name="outcome"/>, verified. Use it with the (seed, k, outcome) of a
    /// reported violation to debug it.
    /// </summary>
    /// <param name="workload">The workload (a fresh instance, or one whose runs do not depend on each other).</param>
    /// <param name="crashPoint">k, as reported.</param>
    /// <param name="outcome">The outcome index, as reported (0 and 1 are the extremes).</param>
    /// <returns>The verdict, its message, and the full operation trace of the interrupted run.</returns>
    public CrashCaseResult Replay(ICrashWorkload workload, long crashPoint, int outcome)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfNegative(crashPoint);
        ArgumentOutOfRangeException.ThrowIfNegative(outcome);
        var run = RunUntilPowerLoss(workload, crashPoint);
        if (run.Failure is not null)
        {
            return new CrashCaseResult(crashPoint, outcome, CrashVerdict.Violated,
                FailureMessage(run), run.FileSystem.Trace);
        }
        var (verdict, message) = Check(workload, run, crashPoint, outcome);
        return new CrashCaseResult(crashPoint, outcome, verdict, message, run.FileSystem.Trace);
    }

    /// <summary>
    /// Re-runs exactly one crash-during-recovery case: crash (<paramref name="crashPoint"/>,
    /// <paramref name="outcome"/>), then <see cref="ICrashWorkload.Recover"/> interrupted after its
    /// operation <paramref name="recoveryCrashPoint"/>, then second crash
    /// <paramref name="recoveryOutcome"/> (0..2), verified.
    /// </summary>
    /// <param name="workload">The workload.</param>
    /// <param name="crashPoint">k, as reported.</param>
    /// <param name="outcome">The first crash's outcome index, as reported.</param>
    /// <param name="recoveryCrashPoint">r, as reported: the power went after recovery's operation r.</param>
    /// <param name="recoveryOutcome">The second crash's outcome index, as reported.</param>
    /// <returns>The verdict, its message, and the full operation trace of the interrupted workload run.</returns>
    public CrashCaseResult Replay(ICrashWorkload workload, long crashPoint, int outcome, long recoveryCrashPoint, int recoveryOutcome)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfNegative(crashPoint);
        ArgumentOutOfRangeException.ThrowIfNegative(outcome);
        ArgumentOutOfRangeException.ThrowIfNegative(recoveryCrashPoint);
        ArgumentOutOfRangeException.ThrowIfNegative(recoveryOutcome);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(recoveryOutcome, RecoveryOutcomesPerCrashPoint);
        var run = RunUntilPowerLoss(workload, crashPoint);
        if (run.Failure is not null)
        {
            return new CrashCaseResult(crashPoint, outcome, CrashVerdict.Violated,
                FailureMessage(run), run.FileSystem.Trace);
        }
        var (verdict, message) = CheckRecoveryCrash(workload, run, crashPoint, outcome, recoveryCrashPoint, recoveryOutcome);
        return new CrashCaseResult(crashPoint, outcome, verdict, message, run.FileSystem.Trace);
    }

    private static bool IsInputOutputFailure(Exception e) => e switch
    {
        IOException => true,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(IsInputOutputFailure),
        _ => false,
    };

    private static string FailureMessage(InterruptedRun run) => run.PowerWentOut
        ? $"the workload failed after the power loss with an error that is not an I/O error: {run.Failure!.GetType().Name}: {run.Failure.Message}"
        : $"the workload failed before the power loss: {run.Failure!.GetType().Name}: {run.Failure.Message}";

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private List<long> CrashPoints(long operationCount)
    {
        var total = operationCount + 1;
        if (Options.MaxCrashPoints is not { } max || total <= max)
        {
            var all = new List<long>((int)Math.Min(total, int.MaxValue));
            for (long k = 0; k <= operationCount; k++)
            {
                all.Add(k);
            }
            return all;
        }

        // Evenly spread, both ends included: 0 (nothing happened) and N (everything happened).
        var chosen = new SortedSet<long>();
        for (var i = 0; i < max; i++)
        {
            chosen.Add((long)Math.Round((double)i * operationCount / (max - 1)));
        }
        return [.. chosen];
    }

    private InterruptedRun RunUntilPowerLoss(ICrashWorkload workload, long crashPoint)
    {
        var fileSystem = new SimulatedFileSystem(Options.Model) { PowerLossAfter = crashPoint };
        var ledger = new CrashLedger();
        Exception? failure = null;
        try
        {
            workload.Run(fileSystem, ledger);
        }
        catch (Exception e) when (fileSystem.PowerLost && IsInputOutputFailure(e))
        {
            // The expected end of an interrupted run: PowerLossException, or whatever I/O error the
            // code under test turned it into (an IOException of a poisoned log, an AggregateException
            // of them). Anything else after the power loss (a TimeoutException of a hung appender,
            // a NullReferenceException in an error path) is a bug the crash exposed: a failure.
        }
        catch (Exception e)
        {
            failure = e;
        }
        var powerWentOut = fileSystem.PowerLost;
        return new InterruptedRun(fileSystem, ledger, powerWentOut, failure);
    }

    private (CrashVerdict Verdict, string? Message) Check(ICrashWorkload workload, InterruptedRun run, long crashPoint, int outcome) =>
        Judge(workload, CrashOutcome(run, crashPoint, outcome), run.Ledger);

    // The state after crash (k, j): a pure function of the dead run and (seed, k, j), so it can be
    // produced again for every recovery crash point.
    private SimulatedFileSystem CrashOutcome(InterruptedRun run, long crashPoint, int outcome) => outcome switch
    {
        0 => run.FileSystem.CrashLosingAllUnsynced(),
        1 => run.FileSystem.CrashKeepingAllUnsynced(),
        _ => run.FileSystem.Crash(new Random(OutcomeSeed(Options.Seed, crashPoint, outcome))),
    };

    // How many counted operations the workload's Recover issues on crash outcome (k, j); 0 when it
    // fails (the outcome's own Verify has judged that already) or writes nothing.
    private long CountRecoveryOperations(ICrashWorkload workload, InterruptedRun run, long crashPoint, int outcome)
    {
        var state = CrashOutcome(run, crashPoint, outcome);
        try
        {
            workload.Recover(state);
        }
        catch (Exception)
        {
            return 0;
        }
        return state.OperationCount;
    }

    // Crash (k, j), then recovery interrupted after its operation r, then a second crash (outcome i
    // of that state), then the workload's full Verify.
    private (CrashVerdict Verdict, string? Message) CheckRecoveryCrash(ICrashWorkload workload, InterruptedRun run, long crashPoint, int outcome, long recoveryCrashPoint, int recoveryOutcome)
    {
        var state = CrashOutcome(run, crashPoint, outcome);
        state.PowerLossAfter = recoveryCrashPoint;
        try
        {
            workload.Recover(state);
        }
        catch (Exception e) when (state.PowerLost && IsInputOutputFailure(e))
        {
            // The expected end of an interrupted recovery.
        }
        catch (CorruptionException corruption) when (workload.IsAcceptableCorruption(corruption, run.Ledger))
        {
            return (CrashVerdict.AcceptedCorruption, corruption.Message);
        }
        catch (Exception e)
        {
            return (CrashVerdict.Violated, $"recovery failed before the second crash: {e.GetType().Name}: {e.Message}");
        }
        var again = recoveryOutcome switch
        {
            0 => state.CrashLosingAllUnsynced(),
            1 => state.CrashKeepingAllUnsynced(),
            _ => state.Crash(new Random(RecoveryOutcomeSeed(Options.Seed, crashPoint, outcome, recoveryCrashPoint))),
        };
        return Judge(workload, again, run.Ledger);
    }

    private static (CrashVerdict Verdict, string? Message) Judge(ICrashWorkload workload, SimulatedFileSystem crashed, CrashLedger ledger)
    {
        try
        {
            workload.Verify(crashed, ledger);
            return (CrashVerdict.Passed, null);
        }
        catch (CrashInvariantViolation violation)
        {
            return (CrashVerdict.Violated, violation.Message);
        }
        catch (CorruptionException corruption) when (workload.IsAcceptableCorruption(corruption, ledger))
        {
            return (CrashVerdict.AcceptedCorruption, corruption.Message);
        }
        catch (Exception e)
        {
            return (CrashVerdict.Violated, $"recovery failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private CrashViolation Violation(ICrashWorkload workload, long crashPoint, int outcome, string description, string message, IReadOnlyList<FileSystemOperation> trace)
    {
        var tail = trace.Skip(Math.Max(0, trace.Count - Options.TraceTailLength)).ToList();
        return new CrashViolation(workload.Name, Options.Seed, crashPoint, outcome, description, message, tail);
    }

    private sealed record InterruptedRun(SimulatedFileSystem FileSystem, CrashLedger Ledger, bool PowerWentOut, Exception? Failure);
}
