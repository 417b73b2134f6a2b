namespace FromScratch.Shared.KeyValue;

/// <summary>
/// A consistent, read-only view of an ordered store at one moment (LevelDB's <c>Snapshot</c>):
/// reads through <see cref="ReadOptions.Snapshot"/> see exactly the writes that returned before
/// <see cref="IOrderedKeyValueStore.GetSnapshot"/> did, however many writes follow. An LSM engine
/// implements it as a sequence number, an MVCC engine as a transaction's start timestamp.
/// <para>
/// Disposing the snapshot releases it (LevelDB's <c>ReleaseSnapshot</c>): the engine may then
/// reclaim the versions only it kept alive. Reading through a released snapshot throws
/// <see cref="ObjectDisposedException"/>. Dispose is idempotent and thread-safe; a snapshot may be
/// shared between threads.
/// </para>
/// </summary>
public interface ISnapshot : IDisposable
{
}
