namespace FromScratch.Wal;

/// <summary>
/// The type byte of a physical record (LevelDB <c>log::RecordType</c>). A logical record is one
/// <see cref="Full"/> fragment, or <see cref="First"/>, zero or more <see cref="Middle"/>, and
/// <see cref="Last"/>.
/// </summary>
public enum RecordType : byte
{
    /// <summary>Reserved for preallocated files: a zero-filled header (type 0, length 0) is space, not data.</summary>
    Zero = 0,

    /// <summary>The whole logical record in one fragment.</summary>
    Full = 1,

    /// <summary>The first fragment of a record that continues in the next block.</summary>
    First = 2,

    /// <summary>An inner fragment: the record started in an earlier block and continues in the next.</summary>
    Middle = 3,

    /// <summary>The last fragment of a fragmented record.</summary>
    Last = 4,
}
