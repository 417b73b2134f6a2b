namespace FromScratch.Peers.Native;

/// <summary>
/// A snapshot (<c>const leveldb_snapshot_t*</c>), released (<c>leveldb_release_snapshot(db, snapshot)</c>)
/// when the handle is released, then the database let go: the database stays open while the snapshot exists.
/// </summary>
internal sealed class SnapshotHandle(NativeApi api, DatabaseHandle db)
    : NativeHandle(() => api.CreateSnapshot(db), snapshot => api.ReleaseSnapshot(db.Pointer, snapshot), [db])
{
}
