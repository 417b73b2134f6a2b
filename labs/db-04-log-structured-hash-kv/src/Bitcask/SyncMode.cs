namespace FromScratch.Bitcask;

/// <summary>
/// What a write without <c>WriteOptions.Sync</c> gets (Bitcask's <c>sync_strategy</c>). A write
/// with <c>Sync = true</c> is durable when it returns in every mode.
/// </summary>
public enum SyncMode
{
    /// <summary>No fsync for unsynced writes: they reach the disk when the operating system writes
    /// its page cache back, when the active file rolls over, or at <c>Dispose</c>. Fastest; a power
    /// failure loses the most recent unsynced writes (never a synced one, never part of a batch).
    /// Bitcask's default (<c>sync_strategy = none</c>).</summary>
    None,

    /// <summary>Every write is durable when it returns, and concurrent writers share fsyncs: a
    /// writer that finds an fsync in progress waits for it to end and then one fsync covers every
    /// write that queued meanwhile (the group commit of db-02's <c>WriteAheadLog</c>).</summary>
    GroupCommit,

    /// <summary>Every write is durable when it returns, with one fsync of its own, issued while the
    /// write lock is held (Bitcask's <c>sync_strategy = o_sync</c> in effect). Simple and slow: writes
    /// run one fsync at a time.</summary>
    Always,
}
