using System.Diagnostics;
using FromScratch.Shared.FileSystems;

namespace FromScratch.Wal;

/// <summary>
/// A thread-safe write-ahead log with group commit: many concurrent <see cref="AppendAsync"/>
/// callers share one write and one fsync.
/// </summary>
/// <remarks>
/// <para><b>Group commit</b> follows LevelDB's writer queue (<c>DBImpl::Write</c> and
/// <c>BuildBatchGroup</c>):</para>
/// <code>
///   AppendAsync(r)      queue (front = leader)             the leader, outside the lock
///   ─────────────       ───────────────────────            ───────────────────────────────────
///   enqueue r           [L][f1][f2][f3][f4]...             take a prefix: L f1 f2 f3 (≤ bound)
///   front? lead         └─ batch ──────┘                   AddRecord each, Flush once,
///   else await turn                                        fsync once if any is durable,
///                                                          dequeue batch, complete f1 f2 f3,
///                                                          wake f4: "you lead the next batch"
/// </code>
/// <para>The leader does the I/O on its own thread: an <see cref="AppendAsync"/> call that finds
/// the queue empty writes and syncs synchronously before it returns (an already completed task);
/// when a batch ends with appends still queued, the next batch is led by a thread-pool work item on
/// behalf of the append at the front. Every append's task is completed by the leader of its batch.
/// A batch holds what queued during the previous batch's write and fsync; how many that is depends
/// on the workload. With N closed-loop writers (one append in flight each) and an fsync that
/// dominates the cycle, the group-commit experiment in Wal.Benchmarks measured batches near N/2:
/// an observation of that loop, not a property of the queue.</para>
/// <para>Records that arrive while a batch is being written queue up behind it and go together in
/// the next batch, so under load the number of fsyncs grows with the number of batches, not of
/// records. The batch size is bounded (<see cref="WalOptions.MaxBatchBytes"/>). Unlike LevelDB,
/// which keeps a sync write out of a non-sync leader's batch, a leader here syncs whenever any
/// record of its batch is durable.</para>
/// <para><b>Acknowledgement.</b> The task of a durable record completes after the fsync that
/// covers it; of a non-durable record after its bytes reached the operating system (a process
/// crash cannot lose it, a power failure can). Records reach the file in queue order, so a record
/// whose task completed before another record was submitted precedes it in the log. Once a record
/// is queued the cancellation token is no longer observed: its bytes may already be on their way to
/// disk, and a caller told "cancelled" would then disagree with the log.</para>
/// <para><b>A failed write or fsync poisons the log.</b> Every record of the failed batch fails,
/// every queued and every later append fails with an exception naming the original failure, and
/// the log must be reopened (which recovers from what is actually on disk). Retrying the fsync is
/// not safe: on Linux a failed fsync can leave the failed pages marked clean, so a second fsync
/// reports success for data that may never reach the disk. The writer has already cut the file
/// back to the end of its last successful sync when the failure arrives here (see
/// <see cref="LogWriter"/>), so a reopened log does not find the failed batch in the page cache
/// and build on it. PostgreSQL already crashed (PANIC) when
/// an fsync of its own WAL failed; after this Linux behaviour came to light in 2018 ("fsyncgate")
/// it extended that to data files instead of retrying the fsync at the next checkpoint
/// (commit "PANIC on fsync() failure", back-patched to 11.2, 10.7 and 9.6.12, February 2019; the
/// new setting <c>data_sync_retry</c> defaults to off; see the 10.7 release notes and
/// https://wiki.postgresql.org/wiki/Fsync_Errors). A crash is safe because recovery replays the WAL;
/// here, reopening the log plays that role.</para>
/// <para><b>Thread safety.</b> <see cref="AppendAsync"/>, <see cref="Statistics"/> and
/// <see cref="Dispose"/> may be called from any thread. One lock guards the queue, the poison and
/// the statistics; the file is touched only by the current leader, and there is at most one,
/// because only the writer at the front of the queue leads and the front changes only when a
/// leader dequeues its batch. <see cref="Dispose"/> returns only once every append it did not
/// refuse has completed.</para>
/// <para><b>Invariants</b>, checked under the lock at its entry and exit in Debug builds
/// (<c>AssertInvariants</c>):
/// <list type="number">
/// <item>A poisoned log has no queued appends: every one failed when the log was poisoned.</item>
/// <item>The count of batches dequeued but not yet completed is never negative; Dispose waits for it
/// to reach zero and for the queue to empty.</item>
/// <item>A queued append is not completed yet: only its batch's leader completes it, after the batch
/// left the queue.</item>
/// <item>fsyncs &lt;= batches &lt;= records, and no batch is larger than the records written.</item>
/// </list></para>
/// </remarks>
public sealed class WriteAheadLog : IDisposable
{
    private const int SmallRecord = 128 * 1024;

    // Lock order: _gate is the only lock; LogWriter takes none. The file (_writer) is touched only by
    // the current leader, outside the lock.
    private readonly object _gate = new();
    private readonly Queue<PendingAppend> _queue = new();   // guarded by _gate; front = the current or next leader
    private readonly LogWriter _writer;
    private readonly int _maxBatchBytes;
    private Exception? _poison;         // guarded by _gate
    private bool _disposed;             // guarded by _gate
    private int _completing;            // guarded by _gate: batches dequeued whose appends are still being completed
    private long _records;
    private long _bytes;
    private long _batches;
    private long _fsyncs;
    private int _largestBatch;

    private WriteAheadLog(string path, LogWriter writer, LogRecoveryResult? recovery, WalOptions options)
    {
        FilePath = path;
        _writer = writer;
        Recovery = recovery;
        _maxBatchBytes = options.MaxBatchBytes;
    }

    /// <summary>The log file.</summary>
    public string FilePath { get; }

    /// <summary>What recovery found when an existing log was opened; null for a new log.</summary>
    public LogRecoveryResult? Recovery { get; }

    /// <summary>This log's counters since it was opened.</summary>
    public WalStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new WalStatistics(_records, _bytes, _batches, _fsyncs, _largestBatch);
            }
        }
    }

    /// <summary>
    /// Opens the log at <paramref name="path"/> for appending: recovers it (see
    /// <see cref="LogRecovery"/>) if it exists, creates it otherwise.
    /// </summary>
    /// <param name="path">The log file.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="reporter">Receives what recovery's reader drops; null for none (the drops are also in <see cref="Recovery"/>).</param>
    /// <returns>The open log.</returns>
    public static WriteAheadLog Open(string path, WalOptions? options = null, ICorruptionReporter? reporter = null) =>
        Open(RealFileSystem.Instance, path, options, reporter);

    /// <summary>
    /// Opens the log at <paramref name="path"/> on <paramref name="fileSystem"/> for appending:
    /// recovers it (see <see cref="LogRecovery"/>) if it exists; otherwise creates it and syncs its
    /// directory, so that the new log's name survives a crash before any record is acknowledged.
    /// </summary>
    /// <param name="fileSystem">The file system that holds the log.</param>
    /// <param name="path">The log file.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="reporter">Receives what recovery's reader drops; null for none (the drops are also in <see cref="Recovery"/>).</param>
    /// <returns>The open log.</returns>
    public static WriteAheadLog Open(IFileSystem fileSystem, string path, WalOptions? options = null, ICorruptionReporter? reporter = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new WalOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxBatchBytes, nameof(options));
        if (fileSystem.FileExists(path))
        {
            var writer = LogRecovery.OpenForAppend(fileSystem, path, out var recovery, reporter, options.SyncOverride);
            return new WriteAheadLog(path, writer, recovery, options);
        }
        return new WriteAheadLog(path, LogWriter.Create(fileSystem, path, options.SyncOverride), null, options);
    }

    /// <summary>
    /// Appends <paramref name="record"/>; completes when it is in the log (after an fsync if
    /// <paramref name="durable"/>). The caller must not change the record's bytes until then.
    /// </summary>
    /// <param name="record">The record (0 bytes or more).</param>
    /// <param name="durable">Whether to complete only after the record is on stable storage.</param>
    /// <param name="cancellationToken">Observed only before the record is queued.</param>
    /// <returns>A task that completes when the record is acknowledged, or fails with an <see cref="IOException"/> if its batch failed or the log is poisoned.</returns>
    public ValueTask AppendAsync(ReadOnlyMemory<byte> record, bool durable, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        var append = new PendingAppend(record, durable);
        bool lead;
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.FromException(new ObjectDisposedException(nameof(WriteAheadLog)));
            }
            if (_poison is not null)
            {
                return ValueTask.FromException(Poisoned(_poison));
            }
            AssertInvariants();
            _queue.Enqueue(append);
            lead = _queue.Count == 1;
            AssertInvariants();
        }

        if (lead)
        {
            LeadBatch();
        }
        return new ValueTask(append.Done.Task);
    }

    /// <summary>
    /// Refuses new appends, waits until every append accepted before has completed (its task has
    /// succeeded or failed), then closes the file. Does not sync: non-durable records are with the
    /// operating system, durable ones are already on disk.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            AssertInvariants();
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            while (_queue.Count > 0 || _completing > 0)
            {
                Monitor.Wait(_gate);
                AssertInvariants();
            }
        }
        if (_poison is null)
        {
            _writer.Dispose();
        }
        else
        {
            try
            {
                _writer.Dispose();
            }
            catch (IOException)
            {
                // The log is already poisoned; the original failure was reported to every caller.
            }
        }
    }

    // Called by the append at the front of the queue, the only one that may touch the file.
    private void LeadBatch()
    {
        var batch = new List<PendingAppend>();
        var batchBytes = 0L;
        var durable = false;
        lock (_gate)
        {
            AssertInvariants();
            var first = _queue.Peek();
            var limit = first.Record.Length <= SmallRecord
                ? Math.Min(_maxBatchBytes, (long)first.Record.Length + SmallRecord)
                : _maxBatchBytes;
            foreach (var append in _queue)
            {
                if (batch.Count > 0 && batchBytes + append.Record.Length > limit)
                {
                    break;
                }
                batch.Add(append);
                batchBytes += append.Record.Length;
                durable |= append.Durable;
            }
        }

        Exception? failure = null;
        try
        {
            foreach (var append in batch)
            {
                _writer.AddRecord(append.Record.Span);
            }
            if (durable)
            {
                _writer.Sync();
            }
            else
            {
                _writer.Flush();
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        bool handOver;
        List<PendingAppend>? abandoned = null;
        lock (_gate)
        {
            AssertInvariants();
            for (var i = 0; i < batch.Count; i++)
            {
                _queue.Dequeue();
            }
            if (failure is null)
            {
                _records += batch.Count;
                _bytes += batchBytes;
                _batches++;
                _fsyncs += durable ? 1 : 0;
                _largestBatch = Math.Max(_largestBatch, batch.Count);
            }
            else
            {
                _poison = failure;
                abandoned = [.. _queue];
                _queue.Clear();
            }
            handOver = _queue.Count > 0;
            _completing++;
            AssertInvariants();
        }

        // The metrics call MeterListener callbacks, which are arbitrary code: whatever they throw,
        // every waiter is completed and leadership handed over, or the followers and every later
        // append would wait forever. The exception is the batch leader's outcome.
        Exception? listenerFailure = null;
        try
        {
            if (failure is null)
            {
                WalMetrics.RecordBatch(batch.Count, batchBytes, durable);
            }
            foreach (var append in batch)
            {
                WalMetrics.RecordCommit(Stopwatch.GetElapsedTime(append.StartTimestamp));
            }
        }
        catch (Exception e)
        {
            listenerFailure = e;
        }

        CompleteBatch(batch, failure, abandoned, listenerFailure);
        lock (_gate)
        {
            _completing--;
            if (_queue.Count == 0 && _completing == 0)
            {
                Monitor.PulseAll(_gate);
            }
            AssertInvariants();
        }

        if (handOver)
        {
            // The append now at the front leads the next batch, on a thread-pool thread: its own
            // caller may be waiting on the task and must not have to run the batch itself.
            ThreadPool.UnsafeQueueUserWorkItem(static log => log.LeadBatch(), this, preferLocal: false);
        }
    }

    private void CompleteBatch(List<PendingAppend> batch, Exception? failure, List<PendingAppend>? abandoned, Exception? listenerFailure)
    {
        var batchError = failure is null ? null : new IOException($"Appending to {FilePath} failed, and the log now refuses writes: {failure.Message}", failure);
        for (var i = 0; i < batch.Count; i++)
        {
            var append = batch[i];
            if (batchError is not null)
            {
                append.Done.TrySetException(batchError);
            }
            else if (i == 0 && listenerFailure is not null)
            {
                append.Done.TrySetException(listenerFailure);   // the batch's leader reports the listener's failure
            }
            else
            {
                append.Done.TrySetResult();
            }
        }
        if (abandoned is not null)
        {
            foreach (var append in abandoned)
            {
                append.Done.TrySetException(Poisoned(failure!));
            }
        }
    }

    // The numbered invariants of the type's header, checked at lock entry and exit in Debug builds.
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(_gate), "AssertInvariants requires the lock _gate");
        Debug.Assert(_poison is null || _queue.Count == 0, "invariant 1: a poisoned log has no queued appends (they all failed when it was poisoned)");
        Debug.Assert(_completing >= 0, "invariant 2: batches being completed are counted, never below zero");
        foreach (var append in _queue)
        {
            Debug.Assert(!append.Done.Task.IsCompleted, "invariant 3: a queued append is not yet completed");
        }
        Debug.Assert(_fsyncs <= _batches && _batches <= _records && _largestBatch <= _records, "invariant 4: fsyncs <= batches <= records, and no batch is larger than the records written");
    }

    private IOException Poisoned(Exception failure) =>
        new($"The write-ahead log {FilePath} refuses writes after an earlier write or fsync failure ({failure.Message}). " +
            "Retrying could acknowledge data the kernel has already dropped; reopen the log to recover from what is on disk.", failure);

    private sealed class PendingAppend(ReadOnlyMemory<byte> record, bool durable)
    {
        public ReadOnlyMemory<byte> Record { get; } = record;

        public bool Durable { get; } = durable;

        public long StartTimestamp { get; } = Stopwatch.GetTimestamp();

        // Completed by the leader of the append's batch, after the batch's write (and fsync);
        // continuations run asynchronously so that the leader never runs a caller's code inline.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
