using System.Collections.Concurrent;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Bitcask;

/// <summary>
/// The in-memory hash index of a Bitcask store ("keydir"): for every live key, where its newest
/// record is (<see cref="KeyDirEntry"/>). Every key of the store is in memory, values are not:
/// a lookup is one hash probe, a read is then one positional read of the data file.
/// <para>
/// Invariant: an entry exists exactly for the keys whose newest record is a put, and points at
/// that record. Deleted keys have no entry (their tombstone is only on disk).
/// </para>
/// <para>Thread-safety: all members are safe to call concurrently (a <see cref="ConcurrentDictionary{TKey, TValue}"/>:
/// lock-free reads, striped locks for writes). Keys are looked up by span without allocating.</para>
/// </summary>
public sealed class KeyDirectory
{
    private readonly ConcurrentDictionary<byte[], KeyDirEntry> _entries = new(ByteArrayComparer.Instance);
    private readonly ConcurrentDictionary<byte[], KeyDirEntry>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;

    /// <summary>Creates an empty directory.</summary>
    public KeyDirectory()
    {
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The number of live keys.</summary>
    public int Count => _entries.Count;

    /// <summary>Looks up <paramref name="key"/>.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out KeyDirEntry entry) => _bySpan.TryGetValue(key, out entry);

    /// <summary>Points <paramref name="key"/> at <paramref name="entry"/>; returns the previous entry, if any.</summary>
    public KeyDirEntry? Set(ReadOnlySpan<byte> key, KeyDirEntry entry)
    {
        KeyDirEntry? previous = null;
        if (_bySpan.TryGetValue(key, out var old))
        {
            previous = old;
            _bySpan[key] = entry;
        }
        else
        {
            _entries[key.ToArray()] = entry;
        }
        return previous;
    }

    /// <summary>Removes <paramref name="key"/>; returns its entry, if it had one.</summary>
    public KeyDirEntry? Remove(ReadOnlySpan<byte> key) =>
        _bySpan.TryRemove(key, out var old) ? old : null;

    /// <summary>
    /// Replaces the entry of <paramref name="key"/> with <paramref name="replacement"/> only if it is
    /// still <paramref name="expected"/> (how merge moves a key to its new file without undoing a
    /// write that happened during the merge).
    /// </summary>
    public bool TryReplace(byte[] key, KeyDirEntry expected, KeyDirEntry replacement) =>
        _entries.TryUpdate(key, replacement, expected);

    /// <summary>A snapshot-free enumeration of the keys and entries (see <see cref="ConcurrentDictionary{TKey, TValue}"/>'s enumerator: it may or may not see concurrent changes).</summary>
    public IEnumerable<KeyValuePair<byte[], KeyDirEntry>> Entries => _entries;

    /// <summary>Removes every entry.</summary>
    public void Clear() => _entries.Clear();
}
