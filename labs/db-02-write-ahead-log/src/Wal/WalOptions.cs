using FromScratch.Shared.FileSystems;

namespace FromScratch.Wal;

/// <summary>Options of a <see cref="WriteAheadLog"/>.</summary>
public sealed class WalOptions
{
    /// <summary>
    /// Upper bound on the payload bytes one group-commit batch gathers (LevelDB: 1 MiB). As in
    /// LevelDB's <c>BuildBatchGroup</c>, a batch whose first record is at most 128 KiB stops at that
    /// record's size plus 128 KiB, so a small write is not held up behind a megabyte of others.
    /// The first record is always taken, whatever its size.
    /// </summary>
    public int MaxBatchBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Replaces the sync call (by default <c>file.Sync(FileSyncKind.Data)</c>, fdatasync on the real
    /// disk). A test seam: inject a failing sync to see the log poison itself, or a blocking one to
    /// make batching certain. To sync as usual after the hook's own work, call
    /// <see cref="IFileHandle.Sync"/> on the handle it is given.
    /// </summary>
    public Action<IFileHandle>? SyncOverride { get; init; }
}
