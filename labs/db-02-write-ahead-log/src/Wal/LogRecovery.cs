using FromScratch.Shared.FileSystems;

namespace FromScratch.Wal;

/// <summary>
/// Makes a log that a crash may have left with a torn tail safe to append to again.
/// </summary>
/// <remarks>
/// <para><b>The choice: truncate.</b> Recovery reads the whole log, finds the end of the last
/// record that passed every check, cuts the file there (ftruncate), fsyncs the file so the new
/// length is durable, and lets the writer continue at that offset, with its block position at
/// <c>offset % BlockSize</c>.</para>
/// <code>
///   before:  |rec|rec|rec|FIRST of a record the crash interrupted.......|   (or garbage)
///                        ^ ValidLength
///   after:   |rec|rec|rec|                          new records continue here
/// </code>
/// <para><b>Why not just append after the tail?</b> A reader would then meet the abandoned FIRST
/// followed by new records: at best a spurious "partial record" report on every later read, at
/// worst (a torn header whose length field survived) the reader drops the rest of the block,
/// including new, acknowledged records. Truncating leaves nothing a later reader could misparse.</para>
/// <para><b>LevelDB does it differently.</b> On open, <c>DBImpl::RecoverLogFile</c> replays each
/// old log into a memtable and writes that memtable to a level-0 table
/// (<c>WriteLevel0Table</c>); new writes go to a brand-new log file and the old log is deleted once
/// obsolete, so a log is never appended to after a crash. The exception is the <c>reuse_logs</c>
/// option: when the last log needed no compaction, LevelDB keeps appending to it with
/// <c>log::Writer(file, file_size)</c>, at the file's current size, after whatever tail the crash
/// left. Starting a new file needs a memtable and a manifest to record which log is live (labs
/// db-04 and db-07); a stand-alone log has neither, so it truncates.</para>
/// <para><b>Recovery stops at the first damage (point in time).</b> The log it leaves is a prefix of
/// what was written: it keeps the records up to the first stretch the reader drops (or the first
/// gap between records, such as an all-zero block tail the reader skips silently) and cuts
/// everything after it, intact records included, reporting them as discarded. A crash can tear an
/// unsynced batch that spans a block boundary so that an early record of the batch is lost while a
/// later one, in the next block, survives whole; keeping that later record would leave a hole, a
/// log in which a record is present but one written before it is not. db-03's crash-point harness
/// found exactly that (group commit, a torn batch across blocks). The price: damage in the middle
/// of old, synced records (bit rot) now costs every record after it, reported; the reader alone
/// cannot tell the two apart. RocksDB makes the same choice by default
/// (<c>WALRecoveryMode::kPointInTimeRecovery</c>); LevelDB's log reader skips the damage and keeps
/// going (RocksDB's <c>kSkipAnyCorruptedRecords</c>).</para>
/// <code>
///   before:  |r0|r1 ~~torn sector~~ r1|r2|r3|      (r1..r3: one unsynced batch)
///               ^ ValidLength: r2 and r3 are intact, but r1 is not, so they go too
///   after:   |r0|
/// </code>
/// <para>A reporter that throws aborts recovery before anything is truncated, so a caller can refuse
/// to continue a damaged log (LevelDB's <c>paranoid_checks</c>).</para>
/// </remarks>
public static class LogRecovery
{
    /// <summary>
    /// Scans the log at <paramref name="path"/>, truncates it after its last intact record, and
    /// fsyncs it if anything was cut.
    /// </summary>
    /// <param name="path">An existing log file.</param>
    /// <param name="reporter">Also receives every drop (it may throw to abort before truncation); null for none.</param>
    /// <returns>What was found and cut.</returns>
    public static LogRecoveryResult Recover(string path, ICorruptionReporter? reporter = null) =>
        Recover(RealFileSystem.Instance, path, reporter);

    /// <summary>
    /// Scans the log at <paramref name="path"/> on <paramref name="fileSystem"/>, truncates it after
    /// its last intact record, and syncs it if anything was cut.
    /// </summary>
    /// <param name="fileSystem">The file system that holds the log.</param>
    /// <param name="path">An existing log file.</param>
    /// <param name="reporter">Also receives every drop (it may throw to abort before truncation); null for none.</param>
    /// <returns>What was found and cut.</returns>
    public static LogRecoveryResult Recover(IFileSystem fileSystem, string path, ICorruptionReporter? reporter = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = fileSystem.OpenFile(path, FileOpenMode.OpenExisting);
        return Recover(fileSystem, path, file, reporter);
    }

    /// <summary>
    /// Recovers the log, then opens a writer that continues it.
    /// </summary>
    /// <param name="path">An existing log file.</param>
    /// <param name="result">What recovery found and cut.</param>
    /// <param name="reporter">Also receives every drop; null for none.</param>
    /// <param name="sync">See <see cref="LogWriter(IFileHandle, long, Action{IFileHandle}?, bool)"/>.</param>
    /// <returns>A writer positioned at <see cref="LogRecoveryResult.ValidLength"/>.</returns>
    public static LogWriter OpenForAppend(string path, out LogRecoveryResult result, ICorruptionReporter? reporter = null, Action<IFileHandle>? sync = null) =>
        OpenForAppend(RealFileSystem.Instance, path, out result, reporter, sync);

    /// <summary>
    /// Recovers the log on <paramref name="fileSystem"/>, then opens a writer that continues it.
    /// </summary>
    /// <param name="fileSystem">The file system that holds the log.</param>
    /// <param name="path">An existing log file.</param>
    /// <param name="result">What recovery found and cut.</param>
    /// <param name="reporter">Also receives every drop; null for none.</param>
    /// <param name="sync">See <see cref="LogWriter(IFileHandle, long, Action{IFileHandle}?, bool)"/>.</param>
    /// <returns>A writer positioned at <see cref="LogRecoveryResult.ValidLength"/>.</returns>
    public static LogWriter OpenForAppend(IFileSystem fileSystem, string path, out LogRecoveryResult result, ICorruptionReporter? reporter = null, Action<IFileHandle>? sync = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = fileSystem.OpenFile(path, FileOpenMode.OpenExisting);
        try
        {
            result = Recover(fileSystem, path, file, reporter);
            return new LogWriter(file, result.ValidLength, sync, ownsFile: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static LogRecoveryResult Recover(IFileSystem fileSystem, string path, IFileHandle file, ICorruptionReporter? reporter)
    {
        var collected = new CollectingReporter(reporter);
        long records = 0;
        long validLength = 0;
        long discarded = 0;
        using (var reader = LogReader.Open(fileSystem, path, collected))
        {
            // Keep a record only while nothing has been dropped and it starts where the previous
            // one ended (after the block trailer, if the previous one left less than a header);
            // read on to the end anyway, so that every drop is reported.
            while (reader.TryReadRecord(out _))
            {
                if (discarded == 0 && collected.Corruptions.Count == 0 && Follows(validLength, reader.LastRecordOffset))
                {
                    records++;
                    validLength = reader.LastRecordEnd;
                }
                else
                {
                    discarded++;
                }
            }
        }

        var length = file.Length;
        if (discarded > 0)
        {
            collected.Report(new LogCorruption(validLength, length - validLength,
                $"{discarded} intact record{(discarded == 1 ? "" : "s")} after the first damage discarded, so that the log stays a prefix of what was written",
                IsTornTail: false));
        }
        if (length > validLength)
        {
            file.SetLength(validLength);
            file.Sync(FileSyncKind.All);
        }
        return new LogRecoveryResult(records, validLength, length - validLength, collected.Corruptions);
    }

    // Whether a record starting at `start` directly follows a record that ended at `end`: the next
    // header starts at `end`, or at the next block when fewer than HeaderSize bytes were left
    // (the writer zero-fills such a trailer).
    private static bool Follows(long end, long start)
    {
        var leftover = LogFormat.BlockSize - (end % LogFormat.BlockSize);
        return start == end || (leftover < LogFormat.HeaderSize && start == end + leftover);
    }

    private sealed class CollectingReporter(ICorruptionReporter? inner) : ICorruptionReporter
    {
        public List<LogCorruption> Corruptions { get; } = [];

        public void Report(LogCorruption corruption)
        {
            Corruptions.Add(corruption);
            inner?.Report(corruption);
        }
    }
}
