namespace FromScratch.Bitcask;

/// <summary>
/// One record read back from a data file by <see cref="DataFileReader"/>, checksum verified.
/// The key and value are fresh arrays owned by the caller.
/// </summary>
/// <param name="Offset">Where the record starts in its file.</param>
/// <param name="Size">The record's length in bytes, header included (<see cref="DataFileWriter.RecordLength"/>).</param>
/// <param name="Sequence">The store-wide sequence number: of two records of one key, the higher one is newer.</param>
/// <param name="Kind">Put or delete (tombstone).</param>
/// <param name="BatchContinues">True for every record of a <c>WriteBatch</c> but its last: the batch counts only if its last record is intact.</param>
/// <param name="Key">The key (at least one byte).</param>
/// <param name="Value">The value of a put; empty for a tombstone.</param>
public sealed record DataRecord(long Offset, int Size, ulong Sequence, RecordKind Kind, bool BatchContinues, byte[] Key, byte[] Value)
{
    /// <summary>Whether this record is a tombstone.</summary>
    public bool IsTombstone => Kind == RecordKind.Delete;

    /// <summary>The offset just past the record, where the next one starts.</summary>
    public long End => Offset + Size;
}
