namespace FromScratch.Shared.KeyValue;

/// <summary>
/// A total order over keys, with a name that is stored with the data (LevelDB's <c>Comparator</c>,
/// include/leveldb/comparator.h). Every ordered structure of the curriculum (the skip list, the
/// table blocks, the merging iterator, the B-tree) takes its order from one of these, so that they
/// agree and compose.
/// <para>
/// Rules an implementation keeps:
/// <list type="number">
/// <item><see cref="Compare"/> is a total order: antisymmetric, transitive, and zero exactly for
/// keys that are the same key.</item>
/// <item><see cref="Name"/> names the order, not the class: an engine persists it (LevelDB writes it
/// into the MANIFEST) and refuses to open data written under another name, so change the name
/// whenever the order changes. Names starting with <c>leveldb.</c> are LevelDB's.</item>
/// <item><see cref="FindShortestSeparator"/> and <see cref="FindShortSuccessor"/> may only make keys
/// shorter; returning the input unchanged is always correct. Table builders use them to keep index
/// blocks small.</item>
/// </list>
/// Implementations are stateless and thread-safe.
/// </para>
/// </summary>
public interface IKeyComparator
{
    /// <summary>The order's persistent name, e.g. <c>leveldb.BytewiseComparator</c>.</summary>
    string Name { get; }

    /// <summary>Negative, zero or positive as <paramref name="a"/> sorts before, equal to or after <paramref name="b"/>.</summary>
    int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b);

    /// <summary>
    /// A key <c>k</c> with <paramref name="start"/> &lt;= k &lt; <paramref name="limit"/>, as short as
    /// the comparator can make it; when <paramref name="start"/> is not below <paramref name="limit"/>,
    /// or no shorter key exists, a copy of <paramref name="start"/>. An index entry between two data
    /// blocks needs only such a separator, not the last key of the first block.
    /// </summary>
    byte[] FindShortestSeparator(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit);

    /// <summary>A short key <c>k</c> &gt;= <paramref name="key"/> (a copy of <paramref name="key"/> when no shorter one exists): the index entry after the last data block.</summary>
    byte[] FindShortSuccessor(ReadOnlySpan<byte> key);
}
