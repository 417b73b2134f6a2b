namespace FromScratch.Peers.Native;

/// <summary>
/// An iterator (<c>leveldb_iterator_t*</c>), destroyed when released, then its read options and its
/// snapshot (if it reads one) let go, then the database: so the database stays open while the
/// iterator exists.
/// </summary>
internal sealed class IteratorHandle(NativeApi api, DatabaseHandle db, NativeObjectHandle readOptions, SnapshotHandle? snapshot)
    : NativeHandle(() => api.CreateIterator(db, readOptions.Pointer), api.IteratorDestroy, [db, readOptions, snapshot])
{
}
