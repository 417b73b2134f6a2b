namespace FromScratch.Memtable;

/// <summary>An internal key taken apart (LevelDB's <c>ParsedInternalKey</c>): the user key, a view into the encoded key, and the tag's two fields.</summary>
public readonly ref struct ParsedInternalKey
{
    /// <summary>A parsed key.</summary>
    public ParsedInternalKey(ReadOnlySpan<byte> userKey, ulong sequence, EntryType type)
    {
        UserKey = userKey;
        Sequence = sequence;
        Type = type;
    }

    /// <summary>The user's key (may be empty).</summary>
    public ReadOnlySpan<byte> UserKey { get; }

    /// <summary>The sequence number, below 2^56.</summary>
    public ulong Sequence { get; }

    /// <summary>A put or a deletion.</summary>
    public EntryType Type { get; }

    /// <summary>Like LevelDB's <c>DebugString</c>: <c>'user key' @ sequence : type</c>, the key in hex when it is not printable.</summary>
    public override string ToString()
    {
        var printable = true;
        foreach (var b in UserKey)
        {
            printable &= b is >= 0x20 and < 0x7F;
        }

        var key = printable ? System.Text.Encoding.ASCII.GetString(UserKey) : Convert.ToHexString(UserKey);
        return $"'{key}' @ {Sequence} : {(int)Type}";
    }
}
