using System.Buffers;
using FromScratch.Shared.Coding;

namespace FromScratch.Memtable;

/// <summary>
/// LevelDB's memtable (db/memtable.cc): the in-memory buffer of recent writes, a <see cref="SkipList"/>
/// of encoded entries in an <see cref="Arena"/>, ordered by the <see cref="InternalKeyComparator"/>.
/// Every write, a put or a delete, adds an entry; nothing is ever overwritten in place.
/// <code>
///   entry := klength:varint32  user_key  tag:fixed64  vlength:varint32  value
///            \____ internal key, klength = user key length + 8 ___/     (empty for a deletion)
///
///   Add(seq 5, value, "k", "vv"):   09 | 6B | 01 05 00 00 00 00 00 00 | 02 | 76 76
///                                   9    k    tag = 5 &lt;&lt; 8 | 1         2    v  v
/// </code>
/// A read at a snapshot seeks to the <see cref="LookupKey"/> (user key, snapshot sequence, the seek
/// type) and looks at the entry it lands on: the newest version of the key at or below the snapshot,
/// if the user key matches. Memory grows until the engine flushes the memtable to a table
/// (<see cref="ApproximateMemoryUsage"/>, db-07).
/// <para>
/// <b>Lifetime.</b> A memtable is reference-counted, as LevelDB's is: it starts with one reference
/// (its creator's), every iterator holds one until it is disposed, and the last <see cref="Unref"/>
/// returns the arena's blocks to the pool. Spans returned by <see cref="Get(LookupKey, out ReadOnlySpan{byte})"/>
/// point into the arena: use them while you hold a reference.
/// </para>
/// <para>
/// <b>Thread-safety.</b> <see cref="Add"/> needs external synchronisation (one writer, as the
/// skip list). <see cref="Get(LookupKey, out ReadOnlySpan{byte})"/>, iterators,
/// <see cref="ApproximateMemoryUsage"/>, <see cref="Ref"/> and <see cref="Unref"/> may be called from
/// any thread, concurrently with the writer, without locks.
/// </para>
/// </summary>
public sealed class MemTable
{
    private readonly Arena _arena;
    private readonly SkipList _table;
    private int _references = 1;

    /// <summary>An empty memtable ordered by <paramref name="comparator"/>, holding one reference (the caller's).</summary>
    /// <param name="comparator">The order of internal keys.</param>
    /// <param name="arenaBlockSize">The arena's block size.</param>
    /// <param name="seed">The skip list's seed.</param>
    public MemTable(InternalKeyComparator comparator, int arenaBlockSize = Arena.DefaultBlockSize, uint seed = SkipList.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(comparator);
        Comparator = comparator;
        _arena = new Arena(arenaBlockSize);
        _table = new SkipList(_arena, new EntryComparator(comparator), seed);
    }

    /// <summary>The order of the internal keys.</summary>
    public InternalKeyComparator Comparator { get; }

    /// <summary>The bytes the memtable holds: the arena's blocks and the skip list's nodes. The engine flushes when it passes its write buffer size.</summary>
    public long ApproximateMemoryUsage => _arena.MemoryUsage + _table.MemoryUsage;

    /// <summary>The number of entries (puts and deletions).</summary>
    public long Count => _table.Count;

    /// <summary>The skip list, for tests and the demo (drawing its levels).</summary>
    public SkipList Table => _table;

    /// <summary>Adds an entry: a put of <paramref name="value"/> or a deletion (its value empty), at <paramref name="sequence"/>. One writer at a time. Counted on <see cref="MemTableMetrics"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sequence is above 2^56 - 1, or the type is not defined.</exception>
    /// <exception cref="ArgumentException">An entry with the same user key and sequence is already there (sequence numbers are unique per write).</exception>
    public void Add(ulong sequence, EntryType type, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var tag = InternalKey.PackSequenceAndType(sequence, type);
        var internalLength = InternalKey.EncodedLength(key.Length);
        var length = Varint.Length((uint)internalLength) + internalLength + Varint.Length((uint)value.Length) + value.Length;
        var blocksBefore = _arena.BlockCount;
        var reference = _arena.Allocate(length, out var entry);
        var at = Varint.Write32(entry, (uint)internalLength);
        key.CopyTo(entry[at..]);
        at += key.Length;
        Fixed.Write64(entry[at..], tag);
        at += InternalKey.TagSize;
        at += Varint.Write32(entry[at..], (uint)value.Length);
        value.CopyTo(entry[at..]);
        _table.Insert(reference);
        MemTableMetrics.RecordAdd(length, _arena.BlockCount - blocksBefore);
    }

    /// <summary>
    /// Looks <paramref name="key"/>'s user key up as of its sequence: <see cref="MemTableGetResult.Found"/>
    /// with the value (a span into the arena), <see cref="MemTableGetResult.Deleted"/>, or
    /// <see cref="MemTableGetResult.Absent"/> (LevelDB's <c>MemTable::Get</c>).
    /// </summary>
    public MemTableGetResult Get(LookupKey key, out ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return GetCore(key.MemtableKey, key.UserKey, out value);
    }

    /// <summary>The same as <see cref="Get(LookupKey, out ReadOnlySpan{byte})"/>, without allocating the lookup key.</summary>
    public MemTableGetResult Get(ReadOnlySpan<byte> userKey, ulong sequence, out ReadOnlySpan<byte> value)
    {
        var internalLength = InternalKey.EncodedLength(userKey.Length);
        var length = Varint.Length((uint)internalLength) + internalLength;
        byte[]? rented = null;
        var buffer = length <= 256 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            var at = Varint.Write32(buffer, (uint)internalLength);
            InternalKey.Encode(buffer[at..], userKey, sequence, InternalKey.ValueTypeForSeek);
            return GetCore(buffer, userKey, out value);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>An iterator over the internal keys (<see cref="MemTableIterator"/>), holding a reference until it is disposed.</summary>
    public MemTableIterator NewIterator()
    {
        Ref();
        return new MemTableIterator(this, _table.NewIterator());
    }

    /// <summary>Takes a reference: the memtable stays alive until every reference is released.</summary>
    /// <exception cref="ObjectDisposedException">The last reference was already released.</exception>
    public void Ref()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            ObjectDisposedException.ThrowIf(current <= 0, this);
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Releases a reference; the last one returns the arena's blocks to the pool.</summary>
    /// <exception cref="InvalidOperationException">More references were released than taken.</exception>
    public void Unref()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            _arena.Dispose();
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("MemTable.Unref was called more often than the references taken (the creator's, Ref, iterators).");
        }
    }

    /// <summary>The internal key of an entry (its length-prefixed first part).</summary>
    internal static ReadOnlySpan<byte> EntryKey(ReadOnlySpan<byte> entry)
    {
        LengthPrefixed.TryRead(entry, out var key, out _);
        return key;
    }

    /// <summary>The value of an entry (the length-prefixed part after its internal key).</summary>
    internal static ReadOnlySpan<byte> EntryValue(ReadOnlySpan<byte> entry)
    {
        LengthPrefixed.TryRead(entry, out _, out var consumed);
        LengthPrefixed.TryRead(entry[consumed..], out var value, out _);
        return value;
    }

    private MemTableGetResult GetCore(scoped ReadOnlySpan<byte> memtableKey, scoped ReadOnlySpan<byte> userKey, out ReadOnlySpan<byte> value)
    {
        value = default;
        var node = _table.FindGreaterOrEqual(memtableKey, null);
        if (node == SkipList.Null)
        {
            return MemTableGetResult.Absent;
        }

        // The entry we landed on is the first at or after (user key, snapshot): the newest version at
        // or below the snapshot if its user key is ours, else some later key (ours is absent).
        var entry = _table.Entry(node);
        var internalKey = EntryKey(entry);
        if (Comparator.UserComparator.Compare(InternalKey.UserKey(internalKey), userKey) != 0)
        {
            return MemTableGetResult.Absent;
        }

        switch ((EntryType)(byte)InternalKey.Tag(internalKey))
        {
            case EntryType.Value:
                value = EntryValue(entry);
                return MemTableGetResult.Found;
            case EntryType.Deletion:
                return MemTableGetResult.Deleted;
            default:
                throw new InvalidOperationException($"Corrupt memtable entry: unknown type {(byte)InternalKey.Tag(internalKey)}.");
        }
    }

    /// <summary>Orders memtable entries (and length-prefixed seek keys) by their internal keys: LevelDB's <c>MemTable::KeyComparator</c>.</summary>
    private sealed class EntryComparator(InternalKeyComparator internalComparator) : FromScratch.Shared.KeyValue.IKeyComparator
    {
        public string Name => "FromScratch.MemTableEntryComparator";

        public int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => internalComparator.Compare(EntryKey(a), EntryKey(b));

        // Never used on entries (the skip list only compares); an unchanged copy is always correct.
        public byte[] FindShortestSeparator(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit) => start.ToArray();

        public byte[] FindShortSuccessor(ReadOnlySpan<byte> key) => key.ToArray();
    }
}
