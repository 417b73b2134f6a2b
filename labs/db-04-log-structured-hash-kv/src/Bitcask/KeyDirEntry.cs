namespace FromScratch.Bitcask;

/// <summary>
/// Where the newest record of a key lives: Bitcask's keydir entry (<c>file_id</c>, <c>value_pos</c>,
/// <c>value_sz</c>, <c>tstamp</c> in the paper; here the whole record's offset and size, and a
/// sequence number instead of a timestamp). 24 bytes.
/// </summary>
/// <param name="FileId">The data file's number (<c>000007.data</c> is 7).</param>
/// <param name="Size">The record's size in bytes, header included: one read of this many bytes at <paramref name="Offset"/> fetches it.</param>
/// <param name="Offset">Where the record starts in the file.</param>
/// <param name="Sequence">The record's sequence number.</param>
public readonly record struct KeyDirEntry(int FileId, int Size, long Offset, ulong Sequence);
