namespace FromScratch.TestSupport.Tests;

/// <summary>The bugs <see cref="LoggedInMemoryStore"/> can be built with, to prove the contract suite catches each.</summary>
public enum PlantedBug
{
    /// <summary>A correct store.</summary>
    None,

    /// <summary>Recovery skips delete records: a deleted key comes back after reopen.</summary>
    LosesDeletesOnReopen,

    /// <summary>A batch is logged as one record per operation, so a crash can keep a part of it.</summary>
    IgnoresBatchAtomicity,

    /// <summary>A batch's puts over existing keys are logged as a second record, so a crash can keep the rest of the batch without them (every key present, one value old).</summary>
    LogsBatchOverwritesSeparately,

    /// <summary>Get keeps a read cache that a later Put or Delete does not invalidate.</summary>
    ReturnsStaleValue,

    /// <summary>WriteOptions.Sync is ignored: nothing is ever fsynced.</summary>
    IgnoresSync,

    /// <summary>Recovery does not cut the torn tail off the log, so writes appended after it are lost at the next recovery.</summary>
    KeepsTornTail,

    /// <summary>Recovery does not verify the records' checksums.</summary>
    SkipsChecksums,

    /// <summary>After a failed fsync the store keeps accepting writes (and the next fsync succeeds over a hole: fsyncgate).</summary>
    CarriesOnAfterFailedSync,

    /// <summary>An iterator without a snapshot reads the live store at every move instead of the state at its creation.</summary>
    IteratorSeesLaterWrites,

    /// <summary>Get and NewIterator ignore ReadOptions.Snapshot and read the latest state.</summary>
    SnapshotReadsLatest,

    /// <summary>Seek lands on the first key after the target (&gt;) instead of at or after it (&gt;=).</summary>
    SeekSkipsEqualKey,

    /// <summary>The first Prev after a Seek does not move when the target is not stored (a direction change that forgets to step back).</summary>
    PrevAfterSeekStays,

    /// <summary>SeekToLast lands on the entry before the last (an off-by-one at the end).</summary>
    SeekToLastStopsShort,

    /// <summary>The iterator orders keys by signed bytes, so 0x80..0xFF sort before 0x00..0x7F.</summary>
    SignedByteOrder,
}
