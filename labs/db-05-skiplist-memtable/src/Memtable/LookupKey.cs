using FromScratch.Shared.Coding;

namespace FromScratch.Memtable;

/// <summary>
/// A key to look up at a snapshot (LevelDB's <c>LookupKey</c>, db/dbformat.h): one buffer that is at
/// once the memtable key, the internal key and the user key of the seek.
/// <code>
///   | klength varint32 | user key | tag fixed64 |     klength = user key length + 8
///   ^ MemtableKey ---------------------------------^
///                      ^ InternalKey --------------^
///                      ^ UserKey ^                        tag = (sequence &lt;&lt; 8) | ValueTypeForSeek
/// </code>
/// The tag carries <see cref="InternalKey.ValueTypeForSeek"/>, the highest type, so that the seek key
/// sorts before every entry of its user key at the same sequence and after every newer one: a seek
/// lands on the newest entry at or below the snapshot. Immutable and thread-safe.
/// </summary>
public sealed class LookupKey
{
    private readonly byte[] _data;
    private readonly int _keyStart;

    /// <summary>The lookup of <paramref name="userKey"/> as of <paramref name="sequence"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sequence is above <see cref="InternalKey.MaxSequenceNumber"/>.</exception>
    public LookupKey(ReadOnlySpan<byte> userKey, ulong sequence)
    {
        var internalLength = FromScratch.Memtable.InternalKey.EncodedLength(userKey.Length);
        _keyStart = Varint.Length((uint)internalLength);
        _data = new byte[_keyStart + internalLength];
        Varint.Write32(_data, (uint)internalLength);
        FromScratch.Memtable.InternalKey.Encode(_data.AsSpan(_keyStart), userKey, sequence, FromScratch.Memtable.InternalKey.ValueTypeForSeek);
        Sequence = sequence;
    }

    /// <summary>The snapshot: the largest sequence number the lookup may see.</summary>
    public ulong Sequence { get; }

    /// <summary>The length-prefixed internal key, the form the memtable's skip list compares.</summary>
    public ReadOnlySpan<byte> MemtableKey => _data;

    /// <summary>The internal key (the user key and the seek tag), the form a table seeks with.</summary>
    public ReadOnlySpan<byte> InternalKey => _data.AsSpan(_keyStart);

    /// <summary>The user key.</summary>
    public ReadOnlySpan<byte> UserKey => _data.AsSpan(_keyStart, _data.Length - _keyStart - FromScratch.Memtable.InternalKey.TagSize);
}
