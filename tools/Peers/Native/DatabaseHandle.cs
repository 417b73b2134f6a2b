namespace FromScratch.Peers.Native;

/// <summary>
/// An open database (<c>leveldb_t*</c>, <c>rocksdb_t*</c>), closed when the handle is released, and
/// after that its dependencies: the read and write options every call without a snapshot reuses,
/// and the objects the engine's options point to and that must outlive it (LevelDB's block cache
/// and filter policy; RocksDB copies its own). A failed open leaves the handle invalid.
/// </summary>
internal sealed class DatabaseHandle : NativeHandle
{
    /// <summary>Opens the database with <paramref name="open"/>; on failure (zero) the handle is invalid and the dependencies are let go.</summary>
    public DatabaseHandle(NativeApi api, Func<IntPtr> open, NativeObjectHandle readOptions, NativeObjectHandle writeOptions, NativeObjectHandle syncWriteOptions, params ReadOnlySpan<NativeObjectHandle?> engineObjects)
        : base(open, api.Close, [readOptions, writeOptions, syncWriteOptions, .. engineObjects])
    {
        DefaultReadOptions = readOptions.Pointer;
        WriteOptions = writeOptions.Pointer;
        SyncWriteOptions = syncWriteOptions.Pointer;
    }

    /// <summary>The read options of a read without a snapshot and with the store's defaults (alive as long as the database).</summary>
    public IntPtr DefaultReadOptions { get; }

    /// <summary>Write options without sync.</summary>
    public IntPtr WriteOptions { get; }

    /// <summary>Write options with sync.</summary>
    public IntPtr SyncWriteOptions { get; }
}
