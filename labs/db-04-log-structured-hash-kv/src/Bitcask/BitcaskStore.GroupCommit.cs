using System.Diagnostics;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Bitcask;

// BitcaskStore, part 3 of 3: durability, group commit (db-02's batching idea: one fsync for every
// writer that queued while the previous fsync ran).
public sealed partial class BitcaskStore
{
    private void WaitIfNeeded(WriteOptions? options, long position)
    {
        var wanted = Options.SyncMode switch
        {
            SyncMode.Always => false,               // already synced under the write lock
            SyncMode.GroupCommit => true,
            _ => options?.Sync == true,
        };
        if (wanted)
        {
            WaitDurable(position);
        }
    }

    /// <summary>
    /// Returns once every byte appended below <paramref name="position"/> is durable. Group commit:
    /// if no fsync is running this thread leads one, covering everything appended so far; otherwise
    /// it waits for the running one, and if that did not cover it, the next leader's fsync will,
    /// together with every write that queued meanwhile.
    /// </summary>
    private void WaitDurable(long position)
    {
        lock (_syncGate)
        {
            while (true)
            {
                if (_durableBytes >= position)
                {
                    return;
                }
                if (_poison is not null || _disposed)
                {
                    ThrowIfUnusable();
                }
                if (!_syncing)
                {
                    _syncing = true;
                    break;
                }
                Monitor.Wait(_syncGate);
            }
        }

        long target;
        long targetWrites;
        DataFileWriter writer;
        lock (_writeLock)
        {
            target = _appendedBytes;
            targetWrites = _appendedWrites;
            writer = _activeWriter;
        }

        // The read side of the files lock keeps a merge or Dispose from closing the handle mid-fsync.
        // Between choosing `writer` above and taking that lock, a rollover may have closed it: the
        // rollover synced it first and marked `target` durable, and a merge may since have deleted
        // and disposed it. Syncing it then would fail on a closed handle and poison a healthy store,
        // so a target that is already durable costs no fsync.
        Exception? failure = null;
        var synced = false;
        var fsynced = false;
        _filesLock.EnterReadLock();
        try
        {
            if (!_disposed)
            {
                bool alreadyDurable;
                lock (_syncGate)
                {
                    alreadyDurable = _durableBytes >= target;
                }
                if (!alreadyDurable)
                {
                    writer.Sync();
                    fsynced = true;
                }
                synced = true;
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            _filesLock.ExitReadLock();
        }

        if (failure is not null)
        {
            Poison(failure);
            lock (_syncGate)
            {
                _syncing = false;
                Monitor.PulseAll(_syncGate);
            }
            throw new IOException($"Syncing {writer.Path} failed; the store now refuses writes: {failure.Message}", failure);
        }

        if (!synced)
        {
            // Dispose closed the store first; its own sync covered every append, unless it failed.
            lock (_syncGate)
            {
                _syncing = false;
                Monitor.PulseAll(_syncGate);
                if (_durableBytes >= position)
                {
                    return;
                }
            }
            throw new ObjectDisposedException(nameof(BitcaskStore), "The store was closed before this write was made durable.");
        }

        int covered;
        lock (_syncGate)
        {
            covered = (int)Math.Max(0, targetWrites - _durableWrites);
            _syncing = false;
        }
        MarkDurable(target, targetWrites, countFsync: fsynced);
        if (covered > 0 && fsynced)
        {
            BitcaskMetrics.RecordGroupCommit(covered);
        }
    }

    // Whether unsynced writes start a sync of the active file every BitcaskOptions.BytesPerSync bytes:
    // only on the real file system (on db-03's simulator time does not pass, and a sync on another
    // thread would only make the crash tests' operation counts depend on the scheduler).
    // In the other sync modes every write is synced anyway.
    private bool BackgroundSyncs => Options.SyncMode == SyncMode.None && Options.BytesPerSync > 0 && Options.FileSystem is RealFileSystem;

    // Starts a sync of everything appended so far on a thread-pool thread, as a group-commit leader
    // (WaitDurable) that no writer waits for: the data file's dirty pages go to the disk while writes
    // continue, so that the fdatasync at rollover finds little left to write (RocksDB's bytes_per_sync).
    private void StartBackgroundSyncLocked()
    {
        Debug.Assert(_writeLock.IsHeldByCurrentThread, "StartBackgroundSyncLocked requires _writeLock");
        _backgroundSyncAt = _appendedBytes + Options.BytesPerSync;
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Store.SyncInBackground(state.Position), (Store: this, Position: _appendedBytes), preferLocal: false);
    }

    private void SyncInBackground(long position)
    {
        try
        {
            WaitDurable(position);
        }
        catch (IOException)
        {
            // WaitDurable poisoned the store: the next write reports the failure.
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile; Dispose synced everything.
        }
    }

    private void MarkDurable(long bytes, long writes, bool countFsync)
    {
        lock (_syncGate)
        {
            _durableBytes = Math.Max(_durableBytes, bytes);
            _durableWrites = Math.Max(_durableWrites, writes);
            if (countFsync)
            {
                _fsyncs++;
                BitcaskMetrics.RecordFsync();
            }
            Monitor.PulseAll(_syncGate);
        }
    }
}
