using FromScratch.Shared.Coding;

namespace FromScratch.Memtable;

/// <summary>
/// LevelDB's internal key (db/dbformat.h), byte for byte: the user's key followed by an 8-byte
/// little-endian tag that packs a sequence number and an <see cref="EntryType"/>.
/// <code>
///   internal key := user_key  tag:fixed64          tag = (sequence &lt;&lt; 8) | type
///                                                  sequence &lt; 2^56, type 0 (deletion) or 1 (value)
///
///   "abc" written at sequence 5:   61 62 63 | 01 05 00 00 00 00 00 00
///                                  user key   tag = 5 &lt;&lt; 8 | 1 = 0x0501, little-endian
/// </code>
/// Every write gets the next sequence number, so the internal keys of one user key are distinct and
/// their sequence numbers order them in time; <see cref="InternalKeyComparator"/> sorts newer first,
/// which is what makes a read at a snapshot (a sequence number) find the newest version at or below
/// it with one seek. Pure and thread-safe.
/// </summary>
public static class InternalKey
{
    /// <summary>The size of the tag after the user key.</summary>
    public const int TagSize = 8;

    /// <summary>The largest sequence number: 2^56 - 1 (the tag's top 56 bits).</summary>
    public const ulong MaxSequenceNumber = (1UL << 56) - 1;

    /// <summary>The type a seek key carries (LevelDB's <c>kValueTypeForSeek</c>): the highest type, so that, among entries of one user key and sequence number, the seek key sorts first.</summary>
    public const EntryType ValueTypeForSeek = EntryType.Value;

    /// <summary>The tag of <paramref name="sequence"/> and <paramref name="type"/>: <c>(sequence &lt;&lt; 8) | type</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sequence is above <see cref="MaxSequenceNumber"/>, or the type is not a defined one.</exception>
    public static ulong PackSequenceAndType(ulong sequence, EntryType type)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequenceNumber);
        if (type is not (EntryType.Deletion or EntryType.Value))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "An entry is a deletion (0) or a value (1).");
        }

        return (sequence << 8) | (byte)type;
    }

    /// <summary>The size of the internal key of a user key of <paramref name="userKeyLength"/> bytes.</summary>
    public static int EncodedLength(int userKeyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(userKeyLength);
        return userKeyLength + TagSize;
    }

    /// <summary>Writes the internal key at the start of <paramref name="destination"/>.</summary>
    /// <returns>The bytes written, <see cref="EncodedLength"/>(userKey.Length).</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static int Encode(Span<byte> destination, ReadOnlySpan<byte> userKey, ulong sequence, EntryType type)
    {
        var length = EncodedLength(userKey.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"An internal key of a {userKey.Length}-byte user key takes {length} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        var tag = PackSequenceAndType(sequence, type);
        userKey.CopyTo(destination);
        Fixed.Write64(destination[userKey.Length..], tag);
        return length;
    }

    /// <summary>The internal key as a new array.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> userKey, ulong sequence, EntryType type)
    {
        var key = new byte[EncodedLength(userKey.Length)];
        Encode(key, userKey, sequence, type);
        return key;
    }

    /// <summary>Takes an internal key apart (LevelDB's <c>ParseInternalKey</c>).</summary>
    /// <returns>False when it is shorter than the tag or its type is neither 0 nor 1.</returns>
    public static bool TryParse(ReadOnlySpan<byte> internalKey, out ParsedInternalKey parsed)
    {
        parsed = default;
        if (internalKey.Length < TagSize)
        {
            return false;
        }

        var tag = Fixed.Read64(internalKey[^TagSize..]);
        var type = (byte)tag;
        if (type > (byte)EntryType.Value)
        {
            return false;
        }

        parsed = new ParsedInternalKey(internalKey[..^TagSize], tag >> 8, (EntryType)type);
        return true;
    }

    /// <summary>The user key of an internal key (LevelDB's <c>ExtractUserKey</c>).</summary>
    /// <exception cref="ArgumentException">The key is shorter than the tag.</exception>
    public static ReadOnlySpan<byte> UserKey(ReadOnlySpan<byte> internalKey)
    {
        if (internalKey.Length < TagSize)
        {
            throw new ArgumentException($"An internal key is at least {TagSize} bytes (the tag); this one has {internalKey.Length}.", nameof(internalKey));
        }

        return internalKey[..^TagSize];
    }

    /// <summary>The tag of an internal key: <c>(sequence &lt;&lt; 8) | type</c>.</summary>
    /// <exception cref="ArgumentException">The key is shorter than the tag.</exception>
    public static ulong Tag(ReadOnlySpan<byte> internalKey)
    {
        if (internalKey.Length < TagSize)
        {
            throw new ArgumentException($"An internal key is at least {TagSize} bytes (the tag); this one has {internalKey.Length}.", nameof(internalKey));
        }

        return Fixed.Read64(internalKey[^TagSize..]);
    }
}
