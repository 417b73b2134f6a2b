using System.Buffers.Binary;
using System.Diagnostics;
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
/// <para><b>Layout.</b> No object per key: a million keys are a few hundred arrays, which the
/// garbage collector never has to trace (they hold no references). A hash table with chaining,
/// as .NET's <c>Dictionary</c> is built, over three kinds of array:</para>
/// <code>
///   buckets   int[2^k]        bucket b = hash &amp; (2^k - 1) holds the index of its chain's first
///   ┌────┬────┬────┬────┐     entry, -1 if empty; doubled when there are more keys than buckets
///   │ -1 │  2 │ -1 │  0 │ ...
///   └────┴─┬──┴────┴─┬──┘
///          │         └──────────────────┐
///   entries│ Entry[4096] chunks, 32 B each; an entry never moves, so its index is its address
///   ┌──────▼─────────────────────────────┼──────────────────────────────────────────────────┐
///   │ #2 Next=-1 Hash KeyPosition=18 ... │ #0 Next=1  Hash  KeyPosition=0  FileId Offset ... │
///   └────────────────┬───────────────────┴──────────────────┬───────────────────────────────┘
///                    │                                      │ #1 (same bucket) is next in the chain
///   keys             ▼ 1 MiB byte[] chunks                  ▼
///   ┌──────────────────────────────────────────────────────────────────────────────┐
///   │ 10 00 "0000000000000007" │ 10 00 "0000000000000003" │ ...                      │
///   └──────────────────────────────────────────────────────────────────────────────┘
///     each key: length (2 bytes, little-endian), then its bytes; a position is
///     chunk * 2^20 + offset in the chunk, a uint (so at most 4 GiB of keys)
///
///   Entry (32 bytes)
///   offset size field
///   0      4    Next         next entry of the chain (or of the free list), -1 at its end
///   4      4    Hash         the key's 32-bit hash: chains and resizes compare it, not the key
///   8      4    KeyPosition  where the key is in the key chunks
///   12     4    FileId       the data file (000007.data is 7)
///   16     4    Offset       where the record starts in the file (a uint: files of at most 4 GiB)
///   20     4    Size         the record's size, header included; 0 marks a free entry
///   24     8    Sequence     the record's sequence number
/// </code>
/// <para>Per key that is 32 bytes of entry, 4 to 8 bytes of bucket (one to two buckets per key
/// as the table fills between doublings) and the key with its 2-byte length. A deleted entry goes
/// to a free list for the next new key; a deleted key's bytes stay in their chunk as garbage until
/// garbage is half of the key bytes, when the keys are copied into fresh chunks (compaction).</para>
/// <para><b>Thread-safety.</b> Every member is thread-safe. Writers (<see cref="Set"/>,
/// <see cref="Remove"/>, <see cref="TryReplace"/>, <see cref="Clear"/>) are serialised by a write
/// lock. Readers never take it: they take the lock of the key's <i>stripe</i>, one of 64 locks
/// chosen by the hash's low bits, and a writer holds that stripe's lock while it changes that key's
/// chain or entry, so a reader never sees an entry half written (its four fields are not one atomic
/// word) or a chain half relinked. A bucket's chain lies wholly in one stripe, because the bucket
/// count is a power of two no smaller than the stripe count. Resizing the buckets and compacting
/// the keys move every chain, so they take all 64 stripe locks. Lock order: the write lock, then the
/// stripe locks in ascending order; a reader holds one stripe lock and takes nothing else.</para>
/// </summary>
public sealed class KeyDirectory
{
    private const int StripeCount = 64;
    private const int EntryChunkBits = 12;
    private const int EntriesPerChunk = 1 << EntryChunkBits;       // 4,096 entries: 128 KiB per chunk
    private const int KeyChunkBits = 20;
    private const int KeyChunkSize = 1 << KeyChunkBits;            // 1 MiB per key chunk
    private const int MaxKeyChunks = 1 << (32 - KeyChunkBits);     // positions are uints: 4 GiB of keys
    private const int KeyLengthSize = 2;

    private readonly Lock _writeLock = new();
    private readonly Lock[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new Lock())];

    // Read by readers under a stripe lock; replaced or changed by the writer only under the stripe
    // locks that cover what a reader could be looking at.
    private int[] _buckets = NewBuckets(StripeCount);
    private Entry[][] _entryChunks = [];
    private byte[][] _keyChunks = [];

    // Guarded by _writeLock.
    private int _entriesUsed;           // entries handed out, live or free
    private int _freeEntry = -1;        // head of the free list, linked through Entry.Next
    private int _keyChunksUsed;
    private int _keyChunkEnd;           // where the next key goes in the last key chunk
    private long _liveKeyBytes;         // length prefixes included
    private long _garbageKeyBytes;      // of deleted keys, until the next compaction

    private volatile int _count;

    /// <summary>The number of live keys.</summary>
    public int Count => _count;

    /// <summary>Looks up <paramref name="key"/>.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out KeyDirEntry entry)
    {
        var hash = Hash(key);
        lock (_stripes[hash & (StripeCount - 1)])
        {
            var index = FindLocked(key, hash, out _);
            if (index < 0)
            {
                entry = default;
                return false;
            }
            entry = EntryAt(index).ToKeyDirEntry();
            return true;
        }
    }

    /// <summary>Points <paramref name="key"/> at <paramref name="entry"/>; returns the previous entry, if any.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The entry's offset does not fit in 32 bits, or its size is below a record header's.</exception>
    /// <exception cref="InvalidOperationException">The key directory holds 4 GiB of keys and cannot take another.</exception>
    public KeyDirEntry? Set(ReadOnlySpan<byte> key, KeyDirEntry entry)
    {
        CheckKey(key);
        CheckEntry(entry);
        var hash = Hash(key);
        lock (_writeLock)
        {
            var stripe = _stripes[hash & (StripeCount - 1)];
            lock (stripe)
            {
                var existing = FindLocked(key, hash, out _);
                if (existing >= 0)
                {
                    ref var e = ref EntryAt(existing);
                    var previous = e.ToKeyDirEntry();
                    e.Store(entry);
                    return previous;
                }
            }

            // A new key. Growing the buckets and copying the keys take every stripe lock, so they
            // run before this key's stripe is locked to link it in.
            if (_count >= _buckets.Length)
            {
                Resize(_buckets.Length * 2);
            }
            var keyPosition = StoreKey(key);
            var index = AllocateEntry();
            ref var added = ref EntryAt(index);
            added.Hash = hash;
            added.KeyPosition = keyPosition;
            added.Store(entry);
            lock (stripe)
            {
                var buckets = _buckets;
                ref var head = ref buckets[hash & (buckets.Length - 1)];
                added.Next = head;
                head = index;
                _count++;
            }
            return null;
        }
    }

    /// <summary>Removes <paramref name="key"/>; returns its entry, if it had one.</summary>
    public KeyDirEntry? Remove(ReadOnlySpan<byte> key)
    {
        var hash = Hash(key);
        lock (_writeLock)
        {
            int index;
            KeyDirEntry previous;
            lock (_stripes[hash & (StripeCount - 1)])
            {
                index = FindLocked(key, hash, out var before);
                if (index < 0)
                {
                    return null;
                }
                ref var e = ref EntryAt(index);
                previous = e.ToKeyDirEntry();
                if (before < 0)
                {
                    var buckets = _buckets;
                    buckets[hash & (buckets.Length - 1)] = e.Next;
                }
                else
                {
                    EntryAt(before).Next = e.Next;
                }
                _count--;
            }

            // Unlinked under the stripe lock: no reader can reach the entry any more.
            ref var freed = ref EntryAt(index);
            var keyBytes = KeyLengthSize + KeyLength(freed.KeyPosition);
            _liveKeyBytes -= keyBytes;
            _garbageKeyBytes += keyBytes;
            freed.Size = 0;
            freed.Next = _freeEntry;
            _freeEntry = index;
            return previous;
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
                var index = FindLocked(key, hash, out _);
                if (index < 0)
                {
                    return false;
                }
                ref var e = ref EntryAt(index);
                if (e.ToKeyDirEntry() != expected)
                {
                    return false;
                }
                e.Store(replacement);
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
            lock (_writeLock)
            {
                LockAllStripes();
                try
                {
                    var entries = new List<KeyValuePair<byte[], KeyDirEntry>>(_count);
                    for (var i = 0; i < _entriesUsed; i++)
                    {
                        ref var e = ref EntryAt(i);
                        if (e.Size != 0)
                        {
                            entries.Add(new(Key(e.KeyPosition).ToArray(), e.ToKeyDirEntry()));
                        }
                    }
                    return entries;
                }
                finally
                {
                    UnlockAllStripes();
                }
            }
        }
    }

    /// <summary>A snapshot of the entries without their keys (as <see cref="Entries"/>, without copying a key each).</summary>
    internal List<KeyDirEntry> Values()
    {
        lock (_writeLock)
        {
            LockAllStripes();
            try
            {
                var values = new List<KeyDirEntry>(_count);
                for (var i = 0; i < _entriesUsed; i++)
                {
                    ref var e = ref EntryAt(i);
                    if (e.Size != 0)
                    {
                        values.Add(e.ToKeyDirEntry());
                    }
                }
                return values;
            }
            finally
            {
                UnlockAllStripes();
            }
        }
    }

    /// <summary>Removes every entry and frees the memory of the keys.</summary>
    public void Clear()
    {
        lock (_writeLock)
        {
            LockAllStripes();
            try
            {
                _buckets = NewBuckets(StripeCount);
                _entryChunks = [];
                _keyChunks = [];
                _entriesUsed = 0;
                _freeEntry = -1;
                _keyChunksUsed = 0;
                _keyChunkEnd = 0;
                _liveKeyBytes = 0;
                _garbageKeyBytes = 0;
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
    // set cannot force every key into one chain).
    private static uint Hash(ReadOnlySpan<byte> key) => (uint)ByteArrayComparer.Instance.GetHashCode(key);

    private static int[] NewBuckets(int count)
    {
        var buckets = new int[count];
        Array.Fill(buckets, -1);
        return buckets;
    }

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

    // The entry of `key` in its chain, or -1; `before` is the entry before it in the chain (-1 if it
    // is the first). Requires the key's stripe lock (or the write lock, which excludes every change).
    private int FindLocked(ReadOnlySpan<byte> key, uint hash, out int before)
    {
        var buckets = _buckets;
        before = -1;
        for (var index = buckets[hash & (buckets.Length - 1)]; index >= 0;)
        {
            ref var e = ref EntryAt(index);
            if (e.Hash == hash && Key(e.KeyPosition).SequenceEqual(key))
            {
                return index;
            }
            before = index;
            index = e.Next;
        }
        return -1;
    }

    private ref Entry EntryAt(int index) => ref _entryChunks[index >> EntryChunkBits][index & (EntriesPerChunk - 1)];

    private ReadOnlySpan<byte> Key(uint position)
    {
        var chunk = _keyChunks[position >> KeyChunkBits];
        var at = (int)(position & (KeyChunkSize - 1));
        var length = BinaryPrimitives.ReadUInt16LittleEndian(chunk.AsSpan(at));
        return chunk.AsSpan(at + KeyLengthSize, length);
    }

    private int KeyLength(uint position) =>
        BinaryPrimitives.ReadUInt16LittleEndian(_keyChunks[position >> KeyChunkBits].AsSpan((int)(position & (KeyChunkSize - 1))));

    // A free entry, or the next unused one (adding a chunk when the last is full). Under _writeLock;
    // the entry is not linked into any chain, so no reader can see it.
    private int AllocateEntry()
    {
        Debug.Assert(_writeLock.IsHeldByCurrentThread, "AllocateEntry requires the write lock");
        if (_freeEntry >= 0)
        {
            var index = _freeEntry;
            _freeEntry = EntryAt(index).Next;
            return index;
        }
        if (_entriesUsed == int.MaxValue)
        {
            throw new InvalidOperationException("The key directory holds the most entries it can index (2^31 - 1).");
        }
        if ((_entriesUsed & (EntriesPerChunk - 1)) == 0 && (_entriesUsed >> EntryChunkBits) == _entryChunks.Length)
        {
            // Readers that still hold the old array of chunks never need the new chunk: they only
            // follow links to entries published under their stripe lock, after this assignment.
            var chunks = new Entry[_entryChunks.Length + 1][];
            _entryChunks.CopyTo(chunks);
            chunks[^1] = new Entry[EntriesPerChunk];
            _entryChunks = chunks;
        }
        return _entriesUsed++;
    }

    // Copies the key, with its length, after the last key; returns its position. Under _writeLock.
    private uint StoreKey(ReadOnlySpan<byte> key)
    {
        Debug.Assert(_writeLock.IsHeldByCurrentThread, "StoreKey requires the write lock");
        var needed = KeyLengthSize + key.Length;
        if (_keyChunksUsed == 0 || _keyChunkEnd + needed > KeyChunkSize)
        {
            if (_garbageKeyBytes >= KeyChunkSize && _garbageKeyBytes >= _liveKeyBytes)
            {
                CompactKeys();
            }
            if (_keyChunksUsed == 0 || _keyChunkEnd + needed > KeyChunkSize)
            {
                AddKeyChunk();
            }
        }

        var chunkIndex = _keyChunksUsed - 1;
        var chunk = _keyChunks[chunkIndex];
        BinaryPrimitives.WriteUInt16LittleEndian(chunk.AsSpan(_keyChunkEnd), (ushort)key.Length);
        key.CopyTo(chunk.AsSpan(_keyChunkEnd + KeyLengthSize));
        var position = ((uint)chunkIndex << KeyChunkBits) | (uint)_keyChunkEnd;
        _keyChunkEnd += needed;
        _liveKeyBytes += needed;
        return position;
    }

    private void AddKeyChunk()
    {
        if (_keyChunksUsed == MaxKeyChunks)
        {
            throw new InvalidOperationException("The key directory holds 4 GiB of keys, the most its 32-bit key positions can address.");
        }
        if (_keyChunksUsed == _keyChunks.Length)
        {
            var chunks = new byte[Math.Min(MaxKeyChunks, Math.Max(4, _keyChunks.Length * 2))][];
            _keyChunks.CopyTo(chunks);
            _keyChunks = chunks;   // see AllocateEntry: readers never need a chunk added after they read the array
        }
        _keyChunks[_keyChunksUsed] ??= new byte[KeyChunkSize];
        _keyChunksUsed++;
        _keyChunkEnd = 0;
    }

    // Doubles the buckets and relinks every live entry: every chain changes, so every stripe is locked.
    private void Resize(int bucketCount)
    {
        Debug.Assert(_writeLock.IsHeldByCurrentThread, "Resize requires the write lock");
        var buckets = NewBuckets(bucketCount);
        LockAllStripes();
        try
        {
            for (var i = 0; i < _entriesUsed; i++)
            {
                ref var e = ref EntryAt(i);
                if (e.Size != 0)
                {
                    ref var head = ref buckets[e.Hash & (bucketCount - 1)];
                    e.Next = head;
                    head = i;
                }
            }
            _buckets = buckets;
        }
        finally
        {
            UnlockAllStripes();
        }
    }

    // Copies every live key into fresh chunks, dropping deleted keys' bytes. Every entry's
    // KeyPosition changes, so every stripe is locked.
    private void CompactKeys()
    {
        Debug.Assert(_writeLock.IsHeldByCurrentThread, "CompactKeys requires the write lock");
        LockAllStripes();
        try
        {
            var old = _keyChunks;
            _keyChunks = [];
            _keyChunksUsed = 0;
            _keyChunkEnd = 0;
            _liveKeyBytes = 0;
            _garbageKeyBytes = 0;
            for (var i = 0; i < _entriesUsed; i++)
            {
                ref var e = ref EntryAt(i);
                if (e.Size != 0)
                {
                    var chunk = old[e.KeyPosition >> KeyChunkBits];
                    var at = (int)(e.KeyPosition & (KeyChunkSize - 1));
                    var length = BinaryPrimitives.ReadUInt16LittleEndian(chunk.AsSpan(at));
                    e.KeyPosition = StoreKey(chunk.AsSpan(at + KeyLengthSize, length));
                }
            }
        }
        finally
        {
            UnlockAllStripes();
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

    /// <summary>One slot of the table (layout in the type's comment).</summary>
    private struct Entry
    {
        public int Next;
        public uint Hash;
        public uint KeyPosition;
        public int FileId;
        public uint Offset;
        public int Size;
        public ulong Sequence;

        public readonly KeyDirEntry ToKeyDirEntry() => new(FileId, Size, Offset, Sequence);

        public void Store(KeyDirEntry entry)
        {
            FileId = entry.FileId;
            Offset = (uint)entry.Offset;
            Size = entry.Size;
            Sequence = entry.Sequence;
        }
    }
}
