namespace FromScratch.Bitcask;

/// <summary>One entry of a hint file: a key and where its record is in the hint's data file.</summary>
/// <param name="Key">The key.</param>
/// <param name="Sequence">The record's sequence number.</param>
/// <param name="Offset">Where the record starts in the data file.</param>
/// <param name="Size">The record's size, header included.</param>
public sealed record HintEntry(byte[] Key, ulong Sequence, long Offset, int Size);
