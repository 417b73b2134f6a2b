using FromScratch.Shared.Coding;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Memtable;

/// <summary>
/// The order of internal keys (LevelDB's <c>InternalKeyComparator</c>, db/dbformat.cc): by user key
/// ascending under the user's comparator, then by sequence number descending, then by type
/// descending: the tag, compared as an unsigned 64-bit number, descending.
/// <code>
///   ("a", 9, value)  &lt;  ("a", 7, deletion)  &lt;  ("a", 3, value)  &lt;  ("b", 12, value)
///   newest first within a user key: a seek to ("a", 8, ValueTypeForSeek) lands on ("a", 7, deletion),
///   the newest version visible at sequence 8; a value sorts before a deletion of the same sequence
/// </code>
/// Its name is persisted with LevelDB's tables and MANIFEST as <c>leveldb.InternalKeyComparator</c>;
/// LevelDB checks the user comparator's name, not this one. Stateless and thread-safe.
/// </summary>
public sealed class InternalKeyComparator : IKeyComparator
{
    /// <summary>The name LevelDB gives this order.</summary>
    public const string ComparatorName = "leveldb.InternalKeyComparator";

    /// <summary>The order of internal keys over <paramref name="userComparator"/>.</summary>
    public InternalKeyComparator(IKeyComparator userComparator)
    {
        ArgumentNullException.ThrowIfNull(userComparator);
        UserComparator = userComparator;
    }

    /// <summary>Internal keys over LevelDB's default user order, <see cref="BytewiseComparator"/>.</summary>
    public static InternalKeyComparator Bytewise { get; } = new(BytewiseComparator.Instance);

    /// <summary>The order of the user keys.</summary>
    public IKeyComparator UserComparator { get; }

    /// <inheritdoc/>
    public string Name => ComparatorName;

    /// <summary>Compares two internal keys: user keys ascending, then tags (sequence, type) descending.</summary>
    /// <exception cref="ArgumentException">A key is shorter than its 8-byte tag.</exception>
    public int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var byUser = UserComparator.Compare(InternalKey.UserKey(a), InternalKey.UserKey(b));
        if (byUser != 0)
        {
            return byUser;
        }

        // Descending: the larger tag (newer sequence, or value before deletion) sorts first.
        return InternalKey.Tag(b).CompareTo(InternalKey.Tag(a));
    }

    /// <summary>
    /// Shortens the user key with the user comparator; if that made it shorter and larger, the result
    /// carries the largest tag (sequence 2^56 - 1, <see cref="InternalKey.ValueTypeForSeek"/>), the
    /// first of all internal keys of that user key. Otherwise a copy of <paramref name="start"/>.
    /// </summary>
    public byte[] FindShortestSeparator(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit)
    {
        var userStart = InternalKey.UserKey(start);
        var shortened = UserComparator.FindShortestSeparator(userStart, InternalKey.UserKey(limit));
        return WithFirstTag(start, userStart, shortened);
    }

    /// <summary>As <see cref="FindShortestSeparator"/>, with the user comparator's short successor.</summary>
    public byte[] FindShortSuccessor(ReadOnlySpan<byte> key)
    {
        var userKey = InternalKey.UserKey(key);
        return WithFirstTag(key, userKey, UserComparator.FindShortSuccessor(userKey));
    }

    private byte[] WithFirstTag(ReadOnlySpan<byte> original, ReadOnlySpan<byte> userKey, byte[] shortened)
    {
        if (shortened.Length < userKey.Length && UserComparator.Compare(userKey, shortened) < 0)
        {
            var result = new byte[shortened.Length + InternalKey.TagSize];
            shortened.CopyTo(result.AsSpan());
            Fixed.Write64(result.AsSpan(shortened.Length), InternalKey.PackSequenceAndType(InternalKey.MaxSequenceNumber, InternalKey.ValueTypeForSeek));
            return result;
        }

        return original.ToArray();
    }
}
