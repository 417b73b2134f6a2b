using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FromScratch.Shared.FileSystems;
using FromScratch.Wal;

namespace FromScratch.CrashHarness.Workloads;

/// <summary>
/// db-02's <see cref="WriteAheadLog"/> with group commit: in each round several appenders call
/// <see cref="WriteAheadLog.AppendAsync"/> concurrently, and the log batches them.
/// <code>
///   round r:   appender 0 (thread pool) ── AppendAsync ── leads: write, fsync ─┐ blocked in the
///                                                                             │ gate (SyncOverride)
///              main thread: appenders 1..A-1 ── AppendAsync (queued behind it)│
///              open the gate ─────────────────────────────────────────────────┘
///              batch 1 = {0}; batch 2 = {1..A-1}: one write, one fsync
///              each appender acknowledges when its task completes (if durable)
/// </code>
/// <para><b>What replays exactly.</b> The gate makes the batching deterministic: the leader of a
/// round is held inside its fsync until the others are queued, so every run issues the same
/// operations in the same order (mkdir, sync-dir, create, sync-dir, then per round: write, sync,
/// write, sync) and a (seed, k, outcome) replays exactly. What still varies is which thread runs a
/// batch and the order in which tasks complete; the checks use only the ledger, which records
/// attempts in queue order, so no verdict depends on timing.</para>
/// <para>Every third appender (1, 4, ...) appends with <c>durable: false</c>: it is never
/// acknowledged as durable, but it shares its batch's fsync. Invariant, after
/// <see cref="WriteAheadLog.Open(IFileSystem, string, WalOptions?, ICorruptionReporter?)"/> recovers
/// the log: the records read are a prefix of those queued that holds every durable acknowledged
/// one, and a durable append after recovery reads back last.</para>
/// </summary>
public sealed partial class GroupCommitWorkload : ICrashWorkload
{
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Creates the workload.</summary>
    /// <param name="rounds">How many rounds of concurrent appends.</param>
    /// <param name="appenders">Appenders per round (2 or more: a leader and at least one follower).</param>
    /// <param name="gated">
    /// True (the default): the gate fixes the batching, so every run issues the same operations and
    /// a case replays exactly. False: every appender of a round starts at once on the thread pool
    /// and the log batches them as they arrive; the operation count and the batches vary from run to
    /// run (a replay may visit a different state), but every run is checked against its own ledger.
    /// </param>
    public GroupCommitWorkload(int rounds = 3, int appenders = 4, bool gated = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        ArgumentOutOfRangeException.ThrowIfLessThan(appenders, 2);
        Rounds = rounds;
        Appenders = appenders;
        Gated = gated;
    }

    /// <summary>Whether the batching is fixed by the gate (exact replay) or left to timing.</summary>
    public bool Gated { get; }

    /// <summary>How many rounds it runs.</summary>
    public int Rounds { get; }

    /// <summary>Concurrent appenders per round.</summary>
    public int Appenders { get; }

    /// <inheritdoc/>
    public string Name => $"wal: WriteAheadLog, group commit ({Rounds} rounds x {Appenders} appenders{(Gated ? string.Empty : ", free-running")})";

    /// <inheritdoc/>
    public void Run(IFileSystem fileSystem, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(ledger);
        WalRecords.CreateDirectory(fileSystem);
        var gate = new SyncGate();
        var log = WriteAheadLog.Open(fileSystem, WalRecords.LogPath, new WalOptions { SyncOverride = gate.Sync });
        var tasks = new List<Task>();
        try
        {
            for (var round = 1; round <= Rounds; round++)
            {
                RunRound(log, ledger, gate, round, tasks);
            }
        }
        finally
        {
            // Dispose waits for queued appends; if one never completed (a hung log, already reported
            // by the TimeoutException) it would wait forever, so the log is then left open.
            if (tasks.TrueForAll(t => t.IsCompleted))
            {
                log.Dispose();
            }
        }
    }

    /// <inheritdoc/>
    public void Recover(IFileSystem recovered)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        if (recovered.DirectoryExists(WalRecords.DirectoryPath) && recovered.FileExists(WalRecords.LogPath))
        {
            using var log = WriteAheadLog.Open(recovered, WalRecords.LogPath);
        }
    }

    /// <inheritdoc/>
    public void Verify(IFileSystem recovered, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        ArgumentNullException.ThrowIfNull(ledger);
        WalRecords.Verify(
            recovered,
            ledger,
            fs =>
            {
                var log = WriteAheadLog.Open(fs, WalRecords.LogPath);
                return record =>
                {
                    using (log)
                    {
                        log.AppendAsync(record, durable: true).AsTask().GetAwaiter().GetResult();
                    }
                };
            },
            Gated ? null : records => CheckFreeRunning(ledger, records));
    }

    // Free-running appenders record their attempts on their own threads, so the ledger cannot know
    // the order in which the log queued the records of one round. What is known: the rounds run one
    // after the other, and each appender's records follow its rounds. So the recovered log must be:
    // records of known appenders only, rounds never going back, every record of a round before the
    // last recovered one present, and per appender a prefix of its attempts holding every one it
    // acknowledged. Not checked: the order inside a round, and a gap inside the last round.
    private void CheckFreeRunning(CrashLedger ledger, IReadOnlyList<byte[]> records)
    {
        var byAppender = Enumerable.Range(0, Appenders).Select(_ => new List<byte[]>()).ToList();
        var lastRound = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var tag = Encoding.ASCII.GetString(records[i].AsSpan(0, Math.Min(records[i].Length, 32))).TrimEnd();
            var match = TagPattern().Match(tag);
            var round = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var appender = match.Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : -1;
            if (appender < 0 || appender >= Appenders || round < 1 || round > Rounds)
            {
                throw new CrashInvariantViolation($"'{WalRecords.Key}': recovered record #{i + 1} {CrashLedger.Describe(records[i])} was never written.");
            }
            if (round < lastRound)
            {
                throw new CrashInvariantViolation($"'{WalRecords.Key}': recovered record #{i + 1} {CrashLedger.Describe(records[i])} of round {round} follows a record of round {lastRound}.");
            }
            lastRound = round;
            byAppender[appender].Add(records[i]);
        }

        for (var appender = 0; appender < Appenders; appender++)
        {
            var key = Key(appender);
            ledger.ExpectSequence(key, byAppender[appender]);
            var before = ledger.Attempted(key).Count(a => RoundOf(a) < lastRound);
            if (byAppender[appender].Count < before)
            {
                throw new CrashInvariantViolation(
                    $"'{WalRecords.Key}': a record of round {lastRound} survived, but appender {appender}'s record of round {byAppender[appender].Count + 1}, queued before it, is missing: the log has a gap.");
            }
        }
    }

    private static int RoundOf(byte[] payload)
    {
        var match = TagPattern().Match(Encoding.ASCII.GetString(payload.AsSpan(0, Math.Min(payload.Length, 32))));
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^round (\d+) appender (\d+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    private string Key(int appender) => Gated ? WalRecords.Key : string.Create(CultureInfo.InvariantCulture, $"{WalRecords.Key} appender {appender}");

    private static bool IsDurable(int appender) => appender % 3 != 1;

    private void RunRound(WriteAheadLog log, CrashLedger ledger, SyncGate gate, int round, List<Task> tasks)
    {
        var first = tasks.Count;
        if (!Gated)
        {
            for (var appender = 0; appender < Appenders; appender++)
            {
                var index = appender;
                tasks.Add(Task.Run(() => AppendAsync(log, ledger, round, index)));
            }
            WaitForRound(tasks, first, round);
            return;
        }
        gate.Close();
        try
        {
            var leader = Task.Run(() => AppendAsync(log, ledger, round, 0));
            tasks.Add(leader);
            // Wait until the leader is inside its fsync (or finished: the power went out first).
            if (!Task.WhenAny(gate.Entered, leader).Wait(GateTimeout))
            {
                throw new TimeoutException($"round {round}: the leader neither reached its fsync nor finished within {GateTimeout.TotalSeconds} s.");
            }
            for (var appender = 1; appender < Appenders; appender++)
            {
                tasks.Add(AppendAsync(log, ledger, round, appender));
            }
        }
        finally
        {
            gate.Open();
        }

        WaitForRound(tasks, first, round);
    }

    private static void WaitForRound(List<Task> tasks, int first, int round)
    {
        bool completed;
        try
        {
            completed = Task.WaitAll(tasks.GetRange(first, tasks.Count - first).ToArray(), GateTimeout);
        }
        catch (AggregateException e)
        {
            // The power went out (or the log is poisoned by it): the first failure ends the run.
            throw e.InnerExceptions[0];
        }
        if (!completed)
        {
            throw new TimeoutException($"round {round}: appends did not complete within {GateTimeout.TotalSeconds} s.");
        }
    }

    private async Task AppendAsync(WriteAheadLog log, CrashLedger ledger, int round, int appender)
    {
        var durable = IsDurable(appender);
        var payload = WalRecords.Payload($"round {round} appender {appender}", appender % 2 == 0 ? 120 : 3_000);
        var key = Key(appender);
        ledger.Attempt(key, payload);
        await log.AppendAsync(payload, durable).ConfigureAwait(false);
        if (durable)
        {
            ledger.Acknowledge(key, payload);
        }
    }

    // Holds the first fsync after Close() until Open(), and tells the workload when it is held.
    private sealed class SyncGate
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private ManualResetEventSlim _open = new(initialState: true);
        private bool _armed;

        public Task Entered
        {
            get
            {
                lock (_lock)
                {
                    return _entered.Task;
                }
            }
        }

        public void Close()
        {
            lock (_lock)
            {
                _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _open = new ManualResetEventSlim(initialState: false);
                _armed = true;
            }
        }

        public void Open()
        {
            lock (_lock)
            {
                _armed = false;
                _open.Set();
            }
        }

        public void Sync(IFileHandle file)
        {
            ManualResetEventSlim? wait = null;
            lock (_lock)
            {
                if (_armed)
                {
                    _armed = false;
                    wait = _open;
                    _entered.TrySetResult();
                }
            }
            if (wait is not null && !wait.Wait(GateTimeout))
            {
                throw new TimeoutException($"the sync gate was not opened within {GateTimeout.TotalSeconds} s.");
            }
            file.Sync(FileSyncKind.Data);
        }
    }
}
