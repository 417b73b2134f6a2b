using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.CrashHarness;

/// <summary>
/// A piece of storage code under test, as the <see cref="CrashPointHarness"/> drives it: a
/// deterministic sequence of file-system operations (<see cref="Run"/>) and a recovery that checks
/// what survived a crash against what was promised (<see cref="Verify"/>).
/// <code>
///   Run(fs, ledger)            Verify(crashed, ledger)
///   ───────────────            ───────────────────────────────────────────────
///   ledger.Attempt(k, v)       recover (open the log, the page file, the config)
///   write v ... fsync          read back what recovery returns
///   ledger.Acknowledge(k, v)   ledger.ExpectSequence / ExpectValue: every acknowledged
///                              write present, nothing that was never attempted
/// </code>
/// <para><b>Rules for <see cref="Run"/>.</b> Record a write in the ledger with
/// <see cref="CrashLedger.Attempt"/> before issuing it, and call
/// <see cref="CrashLedger.Acknowledge(string, ReadOnlySpan{byte})"/> exactly when the code under
/// test tells its caller "durable" (the method returned, the task completed). Use only the given
/// file system. Do not catch <see cref="PowerLossException"/> to keep going: once the power is out,
/// every operation throws, and the harness treats any exception that escapes after the power loss
/// as the end of the run. A single-threaded <see cref="Run"/> issues the same operations every time
/// and so replays exactly; see <see cref="CrashPointHarness"/> for threads.</para>
/// <para><b>Rules for <see cref="Verify"/>.</b> It runs on a fresh file system holding only what
/// survived; it may change it (recovery truncates, appends). Throw <see cref="CrashInvariantViolation"/>
/// (the ledger's Expect methods do) naming what is missing or extra. Any other exception means that
/// recovery itself failed, which is a violation too, unless it is a <see cref="CorruptionException"/>
/// that <see cref="IsAcceptableCorruption"/> accepts.</para>
/// </summary>
public interface ICrashWorkload
{
    /// <summary>A short name for reports, e.g. <c>wal: LogWriter, sync per record</c>.</summary>
    string Name { get; }

    /// <summary>Runs the workload from an empty file system, recording attempts and acknowledgements.</summary>
    /// <param name="fileSystem">A fresh simulated file system (it may lose power at any operation).</param>
    /// <param name="ledger">An empty ledger for this run.</param>
    void Run(IFileSystem fileSystem, CrashLedger ledger);

    /// <summary>Recovers from <paramref name="recovered"/> and checks the workload's invariants against <paramref name="ledger"/>.</summary>
    /// <param name="recovered">The state after the crash (a new file system, all of it durable).</param>
    /// <param name="ledger">What the interrupted run attempted and acknowledged.</param>
    /// <exception cref="CrashInvariantViolation">An acknowledged write is missing, or something is returned that was never written.</exception>
    void Verify(IFileSystem recovered, CrashLedger ledger);

    /// <summary>
    /// Runs only the recovery a restarting process does before it serves (open the log and cut its
    /// torn tail, replay a journal), without checking anything, so the harness can cut the power in
    /// the middle of it (<see cref="CrashHarnessOptions.CrashDuringRecovery"/>). <see cref="Verify"/>
    /// must start with the same recovery. The default does nothing: no recovery crash is explored.
    /// </summary>
    /// <param name="recovered">The state after a crash; recovery may change it.</param>
    void Recover(IFileSystem recovered)
    {
    }

    /// <summary>
    /// Whether a <see cref="CorruptionException"/> that escaped <see cref="Verify"/> is a specified
    /// outcome for this crash (e.g. a page that was never acknowledged was torn) rather than a
    /// recovery failure. The default accepts none.
    /// </summary>
    /// <param name="corruption">The typed corruption report recovery raised.</param>
    /// <param name="ledger">What the interrupted run attempted and acknowledged.</param>
    /// <returns>True if the report is acceptable here.</returns>
    bool IsAcceptableCorruption(CorruptionException corruption, CrashLedger ledger) => false;
}
