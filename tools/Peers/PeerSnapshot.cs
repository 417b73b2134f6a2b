using FromScratch.Peers.Native;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Peers;

/// <summary>
/// A snapshot of a <see cref="PeerStore"/>: the engine's snapshot (a sequence number pinned in the
/// database) and the store that took it, so that a read through another store's snapshot is refused.
/// Dispose releases it (<c>leveldb_release_snapshot</c>, once no iterator still reads it); it is
/// idempotent and thread-safe, and the snapshot may be shared between threads.
/// </summary>
internal sealed class PeerSnapshot(PeerStore owner, SnapshotHandle handle) : ISnapshot, IStoreOwned
{
    private const int Open = 0;
    private int _state = Open;
    private volatile string? _closedBecause;

    /// <summary>The store that took the snapshot.</summary>
    public PeerStore Owner { get; } = owner;

    /// <summary>The native snapshot.</summary>
    /// <exception cref="ObjectDisposedException">The snapshot was released (or its store disposed).</exception>
    public SnapshotHandle Handle
    {
        get
        {
            if (_closedBecause is { } why)
            {
                throw new ObjectDisposedException(nameof(ISnapshot), $"The snapshot {why}: it can no longer be read through.");
            }

            return handle;
        }
    }

    /// <summary>Releases the snapshot.</summary>
    public void Dispose() => Close("was released", untrack: true);

    /// <inheritdoc/>
    public void CloseWithStore() => Close($"was released when {Owner} was disposed", untrack: false);

    private void Close(string because, bool untrack)
    {
        if (Interlocked.Exchange(ref _state, 1) != Open)
        {
            return;
        }

        _closedBecause = because;
        handle.Dispose();
        if (untrack)
        {
            Owner.Untrack(this);
        }
    }
}
