namespace FromScratch.Shared.FileSystems;

/// <summary>
/// The faults a <see cref="SimulatedFileSystem"/> injects: failed syncs, a full disk, bad sectors,
/// flipped bits. Paths are normalised as the file system normalises them; a file fault matches the
/// path a handle was opened with (<see cref="IFileHandle.Path"/>). Thread-safe (the file system's
/// lock). Every injected error is an <see cref="InjectedFaultException"/>. A crash outcome
/// (<see cref="SimulatedFileSystem.Crash"/>) starts with no faults.
/// </summary>
public sealed class FaultPlan
{
    private readonly SimulatedFileSystem _owner;
    private readonly Dictionary<string, int> _syncFailures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _directorySyncFailures = new(StringComparer.Ordinal);
    private readonly List<(string Path, long Offset, long Length)> _badRanges = [];
    private long? _spaceLeft;

    internal FaultPlan(SimulatedFileSystem owner)
    {
        _owner = owner;
    }

    /// <summary>
    /// The next <paramref name="times"/> <see cref="IFileHandle.Sync"/> calls on <paramref name="path"/>
    /// fail with <c>EIO</c>. As on Linux since 4.13 (the PostgreSQL "fsyncgate" of 2018): the failed
    /// writes' pages are marked clean, so no later Sync writes them (a successful Sync after the
    /// failure does not make them durable), yet reads keep returning them until a crash; and, as
    /// Rebello et al. found (ATC '20), some pages of the failed batch may have reached the disk before
    /// the error, so a crash keeps any part of them, or none. The next Sync succeeds.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="times">How many Sync calls fail, one after another (at least 1).</param>
    public void FailSync(string path, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        var fullPath = SimulatedFileSystem.NormalizePath(path);
        lock (_owner.Gate)
        {
            _syncFailures[fullPath] = _syncFailures.GetValueOrDefault(fullPath) + times;
        }
    }

    /// <summary>
    /// <see cref="IFileSystem.SyncDirectory"/> on <paramref name="path"/> fails with <c>EIO</c> the next
    /// <paramref name="times"/> calls; the directory's pending operations stay pending (not durable).
    /// </summary>
    /// <param name="path">The directory.</param>
    /// <param name="times">How many calls fail (at least 1).</param>
    public void FailSyncDirectory(string path, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        var fullPath = SimulatedFileSystem.NormalizePath(path);
        lock (_owner.Gate)
        {
            _directorySyncFailures[fullPath] = _directorySyncFailures.GetValueOrDefault(fullPath) + times;
        }
    }

    /// <summary>
    /// Leaves <paramref name="bytes"/> bytes of free space, counted from now: file growth by writes
    /// uses it up, and truncating a file or deleting one (once no handle is open on it) gives back what
    /// that file held. A write or append that would grow a file past the free space writes the part
    /// that fits, as <c>write(2)</c> returns a short count, then throws <c>ENOSPC</c>. Writes inside a
    /// file's current length and <see cref="IFileHandle.SetLength"/> growing a file (a sparse
    /// extension) never use space. null: unlimited (the default).
    /// </summary>
    /// <param name="bytes">The bytes of growth still allowed, or null.</param>
    public void LimitSpace(long? bytes)
    {
        if (bytes is { } b)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(b, nameof(bytes));
        }

        lock (_owner.Gate)
        {
            _spaceLeft = bytes;
        }
    }

    /// <summary>
    /// Reads that touch [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>)
    /// of <paramref name="path"/> throw <c>EIO</c> (a bad sector), until <see cref="Clear"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="offset">The first bad byte.</param>
    /// <param name="length">The number of bad bytes (at least 1).</param>
    public void FailReads(string path, long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var fullPath = SimulatedFileSystem.NormalizePath(path);
        lock (_owner.Gate)
        {
            _badRanges.Add((fullPath, offset, length));
        }
    }

    /// <summary>
    /// Silent corruption: bit <paramref name="bit"/> (0..7) of byte <paramref name="offset"/> of
    /// <paramref name="path"/> is flipped now in what is stored (the durable bytes, the volatile bytes
    /// and every unsynced write of that byte), so every later read returns it flipped, with no error,
    /// and so does every crash outcome that has the byte. A later write of the byte replaces it;
    /// <see cref="Clear"/> does not undo it.
    /// </summary>
    /// <param name="path">The file (it must exist).</param>
    /// <param name="offset">The byte; it must be inside the file's current length.</param>
    /// <param name="bit">The bit, 0 (least significant) to 7.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public void FlipBit(string path, long offset, int bit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(bit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bit, 7);
        _owner.FlipBit(SimulatedFileSystem.NormalizePath(path), offset, bit);
    }

    /// <summary>Removes every pending fault (failing syncs, the space limit, bad read ranges); flipped bits stay flipped.</summary>
    public void Clear()
    {
        lock (_owner.Gate)
        {
            _syncFailures.Clear();
            _directorySyncFailures.Clear();
            _badRanges.Clear();
            _spaceLeft = null;
        }
    }

    // The checks below run under the owner's lock.
    internal bool ConsumeSyncFailure(string path) => Consume(_syncFailures, path);

    internal bool ConsumeDirectorySyncFailure(string path) => Consume(_directorySyncFailures, path);

    /// <summary>How many of <paramref name="bytes"/> of growth fit in the free space (all of them when unlimited).</summary>
    internal long GrowthAllowed(long bytes) => _spaceLeft is { } left ? Math.Min(Math.Max(bytes, 0), left) : Math.Max(bytes, 0);

    /// <summary>Uses <paramref name="bytes"/> of the free space (no effect when unlimited).</summary>
    internal void Consume(long bytes)
    {
        if (_spaceLeft is { } left)
        {
            _spaceLeft = left - bytes;
        }
    }

    /// <summary>Gives <paramref name="bytes"/> back to the free space (no effect when unlimited).</summary>
    internal void Release(long bytes)
    {
        if (_spaceLeft is { } left)
        {
            _spaceLeft = left + bytes;
        }
    }

    internal bool ReadFails(string path, long offset, long length)
    {
        foreach (var bad in _badRanges)
        {
            if (bad.Path == path && offset < bad.Offset + bad.Length && bad.Offset < offset + length)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Consume(Dictionary<string, int> failures, string path)
    {
        if (!failures.TryGetValue(path, out var left))
        {
            return false;
        }

        if (left <= 1)
        {
            failures.Remove(path);
        }
        else
        {
            failures[path] = left - 1;
        }

        return true;
    }
}
