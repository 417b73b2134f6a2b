using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Bitcask;

/// <summary>
/// The in-memory hash index of a Bitcask store ("keydir"): for every live key, where its newest
/// record is (<see cref="KeyDirEntry"/>). Every key of the store is in memory, values are not:
/// a lookup is one hash probe, a read is then one read of the data file.
/// <para>
/// Invariant: an entry exists exactly for the keys whose newest record is a put, and points at
/// that record. Deleted keys have no entry (their tombstone is only on disk).
/// </para>
/// <para><b>Layout.</b> No object per key: a million keys live in a few dozen arrays, which hold no
/// references, so the garbage collector never traces them. An open-addressing hash table (linear
/// probing) of 8-byte slots, each pointing at an entry in a byte arena:</para>
/// <code>
///   slots   ulong[2^k], at most 3/4 in use                       entries  1 MiB byte[] chunks
///   ┌───────────────────────────────┐                             ┌───────────────────────────────────────
///   │ 0 (empty)                     │                  position 0 │ FileId Offset Size Sequence  len key
///   ├───────────────────────────────┤                             │ 3      1200   135  77        16  "0000000000000042"
///   │ hash 0x9c3e.. | position 0 + 1 ├───────────────────────────► ├───────────────────────────────────────
///   ├───────────────────────────────┤                 position 38 │ 3      1335   135  78        16  "0000000000000017"
///   │ Deleted                       │                             ├───────────────────────────────────────
///   ├───────────────────────────────┤                             │ ...
///   │ hash 0x41d0.. | position 38 + 1├───────────────────────────► 
///   └───────────────────────────────┘
///   slot:  the key's 32-bit hash (high half) and its entry's position + 1 (low half): 0 is an empty
///          slot, Deleted (all ones) a slot whose key was removed. A key goes in the first free slot
///          at or after slot hash &amp; (2^k - 1), wrapping around; a lookup probes from there to the
///          first empty slot, comparing the hash first and the key only when the hashes are equal.
///
///   entry (22 bytes + the key; little-endian, not aligned)
///   offset size field
///   0      4    FileId     the data file (000007.data is 7)
///   4      4    Offset     where the record starts in the file (32 bits: files of at most 4 GiB)
///   8      4    Size       the record's size, header included
///   12     8    Sequence   the record's sequence number
///   20     2    KeyLength
///   22     ...  the key
///   A position is chunk * 2^20 + offset in the chunk, a uint, so the entries hold at most ~4 GiB.
/// </code>
/// <para>A lookup touches two places in memory that are not next to each other, the slot and the
/// entry, where a dictionary of objects touches a bucket, a node and the key's array (on the lab's
/// machine each such random access is a cache and TLB miss of a few hundred nanoseconds: docs/analysis.md).
/// Per key: the entry (22 bytes and the key) and 8 bytes of slot per 3/8 to 3/4 of a key (the table
/// doubles at 3/4 full): 33 to 44 bytes besides the key bytes. An overwrite changes the entry in
/// place; a removed key's slot becomes Deleted (so that probes continue past it) and its entry
/// garbage, until the garbage is half of the arena and the live entries are copied into fresh chunks
/// (compaction); Deleted slots are cleared when the table is rebuilt.</para>
/// <para><b>Thread-safety.</b> Every member is thread-safe. Writers (<see cref="Set"/>,
/// <see cref="Remove"/>, <see cref="TryReplace"/>, <see cref="Clear"/>) are serialised by a write
/// lock. Readers never take it: they take the lock of the key's <i>stripe</i>, one of 64 locks chosen
/// by the hash's low bits, and a writer holds that stripe's lock while it changes that key's slot or
/// entry, so a reader never sees an entry half written (its fields are not one atomic word). A
/// reader only ever looks inside entries whose hash equals its key's, which are in its own stripe;
/// slots of other stripes that a writer changes under it (an empty or Deleted slot taking a key, a
/// key's slot becoming Deleted) are read whole (an aligned 8-byte read is atomic) and either version
/// sends the probe on correctly. Growing or rebuilding the table and compacting the entries move
/// every key, so they take all 64 stripe locks. Lock order: the write lock, then the stripe locks in
/// ascending order; a reader holds one stripe lock and takes nothing else.</para>
/// </summary>
public sealed class KeyDirectory
{
    private const int StripeCount = 64;
    private const int MinimumSlots = 64;
    private const ulong Empty = 0;
    private const ulong Deleted = ulong.MaxValue;
    private const int ChunkBits = 20;
    private const int ChunkSize = 1 << ChunkBits;                   // 1 MiB of entries per chunk
    private const int MaxChunks = (1 << (32 - ChunkBits)) - 1;     // positions + 1 fit in 32 bits, never all ones
    private const int EntryHeaderSize = 4 + 4 + 4 + 8 + 2;

    private readonly Lock _writeLock = new();
    private readonly Lock[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new Lock())];

    // Read by readers under a stripe lock; replaced by the writer only under all stripe locks.
    private ulong[] _slots = new ulong[MinimumSlots];
    private byte[][] _chunks = [];

    // Guarded by _writeLock.
    private int _chunksUsed;
    private int _chunkEnd;              // where the next entry goes in the last chunk
    private long _liveBytes;            // of live entries
    private long _garbageBytes;         // of removed keys' entries, until the next compaction
    private int _deletedSlots;

    private volatile int _count;

    /// <summary>The number of live keys.</summary>
    public int Count => _count;

    /// <summary>Looks up <paramref name="key"/>.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out KeyDirEntry entry)
    {
        var hash = Hash(key);
        lock (_stripes[hash & (StripeCount - 1)])
        {
            var slot = FindLocked(key, hash);
            if (slot < 0)
            {
                entry = default;
                return false;
            }
            entry = ReadEntry(EntryAt(_slots[slot]));
            return true;
        }
    }

    /// <summary>Points <paramref name="key"/> at <paramref name="entry"/>; returns the previous entry, if any.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The entry's offset does not fit in 32 bits, or its size is below a record header's.</exception>
    /// <exception cref="InvalidOperationException">The key directory holds about 4 GiB of entries and cannot take another.</exception>
    public KeyDirEntry? Set(ReadOnlySpan<byte> key, KeyDirEntry entry)
    {
        CheckKey(key);
        CheckEntry(entry);
        var hash = Hash(key);
        lock (_writeLock)
        {
            // Room first, in case the key is new: growing the table and compacting the entries take
            // every stripe lock, so they cannot run once this key's stripe is locked. (If the key
            // exists after all, the table grew one insert early; no harm.)
            if ((_count + _deletedSlots + 1) * 4L > _slots.Length * 3L)
            {
                Rebuild(_count + 1 > _slots.Length * 3L / 8 ? _slots.Length * 2 : _slots.Length);
            }
            EnsureRoom(EntryHeaderSize + key.Length);

            lock (_stripes[hash & (StripeCount - 1)])
            {
                var existing = FindLocked(key, hash);
                if (existing >= 0)
                {
                    var stored = EntryAt(_slots[existing]);
                    var previous = ReadEntry(stored);
                    WriteEntry(stored, entry);
                    return previous;
                }

                var position = AppendEntry(key, entry);
                var slots = _slots;
                var at = (int)(hash & (slots.Length - 1));
                while (slots[at] is not (Empty or Deleted))
                {
                    at = (at + 1) & (slots.Length - 1);
                }
                if (slots[at] == Deleted)
                {
                    _deletedSlots--;
                }
                slots[at] = Slot(hash, position);   // one aligned 8-byte write: readers see all of it or none
                _count++;
                return null;
            }
        }
    }

    /// <summary>Removes <paramref name="key"/>; returns its entry, if it had one.</summary>
    public KeyDirEntry? Remove(ReadOnlySpan<byte> key)
    {
        var hash = Hash(key);
        lock (_writeLock)
        {
            lock (_stripes[hash & (StripeCount - 1)])
            {
                var slot = FindLocked(key, hash);
                if (slot < 0)
                {
                    return null;
                }
                var stored = EntryAt(_slots[slot]);
                var previous = ReadEntry(stored);
                _slots[slot] = Deleted;   // not Empty: probes for keys placed after it must go on
                _deletedSlots++;
                _count--;
                _liveBytes -= stored.Length;
                _garbageBytes += stored.Length;
                return previous;
            }
        }
    }

    /// <summary>
    /// Replaces the entry of <paramref name="key"/> with <paramref name="replacement"/> only if it is
    /// still <paramref name="expected"/> (how merge moves a key to its new file without undoing a
    /// write that happened during the merge).
    /// </summary>
    public bool TryReplace(ReadOnlySpan<byte> key, KeyDirEntry expected, KeyDirEntry replacement)
    {
        CheckEntry(replacement);
        var hash = Hash(key);
        lock (_writeLock)
        {
            lock (_stripes[hash & (StripeCount - 1)])
            {
                var slot = FindLocked(key, hash);
                if (slot < 0)
                {
                    return false;
                }
                var stored = EntryAt(_slots[slot]);
                if (ReadEntry(stored) != expected)
                {
                    return false;
                }
                WriteEntry(stored, replacement);
                return true;
            }
        }
    }

    /// <summary>
    /// A snapshot of the keys and entries, copied while every stripe is locked (readers and writers
    /// wait for the copy): for recovery, merge and checks, not for a hot path.
    /// </summary>
    public IReadOnlyList<KeyValuePair<byte[], KeyDirEntry>> Entries
    {
        get
        {
            var entries = new List<KeyValuePair<byte[], KeyDirEntry>>();
            ForEachLocked(stored => entries.Add(new(KeyOf(stored).ToArray(), ReadEntry(stored))));
            return entries;
        }
    }

    /// <summary>A snapshot of the entries without their keys (as <see cref="Entries"/>, without copying a key each).</summary>
    internal List<KeyDirEntry> Values()
    {
        var values = new List<KeyDirEntry>();
        ForEachLocked(stored => values.Add(ReadEntry(stored)));
        return values;
    }

    /// <summary>Removes every entry and frees the memory of the keys.</summary>
    public void Clear()
    {
        lock (_writeLock)
        {
            LockAllStripes();
            try
            {
                _slots = new ulong[MinimumSlots];
                _chunks = [];
                _chunksUsed = 0;
                _chunkEnd = 0;
                _liveBytes = 0;
                _garbageBytes = 0;
                _deletedSlots = 0;
                _count = 0;
            }
            finally
            {
                UnlockAllStripes();
            }
        }
    }

    // ----- helpers ------------------------------------------------------------------------------

    // The process's seeded hash of the key (ByteArrayComparer: random per process, so a crafted key
    // set cannot force every key into one run of slots).
    private static uint Hash(ReadOnlySpan<byte> key) => (uint)ByteArrayComparer.Instance.GetHashCode(key);

    private static ulong Slot(uint hash, uint position) => ((ulong)hash << 32) | (position + 1);

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty || key.Length > DataFileWriter.MaxKeyLength)
        {
            throw new ArgumentException($"A key must be 1 to {DataFileWriter.MaxKeyLength} bytes long; got {key.Length}.", nameof(key));
        }
    }

    private static void CheckEntry(KeyDirEntry entry)
    {
        if (entry.Offset is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.Offset, "A key directory entry's offset must fit in 32 bits (data files of at most 4 GiB).");
        }
        if (entry.Size < DataFileWriter.HeaderSize)
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.Size, $"A record is at least {DataFileWriter.HeaderSize} bytes long.");
        }
    }

    private static KeyDirEntry ReadEntry(Span<byte> stored) => new(
        BinaryPrimitives.ReadInt32LittleEndian(stored),
        BinaryPrimitives.ReadInt32LittleEndian(stored[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(stored[4..]),
        BinaryPrimitives.ReadUInt64LittleEndian(stored[12..]));

    private static void WriteEntry(Span<byte> stored, KeyDirEntry entry)
    {
        BinaryPrimitives.WriteInt32LittleEndian(stored, entry.FileId);
        BinaryPrimitives.WriteUInt32LittleEndian(stored[4..], (uint)entry.Offset);
        BinaryPrimitives.WriteInt32LittleEndian(stored[8..], entry.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(stored[12..], entry.Sequence);
    }

    private static ReadOnlySpan<byte> KeyOf(Span<byte> stored) =>
        stored.Slice(EntryHeaderSize, BinaryPrimitives.ReadUInt16LittleEndian(stored[20..]));

    // The slot of `key`, or -1. Requires the key's stripe lock (or the write lock, which excludes
    // every change): a probe from the key's home slot to the first empty one.
    private int FindLocked(ReadOnlySpan<byte> key, uint hash)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var at = (int)(hash & mask); ; at = (at + 1) & mask)
        {
            var slot = slots[at];
            if (slot == Empty)
            {
                return -1;
            }
            if (slot != Deleted && (uint)(slot >> 32) == hash && KeyOf(EntryAt(slot)).SequenceEqual(key))
            {
                return at;
            }
        }
    }

    // The entry a slot points at (its header and key; a span to the end of its chunk).
    private Span<byte> EntryAt(ulong slot)
    {
        var position = (uint)slot - 1;
        var chunk = _chunks[position >> ChunkBits];
        var at = (int)(position & (ChunkSize - 1));
        return chunk.AsSpan(at, EntryHeaderSize + BinaryPrimitives.ReadUInt16LittleEndian(chunk.AsSpan(at + 20)));
    }

    // Makes sure the last chunk has `needed` bytes free, compacting or adding a chunk (both before
    // any stripe is locked: compaction locks them all). Under _writeLock.
    private void EnsureRoom(int needed)
    {
        Debug.Assert(_writeLock.IsHeldByCurrentThread, "EnsureRoom requires the write lock");
        if (_chunksUsed > 0 && _chunkEnd + needed <= ChunkSize)
        {
            return;
        }
        if (_garbageBytes >= ChunkSize && _garbageBytes >= _liveBytes)
        {
            Rebuild(_slots.Length, compact: true);
        }
        if (_chunksUsed == 0 || _chunkEnd + needed > ChunkSize)
        {
            AddChunk();
        }
    }

    // Copies the entry and its key after the last entry (EnsureRoom made room); returns its position.
    // Under _writeLock; nothing points at the new bytes until a slot does.
    private uint AppendEntry(ReadOnlySpan<byte> key, KeyDirEntry entry)
    {
        Debug.Assert(_writeLock.IsHeldByCurrentThread, "AppendEntry requires the write lock");
        var needed = EntryHeaderSize + key.Length;
        Debug.Assert(_chunksUsed > 0 && _chunkEnd + needed <= ChunkSize, "EnsureRoom runs first");
        var chunkIndex = _chunksUsed - 1;
        var stored = _chunks[chunkIndex].AsSpan(_chunkEnd, needed);
        WriteEntry(stored, entry);
        BinaryPrimitives.WriteUInt16LittleEndian(stored[20..], (ushort)key.Length);
        key.CopyTo(stored[EntryHeaderSize..]);
        var position = ((uint)chunkIndex << ChunkBits) | (uint)_chunkEnd;
        _chunkEnd += needed;
        _liveBytes += needed;
        return position;
    }

    private void AddChunk()
    {
        if (_chunksUsed == MaxChunks)
        {
            throw new InvalidOperationException("The key directory's entries fill 4 GiB, the most its 32-bit positions can address.");
        }
        if (_chunksUsed == _chunks.Length)
        {
            // Readers that still hold the old array of chunks never need the new chunk: they only
            // follow slots published under their stripe lock, after this assignment.
            var chunks = new byte[Math.Min(MaxChunks, Math.Max(4, _chunks.Length * 2))][];
            _chunks.CopyTo(chunks);
            _chunks = chunks;
        }
        _chunks[_chunksUsed] ??= new byte[ChunkSize];
        _chunksUsed++;
        _chunkEnd = 0;
    }

    // Puts every live key into a new table of `slotCount` slots (dropping the Deleted ones) and, with
    // `compact`, copies every live entry into fresh chunks (dropping removed keys' entries). Every
    // key moves, so every stripe is locked. Optimised at once: it runs a few times per doubling of
    // the table, too rarely for tiered compilation to optimise it before the big tables (measured).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rebuild(int slotCount, bool compact = false)
    {
        Debug.Assert(_writeLock.IsHeldByCurrentThread, "Rebuild requires the write lock");
        var slots = new ulong[slotCount];
        LockAllStripes();
        try
        {
            var oldSlots = _slots;
            var oldChunks = _chunks;
            if (compact)
            {
                _chunks = [];
                _chunksUsed = 0;
                _chunkEnd = 0;
                _liveBytes = 0;
                _garbageBytes = 0;
            }
            foreach (var slot in oldSlots)
            {
                if (slot is Empty or Deleted)
                {
                    continue;
                }
                var hash = (uint)(slot >> 32);
                var moved = slot;
                if (compact)
                {
                    var position = (uint)slot - 1;
                    var chunk = oldChunks[position >> ChunkBits];
                    var at = (int)(position & (ChunkSize - 1));
                    var stored = chunk.AsSpan(at, EntryHeaderSize + BinaryPrimitives.ReadUInt16LittleEndian(chunk.AsSpan(at + 20)));
                    if (_chunksUsed == 0 || _chunkEnd + stored.Length > ChunkSize)
                    {
                        AddChunk();
                    }
                    moved = Slot(hash, AppendEntry(KeyOf(stored), ReadEntry(stored)));
                }
                var to = (int)(hash & (slotCount - 1));
                while (slots[to] != Empty)
                {
                    to = (to + 1) & (slotCount - 1);
                }
                slots[to] = moved;
            }
            _slots = slots;
            _deletedSlots = 0;
        }
        finally
        {
            UnlockAllStripes();
        }
    }

    // Calls `visit` with every live entry while every stripe is locked.
    private void ForEachLocked(SpanAction visit)
    {
        lock (_writeLock)
        {
            LockAllStripes();
            try
            {
                foreach (var slot in _slots)
                {
                    if (slot is not (Empty or Deleted))
                    {
                        visit(EntryAt(slot));
                    }
                }
            }
            finally
            {
                UnlockAllStripes();
            }
        }
    }

    private void LockAllStripes()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Enter();
        }
    }

    private void UnlockAllStripes()
    {
        for (var i = _stripes.Length - 1; i >= 0; i--)
        {
            _stripes[i].Exit();
        }
    }

    private delegate void SpanAction(Span<byte> stored);
}
