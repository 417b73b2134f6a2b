using FromScratch.Shared.KeyValue;
using FromScratch.Shared.Randomness;

namespace FromScratch.Memtable;

/// <summary>
/// A skip list (Pugh, "Skip Lists: A Probabilistic Alternative to Balanced Trees", CACM 1990) of
/// byte strings kept in an <see cref="Arena"/>, ordered by an <see cref="IKeyComparator"/>, with one
/// writer and any number of readers that never lock: LevelDB's <c>db/skiplist.h</c>, in C#.
/// <code>
///   level 3  head ------------------------------> [k7] ---------------------------> null
///   level 2  head -----------> [k3] ------------> [k7] ------------> [k11] -------> null
///   level 1  head --> [k1] --> [k3] --> [k5] ---> [k7] --> [k9] ---> [k11] -------> null
///   level 0  head --> [k1] --> [k3] --> [k5] --> [k6] --> [k7] --> [k9] --> [k11] --> null
///
///   node = | block | offset | length | height | next[0] | ... | next[height-1] |   ints in a chunk
///           \_______ the entry in the arena ______/
/// </code>
/// A node's height is drawn once, at insertion: 1, then each extra level with odds 1 in 4, at most
/// 12 (<see cref="Branching"/>, <see cref="MaxHeight"/>), from LevelDB's generator seeded with
/// 0xdeadbeef unless told otherwise, so a run replays. A search starts at the top level of the head
/// and drops a level whenever the next node's key is not below the target: about log4(n) levels of
/// a few steps each. Nodes live in chunks of 65,536 ints, so inserting allocates nothing but, now
/// and then, a chunk (and the arena's blocks for the entries).
/// <para>
/// <b>Invariants</b> (<see cref="CheckInvariants"/> checks 1-3):
/// <list type="number">
/// <item>Every level is sorted, strictly: no two entries compare equal (<see cref="Insert(ArenaRef)"/>
/// refuses a duplicate).</item>
/// <item>Every level is a sublist of the level below it; level 0 holds every entry, and a node of
/// height h is on levels 0..h-1 exactly.</item>
/// <item>No node is taller than <see cref="Height"/>, and <see cref="Height"/> never shrinks.</item>
/// <item>A node is fully initialised (its entry reference, its height and every one of its next
/// pointers) before it is linked at any level. The writer fills those fields with plain stores and
/// then links the node with <c>Volatile.Write</c>, a release store; a reader follows links with
/// <c>Volatile.Read</c>, an acquire load, so every store made before the link is visible to a reader
/// that sees the link. The same release/acquire pair publishes a new chunk directory before any node
/// in the new chunk is linked.</item>
/// <item>A reader sees, for each link, either the old or the new next pointer, never a mix: a link is
/// one 32-bit int, and .NET makes aligned 32-bit reads and writes atomic.</item>
/// <item>Nodes are never removed or moved while the list lives, so a reader holding a node id can
/// always follow it. The list only grows; deletions are new entries (the memtable's tombstones).</item>
/// </list>
/// A reader that reads <see cref="Height"/> just after the writer raised it may find the head's new
/// levels still null: it then simply drops to a lower level, which is correct (invariant 4 makes the
/// head's null links safe to read).
/// </para>
/// <para>
/// <b>Thread-safety.</b> <see cref="Insert(ArenaRef)"/> and <see cref="Insert(ReadOnlySpan{byte})"/> need
/// external synchronisation: one writer at a time (the memtable's writer holds the database's write
/// lock). Every other member may be called from any number of threads, concurrently with the writer,
/// without locks: a reader sees every entry inserted before its operation began, may or may not see
/// one inserted meanwhile, and never a half-inserted node or an unsorted sequence.
/// </para>
/// </summary>
public sealed class SkipList
{
    /// <summary>The tallest a node can be (LevelDB's <c>kMaxHeight</c>).</summary>
    public const int MaxHeight = 12;

    /// <summary>A node is taller by one level with odds 1 in this (LevelDB's <c>kBranching</c>).</summary>
    public const int Branching = 4;

    /// <summary>The seed LevelDB gives the height generator.</summary>
    public const uint DefaultSeed = 0xdeadbeef;

    internal const int Null = 0;   // node id 0 is never a node: chunks start zeroed, so links start null
    internal const int Head = 1;

    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;
    private const int BlockField = 0;
    private const int OffsetField = 1;
    private const int LengthField = 2;
    private const int HeightField = 3;
    private const int NextField = 4;

    private readonly Arena _arena;
    private readonly IKeyComparator _comparator;
    private readonly LevelDbRandom _random;
    private readonly int[] _splice = new int[MaxHeight];   // the writer's scratch: the predecessor at each level
    private int[][] _chunks;                                // published with Volatile.Write, replaced whole
    private int _chunkCount;
    private int _nextFree;                                  // the writer's: the next unused int
    private int _height = 1;                                // Volatile: the height of the tallest node
    private long _count;                                    // Volatile

    /// <summary>An empty list whose entries live in <paramref name="arena"/>, ordered by <paramref name="comparator"/>.</summary>
    /// <param name="arena">Where the entries are; the list keeps references to it.</param>
    /// <param name="comparator">The order of the entries (only <see cref="IKeyComparator.Compare"/> is used).</param>
    /// <param name="seed">The seed of the node heights; the same inserts with the same seed build the same list.</param>
    public SkipList(Arena arena, IKeyComparator comparator, uint seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(arena);
        ArgumentNullException.ThrowIfNull(comparator);
        _arena = arena;
        _comparator = comparator;
        _random = new LevelDbRandom(seed);
        _chunks = [new int[ChunkSize]];
        _chunkCount = 1;
        _nextFree = Head;
        var head = NewNode(default, MaxHeight);   // the head: no entry, every level, links null
        System.Diagnostics.Debug.Assert(head == Head, "the head is node 1");
    }

    /// <summary>The number of entries.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>The height of the tallest node so far (1 when empty).</summary>
    public int Height => Volatile.Read(ref _height);

    /// <summary>The bytes of the node chunks (the entries' bytes are the arena's).</summary>
    public long MemoryUsage => (long)Volatile.Read(ref _chunkCount) * ChunkSize * sizeof(int);

    /// <summary>The comparator that orders the entries.</summary>
    public IKeyComparator Comparator => _comparator;

    /// <summary>Copies <paramref name="entry"/> into the arena and inserts it (one writer at a time).</summary>
    /// <returns>Where the copy lives.</returns>
    /// <exception cref="ArgumentException">An equal entry is already in the list.</exception>
    public ArenaRef Insert(ReadOnlySpan<byte> entry)
    {
        if (entry.IsEmpty)
        {
            throw new ArgumentException("An entry is at least one byte long.", nameof(entry));
        }

        if (Contains(entry))
        {
            throw new ArgumentException("An equal entry is already in the list; entries are unique.", nameof(entry));
        }

        var reference = _arena.Allocate(entry.Length, out var destination);
        entry.CopyTo(destination);
        InsertCore(reference, _arena.Get(reference));
        return reference;
    }

    /// <summary>Inserts the entry at <paramref name="entry"/>, which the caller has written into the list's arena (one writer at a time).</summary>
    /// <exception cref="ArgumentException">An equal entry is already in the list.</exception>
    public void Insert(ArenaRef entry) => InsertCore(entry, _arena.Get(entry));

    /// <summary>Whether an entry equal to <paramref name="key"/> is in the list.</summary>
    public bool Contains(ReadOnlySpan<byte> key)
    {
        var node = FindGreaterOrEqual(key, null);
        return node != Null && _comparator.Compare(Entry(node), key) == 0;
    }

    /// <summary>
    /// A sync point for tests (the idea of RocksDB's <c>TEST_SYNC_POINT</c>, test_util/sync_point.h):
    /// when set, the writer calls it on its own thread right after each release store that links a
    /// new node into a level, with that level: the first moment a concurrent reader can reach the node
    /// there. A test that reads the list inside it checks invariant 4 at every publication,
    /// deterministically, where reader threads would have to win a race of a few nanoseconds. Null
    /// (the default) costs one field load per level of an insert.
    /// </summary>
    public Action<int>? AfterLink { get; set; }

    /// <summary>A new iterator over the list, not yet positioned. It sees entries inserted after its creation too (the list has no snapshots; the memtable's sequence numbers give them).</summary>
    public SkipListIterator NewIterator() => new(this);

    /// <summary>Copies of the entries on <paramref name="level"/> (0 is the bottom), in order: for tests and for drawing the list.</summary>
    public IReadOnlyList<byte[]> EntriesAtLevel(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, MaxHeight);
        var entries = new List<byte[]>();
        for (var node = Next(Head, level); node != Null; node = Next(node, level))
        {
            entries.Add(Entry(node).ToArray());
        }

        return entries;
    }

    /// <summary>
    /// Walks every level and checks invariants 1-3 of the type's comment; throws
    /// <see cref="InvalidOperationException"/> naming the first one broken. O(n · height), for tests.
    /// Call it while no insert runs: a node being linked level by level is, for a moment, on level 0
    /// but not yet on level 1, which the check would report.
    /// </summary>
    public void CheckInvariants()
    {
        var height = Height;
        var below = new HashSet<int>();
        for (var level = 0; level < MaxHeight; level++)
        {
            var onLevel = new HashSet<int>();
            var previous = Null;
            for (var node = Next(Head, level); node != Null; node = Next(node, level))
            {
                if (level >= height)
                {
                    throw new InvalidOperationException($"Invariant 3: level {level} holds a node, but the list's height is {height}.");
                }

                var nodeHeight = Field(node, HeightField);
                if (nodeHeight <= level)
                {
                    throw new InvalidOperationException($"Invariant 2: a node of height {nodeHeight} is linked at level {level}.");
                }

                if (level > 0 && !below.Contains(node))
                {
                    throw new InvalidOperationException($"Invariant 2: a node at level {level} is missing from level {level - 1}.");
                }

                if (previous != Null && _comparator.Compare(Entry(previous), Entry(node)) >= 0)
                {
                    throw new InvalidOperationException($"Invariant 1: level {level} is not strictly sorted ({Convert.ToHexString(Entry(previous))} then {Convert.ToHexString(Entry(node))}).");
                }

                onLevel.Add(node);
                previous = node;
            }

            if (level > 0)
            {
                foreach (var node in below)
                {
                    if (Field(node, HeightField) > level && !onLevel.Contains(node))
                    {
                        throw new InvalidOperationException($"Invariant 2: a node of height {Field(node, HeightField)} is missing from level {level}.");
                    }
                }
            }
            else if (onLevel.Count < Count)
            {
                throw new InvalidOperationException($"Invariant 2: level 0 holds {onLevel.Count} entries, fewer than the {Count} inserted.");
            }

            below = onLevel;
        }
    }

    // ---- node access, shared with the iterator ---------------------------------------------------

    /// <summary>The entry of <paramref name="node"/> (never the head's).</summary>
    internal ReadOnlySpan<byte> Entry(int node) =>
        _arena.Get(new ArenaRef(Field(node, BlockField), Field(node, OffsetField), Field(node, LengthField)));

    /// <summary>The node after <paramref name="node"/> at <paramref name="level"/>: an acquire load (invariant 4).</summary>
    internal int Next(int node, int level) => Volatile.Read(ref Slot(node, NextField + level));

    /// <summary>The first node whose entry is at or after <paramref name="key"/>, or <see cref="Null"/>; fills <paramref name="splice"/> with the last node before it at each level.</summary>
    internal int FindGreaterOrEqual(ReadOnlySpan<byte> key, int[]? splice)
    {
        var node = Head;
        var level = Height - 1;
        while (true)
        {
            var next = Next(node, level);
            if (next != Null && _comparator.Compare(Entry(next), key) < 0)
            {
                node = next;   // the key is after next: keep going on this level
            }
            else
            {
                if (splice is not null)
                {
                    splice[level] = node;
                }

                if (level == 0)
                {
                    return next;
                }

                level--;
            }
        }
    }

    /// <summary>The last node whose entry is before <paramref name="key"/>, or <see cref="Head"/> if there is none.</summary>
    internal int FindLessThan(ReadOnlySpan<byte> key)
    {
        var node = Head;
        var level = Height - 1;
        while (true)
        {
            var next = Next(node, level);
            if (next == Null || _comparator.Compare(Entry(next), key) >= 0)
            {
                if (level == 0)
                {
                    return node;
                }

                level--;
            }
            else
            {
                node = next;
            }
        }
    }

    /// <summary>The last node, or <see cref="Head"/> if the list is empty.</summary>
    internal int FindLast()
    {
        var node = Head;
        var level = Height - 1;
        while (true)
        {
            var next = Next(node, level);
            if (next == Null)
            {
                if (level == 0)
                {
                    return node;
                }

                level--;
            }
            else
            {
                node = next;
            }
        }
    }

    private void InsertCore(ArenaRef reference, ReadOnlySpan<byte> entry)
    {
        var found = FindGreaterOrEqual(entry, _splice);
        if (found != Null && _comparator.Compare(Entry(found), entry) == 0)
        {
            throw new ArgumentException("An equal entry is already in the list; entries are unique.", nameof(reference));
        }

        var height = RandomHeight();
        var current = Height;
        if (height > current)
        {
            for (var level = current; level < height; level++)
            {
                _splice[level] = Head;
            }

            // Readers may see the new height before the head's new links: they find null there and
            // drop a level, which is correct (the type's comment).
            Volatile.Write(ref _height, height);
        }

        var node = NewNode(reference, height);
        for (var level = 0; level < height; level++)
        {
            // Invariant 4: the node's own link first (a plain store, the node is not reachable yet),
            // then the predecessor's link to it (a release store that publishes everything above).
            Slot(node, NextField + level) = Slot(_splice[level], NextField + level);
            Volatile.Write(ref Slot(_splice[level], NextField + level), node);
            AfterLink?.Invoke(level);
        }

        Volatile.Write(ref _count, _count + 1);
    }

    private int RandomHeight()
    {
        var height = 1;
        while (height < MaxHeight && _random.OneIn(Branching))
        {
            height++;
        }

        return height;
    }

    // Reserves a node of `height` levels, never across two chunks, and fills its fields (plain
    // stores: the node is unreachable until InsertCore links it).
    private int NewNode(ArenaRef entry, int height)
    {
        var size = NextField + height;
        if ((_nextFree & ChunkMask) + size > ChunkSize)
        {
            _nextFree = (_nextFree + ChunkMask) & ~ChunkMask;   // start of the next chunk
        }

        var chunk = _nextFree >> ChunkBits;
        if (chunk == _chunkCount)
        {
            AddChunk();
        }

        var node = _nextFree;
        _nextFree += size;
        Slot(node, BlockField) = entry.Block;
        Slot(node, OffsetField) = entry.Offset;
        Slot(node, LengthField) = entry.Length;
        Slot(node, HeightField) = height;
        return node;
    }

    private void AddChunk()
    {
        var chunks = _chunks;
        if (_chunkCount == chunks.Length)
        {
            var grown = new int[chunks.Length * 2][];
            Array.Copy(chunks, grown, _chunkCount);
            chunks = grown;
        }

        chunks[_chunkCount] = new int[ChunkSize];
        // Published before any node in the new chunk is linked (invariant 4).
        Volatile.Write(ref _chunks, chunks);
        Volatile.Write(ref _chunkCount, _chunkCount + 1);
    }

    private int Field(int node, int field) => Slot(node, field);

    private ref int Slot(int node, int field) => ref Volatile.Read(ref _chunks)[node >> ChunkBits][(node & ChunkMask) + field];
}
