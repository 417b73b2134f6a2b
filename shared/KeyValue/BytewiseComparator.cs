namespace FromScratch.Shared.KeyValue;

/// <summary>
/// Unsigned lexicographic byte order, a proper prefix before every key that extends it
/// (<c>memcmp</c>, then length): LevelDB's default comparator, whose name
/// <c>leveldb.BytewiseComparator</c> it also carries, so that a database made here and one made
/// by LevelDB name the same order.
/// <code>
///   []  &lt;  [00]  &lt;  [00 00]  &lt;  [00 01]  &lt;  [01]  &lt;  [7F]  &lt;  [80]  &lt;  [FF]  &lt;  [FF 00]
/// </code>
/// 0x80 sorts after 0x7F: a comparison over signed bytes gets this wrong. Shortening, as LevelDB's
/// util/comparator.cc does it:
/// <code>
///   FindShortestSeparator("abcdef", "abzz")  = "abd"     (first differing byte + 1, then cut)
///   FindShortestSeparator("abc", "abcdef")   = "abc"     (a prefix of the limit: nothing shorter)
///   FindShortestSeparator("ab\xFF", "ac")    = "ab\xFF"  (0xFF cannot be incremented)
///   FindShortestSeparator("abc", "abd")      = "abc"     (abc+1 = abd is not below the limit)
///   FindShortSuccessor("abc")                = "b"       (first byte that is not 0xFF, + 1, then cut)
///   FindShortSuccessor("\xFF\xFFab")         = "\xFF\xFFb"
///   FindShortSuccessor("\xFF\xFF")           = "\xFF\xFF" (no shorter successor)
/// </code>
/// Stateless and thread-safe.
/// </summary>
public sealed class BytewiseComparator : IKeyComparator
{
    /// <summary>The name LevelDB persists for this order.</summary>
    public const string ComparatorName = "leveldb.BytewiseComparator";

    private BytewiseComparator()
    {
    }

    /// <summary>The one instance.</summary>
    public static BytewiseComparator Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => ComparatorName;

    /// <inheritdoc/>
    public int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b);

    /// <inheritdoc/>
    public byte[] FindShortestSeparator(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit)
    {
        var shared = start.CommonPrefixLength(limit);
        if (shared >= Math.Min(start.Length, limit.Length))
        {
            // One is a prefix of the other: no key between them is shorter than start.
            return start.ToArray();
        }

        var diff = start[shared];
        if (diff < 0xFF && diff + 1 < limit[shared])
        {
            var separator = start[..(shared + 1)].ToArray();
            separator[shared]++;
            return separator;
        }

        return start.ToArray();
    }

    /// <inheritdoc/>
    public byte[] FindShortSuccessor(ReadOnlySpan<byte> key)
    {
        var i = key.IndexOfAnyExcept((byte)0xFF);
        if (i < 0)
        {
            // Empty, or every byte is 0xFF: no shorter key sorts at or after it.
            return key.ToArray();
        }

        var successor = key[..(i + 1)].ToArray();
        successor[i]++;
        return successor;
    }
}
